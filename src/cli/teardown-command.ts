import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import {
  DeployFailure, Deployer, DeployIo, EXIT_BAD_PLAN, EXIT_USAGE, findCluster, readPlan, reportingFailures,
} from './deploy-command';
import type { FleetPlan, FleetPlanCluster } from '../fleet/fleet-plan';

/** The parts of a cluster (construct ids) a teardown keeps when the cluster is not disposable. */
const KEPT_PARTS = ['backup-storage', 'encryption', 'resource-group'];

const USAGE = [
  'Usage: cdk-fleet teardown --cluster <name> [--reason "<why>"] [--outdir cdktf.out] [--dry-run]',
  '',
  'Tears a cluster down so that nothing is left behind: its teardown script empties it (the GitOps engine',
  'stopped, the teams\' namespaces, then the add-ons\', until no load balancer or volume is left), then',
  'Terraform destroys its stack when the cluster is alone there. A cluster not declared disposable needs',
  '--reason; its keys, vaults, backup storage (and, on Azure, its resource group) are left in the cloud',
  '(removed from the state), never destroyed, and EKS deletion protection is turned off just before the',
  'destroy. A cluster behind a global name is refused until the name no longer points at it.',
];

/** `cdk-fleet teardown …`: returns the exit code. */
export function teardownCommand(args: string[], io: DeployIo): number {
  const values: { [name: string]: string } = {};
  let dryRun = false;
  for (let i = 0; i < args.length; i++) {
    if (['--cluster', '--reason', '--outdir'].includes(args[i]) && args[i + 1] !== undefined && !args[i + 1].startsWith('--')) {
      values[args[i].slice(2)] = args[++i];
    } else if (args[i] === '--dry-run') {
      dryRun = true;
    } else {
      io.err(`unknown or incomplete argument: ${args[i]}`);
      USAGE.forEach((l) => io.err(l));
      return EXIT_USAGE;
    }
  }
  if (values.cluster === undefined) {
    io.err('give --cluster');
    USAGE.forEach((l) => io.err(l));
    return EXIT_USAGE;
  }
  const outdir = path.resolve(io.cwd, values.outdir ?? 'cdktf.out');
  return reportingFailures(io, () => {
    const plan = readPlan(outdir);
    const cluster = findCluster(plan, values.cluster);
    const reason = values.reason?.trim();
    checkTeardown(plan, cluster, reason);
    const deployer = new Deployer(plan, outdir, { outdir, check: false, list: false, drill: false, dryRun }, io);
    emptyCluster(deployer, outdir, cluster, reason, dryRun);
    destroyStack(deployer, plan, outdir, cluster, io, !cluster.disposable);
  });
}

/** Refuses what must not be torn down: a cluster without a teardown, one not disposable without a reason, one a global name still points at. */
function checkTeardown(plan: FleetPlan, cluster: FleetPlanCluster, reason: string | undefined): void {
  if (!cluster.teardownScript) {
    throw new DeployFailure(`cluster ${cluster.name} has no manifests, so no teardown script. Fix: synthesize with the fleet's GitOps settings`, EXIT_BAD_PLAN);
  }
  if (!cluster.disposable && !reason) {
    throw new DeployFailure(`cluster ${cluster.name} is not disposable: tearing it down deletes its workloads and volumes, and its keys, vaults and backup storage ` +
      `are kept (prevent_destroy). Fix: give the reason, cdk-fleet teardown --cluster ${cluster.name} --reason '<why>', or declare it disposable: true in a reviewed change`,
    EXIT_USAGE);
  }
  const names = (plan.globalNames ?? []).filter((n) => n.endpoints.some((e) => e.cluster === cluster.name));
  if (names.length > 0) {
    throw new DeployFailure(`cluster ${cluster.name} is behind the global name${names.length > 1 ? 's' : ''} ${names.map((n) => n.host).join(', ')}: ` +
      'its users would be sent to a cluster that is going away. Fix: take it out first (global.clusters of ' +
      `${names.map((n) => `${n.team}/${n.route}`).join(', ')}), synthesize, and deploy stack ${names[0].stack}`, EXIT_USAGE);
  }
}

/** The in-cluster half: the teardown script with a kubeconfig of its own. */
function emptyCluster(deployer: Deployer, outdir: string, cluster: FleetPlanCluster, reason: string | undefined, dryRun: boolean): void {
  const work = dryRun ? '<temporary folder>' : fs.mkdtempSync(path.join(os.tmpdir(), `cdk-fleet-${cluster.name}-`));
  try {
    const kubeconfig = path.join(work, 'kubeconfig');
    deployer.writeKubeconfig(cluster, kubeconfig);
    const script = path.join(outdir, cluster.teardownScript!);
    deployer.exec('bash', [script], { cwd: path.dirname(script), env: { KUBECONFIG: kubeconfig, ...(reason ? { FLEET_TEARDOWN_REASON: reason } : {}) } });
  } finally {
    if (!dryRun) {
      fs.rmSync(work, { recursive: true, force: true });
    }
  }
}

/**
 * The Terraform half. Alone in its stack, the cluster goes with the stack
 * (plan the destroy, apply that plan); a cluster that is not disposable
 * first has its kept resources (prevent_destroy) removed from the state, so
 * they stay in the cloud. Sharing its stack, the cluster goes when it is
 * removed from the code and the stack is applied: the command says how.
 */
function destroyStack(deployer: Deployer, plan: FleetPlan, outdir: string, cluster: FleetPlanCluster, io: DeployIo, keep: boolean): void {
  if (!cluster.stack) {
    io.out(`${cluster.name} is attached: it has no cloud resources of the fleet's. Remove it from the fleet's code and synthesize.`);
    return;
  }
  const stack = plan.stacks.find((s) => s.name === cluster.stack)!;
  const dir = path.join(outdir, stack.dir);
  const kept = keep ? keptResources(dir, cluster.name) : [];
  if (stack.clusters.length > 1) {
    io.out(`${cluster.name} shares stack ${stack.name} with ${stack.clusters.filter((c) => c !== cluster.name).join(', ')}. ` +
      'Next: remove it from the fleet\'s code and synthesize' +
      (kept.length > 0 ? `, run in ${stack.dir}: terraform state rm ${kept.join(' ')} (they stay in the cloud)` : '') +
      `, then cdk-fleet deploy --stack ${stack.name}, which destroys its resources.`);
    return;
  }
  io.out(`== destroy stack ${stack.name}`);
  deployer.exec('terraform', ['init', '-input=false'], { cwd: dir });
  if (keep) {
    // Again after a run that stopped half-way: only what the state still holds.
    const listed = deployer.exec('terraform', ['state', 'list'], { cwd: dir, capture: true }).split('\n').map((l) => l.trim());
    const inState = deployer.dryRun ? kept : kept.filter((k) => listed.includes(k));
    if (inState.length > 0) {
      deployer.exec('terraform', ['state', 'rm', ...inState], { cwd: dir });
    }
    // EKS refuses to delete a cluster with deletion protection on (set for every cluster that is not disposable).
    const eks = listed.find((l) => l.startsWith('aws_eks_cluster.'));
    if (cluster.access.kind === 'eks' && (eks || deployer.dryRun)) {
      deployer.exec('aws', ['eks', 'update-cluster-config', '--name', cluster.access.name!, '--region', cluster.access.region!, '--no-deletion-protection'], {});
      deployer.exec('aws', ['eks', 'wait', 'cluster-active', '--name', cluster.access.name!, '--region', cluster.access.region!], {});
    }
  }
  deployer.exec('terraform', ['plan', '-destroy', '-input=false', '-out=tfdestroy'], { cwd: dir });
  deployer.exec('terraform', ['apply', '-input=false', 'tfdestroy'], { cwd: dir });
  io.out(`${cluster.name} is gone${kept.length > 0 ? `; kept in the cloud: ${kept.join(', ')}` : ''}. Remove it from the fleet's code and synthesize.`);
}

/**
 * What a cluster that is not disposable leaves in the cloud, as Terraform
 * addresses: its keys and vaults and its backup storage, whole (the bucket
 * with its versioning, encryption, policy and lifecycle; the storage
 * account with its containers), its resource group on Azure (which holds
 * them), and anything else with `prevent_destroy`.
 */
function keptResources(stackDir: string, clusterName: string): string[] {
  const file = path.join(stackDir, 'cdk.tf.json');
  if (!fs.existsSync(file)) {
    throw new DeployFailure(`${file} is missing. Fix: synthesize first, or point --outdir at the output`, EXIT_BAD_PLAN);
  }
  const stack = JSON.parse(fs.readFileSync(file, 'utf-8'));
  const kept: string[] = [];
  for (const [type, resources] of Object.entries<{ [id: string]: any }>(stack.resource ?? {})) {
    for (const [id, resource] of Object.entries(resources)) {
      const [, , owner, part] = String(resource?.['//']?.metadata?.path ?? '').split('/');
      if (owner === clusterName && (resource?.lifecycle?.prevent_destroy === true || KEPT_PARTS.includes(part))) {
        kept.push(`${type}.${id}`);
      }
    }
  }
  return kept.sort();
}
