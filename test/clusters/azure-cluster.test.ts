import { FleetTesting, TaintEffect } from '../../src';
import { addAzure, emptyFleet, errorOf, resourceOf } from '../support/fixtures';

function synthAzure(extra: object = {}, region = 'westeurope') {
  const { app, fleet } = emptyFleet();
  addAzure(fleet, 'prod', region, '10.20.0.0/16', extra);
  return FleetTesting.synth(app).stacks[`azure-${region}`];
}

describe('AzureCluster', () => {
  test('the AKS cluster is private, Entra-only with Azure RBAC, and has workload identity', () => {
    const aks = resourceOf(synthAzure(), 'azurerm_kubernetes_cluster');
    expect(aks).toMatchObject({
      name: 'prod',
      location: 'westeurope',
      kubernetes_version: '1.34',
      private_cluster_enabled: true,
      local_account_disabled: true,
      role_based_access_control_enabled: true,
      azure_active_directory_role_based_access_control: { azure_rbac_enabled: true },
      oidc_issuer_enabled: true,
      workload_identity_enabled: true,
      azure_policy_enabled: true,
      sku_tier: 'Standard',
      automatic_upgrade_channel: 'patch',
    });
    expect(aks.network_profile).toEqual({
      network_plugin: 'azure',
      network_plugin_mode: 'overlay',
      network_policy: 'azure',
      pod_cidr: '100.64.0.0/16',
      service_cidr: '100.65.0.0/16',
      dns_service_ip: '100.65.0.10',
    });
  });

  test('a disposable cluster uses the free tier', () => {
    expect(resourceOf(synthAzure({ disposable: true }), 'azurerm_kubernetes_cluster').sku_tier).toBe('Free');
  });

  test('the first pool is the system pool; the others are user pools with taints in AKS syntax', () => {
    const stack = synthAzure({
      nodePools: [
        { name: 'system', size: 'Standard_D4s_v5', min: 2, max: 3 },
        { name: 'gpu', size: 'Standard_D8s_v5', min: 0, max: 2, taints: [{ key: 'sku', value: 'gpu', effect: TaintEffect.NO_SCHEDULE }] },
      ],
    });
    const aks = resourceOf(stack, 'azurerm_kubernetes_cluster');
    expect(aks.default_node_pool).toMatchObject({ name: 'system', vm_size: 'Standard_D4s_v5', auto_scaling_enabled: true, min_count: 2, max_count: 3, zones: ['1', '2', '3'] });
    const user = resourceOf(stack, 'azurerm_kubernetes_cluster_node_pool');
    expect(user).toMatchObject({ name: 'gpu', mode: 'User', min_count: 0, max_count: 2, node_taints: ['sku=gpu:NoSchedule'], orchestrator_version: '1.34' });
  });

  test('regions without availability zones get no zones', () => {
    expect(resourceOf(synthAzure({}, 'westus'), 'azurerm_kubernetes_cluster').default_node_pool.zones).toBeUndefined();
  });

  test('a resource group, a virtual network from the cidr and a node subnet of its first half', () => {
    const stack = synthAzure();
    expect(resourceOf(stack, 'azurerm_resource_group')).toMatchObject({ name: 'rg-test-prod', location: 'westeurope' });
    expect(resourceOf(stack, 'azurerm_virtual_network').address_space).toEqual(['10.20.0.0/16']);
    expect(resourceOf(stack, 'azurerm_subnet').address_prefixes).toEqual(['10.20.0.0/17']);
  });

  test('network and system-pool errors', () => {
    const { fleet } = emptyFleet();
    expect(errorOf(() => addAzure(fleet, 'tiny', 'westeurope', '10.20.0.0/26'))).toBe(
      "test/azure-westeurope/tiny: 'cidr' must be a /16 to /24: the node subnet takes half of it and must hold every node, got \"10.20.0.0/26\". " +
      "Fix: use a range from /16 to /24, e.g. '10.20.0.0/20'");
    expect(errorOf(() => addAzure(fleet, 'cgnat', 'westeurope', '100.64.0.0/16'))).toBe(
      "test/azure-westeurope/cgnat: 'cidr' overlaps 100.64.0.0/16, which AKS uses inside every cluster for pods or services, got \"100.64.0.0/16\". " +
      'Fix: choose a range outside 100.64.0.0/15, e.g. in 10.0.0.0/8');
    expect(errorOf(() => addAzure(fleet, 'nosys', 'westeurope', '10.30.0.0/16', { nodePools: [{ name: 'system', size: 'Standard_D4s_v5', min: 0, max: 3 }] }))).toBe(
      "test/azure-westeurope/nosys: 'nodePools[0].min' must be at least 1 on the system pool (AKS runs CoreDNS and other critical add-ons there), got 0. Fix: set min: 1 or more on the first pool");
    expect(errorOf(() => addAzure(fleet, 'taint', 'westeurope', '10.31.0.0/16', {
      nodePools: [{ name: 'system', size: 'Standard_D4s_v5', min: 1, max: 3, taints: [{ key: 'a', effect: TaintEffect.NO_SCHEDULE }] }],
    }))).toBe(
      "test/azure-westeurope/taint: 'nodePools[0].taints' cannot be set on the system pool (AKS default node pool), got [{\"key\":\"a\",\"effect\":\"NoSchedule\"}]. Fix: put tainted nodes in a later (user) pool");
  });
});
