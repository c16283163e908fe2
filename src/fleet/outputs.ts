import * as fs from 'fs';
import * as path from 'path';
import { Yaml } from 'cdk8s';
import { CATALOG_FILE, fleetCatalog } from './catalog';
import type { Fleet } from './fleet';
import { fleetPlanJson } from './fleet-plan';
import { renderFleetReport } from './fleet-report';
import { DELIVERY_SCRIPT, KUBERNETES_DIR } from '../_internal/output-layout';
import { CLOUDNATIVE_PG_NAMESPACE } from '../addons/cloudnative-pg';
import type { ICluster } from '../clusters/cluster';
import type { ClusterDelivery } from '../gitops/cluster-delivery';
import { deliveryScript } from '../gitops/delivery-steps';
import { GITOPS_NAMESPACE } from '../gitops/engine';
import { GITHUB_WORKFLOW_FILE, githubWorkflow, RESTORE_DRILL_WORKFLOW_FILE, restoreDrillWorkflow } from '../pipeline/github-workflow';
import { MOVE_DIR, MOVE_RESTORE_FILE, MOVE_SCRIPT, moveRestoreScript, veleroMoveRestore } from '../recovery/move';
import { ClusterRestoreDrill, DRILL_DIR, DRILL_NAMESPACES_FILE, DRILL_SCRIPT, drillNamespaceObjects, drillNamespacesOf, restoreDrillScript, VELERO_DRILL_FILE, veleroRestoreDrill } from '../recovery/restore-drill';
import { namespacesOf, TEARDOWN_SCRIPT, teardownScript } from '../recovery/teardown';

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
    const drill = fleet.restoreDrillOf(cluster);
    if (delivery) {
      const dir = path.join(kubernetesRoot, cluster.clusterName);
      objects += writeClusterFolder(cluster.clusterName, delivery, dir);
      const teams = fleet.teams.filter((t) => fleet.clustersOf(t).includes(cluster)).flatMap((t) => t.namespaces);
      const teamNamespaces = [...new Set([...teams, ...(drill ? drillNamespacesOf(drill) : [])])].sort();
      const engine = fleet._delivery.engine;
      const engineNamespace = engine ? GITOPS_NAMESPACE[engine] : undefined;
      const all = namespacesOf(delivery.folders.flatMap((f) => f.files.flatMap((file) => file.objects)), engineNamespace);
      fs.writeFileSync(path.join(dir, TEARDOWN_SCRIPT), teardownScript({
        clusterName: cluster.clusterName,
        disposable: cluster.disposable,
        engineNamespace,
        teamNamespaces,
        addOnNamespaces: all.filter((n) => !teamNamespaces.includes(n)),
      }), { mode: 0o755 });
    }
    const move = fleet.moveOf(cluster);
    if (move?.veleroLocation && delivery) {
      const dir = path.join(kubernetesRoot, cluster.clusterName, MOVE_DIR);
      fs.mkdirSync(dir, { recursive: true });
      fs.writeFileSync(path.join(dir, MOVE_RESTORE_FILE), Yaml.stringify(veleroMoveRestore(move, scriptObjectLabels(fleet.fleetName, cluster))));
      fs.writeFileSync(path.join(dir, MOVE_SCRIPT), moveRestoreScript(move), { mode: 0o755 });
    }
    if (drill) {
      writeRestoreDrill(fleet.fleetName, cluster, drill, path.join(kubernetesRoot, cluster.clusterName, DRILL_DIR));
    }
  }
  const plan = fleet.plan();
  fs.writeFileSync(path.join(outdir, 'fleet.json'), fleetPlanJson(plan));
  fs.writeFileSync(path.join(outdir, 'fleet-report.md'), renderFleetReport(fleet, plan));
  const workflow = path.join(outdir, GITHUB_WORKFLOW_FILE);
  fs.mkdirSync(path.dirname(workflow), { recursive: true });
  const gitOps = fleet.gitOps ? { path: fleet.gitOps.path, revision: fleet.gitOps.revision ?? 'main' } : undefined;
  fs.writeFileSync(workflow, githubWorkflow(plan, fleet.pipeline, gitOps));
  const catalog = path.join(outdir, CATALOG_FILE);
  fs.mkdirSync(path.dirname(catalog), { recursive: true });
  fs.writeFileSync(catalog, Yaml.stringify(...fleetCatalog(fleet, plan)));
  const drills = restoreDrillWorkflow(plan, fleet.pipeline);
  const drillsFile = path.join(outdir, RESTORE_DRILL_WORKFLOW_FILE);
  if (drills) {
    fs.writeFileSync(drillsFile, drills);
  } else {
    fs.rmSync(drillsFile, { force: true });
  }
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

/** The labels of the objects a cluster's scripts apply (drills, moves): whose they are, as the layers' objects say. */
function scriptObjectLabels(fleetName: string, cluster: ICluster): { [key: string]: string } {
  return { 'app.kubernetes.io/managed-by': 'cdk-fleet', 'fleet.cdk-fleet.io/fleet': fleetName, 'fleet.cdk-fleet.io/cluster': cluster.clusterName };
}

/**
 * The drill folder: the Velero Restore, a drill Cluster per database, and
 * the script that runs them; beside the layers, where no engine syncs.
 */
function writeRestoreDrill(fleetName: string, cluster: ICluster, drill: ClusterRestoreDrill, dir: string): void {
  const labels = scriptObjectLabels(fleetName, cluster);
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, DRILL_NAMESPACES_FILE), Yaml.stringify(...drillNamespaceObjects(drill, labels, CLOUDNATIVE_PG_NAMESPACE)));
  const files: [string, any][] = [
    ...(drill.schedule ? [[VELERO_DRILL_FILE, veleroRestoreDrill(drill, labels)] as [string, any]] : []),
    ...drill.databases.map((d) => [d.file, d.object] as [string, any]),
  ];
  for (const [name, object] of files) {
    fs.writeFileSync(path.join(dir, name), Yaml.stringify(object));
  }
  const text = JSON.stringify(files.map(([, o]) => o));
  const variables = cluster.deployTimeValues.map((v) => v.variable).filter((v) => text.includes(`\${${v}}`)).sort();
  fs.writeFileSync(path.join(dir, DRILL_SCRIPT), restoreDrillScript(cluster.clusterName, drill, variables), { mode: 0o755 });
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
