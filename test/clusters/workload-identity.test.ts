import { FleetTesting, ICluster } from '../../src';
import { addAttached, addAws, addAzure, emptyFleet, errorOf, resourceOf, resourcesOf } from '../support/fixtures';

/**
 * The cross-cloud contract add-ons rely on: the same calls on every cluster,
 * no instanceof anywhere.
 */
function grantDnsAccess(cluster: ICluster) {
  return cluster.bindWorkloadIdentity({
    namespace: 'external-dns',
    serviceAccount: 'external-dns',
    policyStatements: [{ actions: ['route53:ChangeResourceRecordSets'], resources: ['arn:aws:route53:::hostedzone/Z123'] }],
    roleAssignments: [{ roleDefinitionName: 'DNS Zone Contributor', scope: '/subscriptions/00000000-1111-2222-3333-444444444444/resourceGroups/rg-dns/providers/Microsoft.Network/dnszones/example.com' }],
  });
}

describe('the cluster interface, across clouds', () => {
  test('AWS and Azure clusters answer version, capacity and workload identity alike', () => {
    const { app, fleet } = emptyFleet({ awsAccountId: '111122223333' });
    addAws(fleet, 'eks', 'us-east-1', '10.10.0.0/16');
    addAzure(fleet, 'aks', 'westeurope', '10.20.0.0/16');
    addAttached(fleet, 'edge');

    const summary = fleet.clusters.map((c) => ({
      name: c.clusterName,
      version: c.kubernetesVersion,
      vcpus: c.capacity.vcpus,
      workloadIdentity: c.supportsWorkloadIdentity,
    }));
    expect(summary).toEqual([
      { name: 'aks', version: '1.35', vcpus: 4 * 3 + 8 * 5, workloadIdentity: true },
      { name: 'edge', version: '1.35', vcpus: 4 * 3, workloadIdentity: false },
      { name: 'eks', version: '1.35', vcpus: 2 * 4, workloadIdentity: true },
    ]);

    const bindings = Object.fromEntries(fleet.clusters.filter((c) => c.supportsWorkloadIdentity).map((c) => [c.clusterName, grantDnsAccess(c)]));
    expect(bindings.eks).toEqual({
      namespace: 'external-dns',
      serviceAccount: 'external-dns',
      serviceAccountAnnotations: { 'eks.amazonaws.com/role-arn': 'arn:aws:iam::111122223333:role/eks-external-dns-external-dns' },
      podLabels: {},
      identity: 'arn:aws:iam::111122223333:role/eks-external-dns-external-dns',
    });
    expect(bindings.aks).toEqual({
      namespace: 'external-dns',
      serviceAccount: 'external-dns',
      serviceAccountAnnotations: { 'azure.workload.identity/client-id': '${aks_external_dns_external_dns_client_id}' },
      podLabels: { 'azure.workload.identity/use': 'true' },
      identity: '${aks_external_dns_external_dns_client_id}',
    });

    const out = FleetTesting.synth(app);
    // fleet.json tells the pipeline which output fills the placeholder.
    const aks = out.plan.clusters.find((c: any) => c.name === 'aks');
    expect(aks.deployTimeValues).toEqual([{
      variable: 'aks_external_dns_external_dns_client_id',
      stack: 'azure-westeurope',
      output: 'aks_external_dns_external_dns_client_id',
      description: 'client id of the workload identity of external-dns/external-dns',
    }]);
    expect(out.plan.clusters.find((c: any) => c.name === 'eks').deployTimeValues).toEqual([]);
    const azure = out.stacks['azure-westeurope'];
    expect(azure.output.aks_external_dns_external_dns_client_id.value).toMatch(/^\$\{azurerm_user_assigned_identity\.aks_workload-identity-external-dns-external-dns_identity_\w+\.client_id\}$/);
  });

  test('on Azure: a federated credential for exactly the service account on the cluster\'s issuer, and the roles asked for', () => {
    const { app, fleet } = emptyFleet();
    const aks = addAzure(fleet, 'aks', 'westeurope', '10.20.0.0/16');
    grantDnsAccess(aks);
    const stack = FleetTesting.synth(app).stacks['azure-westeurope'];
    const [clusterId] = Object.keys(stack.resource.azurerm_kubernetes_cluster);
    const identities = Object.entries(stack.resource.azurerm_user_assigned_identity).filter(([, i]: [string, any]) => i.name === 'id-aks-external-dns-external-dns');
    expect(identities).toHaveLength(1);
    const [identityId] = identities[0];
    expect(resourceOf(stack, 'azurerm_federated_identity_credential')).toMatchObject({
      parent_id: `\${azurerm_user_assigned_identity.${identityId}.id}`,
      issuer: `\${azurerm_kubernetes_cluster.${clusterId}.oidc_issuer_url}`,
      subject: 'system:serviceaccount:external-dns:external-dns',
      audience: ['api://AzureADTokenExchange'],
    });
    const granted = resourcesOf(stack, 'azurerm_role_assignment').filter((r) => r.principal_id === `\${azurerm_user_assigned_identity.${identityId}.principal_id}`);
    expect(granted).toEqual([expect.objectContaining({
      role_definition_name: 'DNS Zone Contributor',
      scope: '/subscriptions/00000000-1111-2222-3333-444444444444/resourceGroups/rg-dns/providers/Microsoft.Network/dnszones/example.com',
      principal_type: 'ServicePrincipal',
    })]);
  });

  describe('bad input', () => {
    test('a role assignment without a role or with a scope that is not a resource id', () => {
      const { fleet } = emptyFleet();
      const aks = addAzure(fleet, 'aks', 'westeurope', '10.20.0.0/16');
      expect(errorOf(() => aks.bindWorkloadIdentity({ namespace: 'a', serviceAccount: 'a', roleAssignments: [{ roleDefinitionName: '', scope: '/subscriptions/00000000-1111-2222-3333-444444444444' }] }))).toBe(
        "test/azure-westeurope/aks: 'bindWorkloadIdentity.roleAssignments[0].roleDefinitionName' must name an Azure role, got \"\". Fix: use a built-in or custom role name, e.g. 'DNS Zone Contributor'");
      expect(errorOf(() => aks.bindWorkloadIdentity({ namespace: 'b', serviceAccount: 'b', roleAssignments: [{ roleDefinitionName: 'Reader', scope: 'rg-dns' }] }))).toBe(
        "test/azure-westeurope/aks: 'bindWorkloadIdentity.roleAssignments[0].scope' is not an Azure resource id, got \"rg-dns\". " +
        "Fix: use e.g. '/subscriptions/<id>/resourceGroups/rg-dns/providers/Microsoft.Network/dnszones/example.com'; a whole subscription is '/subscriptions/<id>'");
    });

    test('service accounts whose placeholders would collide', () => {
      const { fleet } = emptyFleet();
      const aks = addAzure(fleet, 'aks', 'westeurope', '10.20.0.0/16');
      aks.bindWorkloadIdentity({ namespace: 'apps', serviceAccount: 'api.v1' });
      expect(errorOf(() => aks.bindWorkloadIdentity({ namespace: 'apps', serviceAccount: 'api-v1' }))).toBe(
        "test/azure-westeurope/aks: 'deploy-time value' is already used on this cluster, got \"aks_apps_api_v1_client_id\". Fix: service account names that differ only in '.' and '-' map to the same variable; rename one");
    });

    test('an attached cluster has no workload identity', () => {
      const { fleet } = emptyFleet();
      const edge = addAttached(fleet, 'edge');
      expect(errorOf(() => grantDnsAccess(edge))).toBe(
        "test/edge: 'bindWorkloadIdentity' cannot be used on an attached cluster: the fleet manages no cloud identity provider for it, got \"external-dns:external-dns\". " +
        "Fix: check 'cluster.supportsWorkloadIdentity' first, and give the workload credentials the site provides (e.g. a Secret from its vault)");
    });
  });
});
