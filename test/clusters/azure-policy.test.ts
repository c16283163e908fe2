import { FleetTesting, Kyverno, PolicyMode } from '../../src';
import { addAzure, emptyFleet, resourceOf } from '../support/fixtures';

const GITOPS = { repoUrl: 'https://github.com/acme/fleet.git', path: 'clusters' };

function synthAssignment(kyverno?: Kyverno) {
  const { app, fleet } = emptyFleet(kyverno ? { gitOps: GITOPS } : {});
  addAzure(fleet, 'prod', 'westeurope', '10.20.0.0/16');
  if (kyverno) {
    // Added after the cluster: the assignment follows the fleet's standard as it stands at synth.
    fleet.addAddOn(kyverno);
  }
  const stack = FleetTesting.synth(app).stacks['azure-westeurope'];
  const assignment = resourceOf(stack, 'azurerm_resource_policy_assignment');
  return { stack, assignment, parameters: JSON.parse(assignment.parameters) };
}

describe('AzureCluster Azure Policy', () => {
  test('the pod security restricted initiative is assigned to the cluster, auditing without Kyverno', () => {
    // Azure/azure-policy built-in-policies/policySetDefinitions/Kubernetes/PSPRestrictedStandard.json (version 2.5.0):
    // "Kubernetes cluster pod security restricted standards for Linux-based workloads".
    const { stack, assignment, parameters } = synthAssignment();
    const cluster = Object.keys(stack.resource.azurerm_kubernetes_cluster)[0];
    expect(assignment).toMatchObject({
      name: 'pod-security-restricted',
      resource_id: `\${azurerm_kubernetes_cluster.${cluster}.id}`,
      policy_definition_id: '/providers/Microsoft.Authorization/policySetDefinitions/42b8ef37-b724-4e24-bbc8-7a7708edfe00',
    });
    expect(parameters.effect).toEqual({ value: 'Audit' });
    // The initiative's own exclusions (the policy add-on's Gatekeeper among them) stay, and the platform's namespaces join them.
    expect(parameters.excludedNamespaces.value).toEqual(expect.arrayContaining(['kube-system', 'gatekeeper-system', 'azure-arc', 'azure-extensions-usage-system', 'istio-system', 'velero']));
  });

  test('the effect follows the fleet\'s policy mode: Deny when Kyverno enforces; Kyverno\'s exclusions are excluded too', () => {
    const { parameters } = synthAssignment(new Kyverno({ mode: PolicyMode.ENFORCE, excludedNamespaces: ['legacy-batch'] }));
    expect(parameters.effect).toEqual({ value: 'Deny' });
    expect(parameters.excludedNamespaces.value).toContain('legacy-batch');
    expect(synthAssignment(new Kyverno({ mode: PolicyMode.AUDIT })).parameters.effect).toEqual({ value: 'Audit' });
  });
});
