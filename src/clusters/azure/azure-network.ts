import { NatGateway } from '@cdktf/provider-azurerm/lib/nat-gateway';
import { NatGatewayPublicIpAssociation } from '@cdktf/provider-azurerm/lib/nat-gateway-public-ip-association';
import { PublicIp } from '@cdktf/provider-azurerm/lib/public-ip';
import { Subnet } from '@cdktf/provider-azurerm/lib/subnet';
import { SubnetNatGatewayAssociation } from '@cdktf/provider-azurerm/lib/subnet-nat-gateway-association';
import { VirtualNetwork } from '@cdktf/provider-azurerm/lib/virtual-network';
import { ITerraformDependable } from 'cdktf';
import { Construct } from 'constructs';
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
 * Egress leaves through a NAT gateway with one static public IP, so the
 * fleet's outbound address is known and allowlistable; subnets have no
 * implicit default outbound access.
 */
export class AzureNetwork extends Construct {
  public readonly vnet: VirtualNetwork;
  public readonly nodeSubnet: Subnet;
  public readonly apiServerSubnet: Subnet;
  public readonly natGateway: NatGateway;
  public readonly egressIp: PublicIp;
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

    this.egressIp = new PublicIp(this, 'egress-ip', { ...common, name: `pip-${props.clusterName}-egress`, allocationMethod: 'Static', sku: 'Standard' });
    this.natGateway = new NatGateway(this, 'nat', { ...common, name: `ng-${props.clusterName}`, skuName: 'Standard', idleTimeoutInMinutes: 4 });
    const gatewayIp = new NatGatewayPublicIpAssociation(this, 'nat-ip', { natGatewayId: this.natGateway.id, publicIpAddressId: this.egressIp.id });
    const subnetGateway = new SubnetNatGatewayAssociation(this, 'nodes-nat', { subnetId: this.nodeSubnet.id, natGatewayId: this.natGateway.id });
    this.nodeEgress = [gatewayIp, subnetGateway];
  }
}
