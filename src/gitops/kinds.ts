/**
 * API groups every conformant Kubernetes API server serves without a CRD
 * (the built-in groups of Kubernetes 1.30+). Anything else is a custom
 * resource whose CRD some step must install first.
 */
const BUILT_IN_GROUPS = new Set([
  '', 'admissionregistration.k8s.io', 'apiextensions.k8s.io', 'apiregistration.k8s.io', 'apps', 'authentication.k8s.io',
  'authorization.k8s.io', 'autoscaling', 'batch', 'certificates.k8s.io', 'coordination.k8s.io', 'discovery.k8s.io',
  'events.k8s.io', 'flowcontrol.apiserver.k8s.io', 'networking.k8s.io', 'node.k8s.io', 'policy', 'rbac.authorization.k8s.io',
  'scheduling.k8s.io', 'storage.k8s.io',
]);

/** The API group of an `apiVersion` (`''` for the core group). */
export function apiGroup(apiVersion: string): string {
  const slash = apiVersion.indexOf('/');
  return slash < 0 ? '' : apiVersion.slice(0, slash);
}

/** Whether a kind is served by every API server (no CRD needed). */
export function isBuiltIn(apiVersion: string): boolean {
  return BUILT_IN_GROUPS.has(apiGroup(apiVersion));
}
