import { ApiObject } from 'cdk8s';
import type { Construct } from 'constructs';
import type { ResolvedTeamSource } from './team-gitops';
import { GITOPS_NAMESPACE, GitOpsEngine } from '../gitops/engine';

/** The in-cluster destination of Argo CD, where every cluster's engine delivers. */
const IN_CLUSTER = 'https://kubernetes.default.svc';

/**
 * What a team's repository may create in its own namespaces, the same under
 * both engines: its workloads and what they need. Not the platform's
 * guardrails (quota, limits, network policy), RBAC, service accounts (the
 * platform's carry the team's cloud identity), routes and certificates (the
 * service catalog's, on the shared ingress), databases, GitOps objects, or
 * the add-ons' kinds that reach beyond the namespace (load balancer target
 * groups, mesh gateways), so a repository cannot widen its own reach.
 */
export const TEAM_DELIVERABLE_KINDS: ReadonlyArray<{ group: string; kinds: string[]; resources: string[] }> = [
  { group: '', kinds: ['ConfigMap', 'Secret', 'Service', 'PersistentVolumeClaim'], resources: ['configmaps', 'secrets', 'services', 'persistentvolumeclaims'] },
  { group: 'apps', kinds: ['Deployment', 'StatefulSet'], resources: ['deployments', 'statefulsets'] },
  { group: 'batch', kinds: ['Job', 'CronJob'], resources: ['jobs', 'cronjobs'] },
  { group: 'autoscaling', kinds: ['HorizontalPodAutoscaler'], resources: ['horizontalpodautoscalers'] },
  { group: 'policy', kinds: ['PodDisruptionBudget'], resources: ['poddisruptionbudgets'] },
  { group: 'monitoring.coreos.com', kinds: ['ServiceMonitor', 'PodMonitor', 'PrometheusRule'], resources: ['servicemonitors', 'podmonitors', 'prometheusrules'] },
];

/** The Argo CD project of a team. */
export function teamProjectName(team: string): string {
  return `team-${team}`;
}

/** The ClusterRole a team's Flux delivery acts with, bound in the team's namespaces only. */
export function teamDeliveryRoleName(team: string): string {
  return `fleet-team-${team}-delivery`;
}

/** The service account a team's Flux objects act as, in each of its namespaces. */
export const TEAM_FLUX_SERVICE_ACCOUNT = 'team-gitops';

/** What a team's delivery needs to know. */
export interface TeamDeliveryRequest {
  readonly team: string;
  readonly sources: ResolvedTeamSource[];
  /** The groups (as the engine's sign-in names them) that see and sync the team's applications. */
  readonly groups: string[];
  readonly labels: { [key: string]: string };
}

/**
 * A team's delivery through Argo CD, in the engine's namespace:
 * - an AppProject whose only sources are the team's repositories, whose only
 *   destinations are the team's namespaces on this cluster, with no
 *   cluster-scoped kind (an empty allow list allows none:
 *   argoproj/argo-cd@v3.4.7 app_project_types.go) and only the deliverable
 *   namespaced kinds; its one role lets the team's groups see, sync and read
 *   the logs of the project's applications, nothing else;
 * - an ApplicationSet that makes one Application per environment, syncing its
 *   folder into its namespace. The generated Applications belong to the
 *   ApplicationSet, not to the root Application, so their health (which the
 *   fleet's Argo CD does check) never counts for the platform's delivery.
 */
export function addArgoTeamDelivery(scope: Construct, request: TeamDeliveryRequest): void {
  const namespace = GITOPS_NAMESPACE[GitOpsEngine.ARGO_CD];
  const project = teamProjectName(request.team);
  new ApiObject(scope, 'project', {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'AppProject',
    metadata: { name: project, namespace, labels: request.labels },
    spec: {
      description: `The applications of team ${request.team}, from its own repositories, into its own namespaces`,
      sourceRepos: [...new Set(request.sources.map((s) => s.repoUrl))].sort(),
      destinations: request.sources.map((s) => ({ server: IN_CLUSTER, namespace: s.namespace })),
      clusterResourceWhitelist: [],
      // An allow list: only these kinds (argoproj/argo-cd@v3.4.7 app_project_types.go IsGroupKindPermitted).
      namespaceResourceWhitelist: TEAM_DELIVERABLE_KINDS.flatMap((g) => g.kinds.map((kind) => ({ group: g.group, kind }))),
      roles: [{
        name: 'team',
        description: `Members of team ${request.team}: see, sync and read the logs of the team's applications`,
        groups: request.groups,
        policies: [
          `p, proj:${project}:team, applications, get, ${project}/*, allow`,
          `p, proj:${project}:team, applications, sync, ${project}/*, allow`,
          `p, proj:${project}:team, logs, get, ${project}/*, allow`,
        ],
      }],
    },
  });
  new ApiObject(scope, 'applications', {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'ApplicationSet',
    metadata: { name: project, namespace, labels: request.labels },
    spec: {
      goTemplate: true,
      goTemplateOptions: ['missingkey=error'],
      // Removing the team's delivery leaves its workloads running: deleting them is never a side effect.
      syncPolicy: { preserveResourcesOnDeletion: true },
      generators: [{
        list: {
          elements: request.sources.map((s) => ({
            environment: s.environment, namespace: s.namespace, repoURL: s.repoUrl, path: s.path, revision: s.revision,
          })),
        },
      }],
      template: {
        metadata: { name: `${project}-{{.environment}}`, labels: request.labels },
        spec: {
          project,
          source: { repoURL: '{{.repoURL}}', targetRevision: '{{.revision}}', path: '{{.path}}' },
          destination: { server: IN_CLUSTER, namespace: '{{.namespace}}' },
          // FailOnSharedResource: an object another Application (the platform's) applied is never taken over.
          syncPolicy: { automated: { prune: true, selfHeal: true }, syncOptions: ['CreateNamespace=false', 'FailOnSharedResource=true'] },
        },
      },
    },
  });
}

/**
 * A team's delivery through Flux, in each of its namespaces: a service
 * account bound in that namespace only to the team's delivery role (the
 * deliverable kinds; not `edit`, which would let the repository change its
 * own GitRepository and Kustomization, Flux's kinds being aggregated into
 * `edit`, or the platform's network policies), the team's repository as a
 * GitRepository, and a Kustomization that applies the environment's folder
 * into the namespace acting as that service account. With the fleet's
 * lockdown (no cross-namespace references, no remote bases, a default
 * service account without rights) the team's repository can create nothing
 * outside its namespace. Deleting the delivery leaves the workloads
 * (`deletionPolicy: Orphan`), as under Argo CD.
 */
export function addFluxTeamDelivery(scope: Construct, request: TeamDeliveryRequest): void {
  const role = teamDeliveryRoleName(request.team);
  new ApiObject(scope, 'delivery-role', {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'ClusterRole',
    metadata: { name: role, labels: request.labels },
    rules: TEAM_DELIVERABLE_KINDS.map((g) => ({
      apiGroups: [g.group], resources: g.resources, verbs: ['get', 'list', 'watch', 'create', 'update', 'patch', 'delete', 'deletecollection'],
    })),
  });
  for (const source of request.sources) {
    const id = (what: string) => `${source.namespace}-${what}`;
    const name = `team-${request.team}`;
    new ApiObject(scope, id('account'), {
      apiVersion: 'v1',
      kind: 'ServiceAccount',
      metadata: { name: TEAM_FLUX_SERVICE_ACCOUNT, namespace: source.namespace, labels: request.labels },
    });
    new ApiObject(scope, id('delivery'), {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'RoleBinding',
      metadata: { name: TEAM_FLUX_SERVICE_ACCOUNT, namespace: source.namespace, labels: request.labels },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: role },
      subjects: [{ kind: 'ServiceAccount', name: TEAM_FLUX_SERVICE_ACCOUNT, namespace: source.namespace }],
    });
    new ApiObject(scope, id('source'), {
      apiVersion: 'source.toolkit.fluxcd.io/v1',
      kind: 'GitRepository',
      metadata: { name, namespace: source.namespace, labels: request.labels },
      spec: { url: source.repoUrl, ref: { [source.revisionKind]: source.revision }, interval: '1m' },
    });
    new ApiObject(scope, id('kustomization'), {
      apiVersion: 'kustomize.toolkit.fluxcd.io/v1',
      kind: 'Kustomization',
      metadata: { name, namespace: source.namespace, labels: request.labels },
      spec: {
        interval: '5m',
        retryInterval: '1m',
        timeout: '10m',
        path: `./${source.path}`,
        prune: true,
        deletionPolicy: 'Orphan',
        wait: true,
        serviceAccountName: TEAM_FLUX_SERVICE_ACCOUNT,
        targetNamespace: source.namespace,
        sourceRef: { kind: 'GitRepository', name },
      },
    });
  }
}
