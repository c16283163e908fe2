import { KubernetesCluster } from '@cdktf/provider-azurerm/lib/kubernetes-cluster';
import { KubernetesClusterNodePool } from '@cdktf/provider-azurerm/lib/kubernetes-cluster-node-pool';
import { ResourceGroup } from '@cdktf/provider-azurerm/lib/resource-group';
import { Subnet } from '@cdktf/provider-azurerm/lib/subnet';
import { VirtualNetwork } from '@cdktf/provider-azurerm/lib/virtual-network';
import { Construct } from 'constructs';
import { AKS_OVERLAY_RANGES } from './aks-network-ranges';
import { cidrsOverlap, subnetOf } from '../../_internal/cidr';
import { FleetError } from '../../_internal/fleet-error';
import { azureRegionHasZones } from '../catalogue/regions';
import { Cloud } from '../cloud';
import { NodePoolSummary } from '../cluster';
import { ClusterBase, ClusterProps, placeCluster } from '../cluster-base';
import { NodePoolOptions, NodePoolSpec, resolveNodePools } from '../node-pool';

/** Properties of an AKS cluster. */
export interface AzureClusterProps extends ClusterProps {
  /** Azure region, e.g. `westeurope`. */
  readonly region: string;
  /** The virtual network's IPv4 range, /16 to /24, unique in the fleet. */
  readonly cidr: string;
  /**
   * Node pools. The first is the system pool (AKS's default node pool);
   * the others are user pools.
   */
  readonly nodePools: NodePoolOptions[];
}

const VNET_PREFIX = { min: 16, max: 24, suggested: 20 };

/**
 * An Azure AKS cluster in its Azure region stack: a resource group, a
 * virtual network and node subnet, and a private AKS cluster with Entra ID
 * and Azure RBAC, no local accounts, OIDC issuer and workload identity,
 * Azure CNI overlay with network policy, and one pool per node pool.
 */
export class AzureCluster extends ClusterBase {
  /** The AKS cluster resource. */
  public readonly aksCluster: KubernetesCluster;
  /** The cluster's resource group. */
  public readonly resourceGroup: ResourceGroup;
  private readonly pools: NodePoolSpec[];

  constructor(scope: Construct, id: string, props: AzureClusterProps) {
    const placement = placeCluster(scope, id, Cloud.AZURE, props.region);
    super(placement.stack, id, props, { ...placement, cloud: Cloud.AZURE, region: props.region, cidr: props.cidr });
    const prefix = this.requireCidrSize(VNET_PREFIX, 'the node subnet takes half of it and must hold every node');
    for (const range of [AKS_OVERLAY_RANGES.podCidr, AKS_OVERLAY_RANGES.serviceCidr]) {
      if (cidrsOverlap(props.cidr, range)) {
        throw FleetError.invalidProperty(this, 'cidr', props.cidr, `overlaps ${range}, which AKS uses inside every cluster for pods or services`,
          'choose a range outside 100.64.0.0/15, e.g. in 10.0.0.0/8');
      }
    }
    this.pools = resolveNodePools(this, Cloud.AZURE, props.nodePools);
    const [system, ...user] = this.pools;
    if (system.min < 1) {
      throw FleetError.invalidProperty(this, 'nodePools[0].min', system.min, 'must be at least 1 on the system pool (AKS runs CoreDNS and other critical add-ons there)',
        'set min: 1 or more on the first pool');
    }
    if (system.taints.length > 0) {
      throw FleetError.invalidProperty(this, 'nodePools[0].taints', system.taints, 'cannot be set on the system pool (AKS default node pool)',
        'put tainted nodes in a later (user) pool');
    }

    const name = this.clusterName;
    const zones = azureRegionHasZones(props.region) ? ['1', '2', '3'] : undefined;
    this.resourceGroup = new ResourceGroup(this, 'resource-group', {
      name: `rg-${this.fleet.fleetName}-${name}`,
      location: props.region,
      tags: this.tags,
    });
    const vnet = new VirtualNetwork(this, 'vnet', {
      name: `vnet-${name}`,
      location: props.region,
      resourceGroupName: this.resourceGroup.name,
      addressSpace: [props.cidr],
      tags: this.tags,
    });
    const nodeSubnet = new Subnet(this, 'nodes', {
      name: 'snet-nodes',
      resourceGroupName: this.resourceGroup.name,
      virtualNetworkName: vnet.name,
      addressPrefixes: [subnetOf(props.cidr, prefix + 1, 0)!],
    });

    this.aksCluster = new KubernetesCluster(this, 'cluster', {
      name,
      location: props.region,
      resourceGroupName: this.resourceGroup.name,
      dnsPrefix: name,
      kubernetesVersion: this.kubernetesVersion,
      skuTier: this.disposable ? 'Free' : 'Standard',
      privateClusterEnabled: true,
      localAccountDisabled: true,
      roleBasedAccessControlEnabled: true,
      azureActiveDirectoryRoleBasedAccessControl: { azureRbacEnabled: true },
      oidcIssuerEnabled: true,
      workloadIdentityEnabled: true,
      azurePolicyEnabled: true,
      automaticUpgradeChannel: 'patch',
      nodeOsUpgradeChannel: 'NodeImage',
      identity: { type: 'SystemAssigned' },
      networkProfile: {
        networkPlugin: 'azure',
        networkPluginMode: 'overlay',
        networkPolicy: 'azure',
        podCidr: AKS_OVERLAY_RANGES.podCidr,
        serviceCidr: AKS_OVERLAY_RANGES.serviceCidr,
        dnsServiceIp: AKS_OVERLAY_RANGES.dnsServiceIp,
      },
      defaultNodePool: {
        name: system.name,
        vmSize: system.size,
        autoScalingEnabled: true,
        minCount: system.min,
        maxCount: system.max,
        nodeCount: system.desired,
        vnetSubnetId: nodeSubnet.id,
        zones,
        nodeLabels: { ...system.labels, 'fleet.cdk-fleet.io/pool': system.name },
        orchestratorVersion: this.kubernetesVersion,
        upgradeSettings: { maxSurge: '33%' },
        // Lets a change of VM size rotate the system pool instead of failing to plan.
        temporaryNameForRotation: `${system.name.slice(0, 9)}tmp`,
        tags: this.tags,
      },
      tags: this.tags,
      // The cluster autoscaler owns the node count once the pool exists.
      lifecycle: { ignoreChanges: ['default_node_pool[0].node_count'] },
    });

    for (const pool of user) {
      new KubernetesClusterNodePool(this, `pool-${pool.name}`, {
        name: pool.name,
        kubernetesClusterId: this.aksCluster.id,
        mode: 'User',
        vmSize: pool.size,
        autoScalingEnabled: true,
        minCount: pool.min,
        maxCount: pool.max,
        nodeCount: pool.desired,
        vnetSubnetId: nodeSubnet.id,
        zones,
        orchestratorVersion: this.kubernetesVersion,
        nodeLabels: { ...pool.labels, 'fleet.cdk-fleet.io/pool': pool.name },
        nodeTaints: pool.taints.map((t) => `${t.key}${t.value !== undefined ? `=${t.value}` : ''}:${t.effect}`),
        upgradeSettings: { maxSurge: '33%' },
        tags: this.tags,
        lifecycle: { ignoreChanges: ['node_count'] },
      });
    }
  }

  public get nodePools(): NodePoolSummary[] {
    return this.pools;
  }
}
