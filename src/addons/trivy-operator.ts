import type { AddOnContext } from './add-on';
import { AddOnRelease, HelmAddOn } from './helm-add-on';
import type { ICluster } from '../clusters/cluster';

/** Vulnerability, configuration and secret scans of every workload, reported as CRDs and metrics. */
export class TrivyOperator extends HelmAddOn {
  public static readonly ID = 'trivy-operator';

  constructor() {
    super({ id: TrivyOperator.ID });
  }

  protected releases(_cluster: ICluster, _context: AddOnContext): AddOnRelease[] {
    return [{
      name: this.id,
      namespace: 'trivy-system',
      values: {
        operator: {
          scanJobsConcurrentLimit: 3,
          vulnerabilityScannerScanOnlyCurrentRevisions: true,
          configAuditScannerEnabled: true,
          exposedSecretScannerEnabled: true,
        },
        trivy: { ignoreUnfixed: false, severity: 'UNKNOWN,LOW,MEDIUM,HIGH,CRITICAL' },
        serviceMonitor: { enabled: true },
      },
    }];
  }
}
