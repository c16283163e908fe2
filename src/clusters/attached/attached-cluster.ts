import { Construct } from 'constructs';
import { FleetError } from '../../_internal/fleet-error';
import { requirePropsOf } from '../../_internal/input';
import { BackupStorage, resolveSiteBackupStorage, SiteBackupStorage } from '../backup-storage';
import { Cloud } from '../cloud';
import { NodePoolSummary } from '../cluster';
import { ClusterAccessGrant } from '../cluster-access';
import { ClusterBase, ClusterProps, requireFleetScope } from '../cluster-base';
import { BundledComponent, DISABLE_HINT, DISTRIBUTION_BUNDLES, KubernetesDistribution } from '../distribution';
import { WorkloadIdentityBinding, WorkloadIdentityOptions } from '../workload-identity';

/** A group of identical nodes of an attached cluster. */
export interface AttachedNodeGroup {
  /** Group name, e.g. `store-servers`. */
  readonly name: string;
  /** How many nodes the group has. */
  readonly count: number;
  /** Virtual CPUs per node. */
  readonly vcpus: number;
  /** Memory per node in GiB. */
  readonly memoryGiB: number;
  /** What the hardware is, for the report. @default - 'nodes' */
  readonly hardware?: string;
}

/** Properties of a cluster the fleet does not provision. */
export interface AttachedClusterProps extends ClusterProps {
  /**
   * Where the cluster runs: a site, store or data centre, e.g. `store-0042` or
   * `on-prem-frankfurt`. Appears as the cluster's region.
   */
  readonly location: string;
  /** The cluster's nodes, for capacity planning. */
  readonly nodes: AttachedNodeGroup[];
  /** The site's node network, if the fleet should keep clusters from overlapping it. @default - none */
  readonly cidr?: string;
  /** An S3-compatible bucket the site provides for backups. @default - none: backup add-ons skip the cluster */
  readonly siteBackupStorage?: SiteBackupStorage;
  /**
   * The Kubernetes distribution the site runs. Add-ons skip what it bundles
   * (k3s and RKE2: metrics-server, and an ingress controller on ports 80 and
   * 443) instead of installing it again or fighting it for its ports.
   * @default KubernetesDistribution.GENERIC
   */
  readonly distribution?: KubernetesDistribution;
  /**
   * Bundled components the site turned off when it installed the cluster
   * (k3s `--disable=traefik`, RKE2 `--ingress-controller=none`, …), so the
   * fleet's add-ons take their place.
   * @default - none: everything the distribution bundles runs
   */
  readonly disabledComponents?: BundledComponent[];
}

const LOCATION = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;
const GROUP_NAME = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;

/**
 * A cluster the fleet does not provision: edge sites, retail stores,
 * on-premises data centres. It gets the fleet's Kubernetes output (platform
 * chart, add-ons, teams) and appears in fleet.json, but has no Terraform.
 */
export class AttachedCluster extends ClusterBase {
  private readonly siteDistribution: KubernetesDistribution;
  private readonly groups: NodePoolSummary[];
  private readonly siteBackup?: BackupStorage;
  private readonly bundled: BundledComponent[];

  constructor(scope: Construct, id: string, props: AttachedClusterProps) {
    props = requirePropsOf(scope, id, props, `new AttachedCluster(fleet, '${id}', { location: 'store-0042', nodes: [...] })`);
    super(scope, id, props, { fleet: requireFleetScope(scope, id, 'AttachedCluster'), cloud: Cloud.ATTACHED, region: props.location, cidr: props.cidr });
    if (typeof props.location !== 'string' || !LOCATION.test(props.location)) {
      throw FleetError.invalidProperty(this, 'location', props.location, 'must be a DNS label naming the site', "use e.g. 'store-0042' or 'on-prem-fra'");
    }
    if (props.backupStorage !== undefined) {
      throw FleetError.invalidProperty(this, 'backupStorage', props.backupStorage, 'is for cloud clusters, whose storage the fleet creates',
        "give an attached cluster's bucket as siteBackupStorage: { bucket, endpoint, credentialsSecret }");
    }
    this.siteBackup = props.siteBackupStorage ? resolveSiteBackupStorage(this, props.siteBackupStorage) : undefined;
    const distribution = props.distribution ?? KubernetesDistribution.GENERIC;
    this.siteDistribution = distribution;
    if (!Object.values(KubernetesDistribution).includes(distribution)) {
      throw FleetError.invalidProperty(this, 'distribution', props.distribution, 'is not a Kubernetes distribution the fleet knows',
        'use KubernetesDistribution.K3S, KubernetesDistribution.RKE2 or KubernetesDistribution.GENERIC');
    }
    const bundles = DISTRIBUTION_BUNDLES[distribution];
    const disabled = props.disabledComponents ?? [];
    if (!Array.isArray(disabled)) {
      throw FleetError.invalidProperty(this, 'disabledComponents', disabled, 'must be a list of bundled components', 'e.g. disabledComponents: [BundledComponent.INGRESS]');
    }
    disabled.forEach((component, i) => {
      if (!bundles.includes(component)) {
        throw FleetError.invalidProperty(this, `disabledComponents[${i}]`, component, `is not a component ${distribution} bundles`,
          bundles.length === 0 ? 'leave disabledComponents out' : `use one of ${bundles.map((b) => `'${b}'`).join(', ')}`);
      }
    });
    this.bundled = bundles.filter((b) => !disabled.includes(b));
    if (!props.nodes || props.nodes.length === 0) {
      throw FleetError.invalidProperty(this, 'nodes', props.nodes, 'must list the cluster\'s nodes', "add e.g. nodes: [{ name: 'servers', count: 3, vcpus: 8, memoryGiB: 32 }]");
    }
    const seen = new Set<string>();
    this.groups = props.nodes.map((group, i) => {
      if (typeof group.name !== 'string' || !GROUP_NAME.test(group.name) || seen.has(group.name)) {
        throw FleetError.invalidProperty(this, `nodes[${i}].name`, group.name, 'must be a DNS label, unique within the cluster', 'give each node group its own name');
      }
      seen.add(group.name);
      if (!Number.isInteger(group.count) || group.count < 1) {
        throw FleetError.invalidProperty(this, `nodes[${i}].count`, group.count, 'must be a whole number of at least 1', 'count the nodes of the group');
      }
      for (const prop of ['vcpus', 'memoryGiB'] as const) {
        if (typeof group[prop] !== 'number' || !(group[prop] > 0)) {
          throw FleetError.invalidProperty(this, `nodes[${i}].${prop}`, group[prop], 'must be a positive number', `give the ${prop} of one node`);
        }
      }
      return {
        name: group.name,
        size: group.hardware ?? `${group.vcpus} vCPU / ${group.memoryGiB} GiB`,
        min: group.count,
        max: group.count,
        nodeCapacity: { vcpus: group.vcpus, memoryGiB: group.memoryGiB },
      };
    });
  }

  public get nodePools(): NodePoolSummary[] {
    return this.groups;
  }

  public get bundledComponents(): BundledComponent[] {
    return [...this.bundled];
  }

  /** The distribution the site runs (always set on an attached cluster). */
  public get distribution(): KubernetesDistribution | undefined {
    return this.siteDistribution;
  }

  /** How the site turns a bundled component off, for messages. */
  public disableHint(component: BundledComponent): string | undefined {
    return DISABLE_HINT[this.siteDistribution][component];
  }

  /** Attached clusters have no cloud identity provider the fleet manages. */
  public get supportsWorkloadIdentity(): boolean {
    return false;
  }

  public get supportsBackupStorage(): boolean {
    return this.siteBackup !== undefined;
  }

  /** A prefix of the site's bucket, if one was given: the fleet creates no storage for an attached cluster. */
  protected createBackupLocation(location: string): BackupStorage {
    if (!this.siteBackup) {
      throw FleetError.invalidProperty(this, 'siteBackupStorage', undefined, 'is not set, and the fleet manages no cloud account for an attached cluster',
        "check 'cluster.supportsBackupStorage' first, or give siteBackupStorage: { bucket, endpoint, credentialsSecret }");
    }
    return { ...this.siteBackup, prefix: location };
  }

  /** Nothing on the cloud side: the site's identity provider and the team's RoleBindings decide. */
  public grantAccess(_grant: ClusterAccessGrant): void {
    return;
  }

  protected createWorkloadIdentity(_options: WorkloadIdentityOptions, subject: string): WorkloadIdentityBinding {
    throw FleetError.invalidProperty(this, 'bindWorkloadIdentity', subject, 'cannot be used on an attached cluster: the fleet manages no cloud identity provider for it',
      "check 'cluster.supportsWorkloadIdentity' first, and give the workload credentials the site provides (e.g. a Secret from its vault)");
  }
}
