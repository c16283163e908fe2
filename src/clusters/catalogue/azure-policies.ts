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
 * Pod Security Standards `restricted` for Linux workloads, enforced by the
 * Azure Policy add-on's Gatekeeper: what team namespaces already run under
 * (Pod Security admission `restricted`), checked a second time by the cloud.
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
