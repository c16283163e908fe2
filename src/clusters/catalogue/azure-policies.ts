/**
 * Built-in Azure Policy initiatives the fleet assigns, as Azure publishes
 * them. Reviewed like code: a new version of an initiative is a pull request
 * that rereads its definition.
 */

/** A built-in policy set definition and what the fleet relies on in it. */
export interface AzurePolicyInitiative {
  /** The policy set definition's resource id. */
  readonly id: string;
  readonly displayName: string;
  /** The definition's metadata.version when it was read. */
  readonly version: string;
  /** Values its `effect` parameter allows that the fleet uses. */
  readonly effects: { readonly audit: string; readonly deny: string };
  /** Its `excludedNamespaces` parameter's default, kept when the fleet adds its own. */
  readonly defaultExcludedNamespaces: readonly string[];
  /** Where it was read. */
  readonly source: string;
  readonly checked: string;
}

/**
 * Pod Security Standards `restricted` for Linux workloads, checked by the
 * Azure Policy add-on's Gatekeeper. Stricter than Pod Security admission's
 * `restricted`, which team namespaces run under: its AllowedUsersGroups
 * policy (f06ddb64) requires `runAsGroup`, `supplementalGroups` and
 * `fsGroup` in every pod, with no parameter to relax it, and operators
 * such as CloudNativePG set no `supplementalGroups`. So the fleet assigns it
 * to audit only, for the compliance view.
 */
export const POD_SECURITY_RESTRICTED_INITIATIVE: AzurePolicyInitiative = {
  id: '/providers/Microsoft.Authorization/policySetDefinitions/42b8ef37-b724-4e24-bbc8-7a7708edfe00',
  displayName: 'Kubernetes cluster pod security restricted standards for Linux-based workloads',
  version: '2.5.0',
  effects: { audit: 'Audit', deny: 'Deny' },
  defaultExcludedNamespaces: ['kube-system', 'gatekeeper-system', 'azure-arc', 'azure-extensions-usage-system'],
  source: 'Azure/azure-policy@f4a50bacae07ddb096943c597669bcae494a6e29:built-in-policies/policySetDefinitions/Kubernetes/PSPRestrictedStandard.json',
  checked: '2026-12-02',
};

/**
 * Pod Security Standards `baseline` for Linux workloads: no privileged
 * containers, host namespaces, host paths or ports, added capabilities.
 * Everything Pod Security admission `restricted` admits passes it, so the
 * fleet assigns it with the effect of its admission policies (Deny when
 * Kyverno enforces): the cloud's own guard, independent of the cluster's.
 */
export const POD_SECURITY_BASELINE_INITIATIVE: AzurePolicyInitiative = {
  id: '/providers/Microsoft.Authorization/policySetDefinitions/a8640138-9b0a-4a28-b8cb-1666c838647d',
  displayName: 'Kubernetes cluster pod security baseline standards for Linux-based workloads',
  version: '1.4.0',
  effects: { audit: 'Audit', deny: 'Deny' },
  defaultExcludedNamespaces: ['kube-system', 'gatekeeper-system', 'azure-arc', 'azure-extensions-usage-system'],
  source: 'Azure/azure-policy@f4a50bacae07ddb096943c597669bcae494a6e29:built-in-policies/policySetDefinitions/Kubernetes/PSPBaselineStandard.json',
  checked: '2026-12-02',
};
