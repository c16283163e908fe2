import { ApiObject } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import type { AddOnContext, IAddOn } from './add-on';
import { addOnCatalogueEntry, catalogueIds } from './catalogue';
import { ARGO_PROJECT, GitOpsEngine } from './gitops';
import { deepMerge } from './helm-add-on';
import type { ICluster } from '../clusters/cluster';

/** Options of the Argo CD bootstrap add-on. */
export interface ArgoCdOptions {
  /** Helm values merged over the fleet's. @default - none */
  readonly values?: { [key: string]: any };
}

/** Where the cluster's folder lives inside the fleet repository. */
function clusterPath(context: AddOnContext, cluster: ICluster): string {
  const root = (context.gitOps.options.path ?? 'cdktf.out').replace(/\/+$/, '');
  return `${root}/kubernetes/${cluster.clusterName}`;
}

/**
 * Argo CD, the fleet's default GitOps engine, applied first on every
 * cluster: the pinned upstream install manifest brings it up on the first
 * `kubectl apply -k`; an Application then manages Argo CD from its pinned
 * Helm chart (local admin off: people sign in through SSO, so no admin
 * password exists to leak), a project scopes the platform's applications,
 * and the root Application syncs the cluster's own folder of the fleet
 * repository (app of apps), so every later change arrives by Git.
 */
export class ArgoCd implements IAddOn {
  public static readonly ID = 'argo-cd';
  public readonly id = ArgoCd.ID;
  public readonly requires: string[] = [];
  public readonly conflictsWith = ['flux'];

  constructor(private readonly options: ArgoCdOptions = {}) {}

  public bind(cluster: ICluster, context: AddOnContext): void {
    const entry = addOnCatalogueEntry(this.id);
    const namespace = context.gitOps.namespace;
    cluster.addRemoteManifest(entry.installManifest!.replace('{appVersion}', context.appVersion));
    new kplus.Namespace(context.chart, 'namespace', {
      metadata: { name: namespace, labels: { 'pod-security.kubernetes.io/enforce': 'baseline', 'pod-security.kubernetes.io/warn': 'restricted' } },
    });
    new ApiObject(context.chart, 'project', {
      apiVersion: 'argoproj.io/v1alpha1',
      kind: 'AppProject',
      metadata: { name: ARGO_PROJECT, namespace },
      spec: {
        description: 'Platform add-ons of the fleet',
        sourceRepos: [context.gitOps.options.repoUrl, ...catalogueRepositories()],
        destinations: [{ server: 'https://kubernetes.default.svc', namespace: '*' }],
        clusterResourceWhitelist: [{ group: '*', kind: '*' }],
      },
    });
    context.gitOps.helmRelease(context.chart, {
      name: this.id,
      namespace,
      repository: entry.repository,
      chart: entry.chart,
      version: context.version,
      level: 0,
      dependsOn: [],
      values: deepMerge(deepMerge({
        // Keep the names of the upstream install manifest, so the chart adopts what it installed.
        fullnameOverride: 'argocd',
        crds: { keep: true },
        dex: { enabled: false },
        configs: {
          cm: { 'admin.enabled': false, 'exec.enabled': false, 'statusbadge.enabled': false },
          params: { 'server.insecure': false },
          rbac: { 'policy.default': 'role:readonly' },
        },
        server: { service: { type: 'ClusterIP' } },
      }, this.options.values ?? {}), context.valueOverrides),
    });
    new ApiObject(context.chart, 'root', {
      apiVersion: 'argoproj.io/v1alpha1',
      kind: 'Application',
      metadata: { name: `fleet-${cluster.clusterName}`, namespace, annotations: { 'argocd.argoproj.io/sync-wave': '-1' } },
      spec: {
        project: ARGO_PROJECT,
        source: { repoURL: context.gitOps.options.repoUrl, targetRevision: context.gitOps.options.revision ?? 'main', path: clusterPath(context, cluster) },
        destination: { server: 'https://kubernetes.default.svc', namespace },
        syncPolicy: { automated: { prune: true, selfHeal: true }, syncOptions: ['ServerSideApply=true'] },
      },
    });
  }
}

/**
 * Flux, the alternative GitOps engine: the pinned install manifest, a
 * GitRepository for the fleet repository and the root Kustomization that
 * syncs the cluster's own folder. Add-ons become HelmReleases.
 */
export class Flux implements IAddOn {
  public static readonly ID = 'flux';
  public readonly id = Flux.ID;
  public readonly requires: string[] = [];
  public readonly conflictsWith = ['argo-cd'];

  public bind(cluster: ICluster, context: AddOnContext): void {
    const entry = addOnCatalogueEntry(this.id);
    const namespace = context.gitOps.namespace;
    cluster.addRemoteManifest(entry.installManifest!.replace('{appVersion}', context.appVersion));
    new ApiObject(context.chart, 'source', {
      apiVersion: 'source.toolkit.fluxcd.io/v1',
      kind: 'GitRepository',
      metadata: { name: 'fleet', namespace },
      spec: { url: context.gitOps.options.repoUrl, ref: { branch: context.gitOps.options.revision ?? 'main' }, interval: '1m' },
    });
    new ApiObject(context.chart, 'root', {
      apiVersion: 'kustomize.toolkit.fluxcd.io/v1',
      kind: 'Kustomization',
      metadata: { name: `fleet-${cluster.clusterName}`, namespace },
      spec: {
        interval: '10m',
        path: `./${clusterPath(context, cluster)}`,
        prune: true,
        sourceRef: { kind: 'GitRepository', name: 'fleet' },
      },
    });
  }
}

/** The bootstrap add-on of an engine. */
export function bootstrapAddOn(engine: GitOpsEngine): IAddOn {
  return engine === GitOpsEngine.FLUX ? new Flux() : new ArgoCd();
}

/** Every chart source of the catalogue: the project may install from these only. */
function catalogueRepositories(): string[] {
  const urls = catalogueIds().map((id) => addOnCatalogueEntry(id).repository.url.replace(/^oci:\/\//, ''));
  return [...new Set(urls)].sort();
}
