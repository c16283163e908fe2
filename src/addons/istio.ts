import type { AddOnContext } from './add-on';
import { AddOnRelease, HelmAddOn } from './helm-add-on';
import { addNativeObject } from './native';
import type { ICluster } from '../clusters/cluster';
import { BundledComponent } from '../clusters/distribution';

/** The namespace label that turns on sidecar injection; teams' namespaces carry it when the mesh is on. */
export const ISTIO_INJECTION_LABEL = 'istio-injection';
const NAMESPACE = 'istio-system';

/**
 * Istio (base CRDs, istiod, an ingress gateway) with mutual TLS required
 * mesh-wide: a `PeerAuthentication` in the root namespace sets STRICT, so no
 * workload in the mesh accepts plain text.
 */
export class Istio extends HelmAddOn {
  public static readonly ID = 'istio';

  constructor() {
    super({ id: Istio.ID });
  }

  protected releases(cluster: ICluster, _context: AddOnContext): AddOnRelease[] {
    // The gateway's LoadBalancer Service wants ports 80 and 443, which a bundled ingress controller already holds.
    const gateway = !cluster.bundledComponents.includes(BundledComponent.INGRESS);
    const releases: AddOnRelease[] = [
      { name: 'istio-base', chart: 'base', namespace: NAMESPACE, values: { defaultRevision: 'default' } },
      {
        name: 'istiod',
        chart: 'istiod',
        namespace: NAMESPACE,
        after: ['istio-base'],
        values: {
          // Top-level in the istiod chart; above 1 it also renders istiod's PodDisruptionBudget.
          autoscaleMin: 2,
          global: { meshID: cluster.tags.fleet, multiCluster: { clusterName: cluster.clusterName } },
          meshConfig: { accessLogFile: '/dev/stdout' },
        },
      },
      {
        name: 'istio-ingressgateway',
        chart: 'gateway',
        namespace: 'istio-ingress',
        after: ['istiod'],
        values: { autoscaling: { minReplicas: 2 }, podDisruptionBudget: { minAvailable: 1 } },
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
