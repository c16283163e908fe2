import type { IConstruct } from 'constructs';
import type { AddOnOverride, BoundAddOn, IAddOn } from './add-on';
import { oneOf } from '../_internal/describe';
import { FleetError } from '../_internal/fleet-error';
import { checkOptionalBoolean } from '../_internal/input';
import { minorSatisfies } from '../_internal/kube-version-range';
import { isCatalogued, catalogueIds, PinnedVersion } from '../catalogue/add-ons';
import type { FleetCatalogue } from '../catalogue/fleet-catalogue';
import type { ICluster } from '../clusters/cluster';
import { GitOpsEngine, GitOpsOptions } from '../gitops/engine';
import { GitOps } from '../gitops/helm-release';
import { DeliveryLayer } from '../gitops/layers';

/** File order of the add-ons' charts in their layers. */
const FIRST_ADD_ON_ORDER = 20;
const LAST_ADD_ON_ORDER = 79;

/**
 * The fleet's standard add-ons and the clusters' overrides. Nothing is bound
 * until synth, so the order in which add-ons, overrides and clusters are
 * declared does not matter; then every cluster gets the standard, in
 * dependency order, and every problem of every cluster is reported at once.
 */
export class FleetAddOns {
  private readonly standard = new Map<string, IAddOn>();
  private readonly overrides = new Map<ICluster, Map<string, AddOnOverride>>();
  private readonly bound = new Map<ICluster, BoundAddOn[]>();
  /** Problems of the one binding per synth; binding twice would add every chart twice. */
  private bindProblems?: string[];

  constructor(
    private readonly scope: IConstruct,
    private readonly gitOpsOptions: GitOpsOptions | undefined,
    private readonly catalogue: FleetCatalogue,
    /** The version a rollout gives an add-on on a cluster (by its wave), if any. */
    private readonly rolloutVersionOf: (cluster: ICluster, addOnId: string) => string | undefined = () => undefined,
  ) {}

  /** The fleet's GitOps engine. */
  public get engine(): GitOpsEngine {
    return this.gitOpsOptions?.engine ?? GitOpsEngine.ARGO_CD;
  }

  /** The add-on of the standard with this id, if there is one. */
  public get(id: string): IAddOn | undefined {
    return this.standard.get(id);
  }

  public add(addOn: IAddOn): void {
    if (addOn && Object.values(GitOpsEngine).includes(addOn.id as GitOpsEngine)) {
      throw FleetError.invalidProperty(this.scope, 'addAddOn', addOn.id, 'is a GitOps engine, which the fleet installs itself',
        'choose it with gitOps: { engine: GitOpsEngine.ARGO_CD | GitOpsEngine.FLUX } and configure Argo CD with gitOps.argoCd');
    }
    if (!addOn || typeof addOn.id !== 'string' || !isCatalogued(addOn.id)) {
      throw FleetError.invalidProperty(this.scope, 'addAddOn', addOn?.id, 'is not an add-on of the catalogue',
        `add one of the catalogue's add-ons: ${oneOf(catalogueIds())}`);
    }
    if (this.standard.has(addOn.id)) {
      throw FleetError.invalidProperty(this.scope, 'addAddOn', addOn.id, 'is already in the fleet standard', 'add each add-on once; configure it through its options');
    }
    this.standard.set(addOn.id, addOn);
  }

  public override(cluster: ICluster, id: string, override: AddOnOverride): void {
    if (typeof cluster !== 'object' || cluster === null || typeof (cluster as ICluster).clusterName !== 'string') {
      throw FleetError.invalidProperty(this.scope, 'overrideAddOn', cluster, 'must be given the cluster itself, not its name',
        `pass the cluster object: const c = new AwsCluster(fleet, ...); fleet.overrideAddOn(c, '${id}', {...})`);
    }
    const where = `overrideAddOn('${cluster.clusterName}', '${id}')`;
    if (typeof override !== 'object' || override === null) {
      throw FleetError.invalidProperty(this.scope, where, override, 'must be an object: { version | values | remove, reason }',
        `e.g. fleet.overrideAddOn(cluster, '${id}', { remove: true, reason: 'why' })`);
    }
    checkOptionalBoolean(this.scope, `${where}.remove`, override.remove);
    if (override.version !== undefined && typeof override.version !== 'string') {
      throw FleetError.invalidProperty(this.scope, `${where}.version`, override.version, 'must be a version string', "e.g. version: '3.9.0'");
    }
    if (typeof override?.reason !== 'string' || override.reason.trim() === '') {
      throw FleetError.invalidProperty(this.scope, `${where}.reason`, override?.reason, 'must say why this cluster departs from the fleet standard',
        "add reason: '<why>' (it appears in fleet-report.md)");
    }
    if (!isCatalogued(id)) {
      throw FleetError.invalidProperty(this.scope, where, id, 'is not an add-on of the catalogue', `use one of ${oneOf(catalogueIds())}`);
    }
    if (override.version !== undefined) {
      const versions = this.catalogue.addOn(id).versions.map((v) => v.version);
      if (!versions.includes(override.version)) {
        throw FleetError.invalidProperty(this.scope, `${where}.version`, override.version, `is not a version of ${id} in the catalogue`,
          `use ${oneOf(versions)}, or add the version with its source to the Fleet's catalogue: { addOnVersions: [...] }`);
      }
    }
    if ((override.values !== undefined || override.remove) && Object.values(GitOpsEngine).includes(id as GitOpsEngine)) {
      throw FleetError.invalidProperty(this.scope, override.remove ? `${where}.remove` : `${where}.values`, override.remove ? true : override.values, 'do not apply to a GitOps engine, which is installed from its release manifest on every cluster',
        'override its version only; configure Argo CD with gitOps.argoCd');
    }
    if (override.values !== undefined && (typeof override.values !== 'object' || override.values === null || Array.isArray(override.values))) {
      throw FleetError.invalidProperty(this.scope, override.remove ? `${where}.remove` : `${where}.values`, override.remove ? true : override.values, 'must be an object of Helm values', 'e.g. values: { replicaCount: 3 }');
    }
    const own = this.overrides.get(cluster) ?? new Map<string, AddOnOverride>();
    if (own.has(id)) {
      throw FleetError.invalidProperty(this.scope, where, id, 'is already overridden on this cluster', 'give one override with everything it changes');
    }
    own.set(id, override);
    this.overrides.set(cluster, own);
  }

  /** The GitOps engine release pinned on a cluster (after binding); undefined without GitOps. */
  public engineVersion(cluster: ICluster): string | undefined {
    return this.gitOpsOptions ? this.bound.get(cluster)?.find((a) => a.id === this.engine)?.version : undefined;
  }

  /** The add-ons bound to a cluster, in apply order; empty before synth. */
  public boundTo(cluster: ICluster): BoundAddOn[] {
    return [...(this.bound.get(cluster) ?? [])];
  }

  /** Binds the standard to every cluster; returns the problems found (nothing is bound on a cluster that has any). */
  public bindAll(clusters: ICluster[]): string[] {
    this.bindProblems ??= this.bindEvery(clusters);
    return this.bindProblems;
  }

  private bindEvery(clusters: ICluster[]): string[] {
    if (!this.gitOpsOptions) {
      return this.standard.size === 0 ? [] : [`${this.scope.node.path}: 'gitOps' must name the repository the clusters sync from when the fleet has add-ons. `
        + "Fix: give the Fleet gitOps: { repoUrl: 'https://…/fleet.git', path: 'clusters' }"];
    }
    const gitOps = new GitOps(this.engine, this.gitOpsOptions);
    const problems: string[] = [];
    for (const cluster of clusters) {
      problems.push(...this.bindCluster(cluster, gitOps));
    }
    return problems;
  }

  private bindCluster(cluster: ICluster, gitOps: GitOps): string[] {
    const path = cluster.node.path;
    const overrides = this.overrides.get(cluster) ?? new Map<string, AddOnOverride>();
    const problems: string[] = [];
    const all = new Map<string, IAddOn>(this.standard);
    for (const id of overrides.keys()) {
      if (!all.has(id) && id !== this.engine) {
        problems.push(`${path}: overrideAddOn '${id}' is not in the fleet standard, got "${id}". Fix: add it with fleet.addAddOn(...) or drop the override`);
      }
    }
    const onCluster = [...all.values()].filter((a) => !overrides.get(a.id)?.remove && (a.appliesTo?.(cluster) ?? true));
    const ids = new Set(onCluster.map((a) => a.id));
    // A conflict declared by either side, or both, is reported once.
    const conflicts = new Set<string>();
    for (const addOn of onCluster) {
      for (const required of addOn.requires) {
        if (!ids.has(required)) {
          problems.push(`${path}: add-on '${addOn.id}' requires '${required}', which is not on the cluster. Fix: add '${required}' to the fleet standard, or remove '${addOn.id}' from this cluster`);
        }
      }
      for (const conflict of addOn.conflictsWith.filter((c) => ids.has(c))) {
        conflicts.add([addOn.id, conflict].sort().join("' and '"));
      }
    }
    for (const pair of [...conflicts].sort()) {
      problems.push(`${path}: add-ons '${pair}' conflict and cannot both be on the cluster. Fix: keep one (remove the other with an override and a reason)`);
    }
    const levels = dependencyLevels(onCluster, ids);
    if (levels === undefined) {
      problems.push(`${path}: the add-ons' 'requires' and 'orderAfter' form a cycle (${[...ids].join(', ')}). Fix: remove the requirement that closes the loop`);
    }
    if (problems.length > 0 || levels === undefined) {
      return problems;
    }
    const ordered = [...onCluster].sort((a, b) => levels.get(a.id)! - levels.get(b.id)! || (a.id < b.id ? -1 : 1));
    // Each version is chosen once; every one must install on the cluster's Kubernetes,
    // checked before anything is bound and all reported together.
    const chosen = new Map([this.engine, ...ordered.map((a) => a.id)].map((id) => [id, this.versionFor(cluster, id, overrides.get(id))] as const));
    const versionProblems = [...chosen.values()].filter((v): v is string => typeof v === 'string').map((problem) => `${path}: ${problem}`);
    if (versionProblems.length > 0) {
      return versionProblems;
    }
    const versionOf = (id: string) => chosen.get(id) as PinnedVersion;
    // The engine first (level 0): the pipeline installs it, the engine then delivers the rest.
    const bound: BoundAddOn[] = [this.pin(cluster, this.engine, versionOf(this.engine), overrides.get(this.engine), 0)];
    for (const addOn of ordered) {
      const override = overrides.get(addOn.id);
      const pinned = versionOf(addOn.id);
      const level = levels.get(addOn.id)!;
      const order = Math.min(FIRST_ADD_ON_ORDER + level - 1, LAST_ADD_ON_ORDER);
      const releases = cluster.addChart(addOn.id, { order, layer: DeliveryLayer.RELEASES });
      const chart = cluster.addChart(addOn.id, { order, layer: DeliveryLayer.CONFIG });
      try {
        const { version, appVersion } = pinned;
        const valueOverrides = override?.values ?? {};
        const onClusterIds = [this.engine, ...ordered.map((a) => a.id)];
        const images = pinned.images ?? {};
        addOn.bind(cluster, { chart, releases, version, appVersion, images, valueOverrides, level, gitOps, onCluster: onClusterIds });
      } catch (e) {
        // A cluster the add-on cannot bind to is reported with every other
        // cluster's problems; the rest of this cluster's add-ons would only
        // add noise after it.
        if (e instanceof FleetError) {
          return [e.message];
        }
        throw e;
      }
      if (override?.values !== undefined) {
        cluster.addDeviation({ property: `addons.${addOn.id}.values`, standard: 'fleet values', value: JSON.stringify(override.values), reason: override.reason });
      }
      bound.push(this.pin(cluster, addOn.id, pinned, override, level));
    }
    for (const [id, override] of overrides) {
      if (override.remove) {
        cluster.addDeviation({ property: `addons.${id}`, standard: 'installed', value: 'removed', reason: override.reason });
      }
    }
    this.bound.set(cluster, bound);
    return [];
  }

  /**
   * The catalogue version an add-on gets on a cluster: the override's, else
   * the rollout's for the cluster's wave, else (for an add-on whose releases
   * follow Kubernetes minors) the first catalogued version of the cluster's
   * minor, else the standard. A problem
   * when the version's chart does not install on the cluster's Kubernetes.
   */
  private versionFor(cluster: ICluster, id: string, override: AddOnOverride | undefined): PinnedVersion | string {
    const entry = this.catalogue.addOn(id);
    const rolledOut = override?.version === undefined ? this.rolloutVersionOf(cluster, id) : undefined;
    let pinned = entry.versions.find((v) => v.version === (override?.version ?? rolledOut ?? entry.versions[0].version))!;
    if (entry.followsKubernetesMinor && override?.version === undefined && rolledOut === undefined) {
      const minor = (v: PinnedVersion) => v.appVersion.replace(/^v/, '').split('.').slice(0, 2).join('.');
      const matching = entry.versions.find((v) => minor(v) === cluster.kubernetesVersion);
      if (!matching) {
        return `add-on '${id}' has no catalogued version for Kubernetes ${cluster.kubernetesVersion}: its releases follow the control plane's minor ` +
          `(${entry.versions.map((v) => `${v.version} ships ${v.appVersion}`).join(', ')}). Fix: add the chart version whose appVersion is ` +
          `${cluster.kubernetesVersion}.x to the Fleet's catalogue: { addOnVersions: [{ addOnId: '${id}', version, appVersion, installs, source, checked }] }`;
      }
      pinned = matching;
    }
    if (pinned.kubeVersion !== undefined && !minorSatisfies(cluster.kubernetesVersion, pinned.kubeVersion)) {
      return `add-on '${id}' ${pinned.version} installs on Kubernetes ${pinned.kubeVersion} (its Chart.yaml kubeVersion), not on the cluster's ` +
        `${cluster.kubernetesVersion}. Fix: add a chart version whose range includes ${cluster.kubernetesVersion} to the Fleet's catalogue ` +
        "(addOnVersions, with its kubeVersion) and make it the standard or pin it with overrideAddOn and a reason, or keep the cluster's version";
    }
    return pinned;
  }

  /** The version an add-on (or the engine) has on a cluster, as bound; a version override is a deviation. */
  private pin(cluster: ICluster, id: string, pinned: PinnedVersion, override: AddOnOverride | undefined, level: number): BoundAddOn {
    const entry = this.catalogue.addOn(id);
    if (override?.version !== undefined && override.version !== entry.versions[0].version) {
      cluster.addDeviation({ property: `addons.${id}.version`, standard: entry.versions[0].version, value: override.version, reason: override.reason });
    }
    return { id, version: pinned.version, appVersion: pinned.appVersion, level, overrideReason: override?.reason };
  }
}

/**
 * Level of each add-on: 1 for an add-on requiring nothing (the engine is
 * 0), then one more than the highest level it requires, or comes after
 * among those on the cluster. Undefined on a cycle.
 */
function dependencyLevels(addOns: IAddOn[], onCluster: Set<string>): Map<string, number> | undefined {
  const byId = new Map(addOns.map((a) => [a.id, a]));
  const levels = new Map<string, number>();
  const visiting = new Set<string>();
  const levelOf = (id: string): number | undefined => {
    if (levels.has(id)) {
      return levels.get(id);
    }
    if (visiting.has(id)) {
      return undefined;
    }
    visiting.add(id);
    let level = 1;
    const addOn = byId.get(id);
    for (const required of [...(addOn?.requires ?? []), ...(addOn?.orderAfter ?? []).filter((after) => onCluster.has(after))]) {
      const below = levelOf(required);
      if (below === undefined) {
        return undefined;
      }
      level = Math.max(level, below + 1);
    }
    visiting.delete(id);
    levels.set(id, level);
    return level;
  };
  for (const addOn of addOns) {
    if (levelOf(addOn.id) === undefined) {
      return undefined;
    }
  }
  return levels;
}
