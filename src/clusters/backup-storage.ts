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
   * The region to keep the backups in. A production cluster's must not be
   * its own (losing the region would lose its backups too) unless
   * `sameRegionReason` says why.
   * @default - production clusters: the region's recovery region in the catalogue (same cloud and jurisdiction); disposable ones: the cluster's region
   */
  readonly region?: string;
  /**
   * Why a production cluster keeps its backups in its own region: the
   * report lists it as a deviation.
   * @default - none; production clusters keep backups in another region
   */
  readonly sameRegionReason?: string;
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
  /** AWS: what a workload identity needs to read this location only (a restore drill: it must not change the backups it reads). */
  readonly readOnlyPolicyStatements: AwsPolicyStatement[];
  /** Azure: what a workload identity needs to read this location only. */
  readonly readOnlyRoleAssignments: AzureRoleAssignment[];
}

/** The resolved options of a cluster's backup storage. */
export interface ResolvedBackupStorageOptions {
  readonly region: string;
  readonly retentionDays: number;
}

const DEFAULT_RETENTION_DAYS = 120;

/**
 * Checks a cluster's `backupStorage` prop against its cloud's regions; fills
 * the defaults. A production cluster's backups leave its region by default,
 * to the region's recovery region; keeping them in the region takes a reason.
 */
export function resolveBackupStorageOptions(
  scope: IConstruct,
  cluster: {
    readonly cloud: Cloud;
    readonly region: string;
    readonly disposable: boolean;
    /** Records the deviation of a production cluster that keeps backups in its own region. */
    readonly addDeviation: (deviation: { property: string; standard: string; value: string; reason: string }) => void;
  },
  options: BackupStorageOptions = {}, catalogue: FleetCatalogue,
): ResolvedBackupStorageOptions {
  const { cloud, region: clusterRegion, disposable } = cluster;
  const reason = options.sameRegionReason;
  if (reason !== undefined && (typeof reason !== 'string' || reason.trim() === '')) {
    throw FleetError.invalidProperty(scope, 'backupStorage.sameRegionReason', reason, 'must say why the backups stay in the cluster\'s region',
      "write the reason, e.g. 'data may not leave the country, which has one region'");
  }
  const recovery = catalogue.recoveryRegion(cloud, clusterRegion);
  let region = options.region;
  if (region === undefined) {
    region = disposable || reason !== undefined ? clusterRegion : recovery;
    if (region === undefined) {
      throw FleetError.invalidProperty(scope, 'backupStorage.region', options.region,
        `has no default: ${clusterRegion} has no recovery region in the catalogue, and a production cluster keeps its backups outside its own region`,
        `name one, e.g. backupStorage: { region: '${suggestion(catalogue, cloud, clusterRegion)}' } (in a jurisdiction its data may go to), ` +
        "or keep them in the region with backupStorage: { sameRegionReason: '<why>' }");
    }
  }
  if (typeof region !== 'string' || !catalogue.isKnownRegion(cloud, region)) {
    throw FleetError.invalidProperty(scope, 'backupStorage.region', options.region, `is not in the catalogue of ${cloudLabel(cloud)} regions`,
      `use one of ${oneOf(catalogue.knownRegions(cloud))}, or add it to the Fleet's catalogue: { regions: [{ cloud, region, availabilityZoneIds | hasAvailabilityZones, source, checked }] }`);
  }
  if (region === clusterRegion && !disposable) {
    if (reason === undefined) {
      throw FleetError.invalidProperty(scope, 'backupStorage.region', region,
        "is the cluster's own region: losing the region would lose the backups of a production cluster with it",
        `keep them in ${recovery ? `'${recovery}' (the default)` : 'another region'}, or say why with backupStorage: { sameRegionReason: '<why>' }`);
    }
    cluster.addDeviation({ property: 'backupStorage.region', standard: recovery ?? 'another region', value: region, reason });
  } else if (reason !== undefined) {
    throw FleetError.invalidProperty(scope, 'backupStorage.sameRegionReason', reason,
      disposable ? 'is set, but a disposable cluster keeps its backups in its region anyway' : `is set, but the backups go to ${region}, not the cluster's region`,
      'remove it');
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
    readOnlyPolicyStatements: [],
    readOnlyRoleAssignments: [],
  };
}

/** A backup location's name: it becomes an S3 prefix or a blob container name. */
export const BACKUP_LOCATION = /^[a-z0-9]([-a-z0-9]{1,61}[a-z0-9])$/;

/** A region to suggest when a cluster's region has no recovery region: another of the catalogue, by name nearest first. */
function suggestion(catalogue: FleetCatalogue, cloud: Cloud, region: string): string {
  const others = catalogue.knownRegions(cloud).filter((r) => r !== region);
  // AWS: the same area (ap-southeast-*); Azure: the same country or area (canada*, uk*).
  const prefix = (r: string) => (cloud === Cloud.AWS ? r.replace(/-\d+$/, '') : r.replace(/(central|east|west|north|south)+\d*$/, ''));
  return others.find((r) => prefix(r) === prefix(region)) ?? others[0];
}
