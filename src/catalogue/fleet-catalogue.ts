import type { IConstruct } from 'constructs';
import { AddOnCatalogueEntry, addOnCatalogueEntry, catalogueIds, PinnedVersion } from './add-ons';
import { chartFacts, ReleaseFacts } from './crds';
import type { AddOnVersionFact, CatalogueExtensions, EksAddOnVersionsFact, KubernetesVersionFact, NodeSizeFact, RegionFact } from './extensions';
import { checkAddOnVersionFact, checkEksAddOnVersionsFact, checkKubernetesVersionFact, checkNodeSizeFact, checkRegionFact } from './fact-checks';
import { isIsoDate } from '../_internal/days';
import { FleetError } from '../_internal/fleet-error';
import { isPlainObject } from '../_internal/input';
import { BUILT_IN_EKS_ADDON_VERSIONS, EksAddonName, eksAddOnBuilds } from '../clusters/catalogue/eks-addons';
import { BUILT_IN_KUBERNETES_VERSIONS } from '../clusters/catalogue/kubernetes-versions';
import { BUILT_IN_NODE_SIZES, NodeSizeCapacity } from '../clusters/catalogue/node-sizes';
import { builtInRecoveryRegion } from '../clusters/catalogue/recovery-regions';
import { BUILT_IN_REGIONS } from '../clusters/catalogue/regions';
import { Cloud } from '../clusters/cloud';

/** The day the built-in catalogue was last reviewed against upstream. */
export const BUILT_IN_CATALOGUE_REVIEWED = '2026-12-02';

/** One fact of the effective catalogue, as `cdk-fleet catalogue --json` lists it and the report shows extensions. */
export interface CatalogueEntry {
  /** `region`, `kubernetes-version`, `node-size`, `add-on-version` or `eks-add-ons`. */
  readonly kind: string;
  /** What the fact is about, e.g. `aws/mx-central-1`, `cert-manager`, `eks/1.36`. */
  readonly id: string;
  /** The version the fact pins, where it pins one. */
  readonly version?: string;
  readonly source: string;
  readonly checked: string;
  /** `built-in`, `extension` (new) or `replaces built-in`. */
  readonly origin: string;
  /** For a chart version: the CRD kinds and cluster-scoped kinds each of its charts installs, by chart. */
  readonly installs?: { [chart: string]: { crds: string[]; clusterKinds: string[] } };
}

/**
 * The catalogue a fleet works with: the built-in facts, and the fleet's own
 * extensions on top (each checked like a built-in one; a fact with the key
 * of a built-in one replaces it). Every lookup of regions, versions, sizes
 * and add-on builds goes through here.
 */
export class FleetCatalogue {
  private readonly regions = new Map<string, RegionFact>();
  private readonly versions = new Map<string, KubernetesVersionFact>();
  private readonly sizes = new Map<string, NodeSizeFact>();
  private readonly eksBuilds = new Map<string, EksAddOnVersionsFact>();
  private readonly addOnVersionFacts = new Map<string, AddOnVersionFact[]>();
  private readonly entryList: CatalogueEntry[] = [];
  private readonly scope: IConstruct;

  constructor(scope: IConstruct, extensions: CatalogueExtensions | undefined) {
    this.scope = scope;
    const ext = extensions ?? {};
    const list = <T>(property: keyof CatalogueExtensions): T[] => {
      const value = ext[property];
      if (value === undefined || value === null) {
        return [];
      }
      if (!Array.isArray(value)) {
        throw FleetError.invalidProperty(scope, `catalogue.${property}`, value, 'must be a list of facts', `give catalogue: { ${property}: [{ ... }] }`);
      }
      return value as T[];
    };
    this.load('region', BUILT_IN_REGIONS, list<RegionFact>('regions'), this.regions, (f) => `${f.cloud}/${f.region}`, undefined,
      (f, where) => checkRegionFact(scope, where, f), 'catalogue.regions');
    this.load('kubernetes-version', BUILT_IN_KUBERNETES_VERSIONS, list<KubernetesVersionFact>('kubernetesVersions'), this.versions,
      (f) => `${f.cloud}/${f.version}`, (f) => f.version, (f, where) => checkKubernetesVersionFact(scope, where, f), 'catalogue.kubernetesVersions');
    this.load('node-size', BUILT_IN_NODE_SIZES, list<NodeSizeFact>('nodeSizes'), this.sizes, (f) => `${f.cloud}/${f.size}`, undefined,
      (f, where) => checkNodeSizeFact(scope, where, f), 'catalogue.nodeSizes');
    this.load('eks-add-ons', BUILT_IN_EKS_ADDON_VERSIONS, list<EksAddOnVersionsFact>('eksAddOnVersions'), this.eksBuilds, (f) => `eks/${f.kubernetesVersion}`,
      (f) => f.kubernetesVersion, (f, where) => checkEksAddOnVersionsFact(scope, where, f), 'catalogue.eksAddOnVersions');

    const replaced = new Set(list<AddOnVersionFact>('addOnVersions').filter(isPlainObject).map((f) => `${f.addOnId}@${f.version}`));
    for (const id of catalogueIds()) {
      for (const v of addOnCatalogueEntry(id).versions.filter((x) => !replaced.has(`${id}@${x.version}`))) {
        this.entryList.push({
          kind: 'add-on-version',
          id,
          version: v.version,
          source: v.source,
          checked: v.checked,
          origin: 'built-in',
          installs: installsSummary(addOnCharts(id), (chart) => chartFacts(chart, v.version)),
        });
      }
    }
    const seen = new Set<string>();
    // Charts only: the engines' releases come with install facts of their own, recorded in crds.ts.
    const chartIds = catalogueIds().filter((id) => addOnCatalogueEntry(id).chart !== undefined);
    list<AddOnVersionFact>('addOnVersions').forEach((fact, index) => {
      const where = `catalogue.addOnVersions[${index}]`;
      const known = isPlainObject(fact) && typeof fact.addOnId === 'string' && chartIds.includes(fact.addOnId);
      const builtIn = known ? addOnCatalogueEntry(fact.addOnId) : undefined;
      checkAddOnVersionFact(scope, where, fact, chartIds, Object.keys(builtIn?.versions[0].images ?? {}), known ? addOnCharts(fact.addOnId) : []);
      const key = `${fact.addOnId}@${fact.version}`;
      if (seen.has(key)) {
        throw FleetError.invalidProperty(scope, where, key, 'is given twice', 'list each add-on version once');
      }
      seen.add(key);
      const replaces = builtIn!.versions.some((v) => v.version === fact.version);
      this.addOnVersionFacts.set(fact.addOnId, [...(this.addOnVersionFacts.get(fact.addOnId) ?? []), fact]);
      this.entryList.push({
        kind: 'add-on-version',
        id: fact.addOnId,
        version: fact.version,
        source: fact.source,
        checked: fact.checked,
        origin: replaces ? 'replaces built-in' : 'extension',
        installs: installsSummary(Object.keys(fact.installs), (chart) => fact.installs[chart]),
      });
    });
    for (const [id, facts] of this.addOnVersionFacts) {
      if (facts.filter((f) => f.standard === true).length > 1) {
        throw FleetError.invalidProperty(scope, 'catalogue.addOnVersions', id, 'has more than one version marked standard', 'mark one version of each add-on standard');
      }
    }
  }

  /** Every fact, built in and extended, sorted by kind and id. */
  public get entries(): CatalogueEntry[] {
    return [...this.entryList].sort((a, b) => (a.kind + a.id + (a.version ?? '')).localeCompare(b.kind + b.id + (b.version ?? ''), 'en'));
  }

  /** The facts the fleet added or replaced. */
  public get extensions(): CatalogueEntry[] {
    return this.entries.filter((e) => e.origin !== 'built-in');
  }

  public isKnownRegion(cloud: Cloud, region: string): boolean {
    return cloud === Cloud.ATTACHED || this.regions.has(`${cloud}/${region}`);
  }

  /** The regions of a cloud, sorted, for "choose one of" hints. */
  public knownRegions(cloud: Cloud): string[] {
    return [...this.regions.values()].filter((r) => r.cloud === cloud).map((r) => r.region).sort();
  }

  /**
   * Where production clusters of a region keep their backups by default: the
   * region fact's own choice, else the built-in one, if either is a region
   * of the catalogue.
   */
  public recoveryRegion(cloud: Cloud, region: string): string | undefined {
    const chosen = this.regions.get(`${cloud}/${region}`)?.recoveryRegion ?? builtInRecoveryRegion(cloud, region);
    return chosen !== undefined && this.isKnownRegion(cloud, chosen) ? chosen : undefined;
  }

  /** Availability zone IDs of an AWS region usable for EKS, e.g. `use1-az1`. */
  public awsAvailabilityZoneIds(region: string): string[] {
    return [...(this.regions.get(`${Cloud.AWS}/${region}`)?.availabilityZoneIds ?? [])];
  }

  /** Whether an Azure region offers availability zones. */
  public azureRegionHasZones(region: string): boolean {
    return this.regions.get(`${Cloud.AZURE}/${region}`)?.hasAvailabilityZones === true;
  }

  /** The support window of a version on a cloud, or undefined when the catalogue does not offer it. */
  public kubernetesVersion(cloud: Cloud, version: string): KubernetesVersionFact | undefined {
    return this.versions.get(`${cloud}/${version}`);
  }

  /** The versions a cloud offers, oldest first. */
  public kubernetesVersions(cloud: Cloud): KubernetesVersionFact[] {
    const minor = (v: KubernetesVersionFact) => Number(v.version.split('.')[1]);
    return [...this.versions.values()].filter((v) => v.cloud === cloud).sort((a, b) => minor(a) - minor(b));
  }

  /** What one node of a size offers, or undefined when the size is not catalogued. */
  public nodeSize(cloud: Cloud, size: string): NodeSizeCapacity | undefined {
    const fact = this.sizes.get(`${cloud}/${size}`);
    return fact ? { vcpus: fact.vcpus, memoryGiB: fact.memoryGiB } : undefined;
  }

  /** The EKS managed add-on builds for a Kubernetes version, or undefined without a row. */
  public eksAddOnVersions(kubernetesVersion: string): Record<EksAddonName, string> | undefined {
    const fact = this.eksBuilds.get(`eks/${kubernetesVersion}`);
    return fact ? eksAddOnBuilds(fact) : undefined;
  }

  /**
   * An add-on's catalogue entry with the fleet's versions merged in: a
   * fleet version marked `standard` comes first, the others are allowed
   * for overrides; a fleet version of a built-in number replaces it.
   */
  public addOn(id: string): AddOnCatalogueEntry {
    const builtIn = addOnCatalogueEntry(id);
    const facts = this.addOnVersionFacts.get(id) ?? [];
    if (facts.length === 0) {
      return builtIn;
    }
    const pinned = (f: AddOnVersionFact): PinnedVersion => ({
      version: f.version, appVersion: f.appVersion, images: f.images, source: f.source, checked: f.checked, kubeVersion: f.kubeVersion,
    });
    // A replacement keeps the built-in version's place; new versions follow; only `standard` moves one to the front.
    const merged: PinnedVersion[] = [
      ...builtIn.versions.map((v) => {
        const replacement = facts.find((f) => f.version === v.version);
        return replacement ? pinned(replacement) : v;
      }),
      ...facts.filter((f) => !builtIn.versions.some((v) => v.version === f.version)).map(pinned),
    ];
    const standard = facts.find((f) => f.standard === true);
    const versions = standard
      ? [...merged.filter((v) => v.version === standard.version), ...merged.filter((v) => v.version !== standard.version)]
      : merged;
    return { ...builtIn, versions };
  }

  /** What a chart version installs: the fleet's record for its own versions, else the built-in one. */
  public chartFacts(chart: string, version: string): ReleaseFacts | undefined {
    for (const facts of this.addOnVersionFacts.values()) {
      const own = facts.find((f) => f.version === version && Object.prototype.hasOwnProperty.call(f.installs, chart));
      if (own) {
        return { ...own.installs[chart], source: own.source, checked: own.checked };
      }
    }
    return chartFacts(chart, version);
  }

  private load<T extends { source: string; checked: string }>(
    kind: string, builtIn: readonly T[], own: T[], into: Map<string, T>, key: (fact: T) => string, version: ((fact: T) => string) | undefined,
    check: (fact: T, where: string) => void, property: string,
  ): void {
    for (const fact of builtIn) {
      into.set(key(fact), fact);
    }
    const mine = new Set<string>();
    own.forEach((fact, index) => {
      const where = `${property}[${index}]`;
      if (!isPlainObject(fact)) {
        throw FleetError.invalidProperty(this.scope, where, fact, 'must be an object', 'give the fact as an object');
      }
      check(fact, where);
      const k = key(fact);
      if (mine.has(k)) {
        throw FleetError.invalidProperty(this.scope, where, k, 'is given twice', `list each ${kind} once`);
      }
      mine.add(k);
      const replaces = into.has(k);
      into.set(k, fact);
      this.entryList.push({ kind, id: k, version: version?.(fact), source: fact.source, checked: fact.checked, origin: replaces ? 'replaces built-in' : 'extension' });
    });
    for (const fact of builtIn.filter((f) => !mine.has(key(f)))) {
      this.entryList.push({ kind, id: key(fact), version: version?.(fact), source: fact.source, checked: fact.checked, origin: 'built-in' });
    }
  }
}

/**
 * The charts an add-on's version installs: its catalogue chart, and for
 * Istio the charts that share its version (see the istio add-on).
 */
export function addOnCharts(id: string): string[] {
  if (id === 'istio') {
    return ['base', 'istiod', 'cni', 'ztunnel', 'gateway'];
  }
  const chart = addOnCatalogueEntry(id).chart;
  return chart ? [chart] : [];
}

/** The kinds each chart installs, as the catalogue lists them; undefined for the engines (no chart). */
function installsSummary(
  charts: string[], facts: (chart: string) => { crds: Array<{ group: string; kind: string }>; clusterKinds: string[] } | undefined,
): CatalogueEntry['installs'] {
  if (charts.length === 0) {
    return undefined;
  }
  return Object.fromEntries(charts.map((chart) => {
    const f = facts(chart);
    return [chart, { crds: (f?.crds ?? []).map((c) => `${c.group}/${c.kind}`), clusterKinds: [...(f?.clusterKinds ?? [])] }];
  }));
}


/** Checks the fleet's `supportDate`. */
export function resolveSupportDate(scope: IConstruct, supportDate: string | undefined): string {
  if (supportDate === undefined) {
    return BUILT_IN_CATALOGUE_REVIEWED;
  }
  if (!isIsoDate(supportDate)) {
    throw FleetError.invalidProperty(scope, 'supportDate', supportDate, 'must be a day, YYYY-MM-DD', "e.g. supportDate: '2027-01-15'");
  }
  if (supportDate < BUILT_IN_CATALOGUE_REVIEWED) {
    throw FleetError.invalidProperty(scope, 'supportDate', supportDate,
      `must not be before the day the catalogue was reviewed (${BUILT_IN_CATALOGUE_REVIEWED}): an earlier day would hide support that has ended`,
      `leave it out, or give ${BUILT_IN_CATALOGUE_REVIEWED} or later`);
  }
  return supportDate;
}
