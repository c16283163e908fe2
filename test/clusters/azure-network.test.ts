import { FleetTesting } from '../../src';
import { cidrsOverlap } from '../../src/_internal/cidr';
import { addAzure, emptyFleet, resourceOf, resourcesOf } from '../support/fixtures';

function synthAzure(cidr: string, extra: object = {}) {
  const { app, fleet } = emptyFleet();
  addAzure(fleet, 'prod', 'westeurope', cidr, extra);
  return FleetTesting.synth(app).stacks['azure-westeurope'];
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
});
