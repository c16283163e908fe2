import { FleetTesting } from '../../src';
import { RBAC_PROPAGATION_WAIT } from '../../src/clusters/azure/azure-encryption';
import { addAws, addAzure, emptyFleet, errorOf, FLEET_PROPS, resourceOf, resourcesOf } from '../support/fixtures';

const PRINCIPAL = 'dddddddd-1111-2222-3333-444444444444';
const RUNNER_SUBNET = '/subscriptions/00000000-1111-2222-3333-444444444444/resourceGroups/rg-ci/providers/Microsoft.Network/virtualNetworks/vnet-ci/subnets/runners';
const VAULT_ZONE = '/subscriptions/00000000-1111-2222-3333-444444444444/resourceGroups/rg-dns/providers/Microsoft.Network/privateDnsZones/privatelink.vaultcore.azure.net';

function azureStack(deployer: object) {
  const { app, fleet } = emptyFleet({ deployer: { azurePrincipalId: PRINCIPAL, ...deployer } });
  addAzure(fleet, 'prod', 'westeurope', '10.20.0.0/16');
  return FleetTesting.synth(app).stacks['azure-westeurope'];
}

/** `${azurerm_x.name.id}` → `azurerm_x.name`. */
function addressIn(reference: string): string {
  return /((?:azurerm|aws|time)_[a-z0-9_]+\.[A-Za-z0-9_-]+)/.exec(reference)![1];
}

function durationSeconds(duration: string): number {
  const match = /^(\d+)([smh])$/.exec(duration)!;
  return Number(match[1]) * { s: 1, m: 60, h: 3600 }[match[2] as 's' | 'm' | 'h'];
}

describe('the deployer on EKS', () => {
  test('its roles get cluster admin through access entries, once even when they are admins too', () => {
    const { app, fleet } = emptyFleet({
      awsAdminRoleArns: ['arn:aws:iam::111122223333:role/platform-admin'],
      deployer: { awsRoleArns: ['arn:aws:iam::111122223333:role/fleet-deployer', 'arn:aws:iam::111122223333:role/platform-admin'] },
    });
    addAws(fleet, 'prod', 'us-east-1', '10.10.0.0/16');
    const stack = FleetTesting.synth(app).stacks['aws-us-east-1'];
    const standard = resourcesOf(stack, 'aws_eks_access_entry').filter((e) => e.type === 'STANDARD').map((e) => e.principal_arn).sort();
    expect(standard).toEqual(['arn:aws:iam::111122223333:role/fleet-deployer', 'arn:aws:iam::111122223333:role/platform-admin']);
    const policy = resourcesOf(stack, 'aws_eks_access_policy_association').find((p) => p.principal_arn === 'arn:aws:iam::111122223333:role/fleet-deployer');
    expect(policy).toMatchObject({ policy_arn: 'arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy', access_scope: { type: 'cluster' } });
  });

  test('its private ranges reach the private endpoint over HTTPS through a security group on the control plane only', () => {
    const { app, fleet } = emptyFleet({ deployer: { awsPrivateCidrs: ['10.200.0.0/24'] } });
    addAws(fleet, 'prod', 'us-east-1', '10.10.0.0/16');
    const stack = FleetTesting.synth(app).stacks['aws-us-east-1'];
    const rule = resourceOf(stack, 'aws_vpc_security_group_ingress_rule');
    expect(rule).toMatchObject({ ip_protocol: 'tcp', from_port: 443, to_port: 443, cidr_ipv4: '10.200.0.0/24' });
    // A group of its own on the control plane's interfaces: the cluster security group is on every node as well.
    const group = addressIn(rule.security_group_id);
    expect(group).toMatch(/^aws_security_group\./);
    expect(stack.resource.aws_security_group[group.split('.')[1]].vpc_id).toMatch(/^\$\{aws_vpc\./);
    const eks = resourceOf(stack, 'aws_eks_cluster');
    expect(eks.vpc_config.security_group_ids).toEqual([`\${${group}.id}`]);
    expect(eks.vpc_config.endpoint_public_access).toBe(false);
    expect(JSON.stringify(stack.resource.aws_vpc_security_group_ingress_rule)).not.toContain('cluster_security_group_id');
  });
});

describe('the deployer on AKS', () => {
  test('Azure RBAC takes effect after a delay the provider does not retry: the key waits for the deployer\'s role to propagate', () => {
    const stack = azureStack({ azureIpRanges: ['203.0.113.0/28'] });
    const key = resourceOf(stack, 'azurerm_key_vault_key');
    const officer = Object.entries<any>(stack.resource.azurerm_role_assignment).find(([, r]) => r.role_definition_name === 'Key Vault Crypto Officer')!;
    // The key's data-plane call comes after a wait that itself follows the role assignment.
    expect(key.depends_on).toHaveLength(1);
    expect(key.depends_on[0]).toMatch(/^time_sleep\./);
    const wait = stack.resource.time_sleep[key.depends_on[0].split('.')[1]];
    expect(durationSeconds(wait.create_duration)).toBeGreaterThanOrEqual(30);
    expect(wait.create_duration).toBe(RBAC_PROPAGATION_WAIT);
    expect(addressIn(wait.triggers.role_assignment)).toBe(`azurerm_role_assignment.${officer[0]}`);
    expect(stack.provider.time).toEqual([{}]);
  });

  test('the deployer is named, never whoever runs the apply, and may apply the cluster\'s YAML', () => {
    const stack = azureStack({ azureIpRanges: ['203.0.113.0/28'] });
    const assignments = resourcesOf(stack, 'azurerm_role_assignment');
    expect(assignments.filter((r) => JSON.stringify(r.principal_id).includes('azurerm_client_config'))).toEqual([]);
    const deployer = assignments.filter((r) => r.principal_id === PRINCIPAL).map((r) => r.role_definition_name).sort();
    expect(deployer).toEqual(['Azure Kubernetes Service Cluster User Role', 'Azure Kubernetes Service RBAC Cluster Admin', 'Key Vault Crypto Officer']);
  });

  test('runners inside Azure come through their subnets: storage IP rules never match same-region traffic', () => {
    const stack = azureStack({ azureSubnetIds: [RUNNER_SUBNET] });
    expect(resourceOf(stack, 'azurerm_key_vault').network_acls).toEqual({
      default_action: 'Deny', bypass: 'AzureServices', ip_rules: [], virtual_network_subnet_ids: [RUNNER_SUBNET],
    });
  });

  test('firewalled storage accounts are never read through the data plane, which their firewalls refuse', () => {
    const { app, fleet } = emptyFleet();
    addAzure(fleet, 'prod', 'westeurope', '10.20.0.0/16').backupStorage('velero');
    const stack = FleetTesting.synth(app).stacks['azure-westeurope'];
    const account = resourceOf(stack, 'azurerm_storage_account');
    expect(account.network_rules.default_action).toBe('Deny');
    expect(stack.provider.azurerm[0].features).toEqual([{ storage: [{ data_plane_available: false }] }]);
    // data_plane_available = false refuses these two blocks.
    expect(account.queue_properties).toBeUndefined();
    expect(account.static_website).toBeUndefined();
    expect(resourceOf(stack, 'azurerm_storage_container').storage_account_id).toMatch(/azurerm_storage_account\./);
  });

  test('a private path: an endpoint per vault in the runners\' subnet before the key, and no public network access', () => {
    const stack = azureStack({ azurePrivateEndpoint: { subnetId: RUNNER_SUBNET, region: 'northeurope', privateDnsZoneId: VAULT_ZONE } });
    const vault = resourceOf(stack, 'azurerm_key_vault');
    expect(vault.public_network_access_enabled).toBe(false);
    const [endpointName, endpoint] = Object.entries<any>(stack.resource.azurerm_private_endpoint)[0];
    expect(endpoint).toMatchObject({
      location: 'northeurope',
      subnet_id: RUNNER_SUBNET,
      private_service_connection: { subresource_names: ['vault'], is_manual_connection: false },
      private_dns_zone_group: { private_dns_zone_ids: [VAULT_ZONE] },
    });
    expect(addressIn(endpoint.private_service_connection.private_connection_resource_id)).toMatch(/^azurerm_key_vault\./);
    expect(resourceOf(stack, 'azurerm_key_vault_key').depends_on).toContain(`azurerm_private_endpoint.${endpointName}`);
  });

  test('without a private path, the vault keeps public network access for its firewall to admit the runners', () => {
    expect(resourceOf(azureStack({ azureIpRanges: ['203.0.113.0/28'] }), 'azurerm_key_vault').public_network_access_enabled).toBe(true);
  });

  test('an Azure cluster without a named deployer, or with no way through the vault firewall, is refused with the fix', () => {
    const { fleet } = emptyFleet({ deployer: undefined });
    expect(errorOf(() => addAzure(fleet, 'prod', 'westeurope', '10.20.0.0/16'))).toBe(
      "test/azure-westeurope/prod: 'deployer.azurePrincipalId' must name the identity that runs Terraform for Azure stacks: it gets the Key Vault data-plane role " +
      'that creates the etcd key, and AKS cluster admin to apply the YAML, got undefined. ' +
      "Fix: give the Fleet deployer: { azurePrincipalId: '<object id of the pipeline's service principal or managed identity>' }");
    const { fleet: noPath } = emptyFleet({ deployer: { azurePrincipalId: PRINCIPAL } });
    expect(errorOf(() => addAzure(noPath, 'prod', 'westeurope', '10.20.0.0/16'))).toBe(
      "test/azure-westeurope/prod: 'deployer' leaves Terraform no way through the Key Vault firewall (deny by default) to create the etcd key, " +
      'got "no azureIpRanges, azureSubnetIds or azurePrivateEndpoint". Fix: give deployer.azureIpRanges (public egress of runners outside Azure), ' +
      'deployer.azureSubnetIds (runners inside Azure, with the Microsoft.KeyVault service endpoint), or deployer.azurePrivateEndpoint ' +
      '(a private endpoint per vault in a subnet the runners reach)');
  });

  test('deployer settings are checked when the fleet is created', () => {
    const fleetWith = (deployer: object) => () => emptyFleet({ ...FLEET_PROPS, deployer: deployer as any });
    expect(errorOf(fleetWith({ azurePrincipalId: 'fleet-pipeline' }))).toBe(
      "test: 'deployer.azurePrincipalId' is not an Entra object id (a GUID), got \"fleet-pipeline\". " +
      "Fix: use the object id of the pipeline's service principal or managed identity, not its name or client id, e.g. '00000000-0000-0000-0000-000000000000'");
    expect(errorOf(fleetWith({ awsRoleArns: ['fleet-deployer'] }))).toContain("test: 'deployer.awsRoleArns' is not an IAM role ARN, got \"fleet-deployer\"");
    expect(errorOf(fleetWith({ awsRoleArns: 'arn:aws:iam::111122223333:role/fleet-deployer' }))).toBe(
      "test: 'deployer.awsRoleArns' must be a list, got \"arn:aws:iam::111122223333:role/fleet-deployer\". Fix: give a list, e.g. awsRoleArns: [...]");
    expect(errorOf(fleetWith({ awsPrivateCidrs: ['0.0.0.0/0'] }))).toContain("'deployer.awsPrivateCidrs' opens the EKS API endpoints to the whole internet");
    expect(errorOf(fleetWith({ azureSubnetIds: ['runners'] }))).toContain("'deployer.azureSubnetIds' is not a subnet resource id, got \"runners\"");
    expect(errorOf(fleetWith({ azurePrivateEndpoint: { subnetId: RUNNER_SUBNET, region: 'westeurope', privateDnsZoneId: 'privatelink.vaultcore.azure.net' } })))
      .toContain("'deployer.azurePrivateEndpoint.privateDnsZoneId' is not the resource id of a privatelink.vaultcore.azure.net private DNS zone");
    expect(errorOf(fleetWith({ azurePrivateEndpoint: { subnetId: RUNNER_SUBNET, region: 'West Europe', privateDnsZoneId: VAULT_ZONE } })))
      .toContain("'deployer.azurePrivateEndpoint.region' is not an Azure region in the catalogue, got \"West Europe\"");
  });
});
