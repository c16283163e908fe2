import * as fs from 'fs';
import * as path from 'path';
import { Yaml } from 'cdk8s';
import type { Fleet } from './fleet';
import { fleetPlanJson } from './fleet-plan';
import { renderFleetReport } from './fleet-report';
import { DELIVERY_SCRIPT, KUBERNETES_DIR } from '../_internal/output-layout';
import type { ClusterDelivery } from '../gitops/cluster-delivery';
import { deliveryScript } from '../gitops/delivery-steps';
import { GITHUB_WORKFLOW_FILE, githubWorkflow } from '../pipeline/github-workflow';

export { DELIVERY_SCRIPT, KUBERNETES_DIR } from '../_internal/output-layout';
export { chartFileName } from '../gitops/cluster-delivery';

/**
 * Writes everything the fleet adds to cdktf's output: one folder per
 * cluster (bootstrap, engine and layer folders, each with its
 * kustomization, and the script of its delivery steps), fleet.json,
 * fleet-report.md and the GitHub Actions workflow that deploys the waves. The kubernetes folder is rewritten whole, so a removed
 * cluster or chart leaves no stale file behind.
 */
export function writeFleetOutputs(fleet: Fleet, outdir: string): FleetOutputStats {
  const kubernetesRoot = path.join(outdir, KUBERNETES_DIR);
  fs.rmSync(kubernetesRoot, { recursive: true, force: true });
  let objects = 0;
  for (const cluster of fleet.clusters) {
    const delivery = fleet._delivery.of(cluster);
    if (delivery) {
      objects += writeClusterFolder(cluster.clusterName, delivery, path.join(kubernetesRoot, cluster.clusterName));
    }
  }
  const plan = fleet.plan();
  fs.writeFileSync(path.join(outdir, 'fleet.json'), fleetPlanJson(plan));
  fs.writeFileSync(path.join(outdir, 'fleet-report.md'), renderFleetReport(fleet, plan));
  const workflow = path.join(outdir, GITHUB_WORKFLOW_FILE);
  fs.mkdirSync(path.dirname(workflow), { recursive: true });
  const gitOps = fleet.gitOps ? { path: fleet.gitOps.path, revision: fleet.gitOps.revision ?? 'main' } : undefined;
  fs.writeFileSync(workflow, githubWorkflow(plan, fleet.pipeline, gitOps));
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

function writeClusterFolder(clusterName: string, delivery: ClusterDelivery, dir: string): number {
  let count = 0;
  for (const folder of delivery.folders) {
    const where = path.join(dir, folder.path);
    fs.mkdirSync(where, { recursive: true });
    for (const file of folder.files) {
      fs.writeFileSync(path.join(where, file.name), Yaml.stringify(...file.objects));
      count += file.objects.length;
    }
    fs.writeFileSync(path.join(where, 'kustomization.yaml'), Yaml.stringify(folder.kustomization));
  }
  fs.writeFileSync(path.join(dir, DELIVERY_SCRIPT), deliveryScript(clusterName, delivery.steps), { mode: 0o755 });
  return count;
}
