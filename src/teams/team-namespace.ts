import { ApiObject } from 'cdk8s';
import type { Construct } from 'constructs';
import type { ResolvedTeam } from './team';
import { MESH_MEMBER_LABELS, PROBE_SNAT_CIDR } from '../addons/mesh';
import { COST_ALLOCATION_LABEL } from '../addons/opencost';
import type { WorkloadIdentityBinding } from '../clusters/workload-identity';

/** The team label; also OpenCost's allocation label. */
export const TEAM_LABEL = COST_ALLOCATION_LABEL;
/** The environment label of a team namespace. */
export const ENVIRONMENT_LABEL = 'fleet.cdk-fleet.io/environment';

/** Where a cluster's tracing collector receives. */
export interface TracingCollector {
  readonly namespace: string;
  /** OTLP ports (gRPC, HTTP). */
  readonly ports: number[];
}

/** What a team namespace must let in, from the add-ons on the cluster. */
export interface NamespaceNeighbours {
  /** Namespaces of the ingress controllers and gateways whose traffic is let in. */
  readonly ingressNamespaces: string[];
  /** Whether the Istio mesh (ambient) is on: the namespace is a member, and kubelet probes arrive from the CNI agent's address. */
  readonly mesh: boolean;
  /** The monitoring namespace, when Prometheus scrapes the cluster. */
  readonly monitoringNamespace?: string;
  /** The tracing collector, when the cluster has one. */
  readonly tracing?: TracingCollector;
  /** The CloudNativePG operator's namespace, when the team runs databases. */
  readonly postgresOperatorNamespace?: string;
  /** The cluster's private ranges, excluded from the HTTPS egress opt-in. */
  readonly privateCidrs: string[];
}

/**
 * One team namespace: the Namespace (team, environment and cost labels,
 * Pod Security `restricted`, ambient mesh membership), ResourceQuota, LimitRange,
 * NetworkPolicies (default deny both ways, then DNS, the namespace itself,
 * the ingress, the mesh, monitoring), the RoleBinding of the team's groups
 * to `edit`, and a ServiceAccount with the team's cloud identity.
 */
export function addTeamNamespace(scope: Construct, team: ResolvedTeam, namespace: string, environment: string | undefined, subjects: string[],
  neighbours: NamespaceNeighbours, identity: WorkloadIdentityBinding | undefined): void {
  const labels: { [key: string]: string } = { [TEAM_LABEL]: team.name, ...(environment ? { [ENVIRONMENT_LABEL]: environment } : {}) };
  const object = (id: string, apiVersion: string, kind: string, name: string, body: { [key: string]: any }) =>
    new ApiObject(scope, `${namespace}-${id}`, { apiVersion, kind, metadata: { name, namespace, labels }, ...body });

  new ApiObject(scope, `${namespace}-namespace`, {
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: {
      name: namespace,
      labels: {
        ...labels,
        'pod-security.kubernetes.io/enforce': 'restricted',
        'pod-security.kubernetes.io/audit': 'restricted',
        'pod-security.kubernetes.io/warn': 'restricted',
        ...(neighbours.mesh ? MESH_MEMBER_LABELS : {}),
      },
    },
  });

  object('quota', 'v1', 'ResourceQuota', 'team-quota', { spec: { hard: team.quota.hard } });
  object('limits', 'v1', 'LimitRange', 'team-defaults', {
    spec: { limits: [{ type: 'Container', defaultRequest: team.defaultRequests, default: team.defaultLimits }] },
  });

  for (const [id, spec] of networkPolicies(team, neighbours)) {
    object(`netpol-${id}`, 'networking.k8s.io/v1', 'NetworkPolicy', id, { spec });
  }

  object('edit', 'rbac.authorization.k8s.io/v1', 'RoleBinding', 'team-edit', {
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'edit' },
    subjects: subjects.map((name) => ({ apiGroup: 'rbac.authorization.k8s.io', kind: 'Group', name })),
  });

  if (identity) {
    new ApiObject(scope, `${namespace}-service-account`, {
      apiVersion: 'v1',
      kind: 'ServiceAccount',
      metadata: {
        name: identity.serviceAccount,
        namespace,
        labels: { ...labels, ...identity.podLabels },
        annotations: identity.serviceAccountAnnotations,
      },
    });
  }
}

/** The namespace's NetworkPolicies by name: deny everything, then open exactly what the platform needs. */
function networkPolicies(team: ResolvedTeam, n: NamespaceNeighbours): Array<[string, { [key: string]: any }]> {
  const fromNamespaces = (names: string[]) => names.map((name) => ({ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': name } } }));
  const policies: Array<[string, { [key: string]: any }]> = [
    ['default-deny', { podSelector: {}, policyTypes: ['Ingress', 'Egress'] }],
    ['allow-dns', {
      podSelector: {},
      policyTypes: ['Egress'],
      egress: [{
        to: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'kube-system' } }, podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } } }],
        ports: [{ protocol: 'UDP', port: 53 }, { protocol: 'TCP', port: 53 }],
      }],
    }],
    ['allow-same-namespace', {
      podSelector: {},
      policyTypes: ['Ingress', 'Egress'],
      ingress: [{ from: [{ podSelector: {} }] }],
      egress: [{ to: [{ podSelector: {} }] }],
    }],
  ];
  const ingressPeers = fromNamespaces(n.ingressNamespaces);
  if (ingressPeers.length > 0) {
    policies.push(['allow-from-ingress', { podSelector: {}, policyTypes: ['Ingress'], ingress: [{ from: ingressPeers }] }]);
  }
  if (n.mesh) {
    // Meshed pods' kubelet probes arrive from the address the CNI agent SNATs them to.
    // (Peers' mesh traffic comes from the peer pods' own addresses, on port 15008,
    // so the policies by namespace below keep working.)
    policies.push(['allow-mesh-probes', {
      podSelector: {},
      policyTypes: ['Ingress'],
      ingress: [{ from: [{ ipBlock: { cidr: PROBE_SNAT_CIDR } }] }],
    }]);
  }
  if (n.monitoringNamespace) {
    policies.push(['allow-from-monitoring', { podSelector: {}, policyTypes: ['Ingress'], ingress: [{ from: fromNamespaces([n.monitoringNamespace]) }] }]);
  }
  if (n.tracing) {
    // Traces go to the cluster's collector over OTLP.
    policies.push(['allow-tracing-egress', {
      podSelector: {},
      policyTypes: ['Egress'],
      egress: [{ to: fromNamespaces([n.tracing.namespace]), ports: n.tracing.ports.map((port) => ({ protocol: 'TCP', port })) }],
    }]);
  }
  if (n.postgresOperatorNamespace) {
    // The operator checks instance status (8000) and manages them through PostgreSQL (5432).
    policies.push(['allow-postgres-operator', {
      podSelector: { matchExpressions: [{ key: 'cnpg.io/cluster', operator: 'Exists' }] },
      policyTypes: ['Ingress'],
      ingress: [{ from: fromNamespaces([n.postgresOperatorNamespace]), ports: [{ protocol: 'TCP', port: 8000 }, { protocol: 'TCP', port: 5432 }] }],
    }]);
    // Database pods ship WAL and base backups to the backup storage over
    // HTTPS and watch the API server (443 on EKS and AKS, 6443 on most
    // attached distributions), whose address is in the cluster's own range.
    policies.push(['allow-postgres-egress', {
      podSelector: { matchExpressions: [{ key: 'cnpg.io/cluster', operator: 'Exists' }] },
      policyTypes: ['Egress'],
      egress: [{ ports: [{ protocol: 'TCP', port: 443 }, { protocol: 'TCP', port: 6443 }] }],
    }]);
  }
  if (team.allowHttpsEgress) {
    policies.push(['allow-https-egress', {
      podSelector: {},
      policyTypes: ['Egress'],
      egress: [{ to: [{ ipBlock: { cidr: '0.0.0.0/0', except: n.privateCidrs } }], ports: [{ protocol: 'TCP', port: 443 }] }],
    }]);
  }
  return policies;
}
