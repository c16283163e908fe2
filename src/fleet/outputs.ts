import * as fs from 'fs';
import * as path from 'path';
import { Yaml } from 'cdk8s';
import type { Fleet } from './fleet';
import { fleetPlanJson } from './fleet-plan';
import { renderFleetReport } from './fleet-report';
import type { ICluster } from '../clusters/cluster';

/** The folder, under the output directory, that holds one folder per cluster. */
export const KUBERNETES_DIR = 'kubernetes';

/**
 * Writes everything the fleet adds to cdktf's output: one folder of YAML per
 * cluster (apply order in the file names, a kustomization listing them),
 * fleet.json and fleet-report.md. The kubernetes folder is rewritten whole,
 * so a removed cluster or chart leaves no stale file for `kubectl apply -f`.
 */
export function writeFleetOutputs(fleet: Fleet, outdir: string): FleetOutputStats {
  const kubernetesRoot = path.join(outdir, KUBERNETES_DIR);
  fs.rmSync(kubernetesRoot, { recursive: true, force: true });
  let objects = 0;
  for (const cluster of fleet.clusters) {
    objects += writeClusterManifests(cluster, path.join(kubernetesRoot, cluster.clusterName));
  }
  const plan = fleet.plan();
  fs.writeFileSync(path.join(outdir, 'fleet.json'), fleetPlanJson(plan));
  fs.writeFileSync(path.join(outdir, 'fleet-report.md'), renderFleetReport(fleet, plan));
  return { outdir, objects, stacks: plan.stacks.length, clusters: plan.clusters.length, waves: plan.waves.length };
}

/** What one write of the fleet's outputs produced. */
export interface FleetOutputStats {
  /** The output directory. */
  readonly outdir: string;
  /** Kubernetes objects written, over all clusters. */
  readonly objects: number;
  /** Region stacks in the plan. */
  readonly stacks: number;
  /** Clusters in the plan. */
  readonly clusters: number;
  /** Waves in the plan. */
  readonly waves: number;
}

/** The file name of a chart: `NN-<chart>.k8s.yaml`, NN its apply order. */
export function chartFileName(order: number, name: string): string {
  return `${String(order).padStart(2, '0')}-${name}.k8s.yaml`;
}

function writeClusterManifests(cluster: ICluster, dir: string): number {
  fs.mkdirSync(dir, { recursive: true });
  const files: string[] = [];
  let count = 0;
  for (const { name, order, chart } of cluster.charts) {
    const objects = chart.toJson();
    if (objects.length === 0) {
      continue;
    }
    const file = chartFileName(order, name);
    fs.writeFileSync(path.join(dir, file), Yaml.stringify(...objects));
    files.push(file);
    count += objects.length;
  }
  const kustomization = {
    apiVersion: 'kustomize.config.k8s.io/v1beta1',
    kind: 'Kustomization',
    // The GitOps engine's pinned install manifest first, so the first apply brings it up.
    resources: [...cluster.remoteManifests, ...files],
  };
  fs.writeFileSync(path.join(dir, 'kustomization.yaml'), Yaml.stringify(kustomization));
  return count;
}
