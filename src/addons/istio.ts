import type { AddOnContext } from './add-on';
import { AddOnRelease, HelmAddOn } from './helm-add-on';
import { addNativeObject } from './native';
import type { ICluster } from '../clusters/cluster';

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
    return [
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
  }

  protected addObjects(_cluster: ICluster, context: AddOnContext): void {
    addNativeObject(context.chart, 'strict-mtls', context, {
      apiVersion: 'security.istio.io/v1',
      kind: 'PeerAuthentication',
      metadata: { name: 'default', namespace: NAMESPACE },
      spec: { mtls: { mode: 'STRICT' } },
    });
  }
}
