import * as cdk8s from 'cdk8s';
import { Construct } from 'constructs';
import { BACKUP_LOCATION, BackupStorage, BackupStorageOptions, ResolvedBackupStorageOptions, resolveBackupStorageOptions } from './backup-storage';
import { SupportStage, supportStage } from './catalogue/kubernetes-versions';
import { Cloud } from './cloud';
import { AddChartOptions, ClusterBackupLocation, ClusterChart, DeployTimeValue, Deviation, ICluster, NodeCapacity, NodePoolSummary } from './cluster';
import { ClusterAccessGrant } from './cluster-access';
import type { BundledComponent, KubernetesDistribution } from './distribution';
import { addPlatformChart } from './platform-chart';
import { checkWorkloadIdentitySubject, WorkloadIdentityBinding, WorkloadIdentityOptions } from './workload-identity';
import { cidrProblem, resizeCidr } from '../_internal/cidr';
import { cloudLabel } from '../_internal/cloud-label';
import { daysBetween } from '../_internal/days';
import { byCodePoint, describeProblem, oneOf } from '../_internal/describe';
import { FleetError } from '../_internal/fleet-error';
import { checkOptionalBoolean, requireOptions } from '../_internal/input';
import { checkAllowlist, checkTags, NAME_LABEL } from '../_internal/rules';
import { Fleet } from '../fleet/fleet';
import type { RegionStack } from '../fleet/region-stack';
import { minorOf } from '../fleet/rollout';
import { validateClusterInFleet } from '../fleet/validation';
import { DeliveryLayer, isDeliveryLayer, SYNCED_LAYERS } from '../gitops/layers';

/** Properties every cluster shares, whatever its cloud. */
export interface ClusterProps {
  /**
   * The cluster's name: a DNS label of at most 40 characters, unique in the
   * fleet (cloud resource names are derived from it).
   * @default - the construct id
   */
  readonly name?: string;
  /**
   * Kubernetes minor version. A version other than the fleet standard is a
   * deviation and needs `kubernetesVersionReason`.
   * @default - the fleet's standard version
   */
  readonly kubernetesVersion?: string;
  /**
   * Why this cluster runs another Kubernetes version than the fleet standard;
   * shown in the fleet report.
   * @default - none; required when `kubernetesVersion` deviates
   */
  readonly kubernetesVersionReason?: string;
  /**
   * The rollout wave (one of the fleet's waves, by name).
   * @default - the fleet's last wave
   */
  readonly wave?: string;
  /** Tags (AWS) / tags (Azure) / labels added to everything the cluster creates. @default - the fleet's tags only */
  readonly tags?: { [key: string]: string };
  /**
   * A cluster that may be destroyed with its data (previews, tests): keys and
   * stateful stores lose `prevent_destroy`, deletion protection is off, and
   * costlier redundancy is trimmed.
   * @default false
   */
  readonly disposable?: boolean;
  /**
   * The cluster this one replaces: moving a cluster to another region is
   * adding its replacement with `replaces: '<old name>'`. The new cluster's
   * databases start from the old one's backups (CloudNativePG recovery),
   * the pipeline restores the old one's newest Velero backup into it once
   * it is up, and the global names move to it; the old cluster stays until
   * a later change removes it together with this property. Same cloud only.
   * @default - none
   */
  readonly replaces?: string;
  /**
   * Where and how long the cluster's backup storage keeps backups, if an
   * add-on asks for it (`backupStorage()`); cloud clusters only.
   * @default - the cluster's region, 120 days
   */
  readonly backupStorage?: BackupStorageOptions;
}

/**
 * A cluster's scope must be its fleet: clusters live in the fleet's region
 * stacks, whatever construct would otherwise hold them (a Team, a stack).
 */
export function requireFleetScope(scope: Construct, id: string, className: string): Fleet {
  const path = scope.node.path ? `${scope.node.path}/${id}` : id;
  const fix = `Fix: create the cluster with the Fleet as its scope, e.g. new ${className}(fleet, '${id}', {...})`;
  if (!scope.node.scopes.some((c) => c instanceof Fleet)) {
    throw new FleetError(path, `is not inside a Fleet: its scope is ${scope.node.path || 'the App'}. ${fix}`);
  }
  const fleet = Fleet.of(scope);
  if (scope !== fleet) {
    throw new FleetError(path, `has ${scope.node.path} as its scope, not the fleet. ${fix}; teams choose their clusters with clusters: {...}`);
  }
  return fleet;
}

/** Days before the end of standard support that a cluster's version is a warning. */
const SUPPORT_NOTICE_DAYS = 60;

/**
 * Finds the fleet and, for a cloud cluster, its region stack. The region is
 * checked here, before the stack it names is created.
 */
export function placeCluster(scope: Construct, id: string, cloud: Cloud.AWS | Cloud.AZURE, region: string): { fleet: Fleet; stack: RegionStack } {
  const fleet = requireFleetScope(scope, id, cloud === Cloud.AWS ? 'AwsCluster' : 'AzureCluster');
  if (typeof region !== 'string' || !fleet._catalogue.isKnownRegion(cloud, region)) {
    throw FleetError.invalidProperty(fleet, `${id}.region`, region, `is not in the catalogue of ${cloudLabel(cloud)} regions`,
      `use one of ${oneOf(fleet._catalogue.knownRegions(cloud))}, or add it to the Fleet's catalogue: { regions: [{ cloud, region, availabilityZoneIds | hasAvailabilityZones, source, checked }] }`);
  }
  const stack = fleet._regionStack(cloud, region);
  const existing = stack.node.tryFindChild(id);
  if (existing) {
    throw new FleetError(existing, `${describeProblem('id', id, `is already used by another cluster in ${stack.stackName}`, "give each cluster its own construct id (and 'name', if you set one)")}`);
  }
  return { fleet, stack };
}

/** The prefix lengths a cloud's network layout accepts for a cluster's range. */
export interface CidrSizeRange {
  /** Largest network (smallest prefix length), e.g. 16. */
  readonly min: number;
  /** Smallest network (largest prefix length), e.g. 20. */
  readonly max: number;
  /** The prefix length suggested in errors. */
  readonly suggested: number;
}

/** Where a concrete cluster class places its cluster. */
export interface ClusterPlacement {
  readonly fleet: Fleet;
  readonly cloud: Cloud;
  readonly region: string;
  readonly stack?: RegionStack;
  readonly cidr?: string;
}

const CHART_NAME = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;
/** Layers in delivery order: the pipeline's two, then the engine's. */
const LAYER_RANK: readonly DeliveryLayer[] = [DeliveryLayer.BOOTSTRAP, DeliveryLayer.ENGINE, ...SYNCED_LAYERS];

/**
 * What all clusters share: the common spec and its validation, the fleet's
 * standard labels and tags, and the cluster's own cdk8s App with its charts.
 */
export abstract class ClusterBase extends Construct implements ICluster {
  public readonly clusterName: string;
  public readonly cloud: Cloud;
  public readonly region: string;
  public readonly kubernetesVersion: string;
  public readonly wave: string;
  public readonly disposable: boolean;
  /** The cluster this one replaces (a move in progress), if any. */
  public readonly replaces?: string;
  public readonly cidr?: string;
  public readonly stack?: RegionStack;
  public readonly manifests: cdk8s.App;
  public readonly tags: { [key: string]: string };
  /** The fleet this cluster belongs to. */
  public readonly fleet: Fleet;

  private readonly chartList: ClusterChart[] = [];
  private readonly deviationList: Deviation[] = [];
  private readonly deployTimeValueList: DeployTimeValue[] = [];
  private readonly boundServiceAccounts = new Set<string>();
  private readonly backupLocationMap = new Map<string, BackupStorage>();

  protected constructor(scope: Construct, id: string, props: ClusterProps, placement: ClusterPlacement) {
    super(scope, id);
    this.fleet = placement.fleet;
    this.cloud = placement.cloud;
    this.region = placement.region;
    this.stack = placement.stack;
    this.cidr = placement.cidr;
    checkOptionalBoolean(this, 'disposable', props.disposable);
    this.disposable = props.disposable ?? false;
    if (props.replaces !== undefined && (typeof props.replaces !== 'string' || !NAME_LABEL.test(props.replaces))) {
      throw FleetError.invalidProperty(this, 'replaces', props.replaces, 'is not a cluster name', "name the cluster this one replaces, e.g. 'prod-use1'");
    }
    this.replaces = props.replaces;

    if (this.cidr !== undefined) {
      const problem = cidrProblem(this.cidr);
      if (problem) {
        throw FleetError.invalidProperty(this, 'cidr', this.cidr, problem.problem, problem.fix);
      }
    }

    this.clusterName = props.name ?? id;
    if (typeof this.clusterName !== 'string' || !NAME_LABEL.test(this.clusterName)) {
      throw FleetError.invalidProperty(this, 'name', this.clusterName,
        'must be a DNS-1123 label of at most 40 characters (lower-case letters, digits and \'-\', starting with a letter)',
        "rename the cluster, e.g. 'prod-use1'");
    }

    // The wave first: with a rollout, the wave decides the cluster's standard version.
    this.wave = props.wave ?? this.fleet.waves[this.fleet.waves.length - 1].name;
    this.kubernetesVersion = this.resolveKubernetesVersion(props);
    this.tags = this.resolveTags(props.tags);

    this.manifests = new cdk8s.App({ outdir: 'kubernetes', outputFileExtension: '.k8s.yaml' });
    addPlatformChart(this);
    this.fleet._registerCluster(this);
    this.node.addValidation({ validate: () => validateClusterInFleet(this, this.fleet) });
  }

  /** The cluster this one replaces, when it is in the fleet. */
  public get replacedCluster(): ICluster | undefined {
    return this.replaces === undefined ? undefined : this.fleet.clusters.find((c) => c.clusterName === this.replaces && c !== this);
  }

  /** The cluster's node pools. */
  public abstract get nodePools(): NodePoolSummary[];

  public abstract get supportsWorkloadIdentity(): boolean;

  public abstract get bundledComponents(): BundledComponent[];

  /** The distribution of an attached cluster; none for a managed one. */
  public get distribution(): KubernetesDistribution | undefined {
    return undefined;
  }

  public abstract get supportsBackupStorage(): boolean;

  public abstract grantAccess(grant: ClusterAccessGrant): void;

  public backupStorage(location: string): BackupStorage {
    if (typeof location !== 'string' || !BACKUP_LOCATION.test(location)) {
      throw FleetError.invalidProperty(this, 'backupStorage.location', location, 'is not a backup location name',
        "use 3-63 lower-case letters, digits and '-', e.g. 'velero'");
    }
    let found = this.backupLocationMap.get(location);
    if (!found) {
      found = this.createBackupLocation(location);
      this.backupLocationMap.set(location, found);
    }
    return found;
  }

  /** The cloud side of `backupStorage(location)`, called once per location. */
  protected abstract createBackupLocation(location: string): BackupStorage;

  /** The cluster's `backupStorage` prop, checked against its cloud, with defaults filled in. */
  protected resolveBackupStorage(options: BackupStorageOptions | undefined): ResolvedBackupStorageOptions {
    return resolveBackupStorageOptions(this, {
      cloud: this.cloud, region: this.region, disposable: this.disposable, addDeviation: (deviation) => this.addDeviation(deviation),
    }, options, this.fleet._catalogue);
  }

  public get deployTimeValues(): DeployTimeValue[] {
    return [...this.deployTimeValueList];
  }

  public bindWorkloadIdentity(options: WorkloadIdentityOptions): WorkloadIdentityBinding {
    options = requireOptions(this, 'bindWorkloadIdentity', options, "cluster.bindWorkloadIdentity({ namespace: 'shop', serviceAccount: 'web', policyArns: [...] })");
    const subject = checkWorkloadIdentitySubject(this, options, this.boundServiceAccounts);
    const binding = this.createWorkloadIdentity(options, subject);
    this.boundServiceAccounts.add(subject);
    return binding;
  }

  /**
   * The cloud side of `bindWorkloadIdentity`, after the service account has
   * been checked; `subject` is `namespace:serviceAccount`.
   */
  protected abstract createWorkloadIdentity(options: WorkloadIdentityOptions, subject: string): WorkloadIdentityBinding;

  /** Marks a service account the cluster binds itself (a managed add-on's), so nobody binds it twice. */
  protected reserveServiceAccount(namespace: string, serviceAccount: string): void {
    this.boundServiceAccounts.add(`${namespace}:${serviceAccount}`);
  }

  /** Records a value the YAML takes from a Terraform output after deploy. */
  protected addDeployTimeValue(value: DeployTimeValue): void {
    if (this.deployTimeValueList.some((v) => v.variable === value.variable)) {
      throw FleetError.invalidProperty(this, 'deploy-time value', value.variable, 'is already used on this cluster',
        "service account names that differ only in '.' and '-' map to the same variable; rename one");
    }
    this.deployTimeValueList.push(value);
  }

  /**
   * Checks an opt-in public API allowlist: valid CIDRs, none that opens the
   * API to the whole internet.
   */
  protected resolvePublicAccessCidrs(cidrs: string[] | undefined): string[] {
    checkAllowlist(this, 'publicAccessCidrs', cidrs ?? [], 'the API endpoint',
      'list the ranges of your offices, VPN or CI runners, or leave publicAccessCidrs out for a private endpoint');
    return [...(cidrs ?? [])];
  }

  /** Most the cluster's nodes offer: the sum over its pools of max nodes × node size. */
  public get capacity(): NodeCapacity {
    return this.nodePools.reduce(
      (sum, pool) => ({
        vcpus: sum.vcpus + pool.max * pool.nodeCapacity.vcpus,
        memoryGiB: sum.memoryGiB + pool.max * pool.nodeCapacity.memoryGiB,
        maxNodes: sum.maxNodes + pool.max,
      }),
      { vcpus: 0, memoryGiB: 0, maxNodes: 0 },
    );
  }

  public get charts(): ClusterChart[] {
    const rank = (layer: DeliveryLayer) => LAYER_RANK.indexOf(layer);
    return [...this.chartList].sort((a, b) => rank(a.layer) - rank(b.layer) || a.order - b.order || byCodePoint(a.name, b.name));
  }

  public get backupLocations(): ClusterBackupLocation[] {
    return [...this.backupLocationMap.entries()].map(([name, storage]) => ({ name, storage })).sort((a, b) => byCodePoint(a.name, b.name));
  }

  public get deviations(): Deviation[] {
    return [...this.deviationList];
  }

  public addChart(name: string, options: AddChartOptions = {}): cdk8s.Chart {
    const order = options.order ?? 50;
    const layer = options.layer ?? DeliveryLayer.CONFIG;
    if (typeof name !== 'string' || !CHART_NAME.test(name)) {
      throw FleetError.invalidProperty(this, 'chart name', name, 'must be a DNS label', "use lower-case letters, digits and '-', e.g. 'cert-manager'");
    }
    if (!isDeliveryLayer(layer)) {
      throw FleetError.invalidProperty(this, `charts['${name}'].layer`, layer, 'is not a delivery layer', `use one of DeliveryLayer.${Object.keys(DeliveryLayer).join(', DeliveryLayer.')}`);
    }
    if (this.chartList.some((c) => c.name === name && c.layer === layer)) {
      throw FleetError.invalidProperty(this, 'chart name', name, `is already used by another chart in the ${layer} layer of this cluster`, 'give the chart its own name');
    }
    if (!Number.isInteger(order) || order < 0 || order > 99) {
      throw FleetError.invalidProperty(this, `charts['${name}'].order`, order, 'must be a whole number from 0 to 99', 'choose an apply position in 0–99');
    }
    const chart = new cdk8s.Chart(this.manifests, `${layer}-${name}`, { labels: this.standardLabels() });
    this.chartList.push({ name, layer, order, chart });
    return chart;
  }

  /** The labels every Kubernetes object of this cluster carries. */
  public standardLabels(): { [key: string]: string } {
    return {
      'app.kubernetes.io/managed-by': 'cdk-fleet',
      'fleet.cdk-fleet.io/fleet': this.fleet.fleetName,
      'fleet.cdk-fleet.io/cluster': this.clusterName,
      'fleet.cdk-fleet.io/wave': this.wave,
    };
  }

  /** The cluster's range, which this cloud requires. */
  protected requireCidr(example: string): string {
    if (this.cidr === undefined) {
      throw FleetError.invalidProperty(this, 'cidr', this.cidr, 'is required', `give the network its own range, e.g. cidr: '${example}'`);
    }
    return this.cidr;
  }

  /**
   * Checks the size of the cluster's range fits the cloud's network layout
   * and returns its prefix length; `why` says what the bounds protect.
   */
  protected requireCidrSize(sizes: CidrSizeRange, why: string): number {
    const cidr = this.requireCidr(resizeCidr('10.0.0.0/8', sizes.suggested));
    const prefix = Number(cidr.split('/')[1]);
    if (prefix > sizes.max || prefix < sizes.min) {
      throw FleetError.invalidProperty(this, 'cidr', cidr, `must be a /${sizes.min} to /${sizes.max}: ${why}`,
        `use a range from /${sizes.min} to /${sizes.max}, e.g. '${resizeCidr(cidr, sizes.suggested)}'`);
    }
    return prefix;
  }

  public addDeviation(deviation: Deviation): void {
    if (!deviation.reason || deviation.reason.trim() === '') {
      throw FleetError.invalidProperty(this, `${deviation.property}Reason`, deviation.reason,
        `must explain why this cluster uses ${deviation.value} instead of the fleet standard ${deviation.standard}`,
        `add ${deviation.property}Reason: '<why>' (it appears in fleet-report.md), or use the fleet standard`);
    }
    this.deviationList.push(deviation);
  }

  private resolveKubernetesVersion(props: ClusterProps): string {
    const standard = this.fleet.kubernetesVersionOfWave(this.wave);
    const version = props.kubernetesVersion ?? standard;
    const catalogue = this.fleet._catalogue;
    const day = this.fleet.supportDate;
    const current = catalogue.kubernetesVersions(this.cloud).filter((v) => supportStage(v, day) === SupportStage.STANDARD).map((v) => v.version);
    const which = props.kubernetesVersion !== undefined ? ''
      : standard === this.fleet.kubernetesVersion ? ' (the fleet standard)' : ` (the fleet's rollout through wave '${this.fleet.rollout?.throughWave}')`;
    const support = catalogue.kubernetesVersion(this.cloud, version);
    if (!support) {
      throw FleetError.invalidProperty(this, 'kubernetesVersion', version,
        `is not a Kubernetes version the catalogue offers on ${cloudLabel(this.cloud)}${which}`,
        `use ${oneOf(current)}, or add the version with its support window to the Fleet's catalogue: { kubernetesVersions: [...] }`);
    }
    const stage = supportStage(support, day);
    if (stage === SupportStage.ENDED) {
      throw FleetError.invalidProperty(this, 'kubernetesVersion', version,
        `reached the end of its support on ${cloudLabel(this.cloud)} on ${support.endOfSupport} (measured on ${day}, the fleet's supportDate)${which}`,
        `upgrade to ${oneOf(current)}`);
    }
    if (typeof version === 'string' && minorOf(version) > minorOf(standard) + 1) {
      throw FleetError.invalidProperty(this, 'kubernetesVersion', version,
        `is ${minorOf(version) - minorOf(standard)} minors after its wave's version ${standard}; a control plane upgrades one minor at a time ` +
        '(Kubernetes version skew policy; EKS and AKS refuse to skip one)',
        `use 1.${minorOf(standard) + 1} first, or roll versions out with the Fleet's rollout`);
    }
    if (version !== standard) {
      this.addDeviation({ property: 'kubernetesVersion', standard, value: version, reason: props.kubernetesVersionReason ?? '' });
    } else if (props.kubernetesVersionReason !== undefined) {
      this.fleet._warn(this, `'kubernetesVersionReason' is set but the cluster runs the fleet standard ${standard}; remove the stale reason`);
    }
    if (stage === SupportStage.EXTENDED) {
      this.fleet._warn(this, `Kubernetes ${version} is past standard support on ${cloudLabel(this.cloud)}, which ended on ${support.endOfStandardSupport} ` +
        `(measured on ${day}); ${this.extendedSupportConsequence(support.endOfSupport)}; plan the upgrade to ${oneOf(current)}`);
    } else if (daysBetween(day, support.endOfStandardSupport) <= SUPPORT_NOTICE_DAYS) {
      // AKS has no extended stage: without this notice a cluster would go from fine to refused in one day.
      this.fleet._warn(this, `Kubernetes ${version} leaves standard support on ${cloudLabel(this.cloud)} on ${support.endOfStandardSupport} ` +
        `(measured on ${day}); plan the upgrade to ${oneOf(current.filter((v) => v !== version))}`);
    }
    return version;
  }

  /** What running past standard support means on this cloud. */
  private extendedSupportConsequence(endOfSupport: string | undefined): string {
    switch (this.cloud) {
      case Cloud.AWS:
        return `EKS bills extended support at a higher hourly rate per cluster (https://aws.amazon.com/eks/pricing/) and ends it on ${endOfSupport}`;
      case Cloud.ATTACHED:
        return 'upstream no longer patches it; only the distribution may';
      default:
        return `support ends on ${endOfSupport}`;
    }
  }

  private resolveTags(own: { [key: string]: string } | undefined): { [key: string]: string } {
    const tags: { [key: string]: string } = {
      ...this.fleet.tags,
      ...(own ?? {}),
      'fleet': this.fleet.fleetName,
      'fleet-cluster': this.clusterName,
      'managed-by': 'cdk-fleet',
    };
    checkTags(this, 'tags', own ?? {});
    return Object.fromEntries(Object.entries(tags).sort(([a], [b]) => byCodePoint(a, b)));
  }
}
