/**
 * Istio's ambient data plane as the rest of the fleet sees it. Ambient mode
 * puts a pod in the mesh by a label, with no sidecar and no init container:
 * the CNI node agent redirects the pod's traffic to the node's ztunnel,
 * which speaks mutual TLS for it. Team pods keep Pod Security `restricted`,
 * and nothing is injected into them that a registry policy would refuse.
 */

/** The label that puts a pod, or every pod of a namespace, in the ambient mesh (istio-cni's `ambient.enablementSelectors`). */
export const DATAPLANE_MODE_LABEL = 'istio.io/dataplane-mode';
/** Labels that put pods in the ambient mesh. */
export const MESH_MEMBER_LABELS: { readonly [key: string]: string } = { [DATAPLANE_MODE_LABEL]: 'ambient' };
/** Labels that keep a pod out of the mesh even in a member namespace. */
export const MESH_OPT_OUT_LABELS: { readonly [key: string]: string } = { [DATAPLANE_MODE_LABEL]: 'none' };

/**
 * The address kubelet probes come from once the CNI agent has redirected a
 * pod: it SNATs them so ztunnel lets them by (istio/istio@1.30.3:
 * cni/README.md HOST_PROBE_SNAT_IP, cni/pkg/iptables/iptables.go). A
 * default-deny NetworkPolicy must admit it, or every probe of a meshed pod fails.
 */
export const PROBE_SNAT_CIDR = '169.254.7.127/32';

/**
 * Platform components that call team workloads, by add-on id, with the
 * namespace they run in. Team pods require mutual TLS (STRICT), so these
 * callers join the mesh as clients: their pods carry MESH_MEMBER_LABELS,
 * and their own namespaces stay PERMISSIVE because their callers (the
 * load balancer, Grafana) are outside the mesh.
 */
export const MESH_CLIENTS: { readonly [addOnId: string]: string } = {
  'ingress-nginx': 'ingress-nginx',
  'kube-prometheus-stack': 'monitoring',
};
