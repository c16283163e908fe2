import { AzureEgress, FleetTesting } from '../../src';
import { cidrsOverlap } from '../../src/_internal/cidr';
import { addAzure, emptyFleet, errorOf, resourceOf, resourcesOf } from '../support/fixtures';

function synthAzure(cidr: string, extra: object = {}, region = 'westeurope') {
  const { app, fleet } = emptyFleet();
  addAzure(fleet, 'prod', region, cidr, extra);
  return FleetTesting.synth(app).stacks[`azure-${region}`];
}

const AZ = 'test/azure-westeurope/z1';
function azureError(extra: object, region = 'westeurope'): string {
  const { fleet } = emptyFleet();
  return errorOf(() => addAzure(fleet, 'z1', region, '10.20.0.0/16', extra));
}

/** The Terraform address of the only resource of a type. */
function addressOf(stack: any, type: string): string {
  const ids = Object.keys(stack.resource[type] ?? {});
  expect(ids).toHaveLength(1);
  return `${type}.${ids[0]}`;
}

describe('AzureCluster network', () => {
  // AKS reserves at least 9 addresses of the API server subnet and warns that running out "may prevent API server
  // scaling and cause an API server outage" (MicrosoftDocs/azure-docs articles/aks/api-server-vnet-integration.md);
  // Azure keeps 5 of every subnet, so a /28 leaves 2 spare, a /27 leaves 18.
  test.each(['10.20.0.0/16', '10.20.0.0/20', '10.20.0.0/24'])('the API server subnet is a /27, and no two subnets of %s overlap', (cidr) => {
    const subnets = resourcesOf(synthAzure(cidr), 'azurerm_subnet');
    const api = subnets.find((s) => s.name === 'snet-apiserver');
    expect(api.address_prefixes[0]).toMatch(/\/27$/);
    const ranges = subnets.map((s) => s.address_prefixes[0]);
    for (const [i, a] of ranges.entries()) {
      expect(cidrsOverlap(a, cidr) && a !== cidr).toBe(true);
      for (const b of ranges.slice(i + 1)) {
        expect([a, b, cidrsOverlap(a, b)]).toEqual([a, b, false]);
      }
    }
  });

  test('the cluster waits for the NAT gateway to hold its public IP, not only for the subnet association', () => {
    // Node subnets have no default outbound access: without the IP on the gateway, nodes cannot pull images or join.
    const stack = synthAzure('10.20.0.0/16');
    const association = resourceOf(stack, 'azurerm_nat_gateway_public_ip_association');
    expect(association.public_ip_address_id).toBe(`\${${addressOf(stack, 'azurerm_public_ip')}.id}`);
    expect(resourceOf(stack, 'azurerm_kubernetes_cluster').depends_on).toEqual(expect.arrayContaining([
      addressOf(stack, 'azurerm_nat_gateway_public_ip_association'),
      addressOf(stack, 'azurerm_subnet_nat_gateway_association'),
    ]));
  });

  describe('egress', () => {
    // A Standard NAT gateway is zonal ("The Standard SKU is a zonal resource", articles/nat-gateway/nat-gateway-resource.md);
    // the zone-redundant StandardV2 SKU is not in the provider (azurerm v4.55.0 nat_gateway_resource.go accepts sku_name
    // "Standard" only), and a subnet takes one NAT gateway, so one subnet cannot get one per zone.
    test('by default: one NAT gateway with a static IP, outbound type userAssignedNATGateway', () => {
      const stack = synthAzure('10.20.0.0/16');
      expect(resourceOf(stack, 'azurerm_kubernetes_cluster').network_profile.outbound_type).toBe('userAssignedNATGateway');
      expect(resourcesOf(stack, 'azurerm_nat_gateway')).toHaveLength(1);
      expect(resourcesOf(stack, 'azurerm_route_table')).toEqual([]);
    });

    test('zone-redundant: the cluster load balancer\'s outbound rules through a static IP in every zone, which the control plane may join', () => {
      // "if the public IP in the load balancer's frontend is zone redundant then the load balancer is also zone-redundant ...
      // A single frontend IP address survives zone failure" (articles/load-balancer/load-balancer-standard-availability-zones.md);
      // "You must ensure the AKS cluster identity ... has permissions to access the outbound IP" (articles/aks/load-balancer-standard.md).
      const stack = synthAzure('10.20.0.0/16', { egress: AzureEgress.zoneRedundantLoadBalancer() });
      const ip = resourceOf(stack, 'azurerm_public_ip');
      expect(ip).toMatchObject({ sku: 'Standard', allocation_method: 'Static', zones: ['1', '2', '3'] });
      const ipId = `\${${addressOf(stack, 'azurerm_public_ip')}.id}`;
      const aks = resourceOf(stack, 'azurerm_kubernetes_cluster');
      expect(aks.network_profile).toMatchObject({ outbound_type: 'loadBalancer', load_balancer_sku: 'standard', load_balancer_profile: { outbound_ip_address_ids: [ipId] } });
      for (const type of ['azurerm_nat_gateway', 'azurerm_nat_gateway_public_ip_association', 'azurerm_subnet_nat_gateway_association']) {
        expect(resourcesOf(stack, type)).toEqual([]);
      }
      const [grantId, grant] = Object.entries(stack.resource.azurerm_role_assignment)
        .find(([, r]: [string, any]) => r.scope === ipId) as [string, any];
      expect(grant).toMatchObject({ role_definition_name: 'Network Contributor', principal_id: expect.stringMatching(/^\$\{azurerm_user_assigned_identity\.prod_control-plane-identity_\w+\.principal_id\}$/) });
      expect(aks.depends_on).toContain(`azurerm_role_assignment.${grantId}`);
      expect(stack.output.prod_egress_ip.value).toBe(`\${${addressOf(stack, 'azurerm_public_ip')}.ip_address}`);
    });

    test('filtered: a default route to a firewall, outbound type userDefinedRouting, no public IP of the cluster\'s own', () => {
      const stack = synthAzure('10.20.0.0/16', { egress: AzureEgress.firewall('10.0.1.4') });
      expect(resourceOf(stack, 'azurerm_route_table')).toMatchObject({
        bgp_route_propagation_enabled: true,
        route: [{ name: 'default-to-firewall', address_prefix: '0.0.0.0/0', next_hop_type: 'VirtualAppliance', next_hop_in_ip_address: '10.0.1.4' }],
      });
      const association = resourceOf(stack, 'azurerm_subnet_route_table_association');
      expect(association.subnet_id).toContain('prod_network_nodes');
      const aks = resourceOf(stack, 'azurerm_kubernetes_cluster');
      expect(aks.network_profile.outbound_type).toBe('userDefinedRouting');
      expect(aks.depends_on).toContain(addressOf(stack, 'azurerm_subnet_route_table_association'));
      for (const type of ['azurerm_nat_gateway', 'azurerm_public_ip']) {
        expect(resourcesOf(stack, type)).toEqual([]);
      }
      expect(stack.output.prod_egress_ip).toBeUndefined();
    });

    test('egress AKS cannot build is refused', () => {
      expect(azureError({ egress: AzureEgress.firewall('firewall.acme.example') })).toBe(
        `${AZ}: 'egress.nextHopIp' must be a private IPv4 address (the firewall's address in a peered or the same network), got "firewall.acme.example". ` +
        "Fix: give the firewall's private IP, e.g. '10.0.1.4'");
      expect(azureError({ egress: AzureEgress.firewall('203.0.113.4') })).toContain("'egress.nextHopIp' must be a private IPv4 address");
      expect(azureError({ egress: { kind: 'firewall', nextHopIp: '10.0.1.4' } })).toBe(
        `${AZ}: 'egress' is not an AzureEgress, got {"kind":"firewall","nextHopIp":"10.0.1.4"}. Fix: use AzureEgress.natGateway(), zoneRedundantLoadBalancer() or firewall(ip)`);
      expect(azureError({ egress: AzureEgress.zoneRedundantLoadBalancer() }, 'westus')).toBe(
        'test/azure-westus/z1: \'egress\' is zone-redundant, but westus has no availability zones, got "zoneRedundantLoadBalancer". Fix: use AzureEgress.natGateway() there');
      const vnetId = '/subscriptions/00000000-1111-2222-3333-444444444444/resourceGroups/rg-net/providers/Microsoft.Network/virtualNetworks/vnet-hub';
      expect(azureError({ egress: AzureEgress.natGateway(), existingNetwork: { vnetId, nodeSubnetId: `${vnetId}/subnets/aks`, apiServerSubnetId: `${vnetId}/subnets/api` } })).toBe(
        `${AZ}: 'egress' cannot be set with an existing network, whose egress is already in place, got "natGateway". Fix: leave egress out and set existingNetwork.outboundType`);
    });
  });
});
