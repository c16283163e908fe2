import { NatGateway } from '@cdktf/provider-azurerm/lib/nat-gateway';
import { NatGatewayPublicIpAssociation } from '@cdktf/provider-azurerm/lib/nat-gateway-public-ip-association';
import { PublicIp } from '@cdktf/provider-azurerm/lib/public-ip';
import { RouteTable } from '@cdktf/provider-azurerm/lib/route-table';
import { Subnet } from '@cdktf/provider-azurerm/lib/subnet';
import { SubnetNatGatewayAssociation } from '@cdktf/provider-azurerm/lib/subnet-nat-gateway-association';
import { SubnetRouteTableAssociation } from '@cdktf/provider-azurerm/lib/subnet-route-table-association';
import { VirtualNetwork } from '@cdktf/provider-azurerm/lib/virtual-network';
import { ITerraformDependable } from 'cdktf';
import { Construct } from 'constructs';
import { AzureEgress, AzureEgressKind } from './azure-egress';
import { subnetOf } from '../../_internal/cidr';

/** The API server subnet's prefix length: AKS's reserved addresses and room to scale (see AzureNetwork). */
const API_SERVER_SUBNET_PREFIX = 27;

/** What the AKS network needs from its cluster. */
export interface AzureNetworkProps {
  readonly clusterName: string;
  readonly region: string;
  readonly resourceGroupName: string;
  /** The virtual network's range, already validated (/16–/24). */
  readonly cidr: string;
  /** How nodes reach the internet, already validated. */
  readonly egress: AzureEgress;
  readonly tags: { [key: string]: string };
}

/**
 * The cluster's virtual network, cut by prefix arithmetic on its range:
 *
 * - `snet-nodes`: the first half, for nodes (pods use the overlay, not VNet addresses);
 * - `snet-apiserver`: the first /27 of the second half, delegated to AKS for
 *   API server VNet integration (the control plane's private front door, and
 *   the path KMS takes to a private key vault). AKS reserves at least 9 of its
 *   addresses and warns that running out may cause an API server outage
 *   (MicrosoftDocs/azure-docs articles/aks/api-server-vnet-integration.md);
 *   Azure keeps 5 of every subnet, so the documented minimum /28 leaves 2
 *   spare and a /27 leaves 18;
 * - the rest of the second half stays free for private endpoints and later needs.
 *
 * Subnets have no implicit default outbound access: egress leaves the way
 * `egress` says (see `AzureEgress`), through a NAT gateway or the cluster's
 * load balancer with one static public IP, so the outbound address is known
 * and allowlistable, or through a route to the fleet's firewall.
 */
export class AzureNetwork extends Construct {
  public readonly vnet: VirtualNetwork;
  public readonly nodeSubnet: Subnet;
  public readonly apiServerSubnet: Subnet;
  /** The NAT gateway, with NAT gateway egress. */
  public readonly natGateway?: NatGateway;
  /** The static public IP egress leaves from; none when egress goes through a firewall. */
  public readonly egressIp?: PublicIp;
  /** The node subnet's route table, with firewall egress. */
  public readonly routeTable?: RouteTable;
  /** The AKS outbound type that matches the egress. */
  public readonly outboundType: string;
  /**
   * What egress needs before nodes boot: the NAT gateway holding its public
   * IP, and the gateway on the node subnet. The subnet has no default
   * outbound access, so the cluster waits for both.
   */
  public readonly nodeEgress: ITerraformDependable[];

  constructor(scope: Construct, id: string, props: AzureNetworkProps) {
    super(scope, id);
    const prefix = Number(props.cidr.split('/')[1]);
    const common = { location: props.region, resourceGroupName: props.resourceGroupName, tags: props.tags };
    this.vnet = new VirtualNetwork(this, 'vnet', { ...common, name: `vnet-${props.clusterName}`, addressSpace: [props.cidr] });

    const subnet = { resourceGroupName: props.resourceGroupName, virtualNetworkName: this.vnet.name, defaultOutboundAccessEnabled: false };
    this.nodeSubnet = new Subnet(this, 'nodes', { ...subnet, name: 'snet-nodes', addressPrefixes: [subnetOf(props.cidr, prefix + 1, 0)!] });
    const secondHalf = subnetOf(props.cidr, prefix + 1, 1)!;
    this.apiServerSubnet = new Subnet(this, 'apiserver', {
      ...subnet,
      name: 'snet-apiserver',
      addressPrefixes: [subnetOf(secondHalf, API_SERVER_SUBNET_PREFIX, 0)!],
      delegation: [{
        name: 'aks-apiserver',
        serviceDelegation: { name: 'Microsoft.ContainerService/managedClusters', actions: ['Microsoft.Network/virtualNetworks/subnets/join/action'] },
      }],
    });

    const ip = { ...common, name: `pip-${props.clusterName}-egress`, allocationMethod: 'Static', sku: 'Standard' };
    switch (props.egress.kind) {
      case AzureEgressKind.ZONE_REDUNDANT_LOAD_BALANCER:
        // AKS puts the IP on its load balancer's outbound rules; the cluster joins it (see AzureCluster).
        this.egressIp = new PublicIp(this, 'egress-ip', { ...ip, zones: ['1', '2', '3'] });
        this.outboundType = 'loadBalancer';
        this.nodeEgress = [];
        break;
      case AzureEgressKind.FIREWALL:
        this.routeTable = new RouteTable(this, 'routes', {
          ...common,
          name: `rt-${props.clusterName}-nodes`,
          bgpRoutePropagationEnabled: true,
          route: [{ name: 'default-to-firewall', addressPrefix: '0.0.0.0/0', nextHopType: 'VirtualAppliance', nextHopInIpAddress: props.egress.nextHopIp }],
        });
        this.outboundType = 'userDefinedRouting';
        this.nodeEgress = [new SubnetRouteTableAssociation(this, 'nodes-routes', { subnetId: this.nodeSubnet.id, routeTableId: this.routeTable.id })];
        break;
      default: {
        this.egressIp = new PublicIp(this, 'egress-ip', ip);
        this.natGateway = new NatGateway(this, 'nat', { ...common, name: `ng-${props.clusterName}`, skuName: 'Standard', idleTimeoutInMinutes: 4 });
        const gatewayIp = new NatGatewayPublicIpAssociation(this, 'nat-ip', { natGatewayId: this.natGateway.id, publicIpAddressId: this.egressIp.id });
        const subnetGateway = new SubnetNatGatewayAssociation(this, 'nodes-nat', { subnetId: this.nodeSubnet.id, natGatewayId: this.natGateway.id });
        this.outboundType = 'userAssignedNATGateway';
        this.nodeEgress = [gatewayIp, subnetGateway];
      }
    }
  }
}
