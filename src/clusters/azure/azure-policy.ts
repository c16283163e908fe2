import { KubernetesCluster } from '@cdktf/provider-azurerm/lib/kubernetes-cluster';
import { ResourcePolicyAssignment } from '@cdktf/provider-azurerm/lib/resource-policy-assignment';
import { Lazy } from 'cdktf';
import { Construct } from 'constructs';
import { POD_SECURITY_RESTRICTED_INITIATIVE } from '../catalogue/azure-policies';
import { AdmissionPolicyStandard, PolicyMode } from '../policy-mode';

/**
 * Assigns the Pod Security `restricted` initiative to the cluster, so that
 * the Azure Policy add-on checks something: audit or deny as the fleet's
 * admission policies do, outside the namespaces they leave alone and those
 * the initiative leaves alone by default (the add-on's own Gatekeeper
 * among them). The standard is read at synth, once every add-on has joined.
 */
export function assignPodSecurityPolicy(
  scope: Construct, cluster: KubernetesCluster, standard: () => AdmissionPolicyStandard,
): ResourcePolicyAssignment {
  const initiative = POD_SECURITY_RESTRICTED_INITIATIVE;
  return new ResourcePolicyAssignment(scope, 'pod-security-policy', {
    name: 'pod-security-restricted',
    displayName: initiative.displayName,
    resourceId: cluster.id,
    policyDefinitionId: initiative.id,
    parameters: Lazy.stringValue({
      produce: () => {
        const { mode, excludedNamespaces } = standard();
        return JSON.stringify({
          effect: { value: mode === PolicyMode.ENFORCE ? initiative.effects.deny : initiative.effects.audit },
          excludedNamespaces: { value: [...new Set([...initiative.defaultExcludedNamespaces, ...excludedNamespaces])].sort() },
        });
      },
    }),
  });
}
