import type { AddOnContext } from './add-on';
import { AddOnRelease, HelmAddOn } from './helm-add-on';
import type { ICluster } from '../clusters/cluster';

/** The namespace of the CloudNativePG operator. */
export const CLOUDNATIVE_PG_NAMESPACE = 'cnpg-system';

/**
 * The CloudNativePG operator: the fleet's one PostgreSQL engine. Teams ask
 * for databases with `team.addPostgres(...)`; each becomes a `Cluster` in
 * the team's namespace, run by this operator with the catalogue's pinned
 * PostgreSQL image, backed up to the cluster's backup storage.
 */
export class CloudNativePg extends HelmAddOn {
  public static readonly ID = 'cloudnative-pg';

  /** The PostgreSQL image databases run, pinned with the operator's version. */
  public static postgresImage(images: { [name: string]: string }): string {
    return images.postgresql;
  }

  constructor() {
    super({ id: CloudNativePg.ID });
  }

  protected releases(_cluster: ICluster, _context: AddOnContext): AddOnRelease[] {
    return [{
      name: this.id,
      namespace: CLOUDNATIVE_PG_NAMESPACE,
      values: {
        config: { clusterWide: true },
        resources: { requests: { cpu: '100m', memory: '256Mi' }, limits: { cpu: '1', memory: '512Mi' } },
        monitoring: { podMonitorEnabled: false },
      },
    }];
  }
}
