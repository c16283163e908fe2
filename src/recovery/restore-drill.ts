import { createHash } from 'node:crypto';

/** The label every object of a restore drill carries, so a person and the script can find and remove them. */
export const RESTORE_DRILL_LABEL = 'fleet.cdk-fleet.io/restore-drill';

/** The folder of a cluster's restore drill, beside its layers; no GitOps engine syncs it. */
export const DRILL_DIR = 'drills';
/** The drill's script, in the drill folder. */
export const DRILL_SCRIPT = 'restore-drill.sh';
/** The drill's Velero Restore, in the drill folder. */
export const VELERO_DRILL_FILE = 'velero-restore.yaml';
const VELERO_NAMESPACE = 'velero';

/**
 * What a restored namespace must not bring back into a running cluster: an
 * Ingress would claim the live route's host on the shared ingress class
 * (and external-dns would publish it), certificates would ask the ACME
 * issuer for the live names again, and the databases are restored on their
 * own, from their own backups (their volumes are not in Velero's). The
 * routes and certificates of a restored team come from the fleet's layers. Resource names
 * as Velero takes them (`<resource>.<group>`).
 */
export const RESTORE_EXCLUDED_RESOURCES = [
  'ingresses.networking.k8s.io',
  'certificates.cert-manager.io',
  'certificaterequests.cert-manager.io',
  'orders.acme.cert-manager.io',
  'challenges.acme.cert-manager.io',
  'clusters.postgresql.cnpg.io',
  'scheduledbackups.postgresql.cnpg.io',
  'backups.postgresql.cnpg.io',
  'poolers.postgresql.cnpg.io',
];

/** A database's drill on a cluster. */
export interface DatabaseDrill {
  readonly namespace: string;
  /** The database (CloudNativePG `Cluster`). */
  readonly name: string;
  /** The drill `Cluster` the script creates and removes. */
  readonly drillCluster: string;
  /** The file of the drill `Cluster`, in the drill folder. */
  readonly file: string;
  /** The drill `Cluster` object. */
  readonly object: any;
}

/** A team namespace and the drill namespace it is restored into. */
export interface DrillNamespace {
  readonly from: string;
  readonly to: string;
}

/** A cluster's restore drill: Velero's newest backup into drill namespaces, and each database from its own backups. */
export interface ClusterRestoreDrill {
  /** The Velero schedule whose newest successful backup is restored, if Velero runs there. */
  readonly schedule?: string;
  /** Each team namespace and the drill namespace it is restored into. */
  readonly namespaces: DrillNamespace[];
  readonly databases: DatabaseDrill[];
}

/** `<namespace>-drill`, or, past 63 characters, its first 48 and a hash: a DNS label of its own per namespace. */
export function drillNamespace(namespace: string): string {
  const full = `${namespace}-drill`;
  if (full.length <= 63) {
    return full;
  }
  const hash = createHash('sha256').update(namespace).digest('hex').slice(0, 8);
  return `${namespace.slice(0, 48).replace(/-+$/, '')}-${hash}-drill`;
}

/**
 * The Velero `Restore` of the drill: the newest successful backup of the
 * schedule (`scheduleName`), the team namespaces only, each mapped to its
 * drill namespace, volumes included, nothing cluster-scoped, and without
 * what would touch live traffic or certificates (RESTORE_EXCLUDED_RESOURCES)
 * or the databases' own pods and claims (labelled `cnpg.io/cluster`).
 * `generateName`: every run is a Restore of its own, created with
 * `kubectl create`. Fields of velero.io/v1 RestoreSpec at
 * vmware-tanzu/velero@v1.18.1:pkg/apis/velero/v1/restore_types.go.
 */
export function veleroRestoreDrill(drill: ClusterRestoreDrill, labels: { [key: string]: string }): any {
  return {
    apiVersion: 'velero.io/v1',
    kind: 'Restore',
    metadata: { generateName: 'restore-drill-', namespace: VELERO_NAMESPACE, labels: { ...labels, [RESTORE_DRILL_LABEL]: 'true' } },
    spec: {
      scheduleName: drill.schedule,
      includedNamespaces: drill.namespaces.map((n) => n.from),
      namespaceMapping: Object.fromEntries(drill.namespaces.map((n) => [n.from, n.to])),
      excludedResources: RESTORE_EXCLUDED_RESOURCES,
      labelSelector: { matchExpressions: [{ key: 'cnpg.io/cluster', operator: 'DoesNotExist' }] },
      includeClusterResources: false,
      restorePVs: true,
      existingResourcePolicy: 'none',
    },
  };
}

/** The file of a database's drill Cluster. */
export function databaseDrillFile(namespace: string, name: string): string {
  return `postgres-${namespace}-${name}.yaml`;
}

/**
 * The drill script, run with a kubeconfig for the cluster and the
 * cluster's deploy-time values in the environment (`cdk-fleet deploy
 * --cluster <name> --drill`). It removes what an earlier run left, fills
 * the deploy-time values into copies of the drill's objects, restores the
 * newest Velero backup into the drill namespaces and waits for Velero's
 * verdict (Completed passes; PartiallyFailed, Failed and FailedValidation
 * fail: velero.io/v1 RestorePhase), then recovers each database into its
 * drill Cluster and waits until it is Ready (CloudNativePG's condition,
 * cloudnative-pg@v1.30.0:api/v1/cluster_types.go), and removes everything
 * it made, also when a step fails.
 */
export function restoreDrillScript(clusterName: string, drill: ClusterRestoreDrill, variables: string[]): string {
  const drillNamespaces = drill.namespaces.map((n) => n.to);
  const lines = [
    '#!/usr/bin/env bash',
    `# Restore drill of cluster ${clusterName}, generated by cdk-fleet. Run it with \`cdk-fleet deploy --cluster ${clusterName} --drill\`,`,
    '# which gives it a kubeconfig and the deploy-time values. It proves that the backups restore:',
    drill.schedule
      ? `# Velero's newest backup of schedule '${drill.schedule}' into ${drillNamespaces.join(', ')},`
      : '# (no Velero on this cluster: no namespaces are restored),',
    drill.databases.length > 0
      ? `# and each database from its own backups into a drill Cluster (${drill.databases.map((d) => `${d.namespace}/${d.drillCluster}`).join(', ')}).`
      : '# (no database backs up on this cluster).',
    '# Everything it makes carries the label fleet.cdk-fleet.io/restore-drill=true and is removed at the end,',
    '# but the Restore, which stays to be read until the next run.',
    'set -euo pipefail',
    'here="$(cd "$(dirname "$0")" && pwd)"',
    'work="$(mktemp -d)"',
    '',
    'remove_drill() {',
    ...drill.databases.map((d) => `  kubectl -n ${d.namespace} delete clusters.postgresql.cnpg.io ${d.drillCluster} --ignore-not-found --timeout=10m`),
    ...(drillNamespaces.length > 0 ? [`  kubectl delete namespace ${drillNamespaces.join(' ')} --ignore-not-found --timeout=15m`] : []),
    '}',
    'trap \'status=$?; remove_drill || true; rm -rf "$work"; exit $status\' EXIT',
    '',
    '# The deploy-time values the objects need, filled in without a template tool (any character is safe).',
    'fill() {',
    '  local content',
    '  content="$(cat "$here/$1")"',
    // Quoted replacement: bash 5.2 would otherwise read & in a value as the matched text.
    ...variables.map((v) => `  content="\${content//'\${${v}}'/"\${${v}:?deploy-time value ${v} is not set: run the drill with cdk-fleet deploy --drill}"}"`),
    '  printf \'%s\\n\' "$content" > "$work/$1"',
    '}',
    '',
    'echo "removing what an earlier drill left"',
    'remove_drill',
    ...(drill.schedule ? [
      // The last run's Restore stays until the next run, to be read; older ones go now.
      `kubectl -n velero delete restores.velero.io -l ${RESTORE_DRILL_LABEL}=true --ignore-not-found`,
    ] : []),
  ];
  if (drill.schedule) {
    lines.push(
      '',
      `fill ${VELERO_DRILL_FILE}`,
      `restore="$(kubectl create -f "$work/${VELERO_DRILL_FILE}" -o name)"`,
      'echo "restoring the newest backup: $restore"',
      'deadline=$((SECONDS + 3600))',
      'while :; do',
      '  phase="$(kubectl -n velero get "$restore" -o jsonpath=\'{.status.phase}\')"',
      '  case "$phase" in',
      '    Completed) break ;;',
      '    PartiallyFailed|Failed|FailedValidation)',
      '      echo "restore drill failed: $restore is $phase" >&2',
      '      kubectl -n velero get "$restore" -o jsonpath=\'{.status}\' >&2; echo >&2',
      '      exit 1 ;;',
      '  esac',
      '  if [ "$SECONDS" -ge "$deadline" ]; then echo "restore drill timed out: $restore is ${phase:-New} after 60 minutes" >&2; exit 1; fi',
      '  sleep 15',
      'done',
      `echo "restored into ${drillNamespaces.join(', ')}"`,
    );
  }
  for (const database of drill.databases) {
    lines.push(
      '',
      `fill ${database.file}`,
      `kubectl apply -f "$work/${database.file}"`,
      `kubectl -n ${database.namespace} wait clusters.postgresql.cnpg.io/${database.drillCluster} --for=condition=Ready --timeout=60m`,
      `echo "recovered ${database.namespace}/${database.name} into ${database.drillCluster}"`,
    );
  }
  lines.push('', `echo "restore drill of ${clusterName} passed"`, '');
  return lines.join('\n');
}
