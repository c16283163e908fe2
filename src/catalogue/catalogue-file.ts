import * as fs from 'fs';
import type { CatalogueExtensions } from './extensions';

/** The file `cdk-fleet catalogue update` writes by default, in the project's root. */
export const DEFAULT_CATALOGUE_FILE = 'cdk-fleet.catalogue.json';

/**
 * A fleet's catalogue extensions kept as a JSON file in its repository, so
 * `cdk-fleet catalogue update` can propose newer versions as a reviewed
 * change: `new Fleet(app, 'acme', { catalogue: CatalogueFile.load('cdk-fleet.catalogue.json'), … })`.
 * Reading a file at synth keeps the output deterministic: no look-ups.
 */
export class CatalogueFile {
  /**
   * The extensions in a JSON file (`{ "regions": [...], "addOnVersions": [...], … }`).
   * A missing file is an error, so a mistyped path does not quietly drop the fleet's facts.
   */
  public static load(path: string): CatalogueExtensions {
    if (!fs.existsSync(path)) {
      throw new Error(`${path} does not exist. Fix: give the path of the fleet's catalogue extensions, or create the file with {} ` +
        '(cdk-fleet catalogue update writes it too)');
    }
    const text = fs.readFileSync(path, 'utf-8');
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch (e) {
      throw new Error(`${path} is not valid JSON (${(e as Error).message}). Fix: correct the file, or remove it and run cdk-fleet catalogue update again`);
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
      throw new Error(`${path} must hold an object of catalogue extensions, e.g. { "addOnVersions": [] }. Fix: correct the file`);
    }
    return parsed as CatalogueExtensions;
  }

  /** Writes extensions as stable, reviewable JSON (two-space indent, a final newline). */
  public static save(path: string, extensions: CatalogueExtensions): void {
    fs.writeFileSync(path, `${JSON.stringify(extensions, undefined, 2)}\n`);
  }
}
