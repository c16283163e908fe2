import { ApiObject } from 'cdk8s';
import type { Construct } from 'constructs';
import { FLUX_VALUES_CONFIGMAP } from './deploy-time-values';
import { clusterRepoPath, GITOPS_NAMESPACE, GitOpsEngine, GitOpsOptions } from './engine';
import { DeliveryLayer, layerFolder } from './layers';

const NAMESPACE = GITOPS_NAMESPACE[GitOpsEngine.FLUX];

/**
 * Post-build substitution leaves nothing behind only in strict mode: by
 * default kustomize-controller replaces an unknown `${var}` with an empty
 * string (fluxcd/kustomize-controller@v1.8.5:docs/spec/v1/kustomizations.md),
 * which would give a workload an empty client id without a word. The patch
 * turns the controller's StrictPostBuildSubstitutions gate on, so a missing
 * value fails the layer instead.
 */
export function fluxControllerPatches(): Array<{ [key: string]: any }> {
  return [{
    target: { kind: 'Deployment', name: 'kustomize-controller' },
    patch: JSON.stringify([{ op: 'add', path: '/spec/template/spec/containers/0/args/-', value: '--feature-gates=StrictPostBuildSubstitutions=true' }]),
  }];
}

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
        wait: true,
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
