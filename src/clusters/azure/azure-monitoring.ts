import { KeyVault } from '@cdktf/provider-azurerm/lib/key-vault';
import { KubernetesCluster } from '@cdktf/provider-azurerm/lib/kubernetes-cluster';
import { LogAnalyticsWorkspace } from '@cdktf/provider-azurerm/lib/log-analytics-workspace';
import { MonitorDataCollectionRule } from '@cdktf/provider-azurerm/lib/monitor-data-collection-rule';
import { MonitorDataCollectionRuleAssociation } from '@cdktf/provider-azurerm/lib/monitor-data-collection-rule-association';
import { MonitorDiagnosticSetting } from '@cdktf/provider-azurerm/lib/monitor-diagnostic-setting';
import { Construct } from 'constructs';

/** What a cluster's logs need to know. */
export interface AzureClusterLogsProps {
  readonly clusterName: string;
  readonly region: string;
  readonly resourceGroupName: string;
  readonly cluster: KubernetesCluster;
  readonly workspace: LogAnalyticsWorkspace;
  /** The vault of the cluster's etcd key. */
  readonly keyVault: KeyVault;
  readonly tags: { [key: string]: string };
}

/** AKS control-plane log categories sent to the workspace; the Azure counterpart of EKS's five log types. */
const CONTROL_PLANE_LOG_CATEGORIES = ['kube-apiserver', 'kube-audit-admin', 'kube-controller-manager', 'kube-scheduler', 'cluster-autoscaler', 'guard'];

/**
 * What the Container Insights agent collects: container logs in the
 * ContainerLogV2 schema, Kubernetes events and pod inventory. As Microsoft's
 * own Terraform onboarding (microsoft/Docker-Provider
 * scripts/onboarding/aks/onboarding-msi-terraform/main.tf) and the AVM AKS
 * module (Azure/terraform-azurerm-avm-res-containerservice-managedcluster
 * modules/monitoring/main.tf), less the legacy ContainerLog table, whose
 * support ends on 30 September 2026 (learn.microsoft.com
 * azure-monitor/containers/container-insights-logs-schema).
 */
const CONTAINER_INSIGHTS_STREAMS = ['Microsoft-ContainerLogV2', 'Microsoft-KubeEvents', 'Microsoft-KubePodInventory'];
const WORKSPACE_DESTINATION = 'workspace';

/**
 * Everything a cluster logs into its workspace, added under the cluster
 * construct (the resources keep the addresses they always had):
 *
 * - the control plane's logs, through a diagnostic setting;
 * - Container Insights' data collection rule and its association with the
 *   cluster. With managed-identity monitoring (`oms_agent` with
 *   `msi_auth_for_monitoring_enabled`) the agent sends what a rule
 *   associated with the cluster asks for, and Terraform, unlike the CLI and
 *   the portal, creates neither (hashicorp/terraform-provider-azurerm#23510);
 * - the Key Vault's audit log (`AuditEvent`: every operation on the etcd
 *   key and the vault), so that who used or changed the key is on record.
 */
export function addAzureClusterLogs(scope: Construct, props: AzureClusterLogsProps): void {
  new MonitorDiagnosticSetting(scope, 'control-plane-logs', {
    name: 'control-plane-logs',
    targetResourceId: props.cluster.id,
    logAnalyticsWorkspaceId: props.workspace.id,
    logAnalyticsDestinationType: 'Dedicated',
    enabledLog: CONTROL_PLANE_LOG_CATEGORIES.map((category) => ({ category })),
  });

  const rule = new MonitorDataCollectionRule(scope, 'container-insights', {
    name: `msci-${props.clusterName}`,
    location: props.region,
    resourceGroupName: props.resourceGroupName,
    kind: 'Linux',
    description: `Container Insights of AKS cluster ${props.clusterName}`,
    destinations: { logAnalytics: [{ name: WORKSPACE_DESTINATION, workspaceResourceId: props.workspace.id }] },
    dataFlow: [{ streams: CONTAINER_INSIGHTS_STREAMS, destinations: [WORKSPACE_DESTINATION] }],
    dataSources: {
      extension: [{
        // The names the AKS agent and Microsoft's onboarding use.
        name: 'ContainerInsightsExtension',
        extensionName: 'ContainerInsights',
        streams: CONTAINER_INSIGHTS_STREAMS,
        extensionJson: JSON.stringify({ dataCollectionSettings: { interval: '1m', namespaceFilteringMode: 'Off', enableContainerLogV2: true } }),
      }],
    },
    tags: props.tags,
  });
  new MonitorDataCollectionRuleAssociation(scope, 'container-insights-association', {
    name: 'ContainerInsightsExtension',
    targetResourceId: props.cluster.id,
    dataCollectionRuleId: rule.id,
    description: 'Deleting this association stops Container Insights collecting from the cluster.',
  });

  new MonitorDiagnosticSetting(scope, 'key-vault-audit-logs', {
    name: 'audit-logs',
    targetResourceId: props.keyVault.id,
    logAnalyticsWorkspaceId: props.workspace.id,
    enabledLog: [{ category: 'AuditEvent' }],
  });
}
