import { ApiObject } from 'cdk8s';
import type { Construct } from 'constructs';
import { FLUX_VALUES_CONFIGMAP } from './deploy-time-values';
import { clusterRepoPath, GITOPS_NAMESPACE, GitOpsEngine, GitOpsOptions } from './engine';
import { DeliveryLayer, layerFolder } from './layers';

const NAMESPACE = GITOPS_NAMESPACE[GitOpsEngine.FLUX];

/**
 * The controllers' flags. Post-build substitution leaves nothing behind
 * only in strict mode: by default kustomize-controller replaces an unknown
 * `${var}` with an empty string (fluxcd/kustomize-controller@v1.8.5:docs/spec/v1/kustomizations.md),
 * which would give a workload an empty client id without a word; the
 * StrictPostBuildSubstitutions gate fails the layer instead. And Flux's
 * multi-tenancy lockdown (fluxcd/website multitenancy.md; flags at
 * kustomize-controller v1.8.5, helm-controller v1.5.5, notification-controller
 * v1.8.4 and the image controllers and source-watcher, the versions flux2 v2.8.8 pins): no object may refer to a source in
 * another namespace, no remote kustomize bases, and a Kustomization or
 * HelmRelease without a service account acts as its namespace's `default`
 * one, which can do nothing: a team's objects act only with the rights the
 * platform gave them, and the platform's own act as the controllers.
 */
export function fluxControllerPatches(): Array<{ [key: string]: any }> {
  const args = (controller: string, flags: string[]) => ({
    target: { kind: 'Deployment', name: controller },
    patch: JSON.stringify(flags.map((value) => ({ op: 'add', path: '/spec/template/spec/containers/0/args/-', value }))),
  });
  return [
    args('kustomize-controller', ['--feature-gates=StrictPostBuildSubstitutions=true', '--no-cross-namespace-refs=true', '--no-remote-bases=true',
      `--default-service-account=${LOCKDOWN_SERVICE_ACCOUNT}`]),
    args('helm-controller', ['--no-cross-namespace-refs=true', `--default-service-account=${LOCKDOWN_SERVICE_ACCOUNT}`]),
    // The image controllers and source-watcher come with flux2's install.yaml too, and bind the same flag
    // (image-reflector-controller v1.1.2, image-automation-controller v1.1.4, source-watcher v2.1.1: main.go).
    ...['notification-controller', 'image-reflector-controller', 'image-automation-controller', 'source-watcher']
      .map((controller) => args(controller, ['--no-cross-namespace-refs=true'])),
  ];
}

/** What a Flux object without a service account acts as, once locked down: its namespace's `default`, which has no rights. */
const LOCKDOWN_SERVICE_ACCOUNT = 'default';

/**
 * The service accounts the platform's own Flux objects act as: the
 * controllers' own, bound to cluster-admin by the install
 * (fluxcd/flux2@v2.8.8:manifests/rbac/reconciler.yaml).
 */
export const FLUX_PLATFORM_SERVICE_ACCOUNTS = { kustomize: 'kustomize-controller', helm: 'helm-controller' };

/** The Kustomization that syncs one layer of a cluster. */
export function fluxLayerName(clusterName: string, layer: DeliveryLayer): string {
  return `fleet-${clusterName}-${layer}`;
}

/**
 * Flux's own objects on a cluster, applied by the pipeline once the CRDs are
 * established: the fleet repository as a GitRepository and one
 * Kustomization per layer, each waiting for the one before it (`dependsOn`)
 * and for everything it applied to be ready (`wait`), with the cluster's
 * deploy-time values substituted from the ConfigMap the pipeline writes.
 */
export function addFluxEngineObjects(chart: Construct, clusterName: string, options: GitOpsOptions, layers: DeliveryLayer[]): void {
  new ApiObject(chart, 'source', {
    apiVersion: 'source.toolkit.fluxcd.io/v1',
    kind: 'GitRepository',
    metadata: { name: 'fleet', namespace: NAMESPACE },
    spec: { url: options.repoUrl, ref: { branch: options.revision ?? 'main' }, interval: '1m' },
  });
  const path = clusterRepoPath(options, clusterName);
  layers.forEach((layer, i) => {
    new ApiObject(chart, `layer-${layer}`, {
      apiVersion: 'kustomize.toolkit.fluxcd.io/v1',
      kind: 'Kustomization',
      metadata: { name: fluxLayerName(clusterName, layer), namespace: NAMESPACE },
      spec: {
        interval: '10m',
        retryInterval: '1m',
        timeout: '15m',
        path: `./${path}/${layerFolder(layer)}`,
        prune: true,
        serviceAccountName: FLUX_PLATFORM_SERVICE_ACCOUNTS.kustomize,
        // The teams' own deliveries are applied, not waited for: a team's broken application never holds the platform.
        wait: layer !== DeliveryLayer.TEAM_APPS,
        sourceRef: { kind: 'GitRepository', name: 'fleet' },
        ...(i > 0 ? { dependsOn: [{ name: fluxLayerName(clusterName, layers[i - 1]) }] } : {}),
        postBuild: {
          // An inline variable makes substitution run even when the cluster has no values.
          substitute: { fleet_cluster: clusterName },
          substituteFrom: [{ kind: 'ConfigMap', name: FLUX_VALUES_CONFIGMAP }],
        },
      },
    });
  });
}
