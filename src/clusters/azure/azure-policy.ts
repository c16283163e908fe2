import { KubernetesCluster } from '@cdktf/provider-azurerm/lib/kubernetes-cluster';
import { ResourcePolicyAssignment } from '@cdktf/provider-azurerm/lib/resource-policy-assignment';
import { Lazy } from 'cdktf';
import { Construct } from 'constructs';
import { AzurePolicyInitiative, POD_SECURITY_BASELINE_INITIATIVE, POD_SECURITY_RESTRICTED_INITIATIVE } from '../catalogue/azure-policies';
import { AdmissionPolicyStandard, PolicyMode } from '../policy-mode';

/**
 * Assigns the Pod Security initiatives to the cluster, so that the Azure
 * Policy add-on checks something, outside the namespaces the fleet's
 * admission policies leave alone and those each initiative leaves alone by
 * default (the add-on's own Gatekeeper among them):
 *
 * - `baseline` with the effect of the fleet's admission policies: Deny when
 *   Kyverno enforces, else Audit. Whatever Pod Security admission
 *   `restricted` admits passes it, so denying breaks nothing teams may run.
 * - `restricted` to audit only: Azure's version demands more than the
 *   Kubernetes standard (supplementalGroups in every pod), and denying it
 *   would refuse pods the cluster's own admission accepts, such as
 *   CloudNativePG's instances.
 *
 * The standard is read at synth, once every add-on has joined.
 */
export function assignPodSecurityPolicies(
  scope: Construct, cluster: KubernetesCluster, standard: () => AdmissionPolicyStandard,
): ResourcePolicyAssignment[] {
  return [
    assign(scope, cluster, 'pod-security-baseline', POD_SECURITY_BASELINE_INITIATIVE, standard, (mode) => mode === PolicyMode.ENFORCE),
    assign(scope, cluster, 'pod-security-restricted', POD_SECURITY_RESTRICTED_INITIATIVE, standard, () => false),
  ];
}

function assign(
  scope: Construct, cluster: KubernetesCluster, name: string, initiative: AzurePolicyInitiative,
  standard: () => AdmissionPolicyStandard, denies: (mode: PolicyMode) => boolean,
): ResourcePolicyAssignment {
  return new ResourcePolicyAssignment(scope, `${name}-policy`, {
    name,
    displayName: initiative.displayName,
    resourceId: cluster.id,
    policyDefinitionId: initiative.id,
    parameters: Lazy.stringValue({
      produce: () => {
        const { mode, excludedNamespaces } = standard();
        return JSON.stringify({
          effect: { value: denies(mode) ? initiative.effects.deny : initiative.effects.audit },
          excludedNamespaces: { value: [...new Set([...initiative.defaultExcludedNamespaces, ...excludedNamespaces])].sort() },
        });
      },
    }),
  });
}
