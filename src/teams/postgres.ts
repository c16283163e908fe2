import { createHash } from 'node:crypto';
import { ApiObject } from 'cdk8s';
import type { Construct, IConstruct } from 'constructs';
import { round } from './capacity';
import type { ResolvedQuota } from './team-quota';
import { FleetError } from '../_internal/fleet-error';
import { parseQuantity, toGiB } from '../_internal/quantity';
import { NAME_LABEL } from '../_internal/rules';
import { MESH_OPT_OUT_LABELS } from '../addons/mesh';
import { BackupStorage, BackupStorageProvider } from '../clusters/backup-storage';
import type { ICluster } from '../clusters/cluster';
import { drillNamespace } from '../recovery/drill-namespace';

/**
 * Velero's file-system backups would copy a live data directory, which is not a consistent
 * backup; the database has its own (WAL and base backups). So its pods exclude their volumes
 * (vmware-tanzu/velero@v1.18.1:pkg/apis/velero/v1/labels_annotations.go), named as
 * CloudNativePG names them (cloudnative-pg/cloudnative-pg@v1.30.0:pkg/specs/volumes.go), and the
 * operator copies `inheritedMetadata` onto them (pkg/reconciler/instance/metadata.go).
 */
const VELERO_VOLUMES_EXCLUDE = 'backup.velero.io/backup-volumes-excludes';
const POSTGRES_POD_VOLUMES = ['pgdata', 'pg-wal', 'scratch-data', 'shm'];
/** A PostgreSQL database a team asks for from the service catalog. */
export interface PostgresOptions {
  /** The team environment (namespace) it runs in; required when the team has environments. @default - the team's only namespace */
  readonly environment?: string;
  /** PostgreSQL instances: one primary and the rest streaming replicas, spread over zones. 1–9. @default 3 */
  readonly instances?: number;
  /** Volume size of each instance, e.g. `20Gi` (1Gi–16Ti). */
  readonly storage: string;
  /** CPU of each instance (requests and limits alike). @default '500m' */
  readonly cpu?: string;
  /** Memory of each instance (requests and limits alike), at least 256Mi. @default '1Gi' */
  readonly memory?: string;
  /** Days base backups and WAL are kept, 1–365; shorter than the backup storage's lifecycle. @default 30 */
  readonly backupRetentionDays?: number;
}

/** A checked PostgreSQL request. */
export interface PostgresRequest {
  /** Name of the CloudNativePG `Cluster`. */
  readonly name: string;
  /** The team namespace it runs in. */
  readonly namespace: string;
  readonly instances: number;
  readonly storage: string;
  readonly cpu: string;
  readonly memory: string;
  readonly backupRetentionDays: number;
}

const MIN_STORAGE = 2 ** 30;
const MAX_STORAGE = 16 * 2 ** 40;

/** Checks a database request on its own: sizes, instance count, retention. */
export function checkPostgresRequest(scope: IConstruct, name: string, options: PostgresOptions, namespace: string): PostgresRequest {
  const where = `addPostgres('${name}')`;
  if (typeof name !== 'string' || !NAME_LABEL.test(name)) {
    throw FleetError.invalidProperty(scope, `${where}.name`, name, 'must be a DNS label of at most 40 characters, starting with a letter', "use e.g. 'orders-db'");
  }
  const instances = options?.instances ?? 3;
  if (!Number.isInteger(instances) || instances < 1 || instances > 9) {
    throw FleetError.invalidProperty(scope, `${where}.instances`, options?.instances, 'must be a whole number from 1 to 9', 'use 3 for a primary and two replicas in other zones');
  }
  const storage = parseQuantity(options?.storage);
  if (storage === undefined || storage < MIN_STORAGE || storage > MAX_STORAGE) {
    throw FleetError.invalidProperty(scope, `${where}.storage`, options?.storage, 'must be a volume size from 1Gi to 16Ti', "use e.g. '20Gi'");
  }
  const cpu = options.cpu ?? '500m';
  const cores = parseQuantity(cpu);
  if (cores === undefined || cores < 0.1 || cores > 64) {
    throw FleetError.invalidProperty(scope, `${where}.cpu`, options.cpu, 'must be a CPU quantity from 100m to 64', "use e.g. '500m' or '2'");
  }
  const memory = options.memory ?? '1Gi';
  const bytes = parseQuantity(memory);
  if (bytes === undefined || bytes < 256 * 2 ** 20 || bytes > 512 * 2 ** 30) {
    throw FleetError.invalidProperty(scope, `${where}.memory`, options.memory, 'must be a memory quantity from 256Mi to 512Gi', "use e.g. '1Gi'");
  }
  const backupRetentionDays = options.backupRetentionDays ?? 30;
  if (!Number.isInteger(backupRetentionDays) || backupRetentionDays < 1 || backupRetentionDays > 365) {
    throw FleetError.invalidProperty(scope, `${where}.backupRetentionDays`, options.backupRetentionDays, 'must be a whole number of days from 1 to 365', 'use e.g. 30');
  }
  return { name, namespace, instances, storage: options.storage, cpu, memory, backupRetentionDays };
}

/** What a database takes from its namespace's quota: every instance's CPU, memory, pod and volume. */
export function postgresFootprint(request: PostgresRequest): { cpu: number; memory: number; pods: number; storage: number } {
  return {
    cpu: parseQuantity(request.cpu)! * request.instances,
    memory: parseQuantity(request.memory)! * request.instances,
    pods: request.instances,
    storage: parseQuantity(request.storage)! * request.instances,
  };
}

/**
 * Checks that the databases of one namespace (the new one included) fit
 * the namespace's quota: every instance's CPU, memory, pod and volume.
 */
export function checkPostgresFits(scope: IConstruct, request: PostgresRequest, sameNamespace: PostgresRequest[], quota: ResolvedQuota): void {
  const load = [...sameNamespace, request].map(postgresFootprint)
    .reduce((a, b) => ({ cpu: a.cpu + b.cpu, memory: a.memory + b.memory, pods: a.pods + b.pods, storage: a.storage + b.storage }));
  const gib = (bytes: number) => `${round(toGiB(bytes))} GiB`;
  const tooBig = [
    load.cpu > quota.cpu ? `CPU ${round(load.cpu)} > quota ${round(quota.cpu)}` : undefined,
    load.memory > quota.memory ? `memory ${gib(load.memory)} > quota ${gib(quota.memory)}` : undefined,
    load.pods > quota.pods ? `pods ${load.pods} > quota ${quota.pods}` : undefined,
    load.storage > quota.storage ? `storage ${gib(load.storage)} > quota ${gib(quota.storage)}` : undefined,
  ].filter((x) => x !== undefined);
  if (tooBig.length > 0) {
    throw new FleetError(scope, `addPostgres('${request.name}'): the databases of namespace ${request.namespace} do not fit its quota (${tooBig.join(', ')}). `
      + 'Fix: lower instances, cpu, memory or storage, or raise the team\'s quota');
  }
}

/** Where one database's backups go, and how its pods reach them. */
export interface PostgresBackup {
  readonly storage: BackupStorage;
  /** The database service account's annotations (workload identity). */
  readonly serviceAccountAnnotations: { [key: string]: string };
  /** Labels its pods need (Azure workload identity). */
  readonly podLabels: { [key: string]: string };
}

/**
 * The backup location of a database on a cluster, with a workload identity
 * for the database's own service account (CloudNativePG names it after the
 * `Cluster`), or undefined where the cluster cannot back it up without a
 * stored key (no backup storage, or a site bucket reached with a Secret).
 */
export function bindPostgresBackup(cluster: ICluster, request: PostgresRequest, recoverFrom?: BackupStorage): PostgresBackup | undefined {
  if (!cluster.supportsBackupStorage || !cluster.supportsWorkloadIdentity) {
    return undefined;
  }
  // One location per database: its identity reaches its own backups only.
  const storage = cluster.backupStorage(postgresBackupLocation(request));
  if (storage.provider === BackupStorageProvider.S3_COMPATIBLE) {
    return undefined;
  }
  // A replacement's database also reads (only reads) the backups of the one it replaces.
  const binding = cluster.bindWorkloadIdentity({
    namespace: request.namespace,
    serviceAccount: request.name,
    policyStatements: [...storage.policyStatements, ...(recoverFrom?.readOnlyPolicyStatements ?? [])],
    roleAssignments: [...storage.roleAssignments, ...(recoverFrom?.readOnlyRoleAssignments ?? [])],
  });
  return { storage, serviceAccountAnnotations: binding.serviceAccountAnnotations, podLabels: binding.podLabels };
}

/** The drill Cluster's name: the database's and `-drill` (CloudNativePG takes names of 50 characters at most; database names have 40). */
export function postgresDrillName(request: PostgresRequest): string {
  return `${request.name}-drill`;
}

/**
 * The workload identity of a database's restore drill: its own service
 * account (CloudNativePG names it after the drill `Cluster`), allowed to read
 * the database's backup location and nothing else, so a drill never
 * changes the backups it proves.
 */
export function bindPostgresDrill(cluster: ICluster, request: PostgresRequest, backup: PostgresBackup): PostgresBackup {
  const binding = cluster.bindWorkloadIdentity({
    namespace: drillNamespace(request.namespace),
    serviceAccount: postgresDrillName(request),
    policyStatements: backup.storage.readOnlyPolicyStatements,
    roleAssignments: backup.storage.readOnlyRoleAssignments,
  });
  return { storage: backup.storage, serviceAccountAnnotations: binding.serviceAccountAnnotations, podLabels: binding.podLabels };
}

/**
 * A restore drill of a database: a one-instance CloudNativePG `Cluster`
 * named `<database>-drill` in the drill namespace of the database's
 * namespace (outside the team's quota and its nodes' disruption budgets:
 * no PodDisruptionBudget), bootstrapped by `recovery` from the newest base
 * backup and the WAL in the database's own backup location (an external
 * cluster whose `serverName` is the database's), read with the drill's
 * identity. It takes no backups of its own, and Velero leaves its volumes
 * out. Not synced by the GitOps engine: the drill script applies it and
 * deletes it.
 */
export function postgresDrillObject(request: PostgresRequest, image: string, labels: { [key: string]: string }, drill: PostgresBackup): any {
  const resources = () => ({ cpu: request.cpu, memory: request.memory });
  const source = `${request.name}-backups`;
  return {
    apiVersion: 'postgresql.cnpg.io/v1',
    kind: 'Cluster',
    metadata: { name: postgresDrillName(request), namespace: drillNamespace(request.namespace), labels },
    spec: {
      instances: 1,
      imageName: image,
      enablePDB: false,
      storage: { size: request.storage },
      resources: { requests: resources(), limits: resources() },
      inheritedMetadata: {
        labels: { ...labels, ...drill.podLabels, ...MESH_OPT_OUT_LABELS },
        annotations: { [VELERO_VOLUMES_EXCLUDE]: POSTGRES_POD_VOLUMES.join(',') },
      },
      serviceAccountTemplate: { metadata: { annotations: drill.serviceAccountAnnotations } },
      bootstrap: { recovery: { source } },
      externalClusters: [{ name: source, barmanObjectStore: recoveryStore(request, drill.storage) }],
    },
  };
}

/**
 * The CloudNativePG `Cluster` of a request, and its daily `ScheduledBackup`.
 * Instances are Guaranteed QoS (requests = limits), spread over zones; the
 * operator keeps a PodDisruptionBudget over them (`enablePDB`), so a node
 * drain never takes the primary and its replicas at once.
 */
export function addPostgresObjects(
  scope: Construct, request: PostgresRequest, image: string, labels: { [key: string]: string }, backup: PostgresBackup | undefined,
  recoverFrom?: BackupStorage,
): void {
  const resources = { cpu: request.cpu, memory: request.memory };
  new ApiObject(scope, `postgres-${request.namespace}-${request.name}`, {
    apiVersion: 'postgresql.cnpg.io/v1',
    kind: 'Cluster',
    metadata: { name: request.name, namespace: request.namespace, labels },
    spec: {
      instances: request.instances,
      imageName: image,
      enablePDB: true,
      primaryUpdateStrategy: 'unsupervised',
      storage: { size: request.storage },
      resources: { requests: resources, limits: resources },
      affinity: { enablePodAntiAffinity: true, topologyKey: 'topology.kubernetes.io/zone', podAntiAffinityType: 'preferred' },
      // Out of the mesh (in a member namespace): the operator runs outside it and must reach
      // the instances' status and PostgreSQL ports, which the mesh's STRICT mTLS would refuse.
      inheritedMetadata: {
        labels: { ...labels, ...(backup?.podLabels ?? {}), ...MESH_OPT_OUT_LABELS },
        annotations: { [VELERO_VOLUMES_EXCLUDE]: POSTGRES_POD_VOLUMES.join(',') },
      },
      // On a replacement, the database starts from the replaced cluster's newest base backup and WAL (bootstrap
      // is read once, at creation: dropping it when the move completes changes nothing).
      ...(backup && recoverFrom ? {
        bootstrap: { recovery: { source: MOVED_SOURCE } },
        externalClusters: [{ name: MOVED_SOURCE, barmanObjectStore: recoveryStore(request, recoverFrom) }],
      } : {}),
      ...(backup ? {
        serviceAccountTemplate: { metadata: { annotations: backup.serviceAccountAnnotations } },
        backup: {
          retentionPolicy: `${request.backupRetentionDays}d`,
          barmanObjectStore: {
            destinationPath: destinationPath(backup.storage),
            ...(backup.storage.provider === BackupStorageProvider.AWS_S3
              ? { s3Credentials: { inheritFromIAMRole: true } }
              : { azureCredentials: { inheritFromAzureAD: true } }),
            wal: { compression: 'gzip' },
            data: { compression: 'gzip' },
          },
        },
      } : {}),
    },
  });
  if (backup) {
    new ApiObject(scope, `postgres-${request.namespace}-${request.name}-backup`, {
      apiVersion: 'postgresql.cnpg.io/v1',
      kind: 'ScheduledBackup',
      metadata: { name: `${request.name}-daily`, namespace: request.namespace, labels },
      spec: {
        // CloudNativePG schedules have a seconds field: 02:00:00 UTC daily.
        schedule: '0 0 2 * * *',
        cluster: { name: request.name },
        method: 'barmanObjectStore',
        backupOwnerReference: 'self',
      },
    });
  }
}

/** The external cluster a replacement's database recovers from. */
const MOVED_SOURCE = 'moved-from';

/** A database's backups as a recovery reads them: its own server name in that path, with the pod's workload identity. */
function recoveryStore(request: PostgresRequest, storage: BackupStorage): { [key: string]: any } {
  return {
    serverName: request.name,
    destinationPath: destinationPath(storage),
    ...(storage.provider === BackupStorageProvider.AWS_S3
      ? { s3Credentials: { inheritFromIAMRole: true } }
      : { azureCredentials: { inheritFromAzureAD: true } }),
    wal: { maxParallel: 4 },
  };
}

function destinationPath(storage: BackupStorage): string {
  if (storage.provider === BackupStorageProvider.AWS_S3) {
    return `s3://${storage.bucket}/${storage.prefix}`;
  }
  return `${storage.endpoint}${storage.bucket}`;
}

/**
 * `pg-<namespace>-<name>`, or, past 63 characters, its first 54 and a hash:
 * unique per database, valid as an S3 prefix and an Azure container name.
 */
export function postgresBackupLocation(request: PostgresRequest): string {
  const full = `pg-${request.namespace}-${request.name}`;
  if (full.length <= 63) {
    return full;
  }
  const hash = createHash('sha256').update(`${request.namespace}/${request.name}`).digest('hex').slice(0, 8);
  return `${full.slice(0, 54).replace(/-+$/, '')}-${hash}`;
}
