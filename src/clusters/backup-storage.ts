import type { IConstruct } from 'constructs';
import { Cloud } from './cloud';
import type { AwsPolicyStatement, AzureRoleAssignment } from './workload-identity';
import { cloudLabel } from '../_internal/cloud-label';
import { oneOf } from '../_internal/describe';
import { FleetError } from '../_internal/fleet-error';
import type { FleetCatalogue } from '../catalogue/fleet-catalogue';

/** Where and how long a cloud cluster keeps its backups. */
export interface BackupStorageOptions {
  /**
   * Another region of the cluster's cloud to keep the backups in, so that
   * losing the cluster's region does not lose its backups too.
   * @default - the cluster's region
   */
  readonly region?: string;
  /**
   * Days a deleted or replaced backup object stays recoverable at least,
   * counted from its deletion: the window to undo a mistaken or malicious
   * delete. Current objects are never expired by age; backup tools expire
   * their own. On AWS the lifecycle removes a noncurrent version this many
   * days after it became noncurrent. On Azure a deleted backup is a readable
   * previous version until this many days after it was written, then
   * soft-deleted (restorable with Undelete Blob) for this many days more.
   * 7–3650; at most 365 on Azure (blob soft delete's limit).
   * @default 120
   */
  readonly retentionDays?: number;
}

/** The kind of object store a cluster's backups go to. */
export enum BackupStorageProvider {
  /** An Amazon S3 bucket, encrypted with its own KMS key. */
  AWS_S3 = 'aws-s3',
  /** A blob container in an Azure storage account. */
  AZURE_BLOB = 'azure-blob',
  /** An S3-compatible bucket a site provides (an attached cluster's), reached with credentials the site delivers. */
  S3_COMPATIBLE = 's3-compatible',
}

/**
 * An attached cluster's backup storage: an S3-compatible bucket the site
 * provides (a store's MinIO, or a central bucket), since the fleet manages
 * no cloud account for it. Encryption, versioning and lifecycle are the
 * site's; the credentials reach the cluster through the site's secret store
 * and are only named here, never written to the output.
 */
export interface SiteBackupStorage {
  /** The bucket. */
  readonly bucket: string;
  /** The S3 API endpoint, `https://…`. */
  readonly endpoint: string;
  /** The region the endpoint expects in signatures. @default 'us-east-1' */
  readonly region?: string;
  /**
   * Name of a Secret the site's secret store puts in each backup tool's
   * namespace, holding an AWS credentials file under the key `cloud`.
   */
  readonly credentialsSecret: string;
  /** Days the site keeps a deleted backup object recoverable. @default 120 */
  readonly retentionDays?: number;
}

/**
 * One location in a cluster's backup storage, as a backup tool (Velero, a
 * database) needs to address it: a prefix of the cluster's S3 bucket, or a
 * blob container of its own in the cluster's storage account. The storage
 * is private, encrypted, versioned, and expires objects after
 * `retentionDays`; access is only through a workload identity granted
 * `policyStatements` (AWS) or `roleAssignments` (Azure), which reach this
 * location and no other, so one team's database cannot touch the cluster's
 * backups.
 */
export interface BackupStorage {
  readonly provider: BackupStorageProvider;
  /** Region the storage is in (may differ from the cluster's). */
  readonly region: string;
  /** The S3 bucket, or the Azure blob container. */
  readonly bucket: string;
  /** The location's path in the bucket (no leading or trailing `/`); empty when the location is a container of its own. */
  readonly prefix: string;
  /** Azure: the storage account holding the container. */
  readonly storageAccount?: string;
  /** Azure: the storage account's resource group. */
  readonly resourceGroup?: string;
  /** Azure: the subscription of the storage account. */
  readonly subscriptionId?: string;
  /** Azure: the blob endpoint, e.g. `https://<account>.blob.core.windows.net/`; S3-compatible: the S3 API endpoint. */
  readonly endpoint?: string;
  /** Days a deleted or replaced object stays recoverable. */
  readonly retentionDays: number;
  /** S3-compatible: the Secret (key `cloud`) holding the site's credentials. */
  readonly credentialsSecret?: string;
  /** AWS: what a workload identity needs to read and write this location only (pass to `bindWorkloadIdentity`). */
  readonly policyStatements: AwsPolicyStatement[];
  /** Azure: what a workload identity needs to read and write this location only (pass to `bindWorkloadIdentity`). */
  readonly roleAssignments: AzureRoleAssignment[];
}

/** The resolved options of a cluster's backup storage. */
export interface ResolvedBackupStorageOptions {
  readonly region: string;
  readonly retentionDays: number;
}

const DEFAULT_RETENTION_DAYS = 120;

/** Checks a cluster's `backupStorage` prop against its cloud's regions; fills the defaults. */
export function resolveBackupStorageOptions(
  scope: IConstruct, cloud: Cloud, clusterRegion: string, options: BackupStorageOptions = {}, catalogue: FleetCatalogue,
): ResolvedBackupStorageOptions {
  const region = options.region ?? clusterRegion;
  if (typeof region !== 'string' || !catalogue.isKnownRegion(cloud, region)) {
    throw FleetError.invalidProperty(scope, 'backupStorage.region', options.region, `is not in the catalogue of ${cloudLabel(cloud)} regions`,
      `use one of ${oneOf(catalogue.knownRegions(cloud))}, or add it to the Fleet's catalogue: { regions: [{ cloud, region, availabilityZoneIds | hasAvailabilityZones, source, checked }] }`);
  }
  const retentionDays = checkRetentionDays(scope, 'backupStorage', options.retentionDays,
    `give the days a deleted backup must stay recoverable, e.g. ${DEFAULT_RETENTION_DAYS}`);
  return { region, retentionDays };
}

/** `<prop>.retentionDays`, 7–3650 days, defaulting to 120. */
function checkRetentionDays(scope: IConstruct, prop: string, value: number | undefined, fix: string): number {
  const retentionDays = value ?? DEFAULT_RETENTION_DAYS;
  if (!Number.isInteger(retentionDays) || retentionDays < 7 || retentionDays > 3650) {
    throw FleetError.invalidProperty(scope, `${prop}.retentionDays`, value, 'must be a whole number of days from 7 to 3650', fix);
  }
  return retentionDays;
}

const BUCKET = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;
const SECRET_NAME = /^[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?$/;

/** Checks an attached cluster's `backupStorage` prop and describes the storage. */
export function resolveSiteBackupStorage(scope: IConstruct, site: SiteBackupStorage): BackupStorage {
  if (typeof site.bucket !== 'string' || !BUCKET.test(site.bucket)) {
    throw FleetError.invalidProperty(scope, 'siteBackupStorage.bucket', site.bucket, 'is not an S3 bucket name',
      "use 3-63 lower-case letters, digits, '.' and '-', e.g. 'store-0042-backups'");
  }
  let url: URL | undefined;
  try {
    url = new URL(site.endpoint);
  } catch {
    url = undefined;
  }
  if (url?.protocol !== 'https:') {
    throw FleetError.invalidProperty(scope, 'siteBackupStorage.endpoint', site.endpoint, 'must be an https:// URL (backups travel over TLS only)',
      "give the S3 API endpoint, e.g. 'https://minio.store-0042.acme.example'");
  }
  if (typeof site.credentialsSecret !== 'string' || !SECRET_NAME.test(site.credentialsSecret)) {
    throw FleetError.invalidProperty(scope, 'siteBackupStorage.credentialsSecret', site.credentialsSecret, 'is not a Kubernetes Secret name',
      "name the Secret the site's secret store provides, e.g. 'backup-credentials'");
  }
  const retentionDays = checkRetentionDays(scope, 'siteBackupStorage', site.retentionDays, 'give the days the site keeps a deleted backup recoverable');
  return {
    provider: BackupStorageProvider.S3_COMPATIBLE,
    region: site.region ?? 'us-east-1',
    bucket: site.bucket,
    prefix: '',
    endpoint: site.endpoint,
    retentionDays,
    credentialsSecret: site.credentialsSecret,
    policyStatements: [],
    roleAssignments: [],
  };
}

/** A backup location's name: it becomes an S3 prefix or a blob container name. */
export const BACKUP_LOCATION = /^[a-z0-9]([-a-z0-9]{1,61}[a-z0-9])$/;
