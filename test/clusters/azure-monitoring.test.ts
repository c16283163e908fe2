import { FleetTesting } from '../../src';
import { addAzure, emptyFleet, errorOf, resourceOf, resourcesOf } from '../support/fixtures';

function synthAzure(extra: object = {}) {
  const { app, fleet } = emptyFleet();
  addAzure(fleet, 'prod', 'westeurope', '10.20.0.0/16', extra);
  return { stack: FleetTesting.synth(app).stacks['azure-westeurope'], fleet };
}

/** The Terraform address of the only resource of a type. */
/** The address of the one resource of a type, or, for workspaces, of the cluster's own (not Defender's). */
function addressOf(stack: any, type: string): string {
  const ids = Object.keys(stack.resource[type] ?? {}).filter((id) => !id.includes('_defender-logs_'));
  expect(ids).toHaveLength(1);
  return `${type}.${ids[0]}`;
}

describe('AzureCluster monitoring and threat protection', () => {
  test('Container Insights collects: a data collection rule to the workspace, associated with the cluster', () => {
    // With managed-identity monitoring Terraform creates neither rule nor association (hashicorp/terraform-provider-azurerm#23510),
    // so the agent has nothing to send. Streams and extension as Microsoft's own Terraform onboarding
    // (microsoft/Docker-Provider scripts/onboarding/aks/onboarding-msi-terraform/main.tf) and the AVM AKS module
    // (Azure/terraform-azurerm-avm-res-containerservice-managedcluster modules/monitoring/main.tf), without the legacy
    // ContainerLog table, which retires on 30 September 2026 (articles/azure-monitor/containers/container-insights-logs-schema).
    const { stack } = synthAzure();
    const workspace = `\${${addressOf(stack, 'azurerm_log_analytics_workspace')}.id}`;
    const streams = ['Microsoft-ContainerLogV2', 'Microsoft-KubeEvents', 'Microsoft-KubePodInventory'];
    const rule = resourceOf(stack, 'azurerm_monitor_data_collection_rule');
    expect(rule).toMatchObject({
      name: 'msci-prod',
      location: 'westeurope',
      kind: 'Linux',
      destinations: { log_analytics: [{ name: 'workspace', workspace_resource_id: workspace }] },
      data_flow: [{ streams, destinations: ['workspace'] }],
    });
    const [extension] = rule.data_sources.extension;
    expect(extension).toMatchObject({ name: 'ContainerInsightsExtension', extension_name: 'ContainerInsights', streams });
    expect(JSON.parse(extension.extension_json)).toEqual({ dataCollectionSettings: { interval: '1m', namespaceFilteringMode: 'Off', enableContainerLogV2: true } });
    expect(resourceOf(stack, 'azurerm_monitor_data_collection_rule_association')).toEqual(expect.objectContaining({
      name: 'ContainerInsightsExtension',
      target_resource_id: `\${${addressOf(stack, 'azurerm_kubernetes_cluster')}.id}`,
      data_collection_rule_id: `\${${addressOf(stack, 'azurerm_monitor_data_collection_rule')}.id}`,
    }));
  });

  test('the Key Vault\'s audit log (every key operation, AuditEvent) goes to the cluster\'s workspace', () => {
    const { stack } = synthAzure();
    const vaultLogs = resourcesOf(stack, 'azurerm_monitor_diagnostic_setting')
      .find((d) => d.target_resource_id === `\${${addressOf(stack, 'azurerm_key_vault')}.id}`);
    expect(vaultLogs).toMatchObject({
      log_analytics_workspace_id: `\${${addressOf(stack, 'azurerm_log_analytics_workspace')}.id}`,
      enabled_log: [{ category: 'AuditEvent' }],
    });
  });

  test('Defender for Containers reports by default, to a workspace of its own: its sensor publishes with workspace keys, which the cluster\'s workspace refuses', () => {
    const { stack } = synthAzure();
    const workspaces = Object.entries<any>(stack.resource.azurerm_log_analytics_workspace);
    const [defenderAddress, defender] = workspaces.find(([, w]) => w.name === 'log-prod-defender')!;
    const [, clusterLogs] = workspaces.find(([, w]) => w.name === 'log-prod')!;
    expect(resourceOf(stack, 'azurerm_kubernetes_cluster').microsoft_defender).toEqual({
      log_analytics_workspace_id: `\${azurerm_log_analytics_workspace.${defenderAddress}.id}`,
    });
    // Azure/Microsoft-Defender-for-Cloud#1010: the publisher pods crash on a workspace with local authentication off.
    expect(defender.local_authentication_enabled).toBe(true);
    expect(clusterLogs.local_authentication_enabled).toBe(false);
  });

  test('Defender for Containers off is a deviation with its reason; without one it is refused, a stale reason is a warning', () => {
    const { stack, fleet } = synthAzure({ defenderForContainers: false, defenderForContainersReason: 'load test cluster, no workloads of value' });
    expect(resourceOf(stack, 'azurerm_kubernetes_cluster').microsoft_defender).toBeUndefined();
    expect(fleet.clusters[0].deviations).toEqual([
      { property: 'defenderForContainers', standard: 'on', value: 'off', reason: 'load test cluster, no workloads of value' },
    ]);
    const { fleet: other } = emptyFleet();
    expect(errorOf(() => addAzure(other, 'z1', 'westeurope', '10.20.0.0/16', { defenderForContainers: false }))).toBe(
      "test/azure-westeurope/z1: 'defenderForContainersReason' must explain why this cluster uses off instead of the fleet standard on, got \"\". " +
      "Fix: add defenderForContainersReason: '<why>' (it appears in fleet-report.md), or use the fleet standard");
    const { fleet: stale } = synthAzure({ defenderForContainersReason: 'left over' });
    expect(stale.warnings.filter((w) => w.path === 'test/azure-westeurope/prod')).toEqual([{ path: 'test/azure-westeurope/prod', message: "'defenderForContainersReason' is set but Defender for Containers is on; remove the stale reason" }]);
  });
});
