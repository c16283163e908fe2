import { FleetTesting, Kyverno, PolicyMode } from '../../src';
import { addAzure, emptyFleet, resourcesOf } from '../support/fixtures';

const GITOPS = { repoUrl: 'https://github.com/acme/fleet.git', path: 'clusters' };

function synthAssignment(kyverno?: Kyverno) {
  const { app, fleet } = emptyFleet(kyverno ? { gitOps: GITOPS } : {});
  addAzure(fleet, 'prod', 'westeurope', '10.20.0.0/16');
  if (kyverno) {
    // Added after the cluster: the assignment follows the fleet's standard as it stands at synth.
    fleet.addAddOn(kyverno);
  }
  const stack = FleetTesting.synth(app).stacks['azure-westeurope'];
  const byName = (name: string) => resourcesOf(stack, 'azurerm_resource_policy_assignment').find((a) => a.name === name);
  const effect = (name: string) => JSON.parse(byName(name).parameters).effect.value;
  return { stack, assignment: byName('pod-security-restricted'), parameters: JSON.parse(byName('pod-security-restricted').parameters), byName, effect };
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

  test('baseline follows the fleet\'s policy mode (Deny when Kyverno enforces); Kyverno\'s exclusions are excluded too', () => {
    const enforced = synthAssignment(new Kyverno({ mode: PolicyMode.ENFORCE, excludedNamespaces: ['legacy-batch'] }));
    expect(enforced.byName('pod-security-baseline')).toMatchObject({
      policy_definition_id: '/providers/Microsoft.Authorization/policySetDefinitions/a8640138-9b0a-4a28-b8cb-1666c838647d',
    });
    expect(enforced.effect('pod-security-baseline')).toBe('Deny');
    expect(JSON.parse(enforced.byName('pod-security-baseline').parameters).excludedNamespaces.value).toContain('legacy-batch');
    expect(enforced.parameters.excludedNamespaces.value).toContain('legacy-batch');
    expect(synthAssignment(new Kyverno({ mode: PolicyMode.AUDIT })).effect('pod-security-baseline')).toBe('Audit');
    expect(synthAssignment().effect('pod-security-baseline')).toBe('Audit');
  });

  test('restricted only audits, even when Kyverno enforces: Azure\'s version requires supplementalGroups, which pods Pod Security admission admits may lack', () => {
    // Azure/azure-policy PSPRestrictedStandard.json 2.5.0 includes AllowedUsersGroups (f06ddb64) with
    // supplementalGroupsRule MustRunAs and no parameter for it; CloudNativePG's instance pods set none.
    expect(synthAssignment(new Kyverno({ mode: PolicyMode.ENFORCE })).effect('pod-security-restricted')).toBe('Audit');
  });
});
