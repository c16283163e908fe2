import { ApiObject } from 'cdk8s';
import type { Construct } from 'constructs';
import type { ResolvedTeamSource } from './team-gitops';
import { GITOPS_NAMESPACE, GitOpsEngine } from '../gitops/engine';

/** The in-cluster destination of Argo CD, where every cluster's engine delivers. */
const IN_CLUSTER = 'https://kubernetes.default.svc';

/**
 * Namespaced kinds a team's repository may not bring even into its own
 * namespaces: the platform's guardrails (quota, limits, network policy) and
 * RBAC, with which it could grant itself more than `edit`.
 */
export const TEAM_DENIED_KINDS = [
  { group: '', kind: 'ResourceQuota' },
  { group: '', kind: 'LimitRange' },
  { group: 'networking.k8s.io', kind: 'NetworkPolicy' },
  { group: 'rbac.authorization.k8s.io', kind: 'Role' },
  { group: 'rbac.authorization.k8s.io', kind: 'RoleBinding' },
];

/** The Argo CD project of a team. */
export function teamProjectName(team: string): string {
  return `team-${team}`;
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
 *   argoproj/argo-cd@v3.4.7 app_project_types.go) and none of the
 *   platform's guardrails or RBAC; its one role lets the team's groups see,
 *   sync and read the logs of the project's applications, nothing else;
 * - an ApplicationSet that makes one Application per environment, syncing its
 *   folder into its namespace. Generated Applications belong to the
 *   ApplicationSet, not to the root Application, and Argo CD has no health
 *   check of Applications by default: a team's failing application never
 *   holds the platform's delivery.
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
      namespaceResourceBlacklist: TEAM_DENIED_KINDS,
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
          syncPolicy: { automated: { prune: true, selfHeal: true }, syncOptions: ['CreateNamespace=false'] },
        },
      },
    },
  });
}

/**
 * A team's delivery through Flux, in each of its namespaces: a service
 * account bound to `edit` in that namespace only, the team's repository as a
 * GitRepository, and a Kustomization that applies the environment's folder
 * into the namespace acting as that service account. With the fleet's
 * lockdown (no cross-namespace references, no remote bases, a default
 * service account without rights) the team's repository can create nothing
 * outside its namespace, and nothing `edit` does not allow.
 */
export function addFluxTeamDelivery(scope: Construct, request: TeamDeliveryRequest): void {
  for (const source of request.sources) {
    const id = (what: string) => `${source.namespace}-${what}`;
    const name = `team-${request.team}`;
    new ApiObject(scope, id('account'), {
      apiVersion: 'v1',
      kind: 'ServiceAccount',
      metadata: { name: TEAM_FLUX_SERVICE_ACCOUNT, namespace: source.namespace, labels: request.labels },
    });
    new ApiObject(scope, id('edit'), {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'RoleBinding',
      metadata: { name: `${TEAM_FLUX_SERVICE_ACCOUNT}-edit`, namespace: source.namespace, labels: request.labels },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'edit' },
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
        wait: true,
        serviceAccountName: TEAM_FLUX_SERVICE_ACCOUNT,
        targetNamespace: source.namespace,
        sourceRef: { kind: 'GitRepository', name },
      },
    });
  }
}
