import type { AddOnContext } from './add-on';
import { AddOnRelease, HelmAddOn } from './helm-add-on';
import type { ICluster } from '../clusters/cluster';
import { BundledComponent } from '../clusters/distribution';

/**
 * metrics-server, the resource metrics API behind `kubectl top` and the
 * Horizontal Pod Autoscaler, highly available. AKS, k3s and RKE2 ship their
 * own (k3s's in kube-system under the same name, with another selector: a
 * second install would fight it), so the add-on skips clusters that bundle one.
 */
export class MetricsServer extends HelmAddOn {
  public static readonly ID = 'metrics-server';

  constructor() {
    super({ id: MetricsServer.ID });
  }

  public appliesTo(cluster: ICluster): boolean {
    return !cluster.bundledComponents.includes(BundledComponent.METRICS_SERVER);
  }

  protected releases(_cluster: ICluster, _context: AddOnContext): AddOnRelease[] {
    return [{
      name: this.id,
      namespace: 'kube-system',
      values: { replicas: 2, podDisruptionBudget: { enabled: true, minAvailable: 1 } },
    }];
  }
}
