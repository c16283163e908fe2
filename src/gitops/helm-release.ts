import { ApiObject } from 'cdk8s';
import type { Construct } from 'constructs';
import { ARGO_PROJECT, GITOPS_NAMESPACE, GitOpsEngine, GitOpsOptions } from './engine';
import { FLUX_PLATFORM_SERVICE_ACCOUNTS } from './flux';
import type { ChartRepository } from '../catalogue/add-ons';

/** One Helm release, as an add-on asks for it. */
export interface HelmReleaseSpec {
  /** Release name, and the GitOps object's name. */
  readonly name: string;
  /** Namespace the chart installs into (created if missing). */
  readonly namespace: string;
  readonly repository: ChartRepository;
  readonly chart: string;
  readonly version: string;
  readonly values: { [key: string]: any };
  /**
   * Sync wave (Argo CD): after every release of a lower level, and after the
   * releases of the same add-on it follows, so each starts only once those
   * are healthy (Flux expresses the same with `dependsOn`).
   */
  readonly wave: number;
  /** Releases this one waits for (Flux `dependsOn`), by name. */
  readonly dependsOn: string[];
}

/**
 * Retries of a failed automated sync. Argo CD does not retry a failed
 * automated sync of the same revision on its own, so without this a release
 * that fails once (a webhook not ready yet) stays failed until the next
 * commit. A negative limit retries without end (at most every 5 minutes), as
 * a fresh cluster converges however long its add-ons take; `refresh` retries
 * with the newest revision, so a fix pushed meanwhile is picked up
 * (argoproj/argo-cd@v3.4.7: docs/operator-manual/application.yaml,
 * docs/user-guide/auto_sync.md).
 */
export const ARGO_SYNC_RETRY = { limit: -1, refresh: true, backoff: { duration: '15s', factor: 2, maxDuration: '5m' } };

/**
 * Writes GitOps objects in the fleet's engine: the same request gives an
 * Argo CD Application or a Flux HelmRepository + HelmRelease.
 */
export class GitOps {
  constructor(public readonly engine: GitOpsEngine, public readonly options: GitOpsOptions) {}

  /** The engine's namespace. */
  public get namespace(): string {
    return GITOPS_NAMESPACE[this.engine];
  }

  /** Installs a pinned chart with typed values. */
  public helmRelease(scope: Construct, spec: HelmReleaseSpec): void {
    const oci = spec.repository.url.startsWith('oci://');
    if (this.engine === GitOpsEngine.ARGO_CD) {
      new ApiObject(scope, `${spec.name}-application`, {
        apiVersion: 'argoproj.io/v1alpha1',
        kind: 'Application',
        metadata: {
          name: spec.name,
          namespace: this.namespace,
          annotations: { 'argocd.argoproj.io/sync-wave': String(spec.wave) },
          finalizers: ['resources-finalizer.argocd.argoproj.io'],
        },
        spec: {
          project: ARGO_PROJECT,
          source: {
            // Argo CD takes OCI registries without their scheme.
            repoURL: oci ? spec.repository.url.replace(/^oci:\/\//, '') : spec.repository.url,
            chart: spec.chart,
            targetRevision: spec.version,
            helm: { releaseName: spec.name, valuesObject: spec.values },
          },
          destination: { server: 'https://kubernetes.default.svc', namespace: spec.namespace },
          syncPolicy: {
            automated: { prune: true, selfHeal: true },
            syncOptions: ['CreateNamespace=true', 'ServerSideApply=true'],
            retry: ARGO_SYNC_RETRY,
          },
        },
      });
      return;
    }
    new ApiObject(scope, `${spec.name}-repository`, {
      apiVersion: 'source.toolkit.fluxcd.io/v1',
      kind: 'HelmRepository',
      metadata: { name: spec.name, namespace: this.namespace },
      spec: { url: spec.repository.url, interval: '1h', ...(oci ? { type: 'oci' } : {}) },
    });
    new ApiObject(scope, `${spec.name}-release`, {
      apiVersion: 'helm.toolkit.fluxcd.io/v2',
      kind: 'HelmRelease',
      metadata: { name: spec.name, namespace: this.namespace },
      spec: {
        interval: '10m',
        releaseName: spec.name,
        targetNamespace: spec.namespace,
        // The platform's releases act as helm-controller; with the lockdown, nothing else does.
        serviceAccountName: FLUX_PLATFORM_SERVICE_ACCOUNTS.helm,
        chart: { spec: { chart: spec.chart, version: spec.version, sourceRef: { kind: 'HelmRepository', name: spec.name, namespace: this.namespace } } },
        // Like Argo CD's retry: a failed install or upgrade is retried (as an upgrade) until it succeeds, instead of
        // stalling after a few remediations (fluxcd/helm-controller@v1.5.5:docs/spec/v2/helmreleases.md, strategy).
        install: { createNamespace: true, crds: 'CreateReplace', strategy: { name: 'RetryOnFailure', retryInterval: '2m' } },
        upgrade: { crds: 'CreateReplace', strategy: { name: 'RetryOnFailure', retryInterval: '2m' } },
        ...(spec.dependsOn.length > 0 ? { dependsOn: spec.dependsOn.map((name) => ({ name, namespace: this.namespace })) } : {}),
        values: spec.values,
      },
    });
  }
}
