import type * as Kplus from 'cdk8s-plus-28';
import type { ClusterBase } from './cluster-base';
import { DeliveryLayer } from '../gitops/layers';

/** The namespace the fleet owns on every cluster, for its own objects. */
export const FLEET_SYSTEM_NAMESPACE = 'fleet-system';

/**
 * The platform chart, applied first on every cluster: the fleet's own
 * namespace (Pod Security `restricted`) and a ConfigMap that tells tools on
 * the cluster which fleet, cluster and wave they run in.
 */
export function addPlatformChart(cluster: ClusterBase): void {
  // Loaded with the first cluster, not with the library: cdk8s-plus-28 is a
  // quarter of require('cdk-fleet') (~60 ms), which tools such as the CLI
  // and tests that build no cluster need not pay.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const kplus = require('cdk8s-plus-28') as typeof Kplus;
  const chart = cluster.addChart('platform', { order: 0, layer: DeliveryLayer.RELEASES });
  new kplus.Namespace(chart, 'fleet-system', {
    metadata: {
      name: FLEET_SYSTEM_NAMESPACE,
      labels: {
        'pod-security.kubernetes.io/enforce': 'restricted',
        'pod-security.kubernetes.io/enforce-version': 'latest',
        'pod-security.kubernetes.io/audit': 'restricted',
        'pod-security.kubernetes.io/warn': 'restricted',
      },
    },
  });
  new kplus.ConfigMap(chart, 'cluster-info', {
    metadata: { name: 'fleet-cluster-info', namespace: FLEET_SYSTEM_NAMESPACE },
    immutable: false,
    data: {
      fleet: cluster.fleet.fleetName,
      cluster: cluster.clusterName,
      cloud: cluster.cloud,
      region: cluster.region,
      kubernetesVersion: cluster.kubernetesVersion,
      wave: cluster.wave,
      disposable: String(cluster.disposable),
    },
  });
}
