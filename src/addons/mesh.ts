import type { AddOnContext } from './add-on';
import { addNativeObject } from './native';

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

/** The id of the add-on that brings the mesh. */
export const MESH_ADD_ON_ID = 'istio';

/**
 * A platform component that calls team pods (the ingress controller,
 * Prometheus) joins the mesh as a client where the mesh is on the cluster:
 * team pods accept mutual TLS only (STRICT). These are the labels its pods
 * get; undefined without the mesh.
 */
export function meshClientPodLabels(context: AddOnContext): { [key: string]: string } | undefined {
  return context.onCluster.includes(MESH_ADD_ON_ID) ? { ...MESH_MEMBER_LABELS } : undefined;
}

/**
 * A mesh client's own namespace keeps accepting plain text: its callers
 * (the load balancer, in-namespace tools) are outside the mesh. What it
 * sends to team pods is mutual TLS. Nothing without the mesh.
 */
export function addMeshClientPolicy(context: AddOnContext, namespace: string): void {
  if (meshClientPodLabels(context)) {
    addNativeObject(context.chart, 'mesh-client', {
      apiVersion: 'security.istio.io/v1',
      kind: 'PeerAuthentication',
      metadata: { name: 'mesh-client', namespace },
      spec: { mtls: { mode: 'PERMISSIVE' } },
    });
  }
}
