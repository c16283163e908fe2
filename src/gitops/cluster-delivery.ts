import { ApiObject, Yaml } from 'cdk8s';
import type * as cdk8s from 'cdk8s';
import { addArgoEngineObjects, argoConfigPatches, ArgoProjectScope } from './argo-cd';
import { DeliveryStep, deliverySteps } from './delivery-steps';
import { argoValuePatches, variablesIn } from './deploy-time-values';
import { ARGO_PROJECT, GITOPS_NAMESPACE, GitOpsEngine, GitOpsOptions } from './engine';
import { addFluxEngineObjects, fluxControllerPatches } from './flux';
import { apiGroup, isBuiltIn } from './kinds';
import { DeliveryLayer, layerFolder, SYNCED_LAYERS } from './layers';
import { byCodePoint } from '../_internal/describe';
import { addOnCatalogueEntry } from '../catalogue/add-ons';
import { engineFacts } from '../catalogue/crds';
import type { ClusterChart, ICluster } from '../clusters/cluster';
import { Fleet } from '../fleet/fleet';

/** The pinned GitOps engine of a cluster. */
export interface PinnedEngine {
  readonly engine: GitOpsEngine;
  /** The engine's release, e.g. `v3.4.7`. */
  readonly version: string;
}

/** One file of a cluster folder. */
export interface DeliveryFile {
  /** `NN-<chart>.k8s.yaml`. */
  readonly name: string;
  readonly objects: any[];
}

/** One folder of a cluster's output, with what its kustomization.yaml holds. */
export interface DeliveryFolder {
  /** Relative to the cluster's folder: `bootstrap`, `engine`, `layers`, `layers/<layer>`. */
  readonly path: string;
  readonly files: DeliveryFile[];
  /** The kustomization.yaml of the folder. */
  readonly kustomization: { [key: string]: any };
}

/** The file name of a chart: `NN-<chart>.k8s.yaml`, NN its order in the folder. */
export function chartFileName(order: number, name: string): string {
  return `${String(order).padStart(2, '0')}-${name}.k8s.yaml`;
}

/**
 * How one cluster's Kubernetes objects reach it: the bootstrap the pipeline
 * applies, the engine's own objects, and the layers the engine syncs; the
 * ordered steps from an empty cluster to healthy. Built once per synth,
 * after every add-on and team is bound, since the engine's objects
 * (project scope, value patches) follow from what the layers hold.
 */
export class ClusterDelivery {
  /** The folders of the cluster's output, in delivery order. */
  public readonly folders: DeliveryFolder[];
  /** The ordered steps a pipeline runs from an empty cluster to healthy. */
  public readonly steps: DeliveryStep[];
  /** Problems found while building (reported with the fleet's). */
  public readonly problems: string[] = [];

  constructor(
    private readonly cluster: ICluster,
    private readonly engine: PinnedEngine | undefined,
    private readonly options: GitOpsOptions | undefined,
  ) {
    if (engine?.engine === GitOpsEngine.ARGO_CD) {
      this.annotateSyncWaves();
    }
    const rendered = new Map<ClusterChart, any[]>();
    const render = (chart: ClusterChart) => {
      let objects = rendered.get(chart);
      if (!objects) {
        objects = chart.chart.toJson();
        rendered.set(chart, objects);
      }
      return objects;
    };
    const filesOf = (layer: DeliveryLayer): DeliveryFile[] => this.cluster.charts.filter((c) => c.layer === layer)
      .map((c) => ({ name: chartFileName(c.order, c.name), objects: render(c) }))
      .filter((f) => f.objects.length > 0);
    // The layers are final here (every add-on and team is bound); the engine's objects follow from them.
    const layers = new Map(SYNCED_LAYERS.map((layer) => [layer, filesOf(layer)] as const).filter(([, files]) => files.length > 0));
    const layerObjects = [...layers.values()].flat().flatMap((f) => f.objects);
    this.checkDeployTimeValues(layerObjects);
    if (engine && options) {
      this.addEngine(engine, options, layerObjects, [...layers.keys()]);
    }
    this.folders = this.buildFolders(filesOf, layers);
    this.steps = deliverySteps(cluster, engine, this.folders.map((f) => f.path), options?.revision ?? 'main');
    this.checkBootstrap();
  }

  /** The engine's install: its namespace, pinned manifest and configuration patches. */
  private bootstrapKustomization(): { [key: string]: any } {
    const engine = this.engine!;
    const url = addOnCatalogueEntry(engine.engine).installManifest!.replace('{version}', engine.version);
    const patches = engine.engine === GitOpsEngine.ARGO_CD
      ? argoConfigPatches(this.cluster.clusterName, this.options?.argoCd?.sso).map((patch) => ({ patch: Yaml.stringify(patch) }))
      : fluxControllerPatches();
    return {
      // The namespace comes from here, never from the caller's kubeconfig context.
      namespace: GITOPS_NAMESPACE[engine.engine],
      resources: [url],
      patches,
    };
  }

  private buildFolders(filesOf: (layer: DeliveryLayer) => DeliveryFile[], layers: Map<DeliveryLayer, DeliveryFile[]>): DeliveryFolder[] {
    const folders: DeliveryFolder[] = [];
    if (this.engine) {
      const bootstrap = filesOf(DeliveryLayer.BOOTSTRAP);
      const install = this.bootstrapKustomization();
      folders.push({ path: 'bootstrap', files: bootstrap, kustomization: { ...install, resources: [...bootstrap.map((f) => f.name), ...install.resources] } });
      const engineFiles = filesOf(DeliveryLayer.ENGINE);
      // Argo CD manages itself from engine/, which includes the bootstrap: one source for the install and its own objects.
      const self = this.engine.engine === GitOpsEngine.ARGO_CD ? ['../bootstrap'] : [];
      folders.push({ path: 'engine', files: engineFiles, kustomization: { resources: [...self, ...engineFiles.map((f) => f.name)] } });
    }
    for (const [layer, files] of layers) {
      folders.push({ path: layerFolder(layer), files, kustomization: { resources: files.map((f) => f.name) } });
    }
    if (this.engine?.engine === GitOpsEngine.ARGO_CD) {
      // The root Application syncs every layer in one sync, ordered and health-gated by sync waves.
      folders.push({ path: 'layers', files: [], kustomization: { resources: [...layers.keys()] } });
    }
    return folders.map((f) => ({ ...f, kustomization: { apiVersion: 'kustomize.config.k8s.io/v1beta1', kind: 'Kustomization', ...f.kustomization } }));
  }

  private addEngine(engine: PinnedEngine, options: GitOpsOptions, layerObjects: any[], layers: DeliveryLayer[]): void {
    const namespace = GITOPS_NAMESPACE[engine.engine];
    const facts = engineFacts(engine.engine, engine.version);
    if (!facts) {
      this.problems.push(`${this.cluster.node.path}: the ${engine.engine} release ${engine.version} has no recorded install facts. Fix: use the release the catalogue pins for ${engine.engine}`);
      return;
    }
    if (!facts.includesNamespace) {
      const bootstrap = this.cluster.addChart(engine.engine, { layer: DeliveryLayer.BOOTSTRAP, order: 10 });
      new ApiObject(bootstrap, 'namespace', {
        apiVersion: 'v1',
        kind: 'Namespace',
        metadata: { name: namespace, labels: { 'pod-security.kubernetes.io/enforce': 'baseline', 'pod-security.kubernetes.io/warn': 'restricted' } },
      });
    }
    const chart = this.cluster.addChart(engine.engine, { layer: DeliveryLayer.ENGINE, order: 10 });
    if (engine.engine === GitOpsEngine.ARGO_CD) {
      addArgoEngineObjects(chart, this.cluster.clusterName, options, this.projectScope(options, layerObjects, facts), argoValuePatches(layerObjects));
    } else {
      addFluxEngineObjects(chart, this.cluster.clusterName, options, layers);
    }
  }

  /**
   * The platform project allows what the platform deploys on this cluster
   * and nothing more: the namespaces of its objects and charts, and the
   * cluster-scoped kinds they and the engine's install create.
   */
  private projectScope(options: GitOpsOptions, layerObjects: any[], engine: { clusterKinds: string[]; crds: unknown[] }): ArgoProjectScope {
    const namespaces = new Set<string>([GITOPS_NAMESPACE[GitOpsEngine.ARGO_CD]]);
    const repos = new Set<string>([options.repoUrl]);
    const kinds = new Set<string>(engine.clusterKinds);
    for (const object of layerObjects) {
      const namespace = object.metadata?.namespace;
      if (namespace) {
        namespaces.add(namespace);
      } else {
        kinds.add(apiGroup(object.apiVersion) ? `${apiGroup(object.apiVersion)}/${object.kind}` : object.kind);
      }
      if (object.kind === 'Application' && apiGroup(object.apiVersion) === 'argoproj.io' && object.spec.project === ARGO_PROJECT && object.spec.source?.chart) {
        const { repoURL, chart, targetRevision } = object.spec.source;
        repos.add(repoURL);
        namespaces.add(object.spec.destination.namespace);
        const facts = Fleet.of(this.cluster)._catalogue.chartFacts(chart, targetRevision);
        if (!facts) {
          this.problems.push(`${this.cluster.node.path}: chart ${chart} ${targetRevision} has no recorded facts, so the platform project cannot scope it. Fix: use a version of the catalogue, or record what it installs in the Fleet's catalogue: { addOnVersions: [{ installs }] }`);
          continue;
        }
        facts.clusterKinds.forEach((k) => kinds.add(k));
        if (facts.crds.length > 0) {
          kinds.add('apiextensions.k8s.io/CustomResourceDefinition');
        }
        (facts.otherNamespaces ?? []).forEach((n) => namespaces.add(n));
      }
    }
    return {
      sourceRepos: [...repos].sort(byCodePoint),
      namespaces: [...namespaces].sort(byCodePoint),
      clusterKinds: [...kinds].sort(byCodePoint).map((k) => {
        const slash = k.lastIndexOf('/');
        return { group: slash < 0 ? '' : k.slice(0, slash), kind: slash < 0 ? k : k.slice(slash + 1) };
      }),
    };
  }

  /**
   * Argo CD syncs the layers in one sync of the root Application, so the
   * layers become sync waves: releases at their add-on's level, then every
   * add-on's configuration, then the teams. Argo CD moves to the next wave
   * only when the previous one is healthy (Applications included, through
   * the health check the bootstrap configures). A custom resource's CRD
   * comes from a release of an earlier wave of the same sync, so the dry
   * run that precedes the sync must skip it while the CRD is missing.
   */
  private annotateSyncWaves(): void {
    const releaseWaves = this.cluster.charts.filter((c) => c.layer === DeliveryLayer.RELEASES)
      .flatMap((c) => apiObjects(c.chart))
      .map((o) => Number(o.metadata.toJson().annotations?.['argocd.argoproj.io/sync-wave'] ?? 0));
    const configWave = Math.max(0, ...releaseWaves) + 1;
    const waves: Partial<Record<DeliveryLayer, number>> = {
      [DeliveryLayer.CONFIG]: configWave, [DeliveryLayer.TEAMS]: configWave + 1, [DeliveryLayer.TEAM_APPS]: configWave + 2,
    };
    for (const chart of this.cluster.charts) {
      const wave = waves[chart.layer];
      if (wave === undefined) {
        continue;
      }
      for (const object of apiObjects(chart.chart)) {
        object.metadata.addAnnotation('argocd.argoproj.io/sync-wave', String(wave));
        if (!isBuiltIn(object.apiVersion)) {
          object.metadata.addAnnotation('argocd.argoproj.io/sync-options', 'SkipDryRunOnMissingResource=true');
        }
      }
    }
  }

  /** Every placeholder in the layers must be a deploy-time value of the cluster, or it would reach the API server. */
  private checkDeployTimeValues(layerObjects: any[]): void {
    const known = new Set(this.cluster.deployTimeValues.map((v) => v.variable));
    for (const variable of variablesIn(layerObjects).filter((v) => !known.has(v))) {
      this.problems.push(`${this.cluster.node.path}: '\${${variable}}' in the cluster's YAML is not a deploy-time value of the cluster, so nothing would fill it. Fix: write the value itself, or record it as a deploy-time value`);
    }
  }

  /** The pipeline applies the bootstrap before any CRD but the engine's exists: built-in kinds only. */
  private checkBootstrap(): void {
    for (const chart of this.cluster.charts.filter((c) => c.layer === DeliveryLayer.BOOTSTRAP)) {
      for (const object of apiObjects(chart.chart)) {
        if (!isBuiltIn(object.apiVersion)) {
          this.problems.push(`${this.cluster.node.path}: ${object.apiVersion} ${object.kind} '${object.name}' is in the bootstrap layer, which is applied before any CRD exists. Fix: put it in DeliveryLayer.CONFIG`);
        }
      }
    }
  }
}

function apiObjects(chart: cdk8s.Chart): ApiObject[] {
  return chart.node.findAll().filter((c): c is ApiObject => c instanceof ApiObject);
}
