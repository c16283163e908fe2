import { KubernetesCluster } from '@cdktf/provider-azurerm/lib/kubernetes-cluster';
import { KubernetesClusterNodePool } from '@cdktf/provider-azurerm/lib/kubernetes-cluster-node-pool';
import { KubernetesFleetMember } from '@cdktf/provider-azurerm/lib/kubernetes-fleet-member';
import { LogAnalyticsWorkspace } from '@cdktf/provider-azurerm/lib/log-analytics-workspace';
import { ResourceGroup } from '@cdktf/provider-azurerm/lib/resource-group';
import { RoleAssignment } from '@cdktf/provider-azurerm/lib/role-assignment';
import { UserAssignedIdentity } from '@cdktf/provider-azurerm/lib/user-assigned-identity';
import { ITerraformDependable, TerraformOutput } from 'cdktf';
import { Construct } from 'constructs';
import { AKS_OVERLAY_RANGES } from './aks-network-ranges';
import { AZURE_MAX_BACKUP_RETENTION_DAYS, AzureBackupStorage } from './azure-backup-storage';
import { AzureEgress, AzureEgressKind } from './azure-egress';
import { AzureClusterKey } from './azure-encryption';
import { AzureFleetManager } from './azure-fleet-manager';
import { AZURE_FLEET_MANAGER_STACK } from './azure-fleet-manager-names';
import { addAzureClusterLogs } from './azure-monitoring';
import { resourceGroupName } from './azure-names';
import { AzureNetwork } from './azure-network';
import { aksNodeTaints, aksPoolSettings } from './azure-node-pools';
import { assignPodSecurityPolicies } from './azure-policy';
import { AzureWorkloadIdentity, checkRoleAssignments } from './azure-workload-identity';
import { cidrProblem, cidrsOverlap, isPrivateCidr } from '../../_internal/cidr';
import { suspendCreationStacks, withoutCreationStacks } from '../../_internal/creation-stacks';
import { FleetError } from '../../_internal/fleet-error';
import { checkOptionalBoolean, requirePropsOf } from '../../_internal/input';
import { checkGroupObjectIds } from '../../_internal/rules';
import { requireAzureDeployer } from '../../fleet/deployer';
import { BackupStorage, ResolvedBackupStorageOptions } from '../backup-storage';
import { Cloud } from '../cloud';
import { NodePoolSummary } from '../cluster';
import { ClusterAccessGrant } from '../cluster-access';
import { ClusterBase, ClusterProps, placeCluster } from '../cluster-base';
import { BundledComponent } from '../distribution';
import { NodePoolOptions, NodePoolSpec, resolveNodePool, resolveNodePools } from '../node-pool';
import { WorkloadIdentityBinding, WorkloadIdentityOptions } from '../workload-identity';

/** The network policy engine of an AKS cluster. */
export enum AzureNetworkPolicy {
  /** Cilium as data plane and policy engine (eBPF); the fleet default. */
  CILIUM = 'cilium',
  /** Azure Network Policy Manager on the Azure data plane. */
  AZURE = 'azure',
}

/** AKS pricing tiers. */
export enum AzureSkuTier {
  /** No uptime SLA; only for disposable clusters. */
  FREE = 'Free',
  /** Uptime SLA; the default. */
  STANDARD = 'Standard',
  /** Standard plus long-term support. */
  PREMIUM = 'Premium',
}

/** When AKS may upgrade the cluster and its node images: one weekly window. */
export interface AzureMaintenanceWindow {
  /** Day of the week, e.g. `Sunday`. */
  readonly dayOfWeek: string;
  /** Start, `HH:mm` in `utcOffset`. */
  readonly startTime: string;
  /** Hours the window lasts, 4–24. @default 4 */
  readonly durationHours?: number;
  /** The window's time zone as an offset, e.g. `+01:00`. @default '+00:00' */
  readonly utcOffset?: string;
}

/** An existing virtual network to place the cluster in, instead of creating one. */
export interface AzureExistingNetwork {
  /** Resource id of the virtual network; the control plane gets Network Contributor on it. */
  readonly vnetId: string;
  /** Resource id of the node subnet. */
  readonly nodeSubnetId: string;
  /**
   * Resource id of a /27 or larger subnet delegated to
   * `Microsoft.ContainerService/managedClusters`, for the API server. AKS
   * accepts a /28, but reserves at least 9 of its addresses and may fail to
   * scale the API server when it runs out.
   */
  readonly apiServerSubnetId: string;
  /**
   * How the node subnet reaches the internet: a NAT gateway already
   * associated with it, or a route table to a firewall.
   * @default 'userAssignedNATGateway'
   */
  readonly outboundType?: string;
}

/** Properties of an AKS cluster. */
export interface AzureClusterProps extends ClusterProps {
  /** Azure region, e.g. `westeurope`. */
  readonly region: string;
  /** The virtual network's IPv4 range, /16 to /24, unique in the fleet. */
  readonly cidr: string;
  /**
   * The system pool: AKS's default node pool, tainted `CriticalAddonsOnly`
   * so that only critical add-ons (CoreDNS, metrics, CSI) run there.
   */
  readonly systemPool: NodePoolOptions;
  /** User pools, where workloads run; at least one. */
  readonly nodePools: NodePoolOptions[];
  /**
   * Entra ID group object ids granted cluster admin, in addition to the
   * fleet's `azureAdminGroupObjectIds`.
   * @default - the fleet's admins only
   */
  readonly adminGroupObjectIds?: string[];
  /**
   * Opt-in to a public API server, reachable only from these CIDRs
   * (`0.0.0.0/0` is refused).
   * @default - a private cluster
   */
  readonly publicAccessCidrs?: string[];
  /** The network policy engine. @default AzureNetworkPolicy.CILIUM */
  readonly networkPolicy?: AzureNetworkPolicy;
  /**
   * Encrypt node temp disks and caches on the VM host. Needs the
   * subscription feature `Microsoft.Compute/EncryptionAtHost` registered.
   * @default false
   */
  readonly hostEncryption?: boolean;
  /** The pricing tier; `Free` only for disposable clusters. @default - Standard (Free when disposable) */
  readonly skuTier?: AzureSkuTier;
  /** When AKS may upgrade the cluster and node images. @default - Sunday 02:00 UTC, 4 hours */
  readonly maintenanceWindow?: AzureMaintenanceWindow;
  /** Use an existing virtual network and subnets instead of creating the network. @default - a new VNet with NAT egress */
  readonly existingNetwork?: AzureExistingNetwork;
  /**
   * How the nodes of the network the cluster creates reach the internet: a
   * NAT gateway (zonal), the cluster load balancer through a zone-redundant
   * IP, or a route to a firewall (see `AzureEgress`). Not with
   * `existingNetwork`, whose egress is already in place.
   * @default AzureEgress.natGateway()
   */
  readonly egress?: AzureEgress;
  /** Days the Log Analytics workspace keeps control-plane and container logs, 30–730. @default 365 */
  readonly logRetentionDays?: number;
  /**
   * Microsoft Defender for Containers' sensor on the cluster, reporting to
   * a workspace of its own (runtime threat detection; its findings need the
   * subscription's Defender for Containers plan, a subscription setting
   * outside the fleet). Turning it off is a deviation and needs
   * `defenderForContainersReason`.
   * @default true
   */
  readonly defenderForContainers?: boolean;
  /**
   * The version of the etcd key (the last segment of its id, 32 hexadecimal
   * characters) the cluster encrypts with. The key rotates itself every 180
   * days, and the cluster ignores that until this names the new version:
   * moving the cluster is a reviewed change, deployed in a maintenance
   * window, after which every secret is rewritten with the new version
   * (`kubectl get secrets -A -o json | kubectl replace -f -`) before the next
   * move; older versions stay enabled. The stack output
   * `<cluster>_etcd_key_latest_version` gives the newest version.
   * @default - the version current when the cluster was created
   */
  readonly etcdKeyVersion?: string;
  /**
   * Why this cluster runs without Defender for Containers; shown in the fleet report.
   * @default - none; required when `defenderForContainers` is false
   */
  readonly defenderForContainersReason?: string;
}

const VNET_PREFIX = { min: 16, max: 24, suggested: 20 };
/** The cluster's etcd key id, as `lifecycle.ignore_changes` names it. */
const ETCD_KEY_ID = 'key_management_service[0].key_vault_key_id';
const DAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];

/**
 * An Azure AKS cluster in its Azure region stack, secure by default: its own
 * resource group and virtual network with NAT egress; user-assigned
 * identities for the control plane and kubelet; etcd secrets encrypted with
 * a rotating key in a purge-protected Key Vault; a private API server with
 * VNet integration, Entra ID and Azure RBAC only; OIDC issuer and workload
 * identity; Azure CNI overlay with a network policy engine; patch upgrades
 * in a maintenance window; control-plane logs, Container Insights (with its
 * data collection rule) and the Key Vault's audit log in a Log Analytics
 * workspace; Defender for Containers; Azure Policy with the Pod Security
 * `restricted` initiative, auditing or denying as the fleet's admission
 * policies do; a tainted system pool and user pools.
 */
export class AzureCluster extends ClusterBase {
  /** The AKS cluster resource. */
  public readonly aksCluster: KubernetesCluster;
  /** The cluster's resource group. */
  public readonly resourceGroup: ResourceGroup;
  /** The virtual network, subnets and NAT egress; undefined with an existing network. */
  public readonly network?: AzureNetwork;
  /** The Key Vault and key that encrypt Kubernetes secrets. */
  public readonly key: AzureClusterKey;
  /** The control plane's identity. */
  public readonly controlPlaneIdentity: UserAssignedIdentity;
  /** The kubelet's identity (pulls images, attaches disks). */
  public readonly kubeletIdentity: UserAssignedIdentity;
  /** The workspace of control-plane logs and Container Insights. */
  public readonly logAnalytics: LogAnalyticsWorkspace;
  /** The network policy engine (and data plane). */
  public readonly networkPolicy: AzureNetworkPolicy;
  private readonly pools: NodePoolSpec[];
  private readonly backupOptions: ResolvedBackupStorageOptions;
  private readonly nodeSubnetId: string;
  private readonly accessGrants = new Set<string>();
  private backupAccount?: AzureBackupStorage;

  constructor(scope: Construct, id: string, props: AzureClusterProps) {
    props = requirePropsOf(scope, id, props, `new AzureCluster(fleet, '${id}', { region: 'westeurope', cidr: '10.20.0.0/16', systemPool: {...}, nodePools: [...] })`);
    const placement = withoutCreationStacks(() => placeCluster(scope, id, Cloud.AZURE, props.region));
    super(placement.stack, id, props, { ...placement, cloud: Cloud.AZURE, region: props.region, cidr: props.cidr });
    // cdktf's creation stacks stay empty while the cluster is built (_internal/creation-stacks: half of a large synth's time).
    const resumeCreationStacks = suspendCreationStacks();
    try {
      checkOptionalBoolean(this, 'hostEncryption', props.hostEncryption);
      checkOptionalBoolean(this, 'defenderForContainers', props.defenderForContainers);
      this.requireCidrSize(VNET_PREFIX, 'the node subnet takes half of it and must hold every node');
      for (const range of [AKS_OVERLAY_RANGES.podCidr, AKS_OVERLAY_RANGES.serviceCidr]) {
        if (cidrsOverlap(props.cidr, range)) {
          throw FleetError.invalidProperty(this, 'cidr', props.cidr, `overlaps ${range}, which AKS uses inside every cluster for pods or services`,
            'choose a range outside 100.64.0.0/15, e.g. in 10.0.0.0/8');
        }
      }
      const system = this.resolveSystemPool(props.systemPool);
      const user = resolveNodePools(this, Cloud.AZURE, props.nodePools, [system.name]);
      this.pools = [system, ...user];
      const admins = this.resolveAdminGroups(props.adminGroupObjectIds);
      const publicAccessCidrs = this.resolvePublicAccessCidrs(props.publicAccessCidrs);
      const skuTier = this.resolveSkuTier(props.skuTier);
      const window = this.resolveMaintenanceWindow(props.maintenanceWindow);
      const logRetentionDays = props.logRetentionDays ?? 365;
      if (!Number.isInteger(logRetentionDays) || logRetentionDays < 30 || logRetentionDays > 730) {
        throw FleetError.invalidProperty(this, 'logRetentionDays', logRetentionDays, 'must be a whole number of days from 30 to 730 (Log Analytics retention)', 'use e.g. 90 or 365');
      }
      const policy = props.networkPolicy ?? AzureNetworkPolicy.CILIUM;
      if (!Object.values(AzureNetworkPolicy).includes(policy)) {
        throw FleetError.invalidProperty(this, 'networkPolicy', policy, 'is not a network policy engine AKS offers', 'use AzureNetworkPolicy.CILIUM or AzureNetworkPolicy.AZURE');
      }
      this.networkPolicy = policy;
      const defender = this.resolveDefender(props);
      const etcdKeyVersion = props.etcdKeyVersion;
      if (etcdKeyVersion !== undefined && (typeof etcdKeyVersion !== 'string' || !/^[0-9a-f]{32}$/i.test(etcdKeyVersion))) {
        throw FleetError.invalidProperty(this, 'etcdKeyVersion', etcdKeyVersion, 'is not a Key Vault key version (32 hexadecimal characters)',
          `give the last segment of the key id, e.g. the stack output ${this.clusterName}_etcd_key_latest_version`);
      }

      this.backupOptions = this.resolveBackupStorage(props.backupStorage);
      if (this.backupOptions.retentionDays > AZURE_MAX_BACKUP_RETENTION_DAYS) {
        throw FleetError.invalidProperty(this, 'backupStorage.retentionDays', this.backupOptions.retentionDays,
          `must be at most ${AZURE_MAX_BACKUP_RETENTION_DAYS} on Azure: a deleted backup stays recoverable through blob soft delete, which keeps deleted versions 1 to 365 days`,
          `use ${AZURE_MAX_BACKUP_RETENTION_DAYS} or fewer days`);
      }
      const existing = props.existingNetwork ? this.resolveExistingNetwork(props.existingNetwork) : undefined;
      const egress = this.resolveEgress(props);

      const name = this.clusterName;
      const location = props.region;
      this.resourceGroup = new ResourceGroup(this, 'resource-group', { name: resourceGroupName(this.fleet.fleetName, name), location, tags: this.tags });
      const common = { location, resourceGroupName: this.resourceGroup.name, tags: this.tags };
      let net: Required<AzureExistingNetwork> & { ready: ITerraformDependable[] };
      if (existing) {
        net = { ...existing, ready: [] };
      } else {
        this.network = new AzureNetwork(this, 'network', { clusterName: name, region: location, resourceGroupName: this.resourceGroup.name, cidr: props.cidr, egress, tags: this.tags });
        net = {
          vnetId: this.network.vnet.id,
          nodeSubnetId: this.network.nodeSubnet.id,
          apiServerSubnetId: this.network.apiServerSubnet.id,
          outboundType: this.network.outboundType,
          ready: this.network.nodeEgress,
        };
      }
      this.nodeSubnetId = net.nodeSubnetId;
      const deployer = this.fleet.deployer;
      const deployerPrincipalId = requireAzureDeployer(this, deployer);
      this.key = new AzureClusterKey(this, 'encryption', {
        fleetName: this.fleet.fleetName,
        clusterName: name,
        region: location,
        resourceGroupName: this.resourceGroup.name,
        disposable: this.disposable,
        deployerPrincipalId,
        deployerIpRanges: deployer.azureIpRanges,
        deployerSubnetIds: deployer.azureSubnetIds,
        deployerPrivateEndpoint: deployer.azurePrivateEndpoint,
        tags: this.tags,
      });

      this.controlPlaneIdentity = new UserAssignedIdentity(this, 'control-plane-identity', { ...common, name: `id-${name}-control-plane` });
      this.kubeletIdentity = new UserAssignedIdentity(this, 'kubelet-identity', { ...common, name: `id-${name}-kubelet` });
      // What the control plane needs before it is created: join and manage its
      // subnets, hand the kubelet identity to the nodes, use the etcd key, and
      // create its private endpoint to the vault; with load balancer egress, put
      // the egress IP on its load balancer ("You must ensure the AKS cluster
      // identity ... has permissions to access the outbound IP", articles/aks/load-balancer-standard.md).
      const loadBalancerIp = egress.kind === AzureEgressKind.ZONE_REDUNDANT_LOAD_BALANCER ? this.network?.egressIp : undefined;
      const grants = [
        { id: 'network-contributor', role: 'Network Contributor', scope: net.vnetId },
        { id: 'kubelet-identity-operator', role: 'Managed Identity Operator', scope: this.kubeletIdentity.id },
        { id: 'key-crypto-user', role: 'Key Vault Crypto User', scope: this.key.vault.id },
        { id: 'key-vault-contributor', role: 'Key Vault Contributor', scope: this.key.vault.id },
        ...(loadBalancerIp ? [{ id: 'egress-ip-network-contributor', role: 'Network Contributor', scope: loadBalancerIp.id }] : []),
      ].map((grant) => new RoleAssignment(this, `control-plane-${grant.id}`, {
        scope: grant.scope,
        roleDefinitionName: grant.role,
        principalId: this.controlPlaneIdentity.principalId,
        principalType: 'ServicePrincipal',
      }));

      this.logAnalytics = new LogAnalyticsWorkspace(this, 'logs', {
        ...common,
        name: `log-${name}`,
        sku: 'PerGB2018',
        retentionInDays: logRetentionDays,
        // Agents authenticate with their managed identity; no shared keys.
        localAuthenticationEnabled: false,
      });

      // AKS KMS takes a versioned key id only (azurerm v4.55.0 validates key_vault_key_id with keyVaultValidate.NestedItemId,
      // which refuses an id without a version; AKS's "Rotate the existing keys" changes the key id to a new version).
      const etcdKeyId = props.etcdKeyVersion === undefined ? this.key.key.id : `${this.key.key.versionlessId}/${etcdKeyVersion}`;
      const zones = this.fleet._catalogue.azureRegionHasZones(location) ? ['1', '2', '3'] : undefined;
      const pool = (spec: NodePoolSpec) => aksPoolSettings(spec, {
        kubernetesVersion: this.kubernetesVersion,
        subnetId: net.nodeSubnetId,
        zones,
        hostEncryption: props.hostEncryption === true,
        tags: this.tags,
      });
      const maintenance = { frequency: 'Weekly', interval: 1, dayOfWeek: window.dayOfWeek, startTime: window.startTime, duration: window.durationHours, utcOffset: window.utcOffset };

      this.aksCluster = new KubernetesCluster(this, 'cluster', {
        ...common,
        name,
        dnsPrefix: name,
        kubernetesVersion: this.kubernetesVersion,
        skuTier,
        identity: { type: 'UserAssigned', identityIds: [this.controlPlaneIdentity.id] },
        kubeletIdentity: {
          clientId: this.kubeletIdentity.clientId,
          objectId: this.kubeletIdentity.principalId,
          userAssignedIdentityId: this.kubeletIdentity.id,
        },
        privateClusterEnabled: publicAccessCidrs.length === 0,
        apiServerAccessProfile: {
          virtualNetworkIntegrationEnabled: true,
          subnetId: net.apiServerSubnetId,
          authorizedIpRanges: publicAccessCidrs.length > 0 ? publicAccessCidrs : undefined,
        },
        localAccountDisabled: true,
        roleBasedAccessControlEnabled: true,
        azureActiveDirectoryRoleBasedAccessControl: {
          azureRbacEnabled: true,
          tenantId: this.key.tenantId,
          adminGroupObjectIds: admins.length > 0 ? admins : undefined,
        },
        keyManagementService: { keyVaultKeyId: etcdKeyId, keyVaultNetworkAccess: 'Private' },
        oidcIssuerEnabled: true,
        workloadIdentityEnabled: true,
        azurePolicyEnabled: true,
        runCommandEnabled: false,
        imageCleanerEnabled: true,
        imageCleanerIntervalHours: 48,
        // No upgrade of its own accord: AKS would patch each cluster on its own
        // schedule, a later wave before the canary. Upgrades come as Fleet
        // Manager update runs, wave after wave, inside these windows.
        nodeOsUpgradeChannel: 'None',
        maintenanceWindowAutoUpgrade: maintenance,
        maintenanceWindowNodeOs: maintenance,
        omsAgent: { logAnalyticsWorkspaceId: this.logAnalytics.id, msiAuthForMonitoringEnabled: true },
        microsoftDefender: defender ? { logAnalyticsWorkspaceId: this.defenderWorkspace(common, name, logRetentionDays).id } : undefined,
        networkProfile: {
          networkPlugin: 'azure',
          networkPluginMode: 'overlay',
          networkDataPlane: policy === AzureNetworkPolicy.CILIUM ? 'cilium' : 'azure',
          networkPolicy: policy,
          podCidr: AKS_OVERLAY_RANGES.podCidr,
          serviceCidr: AKS_OVERLAY_RANGES.serviceCidr,
          dnsServiceIp: AKS_OVERLAY_RANGES.dnsServiceIp,
          outboundType: net.outboundType,
          ...(loadBalancerIp ? { loadBalancerSku: 'standard', loadBalancerProfile: { outboundIpAddressIds: [loadBalancerIp.id] } } : {}),
        },
        defaultNodePool: {
          ...pool(system),
          name: system.name,
          onlyCriticalAddonsEnabled: true,
          // Lets a change of VM size rotate the system pool instead of failing to plan.
          temporaryNameForRotation: `${system.name.slice(0, 9)}tmp`,
        },
        // The cluster autoscaler owns the node count once the pool exists. Without a chosen etcd key version, the
        // cluster keeps the one it was created with: the key's rotation must not update the cluster on an unrelated apply.
        lifecycle: { ignoreChanges: ['default_node_pool[0].node_count', ...(props.etcdKeyVersion === undefined ? [ETCD_KEY_ID] : [])] },
        dependsOn: [...grants, ...net.ready],
      });

      addAzureClusterLogs(this, {
        clusterName: name,
        region: location,
        resourceGroupName: this.resourceGroup.name,
        cluster: this.aksCluster,
        workspace: this.logAnalytics,
        keyVault: this.key.vault,
        tags: this.tags,
      });
      assignPodSecurityPolicies(this, this.aksCluster, () => this.fleet.admissionPolicy);

      // The pipeline applies the cluster's bootstrap YAML (CRDs, cluster roles,
      // the GitOps engine) through Azure RBAC, as the named deployer.
      // Cluster User Role lets it fetch the kubeconfig, which holds no credential.
      for (const [grant, role] of [['cluster-admin', 'Azure Kubernetes Service RBAC Cluster Admin'], ['user', 'Azure Kubernetes Service Cluster User Role']]) {
        new RoleAssignment(this, `deployer-${grant}`, { scope: this.aksCluster.id, roleDefinitionName: role, principalId: deployerPrincipalId, principalType: 'ServicePrincipal' });
      }

      for (const spec of user) {
        const settings = pool(spec);
        new KubernetesClusterNodePool(this, `pool-${spec.name}`, {
          ...settings,
          name: spec.name,
          kubernetesClusterId: this.aksCluster.id,
          mode: 'User',
          nodeTaints: aksNodeTaints(spec),
          ...(spec.spot ? { priority: 'Spot', evictionPolicy: 'Delete', spotMaxPrice: -1 } : {}),
          lifecycle: { ignoreChanges: ['node_count'] },
        });
      }
      this.joinFleetManager();
      this.addOutputs(publicAccessCidrs.length === 0);
    } finally {
      resumeCreationStacks();
    }
  }

  /**
   * Joins the fleet's Azure Kubernetes Fleet Manager, in the update group of
   * its wave, so update runs reach it in its wave's stage. The Fleet Manager
   * has a stack of its own, which this cluster's stack follows.
   */
  private joinFleetManager(): void {
    const pinned = this.fleet.azureFleetManagerRegion;
    const stack = this.fleet._regionStack(Cloud.AZURE, pinned ?? this.region, AZURE_FLEET_MANAGER_STACK);
    if (pinned === undefined && !stack.node.tryFindChild('fleet-manager')) {
      this.fleet._warn(this.fleet, `azureFleetManagerRegion is not set, so the Azure Fleet Manager goes to ${this.region}, the first Azure cluster's region; ` +
        'set it, or adding and removing clusters may move the Fleet Manager, which replaces it and drops every membership');
    }
    const manager = (stack.node.tryFindChild('fleet-manager') as AzureFleetManager | undefined) ?? new AzureFleetManager(stack, 'fleet-manager', {
      fleetName: this.fleet.fleetName,
      subscriptionId: this.fleet.azureSubscriptionId!,
      region: stack.region,
      waveOrder: () => this.fleet.waves.map((w) => w.name),
      tags: this.fleet.cloudTags,
    });
    manager.addWave(this.wave);
    if (!this.stack!.dependencies.includes(stack)) {
      this.stack!.addDependency(stack);
    }
    new KubernetesFleetMember(this, 'fleet-member', {
      name: this.clusterName,
      kubernetesFleetId: manager.fleetManagerId,
      kubernetesClusterId: this.aksCluster.id,
      group: this.wave,
    });
  }

  public get nodePools(): NodePoolSummary[] {
    return this.pools;
  }

  /**
   * Azure RBAC role assignments of each Entra group: `Azure Kubernetes
   * Service RBAC Writer` on each of the grant's namespaces (scope
   * `<cluster id>/namespaces/<name>`), or `RBAC Cluster Admin` on the
   * cluster, plus `Cluster User Role` to fetch a kubeconfig (which holds no
   * credential: sign-in is through Entra ID).
   */
  public grantAccess(grant: ClusterAccessGrant): void {
    checkGroupObjectIds(this, `access.${grant.name}.azureGroupObjectIds`, grant.azureGroupObjectIds);
    for (const group of grant.azureGroupObjectIds) {
      const key = `${grant.name}:${group}`;
      if (this.accessGrants.has(key)) {
        throw FleetError.invalidProperty(this, `access.${grant.name}.azureGroupObjectIds`, group, 'is granted twice on this cluster', 'list each group once');
      }
      this.accessGrants.add(key);
      const assign = (id: string, role: string, scope: string) => new RoleAssignment(this, `access-${grant.name}-${group}-${id}`, {
        scope, roleDefinitionName: role, principalId: group, principalType: 'Group',
      });
      // One kubeconfig role per group, however many teams it is in.
      if (!this.accessGrants.has(`user:${group}`)) {
        this.accessGrants.add(`user:${group}`);
        assign('user', 'Azure Kubernetes Service Cluster User Role', this.aksCluster.id);
      }
      if (grant.namespaces === undefined) {
        assign('cluster-admin', 'Azure Kubernetes Service RBAC Cluster Admin', this.aksCluster.id);
      } else {
        for (const namespace of grant.namespaces) {
          assign(`writer-${namespace}`, 'Azure Kubernetes Service RBAC Writer', `${this.aksCluster.id}/namespaces/${namespace}`);
        }
      }
    }
  }

  /** AKS runs its own metrics-server, and with the Cilium data plane its own Cilium. */
  public get bundledComponents(): BundledComponent[] {
    return this.networkPolicy === AzureNetworkPolicy.CILIUM
      ? [BundledComponent.METRICS_SERVER, BundledComponent.MANAGED_CILIUM]
      : [BundledComponent.METRICS_SERVER];
  }

  public get supportsBackupStorage(): boolean {
    return true;
  }

  /**
   * A blob container of its own in a geo-redundant storage account reached
   * with Entra ID only (see `AzureBackupStorage`). Its firewall admits the node subnet, which gets a
   * `Microsoft.Storage.Global` service endpoint; an existing node subnet
   * needs that endpoint already.
   */
  protected createBackupLocation(location: string): BackupStorage {
    this.backupAccount ??= this.createBackupAccount();
    return this.backupAccount.location(location);
  }

  private createBackupAccount(): AzureBackupStorage {
    if (this.network) {
      this.network.nodeSubnet.serviceEndpoints = ['Microsoft.Storage.Global'];
    }
    return new AzureBackupStorage(this, 'backup-storage', {
      ...this.backupOptions,
      fleetName: this.fleet.fleetName,
      clusterName: this.clusterName,
      subscriptionId: this.fleet.azureSubscriptionId!,
      resourceGroupName: this.resourceGroup.name,
      resourceGroupNameLiteral: resourceGroupName(this.fleet.fleetName, this.clusterName),
      subnetIds: [this.nodeSubnetId],
      disposable: this.disposable,
      tags: this.tags,
    });
  }

  public get supportsWorkloadIdentity(): boolean {
    return true;
  }

  /**
   * A user-assigned identity federated with exactly
   * `system:serviceaccount:<namespace>:<serviceAccount>` on this cluster's
   * OIDC issuer, holding `roleAssignments`. Azure assigns the client id at
   * deploy, so the annotation carries `${<variable>}`, filled from the
   * stack output of the same name (see `deployTimeValues`).
   */
  protected createWorkloadIdentity(options: WorkloadIdentityOptions, _subject: string): WorkloadIdentityBinding {
    checkRoleAssignments(this, options.roleAssignments ?? []);
    const variable = `${this.clusterName}_${options.namespace}_${options.serviceAccount}_client_id`.replace(/[-.]/g, '_');
    this.addDeployTimeValue({
      variable,
      stack: this.stack!.stackName,
      output: variable,
      description: `client id of the workload identity of ${options.namespace}/${options.serviceAccount}`,
    });
    const identity = new AzureWorkloadIdentity(this, `workload-identity-${options.namespace}-${options.serviceAccount}`, {
      clusterName: this.clusterName,
      region: this.region,
      resourceGroupName: this.resourceGroup.name,
      oidcIssuerUrl: this.aksCluster.oidcIssuerUrl,
      namespace: options.namespace,
      serviceAccount: options.serviceAccount,
      roleAssignments: options.roleAssignments ?? [],
      tags: this.tags,
    });
    new TerraformOutput(this, variable, {
      value: identity.identity.clientId,
      description: `Client id of the workload identity of ${options.namespace}/${options.serviceAccount} (fills \${${variable}} in the cluster's YAML)`,
      staticId: true,
    });
    const placeholder = `\${${variable}}`;
    return {
      namespace: options.namespace,
      serviceAccount: options.serviceAccount,
      serviceAccountAnnotations: { 'azure.workload.identity/client-id': placeholder },
      podLabels: { 'azure.workload.identity/use': 'true' },
      identity: placeholder,
    };
  }

  /** Outputs with stable names (`<cluster>_<what>`) that pipelines read; never credentials or a kubeconfig. */
  private addOutputs(isPrivate: boolean): void {
    const outputs: Record<string, { value: string; description: string }> = {
      name: { value: this.aksCluster.name, description: 'AKS cluster name' },
      id: { value: this.aksCluster.id, description: 'AKS cluster resource id' },
      resource_group: { value: this.resourceGroup.name, description: 'Resource group of the cluster' },
      host: { value: isPrivate ? this.aksCluster.privateFqdn : this.aksCluster.fqdn, description: 'API server host name (private unless public access was opted in)' },
      oidc_issuer_url: { value: this.aksCluster.oidcIssuerUrl, description: 'OIDC issuer URL of the cluster' },
      kubelet_identity_client_id: { value: this.kubeletIdentity.clientId, description: 'Client id of the kubelet identity (grant it AcrPull on registries)' },
      kubelet_identity_object_id: { value: this.kubeletIdentity.principalId, description: 'Object id of the kubelet identity' },
      etcd_key_latest_version: { value: this.key.key.version, description: 'Newest version of the etcd key; the cluster moves to it only when etcdKeyVersion names it' },
    };
    if (this.network?.egressIp) {
      outputs.egress_ip = { value: this.network.egressIp.ipAddress, description: 'Public IP the cluster egresses from (for allowlists)' };
    }
    for (const [what, output] of Object.entries(outputs)) {
      new TerraformOutput(this, `${this.clusterName}_${what}`, { ...output, staticId: true });
    }
  }

  private resolveEgress(props: AzureClusterProps): AzureEgress {
    const egress = props.egress ?? AzureEgress.natGateway();
    if (props.egress !== undefined && props.existingNetwork !== undefined) {
      throw FleetError.invalidProperty(this, 'egress', egress.kind, 'cannot be set with an existing network, whose egress is already in place',
        'leave egress out and set existingNetwork.outboundType');
    }
    if (!(egress instanceof AzureEgress)) {
      throw FleetError.invalidProperty(this, 'egress', egress, 'is not an AzureEgress', 'use AzureEgress.natGateway(), zoneRedundantLoadBalancer() or firewall(ip)');
    }
    if (egress.kind === AzureEgressKind.ZONE_REDUNDANT_LOAD_BALANCER && !this.fleet._catalogue.azureRegionHasZones(props.region)) {
      throw FleetError.invalidProperty(this, 'egress', egress.kind, `is zone-redundant, but ${props.region} has no availability zones`, 'use AzureEgress.natGateway() there');
    }
    if (egress.kind === AzureEgressKind.FIREWALL) {
      const ip = egress.nextHopIp;
      if (typeof ip !== 'string' || !/^\d{1,3}(\.\d{1,3}){3}$/.test(ip) || cidrProblem(`${ip}/32`) || !isPrivateCidr(`${ip}/32`)) {
        throw FleetError.invalidProperty(this, 'egress.nextHopIp', ip, "must be a private IPv4 address (the firewall's address in a peered or the same network)",
          "give the firewall's private IP, e.g. '10.0.1.4'");
      }
    }
    return egress;
  }

  private resolveExistingNetwork(network: AzureExistingNetwork): Required<AzureExistingNetwork> {
    const vnet = /^\/subscriptions\/[0-9a-f-]{36}\/resourceGroups\/[^/]+\/providers\/Microsoft\.Network\/virtualNetworks\/[^/]+$/i;
    if (typeof network.vnetId !== 'string' || !vnet.test(network.vnetId)) {
      throw FleetError.invalidProperty(this, 'existingNetwork.vnetId', network.vnetId, 'is not a virtual network resource id',
        "use '/subscriptions/<id>/resourceGroups/<rg>/providers/Microsoft.Network/virtualNetworks/<name>'");
    }
    for (const prop of ['nodeSubnetId', 'apiServerSubnetId'] as const) {
      const id = network[prop];
      if (typeof id !== 'string' || !id.toLowerCase().startsWith(`${network.vnetId.toLowerCase()}/subnets/`)) {
        throw FleetError.invalidProperty(this, `existingNetwork.${prop}`, id, 'is not a subnet of existingNetwork.vnetId',
          `use '${network.vnetId}/subnets/<name>'`);
      }
    }
    if (network.nodeSubnetId === network.apiServerSubnetId) {
      throw FleetError.invalidProperty(this, 'existingNetwork.apiServerSubnetId', network.apiServerSubnetId, 'must differ from the node subnet (AKS delegates it to the API server)',
        'give the API server its own /27 subnet delegated to Microsoft.ContainerService/managedClusters');
    }
    const outboundType = network.outboundType ?? 'userAssignedNATGateway';
    if (outboundType !== 'userAssignedNATGateway' && outboundType !== 'userDefinedRouting') {
      throw FleetError.invalidProperty(this, 'existingNetwork.outboundType', outboundType, 'must be userAssignedNATGateway or userDefinedRouting (nodes have no public IPs)',
        "use 'userAssignedNATGateway' for a NAT gateway on the subnet, 'userDefinedRouting' for a route to a firewall");
    }
    return { vnetId: network.vnetId, nodeSubnetId: network.nodeSubnetId, apiServerSubnetId: network.apiServerSubnetId, outboundType };
  }

  /**
   * Defender's sensor publishes with workspace keys only (its publisher pods
   * predate the Azure Monitor Agent and crash on a workspace with local
   * authentication off: Azure/Microsoft-Defender-for-Cloud#1010). The
   * cluster's own workspace stays keyless; Defender gets a workspace of
   * its own, so the keys reach its security data and nothing else.
   */
  private defenderWorkspace(
    common: { location: string; resourceGroupName: string; tags: { [key: string]: string } }, name: string, retentionDays: number,
  ): LogAnalyticsWorkspace {
    return new LogAnalyticsWorkspace(this, 'defender-logs', {
      ...common,
      name: `log-${name}-defender`,
      sku: 'PerGB2018',
      retentionInDays: retentionDays,
      localAuthenticationEnabled: true,
    });
  }

  private resolveDefender(props: AzureClusterProps): boolean {
    const on = props.defenderForContainers ?? true;
    if (!on) {
      this.addDeviation({ property: 'defenderForContainers', standard: 'on', value: 'off', reason: props.defenderForContainersReason ?? '' });
    } else if (props.defenderForContainersReason !== undefined) {
      this.fleet._warn(this, "'defenderForContainersReason' is set but Defender for Containers is on; remove the stale reason");
    }
    return on;
  }

  private resolveSystemPool(options: NodePoolOptions | undefined): NodePoolSpec {
    if (!options) {
      throw FleetError.invalidProperty(this, 'systemPool', options, 'is required: AKS needs a system pool for its critical add-ons',
        "add systemPool: { name: 'system', size: 'Standard_D4s_v5', min: 2, max: 3 }");
    }
    const system = resolveNodePool(this, Cloud.AZURE, options, 'systemPool');
    if (system.min < 1) {
      throw FleetError.invalidProperty(this, 'systemPool.min', system.min, 'must be at least 1 (AKS runs CoreDNS and other critical add-ons there)', 'set min: 1 or more, 2 for production');
    }
    if (system.taints.length > 0) {
      throw FleetError.invalidProperty(this, 'systemPool.taints', system.taints, 'cannot be set: the system pool is tainted CriticalAddonsOnly by AKS',
        'put tainted nodes in a user pool (nodePools)');
    }
    if (system.spot) {
      throw FleetError.invalidProperty(this, 'systemPool.spot', true, 'cannot be set: evicting system nodes takes down CoreDNS and the cluster\'s own add-ons',
        'use spot capacity in a user pool');
    }
    return system;
  }

  private resolveAdminGroups(own: string[] | undefined): string[] {
    const all = [...new Set([...this.fleet.azureAdminGroupObjectIds, ...(own ?? [])])];
    checkGroupObjectIds(this, 'adminGroupObjectIds', all);
    return all.sort();
  }

  private resolveSkuTier(tier: AzureSkuTier | undefined): AzureSkuTier {
    const resolved = tier ?? (this.disposable ? AzureSkuTier.FREE : AzureSkuTier.STANDARD);
    if (!Object.values(AzureSkuTier).includes(resolved)) {
      throw FleetError.invalidProperty(this, 'skuTier', resolved, 'is not an AKS pricing tier', 'use AzureSkuTier.STANDARD, PREMIUM or (disposable clusters) FREE');
    }
    if (resolved === AzureSkuTier.FREE && !this.disposable) {
      throw FleetError.invalidProperty(this, 'skuTier', resolved, 'has no uptime SLA and is allowed only on disposable clusters',
        'use AzureSkuTier.STANDARD, or mark the cluster disposable: true');
    }
    return resolved;
  }

  private resolveMaintenanceWindow(window: AzureMaintenanceWindow | undefined): Required<AzureMaintenanceWindow> {
    const resolved = { dayOfWeek: 'Sunday', startTime: '02:00', durationHours: 4, utcOffset: '+00:00', ...(window ?? {}) };
    if (!DAYS.includes(resolved.dayOfWeek)) {
      throw FleetError.invalidProperty(this, 'maintenanceWindow.dayOfWeek', resolved.dayOfWeek, 'is not a day of the week', `use one of ${DAYS.join(', ')}`);
    }
    if (!/^([01]\d|2[0-3]):[0-5]\d$/.test(resolved.startTime)) {
      throw FleetError.invalidProperty(this, 'maintenanceWindow.startTime', resolved.startTime, "must be a time as 'HH:mm'", "use e.g. '02:00'");
    }
    if (!Number.isInteger(resolved.durationHours) || resolved.durationHours < 4 || resolved.durationHours > 24) {
      throw FleetError.invalidProperty(this, 'maintenanceWindow.durationHours', resolved.durationHours, 'must be a whole number of hours from 4 to 24 (AKS needs at least 4)', 'use e.g. 4');
    }
    if (!/^[+-](0\d|1[0-4]):[0-5]\d$/.test(resolved.utcOffset)) {
      throw FleetError.invalidProperty(this, 'maintenanceWindow.utcOffset', resolved.utcOffset, "must be an offset from UTC as '+HH:mm' or '-HH:mm'", "use e.g. '+01:00'");
    }
    return resolved;
  }
}
