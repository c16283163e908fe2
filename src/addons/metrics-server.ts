import type { AddOnContext } from './add-on';
import { AddOnRelease, HelmAddOn } from './helm-add-on';
import { Cloud } from '../clusters/cloud';
import type { ICluster } from '../clusters/cluster';

/**
 * metrics-server, the resource metrics API behind `kubectl top` and the
 * Horizontal Pod Autoscaler, highly available. AKS ships its own, so the
 * add-on applies to EKS and attached clusters.
 */
export class MetricsServer extends HelmAddOn {
  public static readonly ID = 'metrics-server';

  constructor() {
    super({ id: MetricsServer.ID });
  }

  public appliesTo(cluster: ICluster): boolean {
    return cluster.cloud !== Cloud.AZURE;
  }

  protected releases(_cluster: ICluster, _context: AddOnContext): AddOnRelease[] {
    return [{
      name: this.id,
      namespace: 'kube-system',
      values: { replicas: 2, podDisruptionBudget: { enabled: true, minAvailable: 1 } },
    }];
  }
}
