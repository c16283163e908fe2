import type { AddOnContext } from './add-on';
import { AddOnRelease, HelmAddOn } from './helm-add-on';
import { KubePrometheusStack } from './kube-prometheus-stack';
import type { ICluster } from '../clusters/cluster';

/** The label OpenCost allocates cost by; team namespaces carry it. */
export const COST_ALLOCATION_LABEL = 'fleet.cdk-fleet.io/team';

/** OpenCost: cost allocation by namespace and team label, from the cluster's Prometheus. */
export class OpenCost extends HelmAddOn {
  public static readonly ID = 'opencost';

  constructor() {
    super({ id: OpenCost.ID, requires: [KubePrometheusStack.ID] });
  }

  protected releases(cluster: ICluster, _context: AddOnContext): AddOnRelease[] {
    return [{
      name: this.id,
      namespace: 'opencost',
      values: {
        opencost: {
          exporter: { defaultClusterId: cluster.clusterName },
          prometheus: { internal: { serviceName: 'kube-prometheus-stack-prometheus', namespaceName: 'monitoring', port: 9090 } },
          ui: { enabled: false },
          metrics: { serviceMonitor: { enabled: true } },
        },
      },
    }];
  }
}
