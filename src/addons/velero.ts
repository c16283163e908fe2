import type { AddOnContext } from './add-on';
import { AddOnRelease, HelmAddOn } from './helm-add-on';
import { KubePrometheusStack } from './kube-prometheus-stack';
import { addNativeObject } from './native';
import { FleetError } from '../_internal/fleet-error';
import { checkAddOnOptions } from '../_internal/input';
import { NAME_LABEL } from '../_internal/rules';
import { BackupStorage, BackupStorageProvider } from '../clusters/backup-storage';
import type { ICluster } from '../clusters/cluster';

/** A recurring backup of the cluster. */
export interface VeleroSchedule {
  /** Schedule name, a DNS label, e.g. `daily`. */
  readonly name: string;
  /** When to back up: a five-field cron expression in UTC, e.g. `0 1 * * *`. */
  readonly cron: string;
  /** Days Velero keeps each backup before deleting it. */
  readonly ttlDays: number;
  /** Namespaces to back up. @default ['*'] (all) */
  readonly includedNamespaces?: string[];
  /** Namespaces to leave out. @default - none */
  readonly excludedNamespaces?: string[];
}

/** An image as chart values take it. */
export interface ImageReference {
  readonly repository: string;
  readonly tag: string;
}

/** Options of Velero. */
export interface VeleroOptions {
  /**
   * The backups every cluster takes.
   * @default - `daily` at 01:00 UTC kept 30 days, and `weekly` on Sundays at 03:00 UTC kept 90 days
   */
  readonly schedules?: VeleroSchedule[];
}

const NAMESPACE = 'velero';
const SERVICE_ACCOUNT = 'velero';
/** Velero's location in the cluster's backup storage: a prefix, or a container of its own. */
const LOCATION = 'velero';
const CRON_FIELD = /^(\*|\d+(-\d+)?)(\/\d+)?(,(\*|\d+(-\d+)?)(\/\d+)?)*$/;
const DEFAULT_SCHEDULES: VeleroSchedule[] = [
  { name: 'daily', cron: '0 1 * * *', ttlDays: 30 },
  { name: 'weekly', cron: '0 3 * * 0', ttlDays: 90 },
];
const RESOURCES = { requests: { cpu: '100m', memory: '128Mi' }, limits: { cpu: '1', memory: '1Gi' } };

/**
 * Velero, backing every cluster up to its own backup storage (an encrypted,
 * versioned S3 bucket or Azure blob container with a lifecycle, made by the
 * cluster in its region stack) as its own workload identity: no keys in any
 * Secret. An attached cluster backs up to the S3-compatible bucket its site
 * provides, with the credentials Secret the site delivers. Volume data goes to the same storage through the node agent
 * (file-system backup with kopia), so a backup kept in another region holds
 * the data too, not just a snapshot left behind in the cluster's region.
 * Schedules are native `Schedule` objects; Velero deletes each backup after
 * its TTL, and the storage keeps deleted objects recoverable for its
 * `retentionDays`.
 */
export class Velero extends HelmAddOn {
  public static readonly ID = 'velero';

  /** The server image of a pinned version as chart values: repository and tag. */
  public static serverImage(images: { [name: string]: string }): ImageReference {
    const image = images.server;
    const colon = image.lastIndexOf(':');
    return { repository: image.slice(0, colon), tag: image.slice(colon + 1) };
  }

  private readonly schedules: VeleroSchedule[];

  /** The names of the backup schedules, first the one a restore starts from. */
  public get scheduleNames(): string[] {
    return this.schedules.map((s) => s.name);
  }

  constructor(options: VeleroOptions = {}) {
    // Its ServiceMonitor needs the monitoring stack's CRD, so it comes after the stack where both run.
    super({ id: Velero.ID, orderAfter: [KubePrometheusStack.ID] });
    checkAddOnOptions(Velero.ID, options);
    this.schedules = options.schedules ?? DEFAULT_SCHEDULES;
    this.checkSchedules();
  }

  /** On clusters with backup storage: EKS, AKS, and attached clusters given a site bucket. */
  public appliesTo(cluster: ICluster): boolean {
    return cluster.supportsBackupStorage;
  }

  protected releases(cluster: ICluster, context: AddOnContext): AddOnRelease[] {
    const storage = cluster.backupStorage(LOCATION);
    // A replacement reads the old cluster's backups too, and only reads them.
    const moved = veleroMovedFrom(cluster);
    // A site bucket's credentials come from the site's Secret instead.
    const identity = storage.provider === BackupStorageProvider.S3_COMPATIBLE ? undefined : cluster.bindWorkloadIdentity({
      namespace: NAMESPACE,
      serviceAccount: SERVICE_ACCOUNT,
      policyStatements: [...storage.policyStatements, ...(moved?.storage.readOnlyPolicyStatements ?? [])],
      roleAssignments: [...storage.roleAssignments, ...(moved?.storage.readOnlyRoleAssignments ?? [])],
    });
    return [{
      name: this.id,
      namespace: NAMESPACE,
      values: {
        ...storageValues(storage, context),
        // Pinned with the chart: it is also the restore helper the policies admit into restored pods.
        image: Velero.serverImage(context.images),
        serviceAccount: { server: { create: true, name: SERVICE_ACCOUNT, annotations: identity?.serviceAccountAnnotations ?? {} } },
        podLabels: identity?.podLabels ?? {},
        resources: RESOURCES,
        deployNodeAgent: true,
        // The node agent uploads volume data: it needs the same identity.
        nodeAgent: { resources: RESOURCES, podLabels: identity?.podLabels ?? {} },
        snapshotsEnabled: false,
        // Metrics are on by default, but the stack scrapes only ServiceMonitors.
        metrics: { enabled: true, serviceMonitor: { enabled: context.onCluster.includes(KubePrometheusStack.ID) } },
      },
    }];
  }

  protected addObjects(cluster: ICluster, context: AddOnContext): void {
    const moved = veleroMovedFrom(cluster);
    if (moved) {
      // Read-only: Velero syncs the old cluster's backups from it and never writes there
      // (velero.io/v1 BackupStorageLocation accessMode, vmware-tanzu/velero@v1.18.1).
      const { provider, config } = locationConfig(moved.storage);
      addNativeObject(context.chart, 'moved-from', {
        apiVersion: 'velero.io/v1',
        kind: 'BackupStorageLocation',
        metadata: { name: moved.locationName, namespace: NAMESPACE },
        spec: {
          provider,
          objectStorage: { bucket: moved.storage.bucket, ...(moved.storage.prefix ? { prefix: moved.storage.prefix } : {}) },
          config,
          accessMode: 'ReadOnly',
        },
      });
    }
    for (const schedule of this.schedules) {
      addNativeObject(context.chart, `schedule-${schedule.name}`, {
        apiVersion: 'velero.io/v1',
        kind: 'Schedule',
        metadata: { name: schedule.name, namespace: NAMESPACE },
        spec: {
          schedule: schedule.cron,
          useOwnerReferencesInBackup: false,
          template: {
            ttl: `${schedule.ttlDays * 24}h0m0s`,
            includedNamespaces: schedule.includedNamespaces ?? ['*'],
            excludedNamespaces: schedule.excludedNamespaces ?? [],
            storageLocation: 'default',
            snapshotVolumes: false,
            defaultVolumesToFsBackup: true,
          },
        },
      });
    }
  }

  private checkSchedules(): void {
    if (!Array.isArray(this.schedules) || this.schedules.length === 0) {
      throw FleetError.invalidAddOnOption(this.id, 'schedules', this.schedules, 'must list at least one backup schedule',
        "leave schedules out for the defaults, or give e.g. [{ name: 'daily', cron: '0 1 * * *', ttlDays: 30 }]");
    }
    const seen = new Set<string>();
    this.schedules.forEach((schedule, i) => {
      if (typeof schedule.name !== 'string' || !NAME_LABEL.test(schedule.name) || seen.has(schedule.name)) {
        throw FleetError.invalidAddOnOption(this.id, `schedules[${i}].name`, schedule.name, 'must be a DNS label, unique among the schedules', "use e.g. 'daily'");
      }
      seen.add(schedule.name);
      const fields = typeof schedule.cron === 'string' ? schedule.cron.trim().split(/\s+/) : [];
      if (fields.length !== 5 || !fields.every((f) => CRON_FIELD.test(f))) {
        throw FleetError.invalidAddOnOption(this.id, `schedules[${i}].cron`, schedule.cron, 'is not a five-field cron expression',
          "use minute hour day-of-month month day-of-week, e.g. '0 1 * * *' (01:00 UTC daily)");
      }
      if (!Number.isInteger(schedule.ttlDays) || schedule.ttlDays < 1) {
        throw FleetError.invalidAddOnOption(this.id, `schedules[${i}].ttlDays`, schedule.ttlDays, 'must be a whole number of days of at least 1', 'use e.g. 30');
      }
    });
  }
}

/** The chart's plugin, storage location and credentials for the storage's cloud. */
/** A replaced cluster's Velero backups, as its replacement reads them. */
export interface MovedBackups {
  readonly cluster: ICluster;
  readonly storage: BackupStorage;
  /** The read-only location's name on the replacement. */
  readonly locationName: string;
}

/**
 * Where a replacement finds the backups of the cluster it replaces: the old
 * cluster's Velero location, when both are in one cloud with backup storage.
 */
export function veleroMovedFrom(cluster: ICluster): MovedBackups | undefined {
  const old = cluster.replacedCluster;
  if (!old || old.cloud !== cluster.cloud || !old.supportsBackupStorage || !cluster.supportsBackupStorage) {
    return undefined;
  }
  const storage = old.backupStorage(LOCATION);
  if (storage.provider === BackupStorageProvider.S3_COMPATIBLE) {
    return undefined;
  }
  return { cluster: old, storage, locationName: movedLocationName(old.clusterName) };
}

/** The name of the read-only location of a replaced cluster's backups on its replacement. */
export function movedLocationName(oldCluster: string): string {
  return `moved-from-${oldCluster}`;
}

/** A location's Velero provider and config, as the default location and a moved-from location both take them. */
function locationConfig(storage: BackupStorage): { provider: string; config: { [key: string]: string } } {
  if (storage.provider === BackupStorageProvider.AZURE_BLOB) {
    return {
      provider: 'azure',
      config: {
        resourceGroup: storage.resourceGroup!,
        storageAccount: storage.storageAccount!,
        subscriptionId: storage.subscriptionId!,
        storageAccountURI: storage.endpoint!,
        useAAD: 'true',
      },
    };
  }
  return { provider: 'aws', config: { region: storage.region } };
}

function storageValues(storage: BackupStorage, context: AddOnContext): { [key: string]: any } {
  const plugin = (name: string, image: string) => [{
    name,
    image,
    imagePullPolicy: 'IfNotPresent',
    resources: { requests: { cpu: '10m', memory: '32Mi' }, limits: { cpu: '100m', memory: '128Mi' } },
    volumeMounts: [{ mountPath: '/target', name: 'plugins' }],
  }];
  const location = { name: 'default', default: true, bucket: storage.bucket, ...(storage.prefix ? { prefix: storage.prefix } : {}) };
  switch (storage.provider) {
    case BackupStorageProvider.AWS_S3:
    case BackupStorageProvider.S3_COMPATIBLE: {
      const site = storage.provider === BackupStorageProvider.S3_COMPATIBLE;
      return {
        initContainers: plugin('velero-plugin-for-aws', context.images['plugin-aws']),
        configuration: {
          backupStorageLocation: [{
            ...location,
            provider: 'aws',
            // A site's store: path-style addressing, and no CRC32 checksums, which many S3-compatible stores reject.
            config: { region: storage.region, ...(site ? { s3Url: storage.endpoint, s3ForcePathStyle: 'true', checksumAlgorithm: '' } : {}) },
          }],
          volumeSnapshotLocation: [],
          uploaderType: 'kopia',
        },
        // On S3 the SDK takes the role from the service account's token (IRSA); a site's credentials are its Secret.
        credentials: site ? { useSecret: true, existingSecret: storage.credentialsSecret } : { useSecret: false },
      };
    }
    case BackupStorageProvider.AZURE_BLOB:
      return {
        initContainers: plugin('velero-plugin-for-microsoft-azure', context.images['plugin-azure']),
        configuration: {
          backupStorageLocation: [{
            ...location,
            ...locationConfig(storage),
          }],
          volumeSnapshotLocation: [],
          uploaderType: 'kopia',
        },
        // The Azure plugin reads where it works from this file. It holds ids,
        // no key: the pod authenticates as its workload identity.
        credentials: {
          useSecret: true,
          secretContents: {
            cloud: `AZURE_SUBSCRIPTION_ID=${storage.subscriptionId}\nAZURE_RESOURCE_GROUP=${storage.resourceGroup}\nAZURE_CLOUD_NAME=AzurePublicCloud\n`,
          },
        },
      };
    default:
      throw new Error(`backup storage provider '${storage.provider}' has no Velero plugin (a bug: every provider the clusters offer has one)`);
  }
}
