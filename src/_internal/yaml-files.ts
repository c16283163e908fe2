import * as fs from 'fs';
import type * as Yaml from 'yaml';

/**
 * The documents of a YAML file, read in this process (cdk8s's `Yaml.load`
 * starts a Node.js child process per file, ~0.1 s each), with the YAML 1.1
 * schema cdk8s writes with. Empty documents are skipped, as cdk8s does.
 */
export function readYamlDocuments(file: string): any[] {
  return parseYamlDocuments(fs.readFileSync(file, 'utf-8'));
}

/** The documents of YAML text, as `readYamlDocuments` reads them. */
export function parseYamlDocuments(text: string): any[] {
  // Loaded on first read (FleetTesting, the diff command), not with the library.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const YAML = require('yaml') as typeof Yaml;
  return YAML.parseAllDocuments(text, { version: '1.1' })
    .map((doc) => doc.toJSON())
    .filter((o) => o !== null && o !== undefined && !(typeof o === 'object' && Object.keys(o).length === 0));
}
