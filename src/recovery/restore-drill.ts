import { waitForVeleroRestore } from './velero-restore-wait';

/** The label every object of a restore drill carries, so a person and the script can find and remove them. */
export const RESTORE_DRILL_LABEL = 'fleet.cdk-fleet.io/restore-drill';

/** The folder of a cluster's restore drill, beside its layers; no GitOps engine syncs it. */
export const DRILL_DIR = 'drills';
/** The drill's script, in the drill folder. */
export const DRILL_SCRIPT = 'restore-drill.sh';
/** The drill namespaces and their isolation, in the drill folder, applied before anything is restored. */
export const DRILL_NAMESPACES_FILE = 'drill-namespaces.yaml';
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
  // A restored disruption budget would hold nodes that are being drained.
  'poddisruptionbudgets.policy',
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
  /** The database's namespace. */
  readonly namespace: string;
  /** The drill namespace its drill Cluster runs in. */
  readonly drillNamespace: string;
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

export { drillNamespace } from './drill-namespace';

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
      // The drill namespace's own isolation stays the only policy there.
      excludedResources: [...RESTORE_EXCLUDED_RESOURCES, 'networkpolicies.networking.k8s.io'],
      labelSelector: { matchExpressions: [{ key: 'cnpg.io/cluster', operator: 'DoesNotExist' }] },
      includeClusterResources: false,
      restorePVs: true,
      existingResourcePolicy: 'none',
    },
  };
}

/** Every namespace a drill makes: one per restored team namespace and per drilled database's namespace. */
export function drillNamespacesOf(drill: ClusterRestoreDrill): string[] {
  return [...new Set([...drill.namespaces.map((n) => n.to), ...drill.databases.map((d) => d.drillNamespace)])].sort();
}

/**
 * The drill namespaces, made before anything is restored into them (Velero
 * then keeps them as they are): labelled as a drill, Pod Security
 * `restricted`, and isolated: no traffic in or out, so restored workloads
 * cannot consume queues, call out or be called (their NetworkPolicies are
 * not restored); a drill database only talks to its operator, DNS, the
 * API server and its backups over HTTPS.
 */
export function drillNamespaceObjects(drill: ClusterRestoreDrill, labels: { [key: string]: string }, operatorNamespace: string): any[] {
  const objects: any[] = [];
  for (const name of drillNamespacesOf(drill)) {
    objects.push({
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: {
        name,
        labels: {
          ...labels,
          [RESTORE_DRILL_LABEL]: 'true',
          'pod-security.kubernetes.io/enforce': 'restricted',
          'pod-security.kubernetes.io/audit': 'restricted',
          'pod-security.kubernetes.io/warn': 'restricted',
        },
      },
    });
    objects.push({
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: { name: 'drill-isolation', namespace: name, labels },
      spec: { podSelector: {}, policyTypes: ['Ingress', 'Egress'] },
    });
    if (drill.databases.some((d) => d.drillNamespace === name)) {
      objects.push({
        apiVersion: 'networking.k8s.io/v1',
        kind: 'NetworkPolicy',
        metadata: { name: 'drill-postgres', namespace: name, labels },
        spec: {
          podSelector: { matchExpressions: [{ key: 'cnpg.io/cluster', operator: 'Exists' }] },
          policyTypes: ['Ingress', 'Egress'],
          ingress: [{
            from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': operatorNamespace } } }],
            ports: [{ protocol: 'TCP', port: 8000 }, { protocol: 'TCP', port: 5432 }],
          }],
          egress: [{ ports: [{ protocol: 'UDP', port: 53 }, { protocol: 'TCP', port: 53 }, { protocol: 'TCP', port: 443 }, { protocol: 'TCP', port: 6443 }] }],
        },
      });
    }
  }
  return objects;
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
  const drillNamespaces = drillNamespacesOf(drill);
  const restored = drill.namespaces.map((n) => n.to);
  const lines = [
    '#!/usr/bin/env bash',
    `# Restore drill of cluster ${clusterName}, generated by cdk-fleet. Run it with \`cdk-fleet deploy --cluster ${clusterName} --drill\`,`,
    '# which gives it a kubeconfig and the deploy-time values. It proves that the backups restore:',
    drill.schedule
      ? `# Velero's newest backup of schedule '${drill.schedule}' into ${restored.join(', ')},`
      : '# (no Velero on this cluster: no namespaces are restored),',
    drill.databases.length > 0
      ? `# and each database from its own backups into a drill Cluster (${drill.databases.map((d) => `${d.drillNamespace}/${d.drillCluster}`).join(', ')}).`
      : '# (no database backs up on this cluster).',
    '# It works in drill namespaces of its own, isolated from all traffic, and removes them at the end;',
    '# the Restore stays to be read until the next run.',
    'set -euo pipefail',
    'here="$(cd "$(dirname "$0")" && pwd)"',
    'work="$(mktemp -d)"',
    '',
    'remove_drill() {',
    ...drill.databases.map((d) => `  kubectl -n ${d.drillNamespace} delete clusters.postgresql.cnpg.io ${d.drillCluster} --ignore-not-found --timeout=10m`),
    `  kubectl delete namespace ${drillNamespaces.join(' ')} --ignore-not-found --timeout=15m`,
    '}',
    'trap \'rm -rf "$work"\' EXIT',
    '',
    '# The deploy-time values the objects need, filled in without a template tool (any character is safe),',
    '# every file before anything changes.',
    'fill() {',
    '  local content',
    '  content="$(cat "$here/$1")"',
    // Quoted replacement: bash 5.2 would otherwise read & in a value as the matched text.
    ...variables.map((v) => `  content="\${content//'\${${v}}'/"\${${v}:?deploy-time value ${v} is not set: run the drill with cdk-fleet deploy --drill}"}"`),
    '  printf \'%s\\n\' "$content" > "$work/$1"',
    '}',
    ...(drill.schedule ? [`fill ${VELERO_DRILL_FILE}`] : []),
    ...drill.databases.map((d) => `fill ${d.file}`),
    'trap \'status=$?; remove_drill || true; rm -rf "$work"; exit $status\' EXIT',
    '',
    'echo "removing what an earlier drill left"',
    'remove_drill',
    ...(drill.schedule ? [`kubectl -n velero delete restores.velero.io -l ${RESTORE_DRILL_LABEL}=true --ignore-not-found`] : []),
    '',
    'echo "making the drill namespaces, isolated"',
    `kubectl apply -f "$here/${DRILL_NAMESPACES_FILE}"`,
  ];
  if (drill.schedule) {
    lines.push(
      '',
      `restore="$(kubectl create -f "$work/${VELERO_DRILL_FILE}" -o name)"`,
      'echo "restoring the newest backup: $restore"',
      ...waitForVeleroRestore('restore drill', 40, 'read velero restore describe ${restore#*/} --details; the drill namespaces are removed, the Restore stays'),
      // Completed with nothing restored proves nothing (a schedule that leaves the team namespaces out, say).
      'items="$(kubectl -n velero get "$restore" -o jsonpath=\'{.status.progress.itemsRestored}\')"',
      'if [ "${items:-0}" -eq 0 ]; then echo "restore drill failed: $restore completed but restored nothing" >&2; exit 1; fi',
      `echo "restored $items items into ${restored.join(', ')}"`,
    );
  }
  for (const database of drill.databases) {
    lines.push(
      '',
      `kubectl apply -f "$work/${database.file}"`,
      `kubectl -n ${database.drillNamespace} wait clusters.postgresql.cnpg.io/${database.drillCluster} --for=condition=Ready --timeout=30m`,
      `echo "recovered ${database.namespace}/${database.name} into ${database.drillNamespace}/${database.drillCluster}"`,
    );
  }
  lines.push('', `echo "restore drill of ${clusterName} passed"`, '');
  return lines.join('\n');
}
