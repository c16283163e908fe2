import { ApiObject } from 'cdk8s';
import type { Construct } from 'constructs';

/** The GitOps engine a fleet installs its add-ons with; one per fleet. */
export enum GitOpsEngine {
  /** Argo CD `Application`s, ordered by sync waves. */
  ARGO_CD = 'argo-cd',
  /** Flux `HelmRelease`s with `HelmRepository` sources, ordered by `dependsOn`. */
  FLUX = 'flux',
}

/** Where GitOps finds the fleet's synthesized output, and with which engine. */
export interface GitOpsOptions {
  /** The Git repository the synthesized `kubernetes/` folder is committed to, e.g. `https://github.com/acme/fleet.git`. */
  readonly repoUrl: string;
  /** Branch or tag the clusters follow. @default 'main' */
  readonly revision?: string;
  /** Folder of the synthesized output inside the repository. @default 'cdktf.out' */
  readonly path?: string;
  /** @default GitOpsEngine.ARGO_CD */
  readonly engine?: GitOpsEngine;
}

/** A Helm chart's home: an HTTPS chart repository or an OCI registry. */
export interface ChartRepository {
  /** `https://…` for a chart repository, `oci://…` for a registry. */
  readonly url: string;
}

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
  /** Sync wave (Argo CD). */
  readonly level: number;
  /** Releases this one waits for (Flux `dependsOn`), by name. */
  readonly dependsOn: string[];
}

/** Namespaces the engines run in. */
export const GITOPS_NAMESPACE: Record<GitOpsEngine, string> = {
  [GitOpsEngine.ARGO_CD]: 'argocd',
  [GitOpsEngine.FLUX]: 'flux-system',
};

/** The Argo CD project platform add-ons belong to. */
export const ARGO_PROJECT = 'fleet-platform';

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
          annotations: { 'argocd.argoproj.io/sync-wave': String(spec.level) },
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
        chart: { spec: { chart: spec.chart, version: spec.version, sourceRef: { kind: 'HelmRepository', name: spec.name, namespace: this.namespace } } },
        install: { createNamespace: true, crds: 'CreateReplace', remediation: { retries: 3 } },
        upgrade: { crds: 'CreateReplace', remediation: { retries: 3 } },
        ...(spec.dependsOn.length > 0 ? { dependsOn: spec.dependsOn.map((name) => ({ name, namespace: this.namespace })) } : {}),
        values: spec.values,
      },
    });
  }
}
