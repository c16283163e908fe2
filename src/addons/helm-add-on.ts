import type { IAddOn, AddOnContext } from './add-on';
import { isPlainObject } from '../_internal/input';
import { addOnCatalogueEntry } from '../catalogue/add-ons';
import type { ICluster } from '../clusters/cluster';

/** One chart release an add-on installs. */
export interface AddOnRelease {
  /** Release name; also the GitOps object's name. */
  readonly name: string;
  /** Chart name in the add-on's repository. @default - the catalogue's chart */
  readonly chart?: string;
  /** Namespace to install into. */
  readonly namespace: string;
  /** The add-on's typed values, before the cluster's overrides. */
  readonly values: { [key: string]: any };
  /** Releases of the same add-on this one waits for. @default - none */
  readonly after?: string[];
}

/** What every Helm-installed add-on declares. */
export interface HelmAddOnProps {
  readonly id: string;
  readonly requires?: string[];
  readonly conflictsWith?: string[];
  readonly orderAfter?: string[];
}

/**
 * An add-on installed from a pinned Helm chart through the fleet's GitOps
 * engine, plus the native objects it owns (issuers, policies, rules) in its
 * own chart file. Subclasses give the releases with typed values, and the
 * native objects.
 */
export abstract class HelmAddOn implements IAddOn {
  public readonly id: string;
  public readonly requires: string[];
  public readonly conflictsWith: string[];
  public readonly orderAfter?: string[];

  protected constructor(props: HelmAddOnProps) {
    this.id = props.id;
    this.requires = [...(props.requires ?? [])];
    this.conflictsWith = [...(props.conflictsWith ?? [])];
    this.orderAfter = [...(props.orderAfter ?? [])];
  }

  public appliesTo(_cluster: ICluster): boolean {
    return true;
  }

  public bind(cluster: ICluster, context: AddOnContext): void {
    const entry = addOnCatalogueEntry(this.id);
    if (!entry.repository || !entry.chart) {
      throw new Error(`add-on '${this.id}' has no chart in the catalogue`);
    }
    const releases = this.releases(cluster, context);
    const depth = releaseDepths(this.id, releases);
    for (const release of releases) {
      context.gitOps.helmRelease(context.releases, {
        name: release.name,
        namespace: release.namespace,
        repository: entry.repository!,
        chart: release.chart ?? entry.chart!,
        version: context.version,
        values: deepMerge(release.values, releases.length === 1 ? context.valueOverrides : (context.valueOverrides[release.name] ?? {})),
        wave: context.level * WAVES_PER_LEVEL + depth.get(release.name)!,
        dependsOn: [...this.requires, ...(this.orderAfter ?? []).filter((id) => context.onCluster.includes(id)), ...(release.after ?? [])],
      });
    }
    this.addObjects(cluster, context);
  }

  /** The chart releases, with the add-on's own values. */
  protected abstract releases(cluster: ICluster, context: AddOnContext): AddOnRelease[];

  /** Native objects the add-on owns, in its chart. @default - none */
  protected addObjects(_cluster: ICluster, _context: AddOnContext): void {
    return;
  }
}

/** Argo CD sync waves per add-on level: room for the releases of one add-on that follow each other. */
const WAVES_PER_LEVEL = 10;

/** How many releases of the same add-on each release follows, one after the other (0 for the first). */
function releaseDepths(id: string, releases: AddOnRelease[]): Map<string, number> {
  const depths = new Map<string, number>();
  const depthOf = (name: string, seen: string[]): number => {
    const release = releases.find((r) => r.name === name);
    if (!release || seen.includes(name)) {
      throw new Error(`add-on '${id}': release '${name}' follows ${release ? 'itself' : 'no release of the add-on'}`);
    }
    const depth = Math.max(0, ...(release.after ?? []).map((a) => depthOf(a, [...seen, name]) + 1));
    if (depth >= WAVES_PER_LEVEL) {
      throw new Error(`add-on '${id}': more than ${WAVES_PER_LEVEL} releases follow each other`);
    }
    return depth;
  };
  releases.forEach((r) => depths.set(r.name, depthOf(r.name, [])));
  return depths;
}

/** Values merged as Helm merges them: objects key by key, anything else replaced. */
export function deepMerge(base: { [key: string]: any }, over: { [key: string]: any }): { [key: string]: any } {
  const out: { [key: string]: any } = { ...base };
  for (const [key, value] of Object.entries(over)) {
    const current = out[key];
    out[key] = isPlainObject(current) && isPlainObject(value) ? deepMerge(current, value) : value;
  }
  return out;
}
