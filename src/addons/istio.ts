import type { AddOnContext } from './add-on';
import { AddOnRelease, HelmAddOn } from './helm-add-on';
import { AWS_LOAD_BALANCER_CONTROLLER, publicLoadBalancerAnnotations } from './load-balancer';
import { MESH_ADD_ON_ID } from './mesh';
import { addNativeObject } from './native';
import { FleetError } from '../_internal/fleet-error';
import type { ICluster } from '../clusters/cluster';
import { BundledComponent, KubernetesDistribution } from '../clusters/distribution';

const NAMESPACE = 'istio-system';
/** The ingress gateway's namespace. */
export const ISTIO_GATEWAY_NAMESPACE = 'istio-ingress';
/** The ambient profile of the istiod and istio-cni charts (files/profile-ambient.yaml). */
const AMBIENT = 'ambient';

/**
 * Istio in ambient mode: base CRDs, istiod, the CNI node agent, ztunnel on
 * every node, and an ingress gateway, with mutual TLS required mesh-wide (a
 * STRICT `PeerAuthentication` in the root namespace). Team namespaces join
 * the mesh by label; no sidecar or init container is injected, so team pods
 * stay under Pod Security `restricted`. The platform components that call
 * team pods (ingress controller, Prometheus) join as clients.
 */
export class Istio extends HelmAddOn {
  public static readonly ID = MESH_ADD_ON_ID;

  constructor() {
    super({ id: Istio.ID, orderAfter: [AWS_LOAD_BALANCER_CONTROLLER] });
  }

  protected releases(cluster: ICluster, context: AddOnContext): AddOnRelease[] {
    if (cluster.bundledComponents.includes(BundledComponent.MANAGED_CILIUM)) {
      throw FleetError.invalidProperty(cluster, 'addons.istio', 'managed Cilium data plane',
        "cannot carry Istio: its CNI node agent chains onto the node's CNI configuration, which AKS-managed Cilium owns (Istio needs Cilium's cni.exclusive off; AKS does not expose it)",
        "give the cluster networkPolicy: AzureNetworkPolicy.AZURE, or leave istio off it with fleet.overrideAddOn(cluster, 'istio', { remove: true, reason })");
    }
    // The gateway's LoadBalancer Service wants ports 80 and 443, which a bundled ingress controller already holds.
    const gateway = !cluster.bundledComponents.includes(BundledComponent.INGRESS);
    // istiod and ztunnel must name the same cluster, or ztunnel's certificate requests are refused.
    const clusterName = cluster.clusterName;
    const releases: AddOnRelease[] = [
      { name: 'istio-base', chart: 'base', namespace: NAMESPACE, values: { defaultRevision: 'default' } },
      {
        name: 'istiod',
        chart: 'istiod',
        namespace: NAMESPACE,
        after: ['istio-base'],
        values: {
          profile: AMBIENT,
          // Top-level in the istiod chart; above 1 it also renders istiod's PodDisruptionBudget.
          autoscaleMin: 2,
          global: { meshID: cluster.tags.fleet, multiCluster: { clusterName } },
          meshConfig: { accessLogFile: '/dev/stdout' },
        },
      },
      {
        name: 'istio-cni',
        chart: 'cni',
        namespace: NAMESPACE,
        after: ['istiod'],
        values: {
          profile: AMBIENT,
          // k3s keeps its CNI configuration and binaries under /var/lib/rancher (files/profile-platform-k3s.yaml).
          ...(cluster.distribution === KubernetesDistribution.K3S ? { global: { platform: 'k3s' } } : {}),
        },
      },
      { name: 'ztunnel', chart: 'ztunnel', namespace: NAMESPACE, after: ['istio-cni'], values: { multiCluster: { clusterName } } },
      {
        name: 'istio-ingressgateway',
        chart: 'gateway',
        namespace: ISTIO_GATEWAY_NAMESPACE,
        after: ['ztunnel'],
        values: {
          autoscaling: { minReplicas: 2 },
          podDisruptionBudget: { minAvailable: 1 },
          service: {
            annotations: publicLoadBalancerAnnotations(cluster, context.onCluster),
            // HTTP and HTTPS only: the chart's default also publishes the status port (15021) on the public load balancer.
            ports: [{ name: 'http2', port: 80, protocol: 'TCP', targetPort: 80 }, { name: 'https', port: 443, protocol: 'TCP', targetPort: 443 }],
          },
        },
      },
    ];
    return gateway ? releases : releases.filter((r) => r.name !== 'istio-ingressgateway');
  }

  protected addObjects(_cluster: ICluster, context: AddOnContext): void {
    addNativeObject(context.chart, 'strict-mtls', {
      apiVersion: 'security.istio.io/v1',
      kind: 'PeerAuthentication',
      metadata: { name: 'default', namespace: NAMESPACE },
      spec: { mtls: { mode: 'STRICT' } },
    });
  }
}
