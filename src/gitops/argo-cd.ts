import { ApiObject } from 'cdk8s';
import type { Construct } from 'constructs';
import { ARGO_CLUSTER_SECRET, CLUSTER_LABEL } from './deploy-time-values';
import { ARGO_PROJECT, ArgoCdSsoOptions, clusterRepoPath, GITOPS_NAMESPACE, GitOpsEngine, GitOpsOptions } from './engine';
import { ARGO_SYNC_RETRY } from './helm-release';

const NAMESPACE = GITOPS_NAMESPACE[GitOpsEngine.ARGO_CD];
const IN_CLUSTER = 'https://kubernetes.default.svc';

/**
 * Argo CD has not assessed an Application's health since 1.8, so sync waves
 * of Applications would not wait for anything: this is the health check its
 * documentation gives for app-of-apps with sync waves
 * (argoproj/argo-cd@v3.4.7:docs/operator-manual/health.md).
 */
export const ARGO_APPLICATION_HEALTH_LUA = [
  'hs = {}',
  'hs.status = "Progressing"',
  'hs.message = ""',
  'if obj.status ~= nil then',
  '  if obj.status.health ~= nil then',
  '    hs.status = obj.status.health.status',
  '    if obj.status.health.message ~= nil then',
  '      hs.message = obj.status.health.message',
  '    end',
  '  end',
  'end',
  'return hs',
  '',
].join('\n');

/**
 * Strategic-merge patches of the upstream install's ConfigMaps: local admin,
 * exec and status badges off, the Application health check, and sign-in
 * with its RBAC when SSO is configured (read-only unless in an admin group).
 */
export function argoConfigPatches(clusterName: string, sso: ArgoCdSsoOptions | undefined): Array<{ [key: string]: any }> {
  const cm: { [key: string]: string } = {
    'admin.enabled': 'false',
    'exec.enabled': 'false',
    'statusbadge.enabled': 'false',
    'resource.customizations.health.argoproj.io_Application': ARGO_APPLICATION_HEALTH_LUA,
  };
  const rbac: { [key: string]: string } = { 'policy.default': '' };
  if (sso) {
    cm.url = sso.url.replace(/\{cluster\}/g, clusterName);
    cm['oidc.config'] = oidcConfig(sso);
    // Nobody sees anything by default: admins everything, a team the applications of its own project (its AppProject's role).
    rbac['policy.default'] = '';
    rbac['policy.csv'] = sso.adminGroups.map((group) => `g, ${group}, role:admin\n`).join('');
    rbac.scopes = '[groups]';
  }
  return [
    { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'argocd-cm' }, data: cm },
    { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'argocd-rbac-cm' }, data: rbac },
  ];
}

function oidcConfig(sso: ArgoCdSsoOptions): string {
  const lines = [
    'name: SSO',
    `issuer: ${JSON.stringify(sso.issuer)}`,
    `clientID: ${JSON.stringify(sso.clientId)}`,
    // `$key` reads a key of argocd-secret; the secret itself never reaches Git.
    sso.clientSecretKey ? `clientSecret: ${JSON.stringify(`$${sso.clientSecretKey}`)}` : 'enablePKCEAuthentication: true',
    `requestedScopes: ${JSON.stringify(sso.requestedScopes ?? ['openid', 'profile', 'email', 'groups'])}`,
  ];
  return `${lines.join('\n')}\n`;
}

/** What the platform project may deploy on one cluster. */
export interface ArgoProjectScope {
  /** Repositories applications may come from: the fleet repository and the add-ons' chart repositories. */
  readonly sourceRepos: string[];
  /** Namespaces the platform's objects and charts live in. */
  readonly namespaces: string[];
  /** Cluster-scoped kinds they create, as group and kind. */
  readonly clusterKinds: Array<{ group: string; kind: string }>;
}

/**
 * Argo CD's own objects on a cluster, applied by the pipeline once the CRDs
 * are established: the platform project, the Application that manages Argo
 * CD itself from the same pinned kustomization the pipeline bootstrapped it
 * with (`engine/` includes `../bootstrap`), and the ApplicationSet that
 * generates the cluster's root Application from the cluster Secret the
 * pipeline writes, with the deploy-time values patched in.
 */
export function addArgoEngineObjects(chart: Construct, clusterName: string, options: GitOpsOptions, scope: ArgoProjectScope,
  valuePatches: Array<{ [key: string]: any }>): void {
  const revision = options.revision ?? 'main';
  const path = clusterRepoPath(options, clusterName);
  new ApiObject(chart, 'project', {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'AppProject',
    metadata: { name: ARGO_PROJECT, namespace: NAMESPACE },
    spec: {
      description: 'The platform: Argo CD itself, the add-ons and their configuration, teams\' namespaces. Never a team\'s own applications.',
      sourceRepos: scope.sourceRepos,
      destinations: scope.namespaces.map((namespace) => ({ server: IN_CLUSTER, namespace })),
      clusterResourceWhitelist: scope.clusterKinds,
    },
  });
  new ApiObject(chart, 'self', {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Application',
    metadata: { name: 'argo-cd', namespace: NAMESPACE },
    spec: {
      project: ARGO_PROJECT,
      source: { repoURL: options.repoUrl, targetRevision: revision, path: `${path}/engine` },
      destination: { server: IN_CLUSTER, namespace: NAMESPACE },
      // Never prune Argo CD's own install: a bad commit would let it delete itself.
      syncPolicy: { automated: { prune: false, selfHeal: true }, syncOptions: ['ServerSideApply=true'], retry: ARGO_SYNC_RETRY },
    },
  });
  new ApiObject(chart, 'root', {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'ApplicationSet',
    metadata: { name: `fleet-${clusterName}`, namespace: NAMESPACE },
    spec: {
      goTemplate: true,
      goTemplateOptions: ['missingkey=error'],
      // The layers stay if the ApplicationSet is deleted: removing a cluster's workloads is never a side effect.
      syncPolicy: { preserveResourcesOnDeletion: true },
      generators: [{ clusters: { selector: { matchLabels: { [CLUSTER_LABEL]: clusterName } } } }],
      template: {
        metadata: { name: `fleet-${clusterName}` },
        spec: {
          project: ARGO_PROJECT,
          source: {
            repoURL: options.repoUrl,
            targetRevision: revision,
            path: `${path}/layers`,
            ...(valuePatches.length > 0 ? { kustomize: { patches: valuePatches } } : {}),
          },
          destination: { server: IN_CLUSTER, namespace: NAMESPACE },
          syncPolicy: { automated: { prune: true, selfHeal: true }, syncOptions: ['ServerSideApply=true'], retry: ARGO_SYNC_RETRY },
        },
      },
    },
  });
}

/** The cluster Secret the pipeline writes: the in-cluster destination, labelled for the cluster's ApplicationSet. */
export function argoClusterSecret(clusterName: string, annotations: { [key: string]: string }): { [key: string]: any } {
  return {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: {
      name: ARGO_CLUSTER_SECRET,
      namespace: NAMESPACE,
      labels: { 'argocd.argoproj.io/secret-type': 'cluster', [CLUSTER_LABEL]: clusterName },
      annotations,
    },
    type: 'Opaque',
    stringData: { name: 'in-cluster', server: IN_CLUSTER, config: '{"tlsClientConfig":{"insecure":false}}' },
  };
}
