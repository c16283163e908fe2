import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { FleetPlan, FleetPlanCluster, FleetPlanStack, FleetPlanWave } from '../fleet/fleet-plan';

/**
 * Runs one command and returns its exit code and, when asked, what it
 * printed. `env` is the whole environment of the command.
 */
export interface CommandRunner {
  run(command: string, args: string[], options: RunOptions): { status: number; stdout: string };
}

/** Where a command runs, its whole environment, and whether its output is captured. */
export interface RunOptions {
  readonly cwd?: string;
  readonly env?: { [name: string]: string | undefined };
  readonly capture?: boolean;
}

/** Runs commands as child processes, their output going to ours (captured only where the command parses it). */
export const PROCESS_RUNNER: CommandRunner = {
  run(command, args, options) {
    const result = spawnSync(command, args, {
      cwd: options.cwd,
      env: options.env ?? process.env,
      stdio: options.capture ? ['ignore', 'pipe', 'inherit'] : 'inherit',
      encoding: 'utf-8',
      maxBuffer: 64 * 1024 * 1024,
    });
    if (result.error) {
      return { status: 127, stdout: `${result.error.message}` };
    }
    return { status: result.status ?? 1, stdout: result.stdout ?? '' };
  },
};

/** Where the deploy command writes. */
export interface DeployIo {
  readonly out: (line: string) => void;
  readonly err: (line: string) => void;
  readonly cwd: string;
  readonly env: { [name: string]: string | undefined };
  readonly runner: CommandRunner;
}

const USAGE = [
  'Usage: cdk-fleet deploy --wave <number|name> [--check] [--list] [--revision <commit>] [--outdir cdktf.out] [--dry-run]',
  '       cdk-fleet deploy --stack <name>   [--outdir cdktf.out] [--dry-run]',
  '       cdk-fleet deploy --cluster <name> [--check] [--revision <commit>] [--outdir cdktf.out] [--dry-run]',
  '       cdk-fleet deploy --cluster <name> --drill [--outdir cdktf.out] [--dry-run]',
  '',
  'Follows fleet.json of the synthesized output. A stack is planned and applied with terraform;',
  'a cluster gets a kubeconfig (aws eks / az aks + kubelogin, or $KUBECONFIG_<NAME> for an attached one),',
  'its deploy-time values from its stack outputs, and its delivery steps up to healthy (--check: only the',
  'health check). --wave does every stack of the wave, then every cluster. --revision: the commit the',
  'manifests were published in; the engine is refreshed and must have synced it before health counts.',
  '--drill: the cluster\'s restore drill instead (its newest backups restored beside the originals, then removed).',
  '--dry-run prints the commands.',
];

/** Exit codes: 1 a command failed, 2 bad arguments, 4 no usable fleet.json. */
export const EXIT_FAILED = 1;
export const EXIT_USAGE = 2;
export const EXIT_BAD_PLAN = 4;

export interface DeployOptions {
  readonly wave?: string;
  readonly stack?: string;
  readonly cluster?: string;
  readonly outdir: string;
  readonly revision?: string;
  readonly check: boolean;
  readonly list: boolean;
  readonly drill: boolean;
  readonly dryRun: boolean;
}

/** A failure that ends the command with its message and code. */
export class DeployFailure extends Error {
  constructor(message: string, public readonly code: number) {
    super(message);
  }
}

/** `cdk-fleet deploy …`: returns the exit code. */
export function deployCommand(args: string[], io: DeployIo): number {
  const options = parseOptions(args);
  if (typeof options === 'string') {
    io.err(options);
    USAGE.forEach((l) => io.err(l));
    return EXIT_USAGE;
  }
  const outdir = path.resolve(io.cwd, options.outdir);
  return reportingFailures(io, () => {
    const plan = readPlan(outdir);
    const deployer = new Deployer(plan, outdir, options, io);
    if (options.stack !== undefined) {
      deployer.stack(findStack(plan, options.stack));
    } else if (options.cluster !== undefined) {
      deployer.cluster(findCluster(plan, options.cluster));
    } else {
      deployer.wave(findWave(plan, options.wave!));
    }
  });
}

/** Runs a command's work: 0 when it completes, a failure's own code (with its message) when it stops. */
export function reportingFailures(io: Pick<DeployIo, 'err'>, work: () => void): number {
  try {
    work();
    return 0;
  } catch (e) {
    if (e instanceof DeployFailure) {
      io.err(e.message);
      return e.code;
    }
    throw e;
  }
}

function parseOptions(args: string[]): DeployOptions | string {
  const values: { [name: string]: string } = {};
  const flags = new Set<string>();
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (['--wave', '--stack', '--cluster', '--outdir', '--revision'].includes(arg)) {
      const value = args[i + 1];
      if (value === undefined || value.startsWith('--')) {
        return `${arg} needs a value`;
      }
      values[arg.slice(2)] = value;
      i++;
    } else if (['--check', '--list', '--drill', '--dry-run'].includes(arg)) {
      flags.add(arg.slice(2));
    } else {
      return `unknown argument: ${arg}`;
    }
  }
  const targets = ['wave', 'stack', 'cluster'].filter((t) => values[t] !== undefined);
  if (targets.length !== 1) {
    return 'give exactly one of --wave, --stack or --cluster';
  }
  if (flags.has('check') && values.stack !== undefined) {
    return '--check applies to a wave or a cluster';
  }
  if (flags.has('list') && values.wave === undefined) {
    return '--list applies to a wave';
  }
  if (flags.has('drill') && (values.cluster === undefined || flags.has('check') || values.revision !== undefined)) {
    return '--drill applies to a cluster, without --check or --revision';
  }
  if (values.revision !== undefined && (values.stack !== undefined || !/^[0-9a-f]{40}$/.test(values.revision))) {
    return values.stack !== undefined ? '--revision applies to a wave or a cluster' : `--revision must be a full commit id (40 hex digits), got ${values.revision}`;
  }
  return {
    wave: values.wave,
    stack: values.stack,
    cluster: values.cluster,
    outdir: values.outdir ?? 'cdktf.out',
    revision: values.revision,
    check: flags.has('check'),
    list: flags.has('list'),
    drill: flags.has('drill'),
    dryRun: flags.has('dry-run'),
  };
}

export function readPlan(outdir: string): FleetPlan {
  const file = path.join(outdir, 'fleet.json');
  let plan: any;
  try {
    plan = JSON.parse(fs.readFileSync(file, 'utf-8'));
  } catch (e) {
    throw new DeployFailure(`cannot read ${file}: ${(e as Error).message}. Fix: synthesize first (npx cdktf synth), or point --outdir at the output`, EXIT_BAD_PLAN);
  }
  if (plan?.version !== 1 || !Array.isArray(plan.clusters) || !Array.isArray(plan.stacks) || !Array.isArray(plan.waves)
    || plan.clusters.some((c: any) => c.access === undefined)) {
    throw new DeployFailure(`${file} is not a fleet.json of version 1 that this cdk-fleet writes. Fix: synthesize again with this version of cdk-fleet`, EXIT_BAD_PLAN);
  }
  return plan;
}

function findWave(plan: FleetPlan, wave: string): FleetPlanWave {
  const found = plan.waves.find((w) => String(w.number) === wave || w.name === wave);
  if (!found) {
    throw new DeployFailure(`fleet.json has no wave '${wave}'. Fix: use one of ${plan.waves.map((w) => `${w.number} (${w.name})`).join(', ')}`, EXIT_USAGE);
  }
  return found;
}

function findStack(plan: FleetPlan, name: string): FleetPlanStack {
  const found = plan.stacks.find((s) => s.name === name);
  if (!found) {
    throw new DeployFailure(`fleet.json has no stack '${name}'. Fix: use one of ${plan.stacks.map((s) => s.name).join(', ') || '(none)'}`, EXIT_USAGE);
  }
  return found;
}

export function findCluster(plan: FleetPlan, name: string): FleetPlanCluster {
  const found = plan.clusters.find((c) => c.name === name);
  if (!found) {
    throw new DeployFailure(`fleet.json has no cluster '${name}'. Fix: use one of ${plan.clusters.map((c) => c.name).join(', ')}`, EXIT_USAGE);
  }
  return found;
}

/** Stacks in an order where each comes after the stacks it depends on (by name where free). */
export function stackOrder(stacks: FleetPlanStack[]): FleetPlanStack[] {
  const remaining = [...stacks].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const names = new Set(remaining.map((s) => s.name));
  const done = new Set<string>();
  const ordered: FleetPlanStack[] = [];
  while (remaining.length > 0) {
    const index = remaining.findIndex((s) => s.dependsOn.every((d) => done.has(d) || !names.has(d)));
    const next = remaining.splice(index >= 0 ? index : 0, 1)[0];
    ordered.push(next);
    done.add(next.name);
  }
  return ordered;
}

export class Deployer {
  constructor(
    private readonly plan: FleetPlan,
    private readonly outdir: string,
    private readonly options: DeployOptions,
    private readonly io: DeployIo,
  ) {}

  /** Whether commands are only printed. */
  public get dryRun(): boolean {
    return this.options.dryRun;
  }

  public wave(wave: FleetPlanWave): void {
    const stacks = stackOrder(this.plan.stacks.filter((s) => s.wave === wave.number));
    const clusters = this.plan.clusters.filter((c) => c.wave === wave.number);
    if (this.options.list) {
      this.io.out(`wave ${wave.number} (${wave.name}):`);
      this.io.out(`  stacks:   ${stacks.map((s) => s.name).join(', ') || '—'}`);
      this.io.out(`  clusters: ${clusters.map((c) => c.name).join(', ') || '—'}`);
      return;
    }
    // The global stack points at clusters that must serve first: it comes after the wave's clusters.
    const global = stacks.filter((s) => s.region === 'global');
    if (!this.options.check) {
      stacks.filter((s) => !global.includes(s)).forEach((s) => this.stack(s));
    }
    clusters.forEach((c) => this.cluster(c));
    if (!this.options.check) {
      global.forEach((s) => this.stack(s));
    }
  }

  /** terraform init, plan to a file, apply that plan: what was planned is what is applied. */
  public stack(stack: FleetPlanStack): void {
    const dir = path.join(this.outdir, stack.dir);
    if (!this.options.dryRun && !fs.existsSync(path.join(dir, 'cdk.tf.json'))) {
      throw new DeployFailure(`${dir}/cdk.tf.json is missing. Fix: synthesize first, or point --outdir at the output`, EXIT_BAD_PLAN);
    }
    this.io.out(`== stack ${stack.name}`);
    this.exec('terraform', ['init', '-input=false'], { cwd: dir });
    this.exec('terraform', ['plan', '-input=false', '-out=tfplan'], { cwd: dir });
    this.exec('terraform', ['apply', '-input=false', 'tfplan'], { cwd: dir });
  }

  /** A kubeconfig of its own, the deploy-time values from the stack outputs, then the delivery (or its health check, or its restore drill). */
  public cluster(cluster: FleetPlanCluster): void {
    if (this.options.drill && !cluster.restoreDrill) {
      throw new DeployFailure(`cluster ${cluster.name} has no restore drill: nothing on it backs up. ` +
        `Fix: drill a cluster with Velero or a database that backs up (${this.plan.clusters.filter((c) => c.restoreDrill).map((c) => c.name).join(', ') || 'none in this fleet'})`,
      EXIT_USAGE);
    }
    this.io.out(`== cluster ${cluster.name}${this.options.check ? ' (check)' : this.options.drill ? ' (restore drill)' : ''}`);
    const work = this.options.dryRun ? '<temporary folder>' : fs.mkdtempSync(path.join(os.tmpdir(), `cdk-fleet-${cluster.name}-`));
    try {
      const kubeconfig = path.join(work, 'kubeconfig');
      this.writeKubeconfig(cluster, kubeconfig);
      const env = {
        KUBECONFIG: kubeconfig,
        ...(this.options.revision ? { FLEET_REVISION: this.options.revision } : {}),
        ...(this.options.check ? {} : this.deployTimeValues(cluster)),
      };
      const folder = path.join(this.outdir, cluster.manifests);
      if (this.options.drill) {
        const script = path.join(this.outdir, cluster.restoreDrill!.script);
        this.exec('bash', [script], { cwd: path.dirname(script), env });
      } else if (this.options.check) {
        const healthy = cluster.delivery.steps.filter((s) => s.name === 'healthy');
        if (healthy.length === 0) {
          this.io.out(`${cluster.name} has no GitOps engine whose health to check; its layers were applied by the delivery`);
          return;
        }
        healthy.forEach((step) => this.exec('bash', ['-euo', 'pipefail', '-c', step.run.join('\n')], { cwd: folder, env }));
      } else {
        this.exec('bash', [path.join(this.outdir, cluster.delivery.script)], { cwd: folder, env });
        // A replacement restores the cluster it replaces once it is up (the script does it once only).
        const move = (this.plan.moves ?? []).find((m) => m.to === cluster.name && m.restoreScript);
        if (move) {
          const script = path.join(this.outdir, move.restoreScript!);
          this.exec('bash', [script], { cwd: path.dirname(script), env: { KUBECONFIG: kubeconfig } });
        }
      }
    } finally {
      if (!this.options.dryRun) {
        fs.rmSync(work, { recursive: true, force: true });
      }
    }
  }

  public writeKubeconfig(cluster: FleetPlanCluster, file: string): void {
    const access = cluster.access;
    switch (access.kind) {
      case 'eks':
        this.exec('aws', ['eks', 'update-kubeconfig', '--name', access.name!, '--region', access.region!, '--kubeconfig', file], {});
        return;
      case 'aks':
        this.exec('az', ['aks', 'get-credentials', '--subscription', access.subscriptionId!, '--resource-group', access.resourceGroup!,
          '--name', access.name!, '--file', file, '--overwrite-existing'], {});
        // Entra ID clusters: the token comes from the signed-in Azure CLI, not from a static credential.
        this.exec('kubelogin', ['convert-kubeconfig', '-l', 'azurecli', '--kubeconfig', file], {});
        return;
      case 'kubeconfig': {
        const variable = access.variable!;
        if (this.options.dryRun) {
          this.io.out(`write $${variable} to ${file}`);
          return;
        }
        const content = this.io.env[variable];
        if (!content) {
          throw new DeployFailure(`cluster ${cluster.name} is attached: its kubeconfig must be in the environment variable ${variable}. ` +
            `Fix: store the kubeconfig as the secret ${variable} and pass it to the job`, EXIT_FAILED);
        }
        fs.writeFileSync(file, content, { mode: 0o600 });
        return;
      }
      default:
        throw new DeployFailure(`cluster ${cluster.name} has access '${access.kind}', which this cdk-fleet does not know. Fix: synthesize again with this version`, EXIT_BAD_PLAN);
    }
  }

  /** Each `${variable}` of the cluster's YAML, from its stack's outputs. */
  private deployTimeValues(cluster: FleetPlanCluster): { [name: string]: string } {
    const values = cluster.deployTimeValues;
    if (values.length === 0) {
      return {};
    }
    const stacks = [...new Set(values.map((v) => v.stack))];
    const outputs: { [stack: string]: { [output: string]: { value: unknown } } } = {};
    for (const name of stacks) {
      const dir = path.join(this.outdir, findStack(this.plan, name).dir);
      this.exec('terraform', ['init', '-input=false'], { cwd: dir });
      const printed = this.exec('terraform', ['output', '-json'], { cwd: dir, capture: true });
      if (this.options.dryRun) {
        continue;
      }
      try {
        outputs[name] = JSON.parse(printed);
      } catch {
        throw new DeployFailure(`terraform output -json in ${dir} did not print JSON. Fix: run it there and look at what it says`, EXIT_FAILED);
      }
    }
    const env: { [name: string]: string } = {};
    for (const value of values) {
      if (this.options.dryRun) {
        env[value.variable] = `<output ${value.output} of ${value.stack}>`;
        continue;
      }
      const output = outputs[value.stack]?.[value.output];
      if (output === undefined || typeof output.value !== 'string' || output.value === '') {
        throw new DeployFailure(`stack ${value.stack} has no output ${value.output} for \${${value.variable}} of cluster ${cluster.name}. ` +
          `Fix: deploy the stack first (cdk-fleet deploy --stack ${value.stack})`, EXIT_FAILED);
      }
      env[value.variable] = output.value;
    }
    return env;
  }

  public exec(command: string, args: string[], options: { cwd?: string; env?: { [name: string]: string }; capture?: boolean }): string {
    const where = options.cwd ? ` (in ${path.relative(this.io.cwd, options.cwd) || '.'})` : '';
    const shown = `${command} ${args.map((a) => (/[\s'"$]/.test(a) ? JSON.stringify(a) : a)).join(' ')}`;
    if (this.options.dryRun) {
      const env = Object.keys(options.env ?? {}).filter((k) => k !== 'KUBECONFIG');
      this.io.out(`${shown}${where}${env.length > 0 ? ` with ${env.join(', ')}` : ''}`);
      return '';
    }
    const result = this.io.runner.run(command, args, { ...options, env: { ...this.io.env, ...options.env } });
    if (result.status !== 0) {
      throw new DeployFailure(`${shown}${where} failed with exit code ${result.status}${result.status === 127 ? ` (${result.stdout})` : ''}`, EXIT_FAILED);
    }
    return result.stdout;
  }
}

const PUBLISH_USAGE = [
  'Usage: cdk-fleet publish --wave <number|name> --to <folder> [--prune] [--outdir cdktf.out]',
  '',
  "Copies the Kubernetes folders of the wave's clusters from the output into the GitOps folder",
  '(each replaced whole), so the engines sync a wave only when the pipeline reaches it. --prune',
  'also removes the folders of clusters that are no longer in fleet.json.',
];

/** `cdk-fleet publish …`: returns the exit code. */
export function publishCommand(args: string[], io: Pick<DeployIo, 'out' | 'err' | 'cwd'>): number {
  const values: { [name: string]: string } = {};
  let prune = false;
  for (let i = 0; i < args.length; i++) {
    if (['--wave', '--to', '--outdir'].includes(args[i]) && args[i + 1] !== undefined && !args[i + 1].startsWith('--')) {
      values[args[i].slice(2)] = args[++i];
    } else if (args[i] === '--prune') {
      prune = true;
    } else {
      io.err(`unknown or incomplete argument: ${args[i]}`);
      PUBLISH_USAGE.forEach((l) => io.err(l));
      return EXIT_USAGE;
    }
  }
  if (values.wave === undefined || values.to === undefined) {
    io.err('give --wave and --to');
    PUBLISH_USAGE.forEach((l) => io.err(l));
    return EXIT_USAGE;
  }
  const outdir = path.resolve(io.cwd, values.outdir ?? 'cdktf.out');
  const target = path.resolve(io.cwd, values.to);
  return reportingFailures(io, () => {
    const plan = readPlan(outdir);
    const wave = findWave(plan, values.wave);
    if (target === outdir || target.startsWith(`${outdir}${path.sep}`)) {
      throw new DeployFailure(`--to ${values.to} is inside the output ${outdir}, which every synth rewrites. Fix: give the GitOps folder, e.g. --to clusters`, EXIT_USAGE);
    }
    fs.mkdirSync(target, { recursive: true });
    for (const cluster of plan.clusters.filter((c) => c.wave === wave.number)) {
      const from = path.join(outdir, cluster.manifests);
      const to = path.join(target, cluster.name);
      fs.rmSync(to, { recursive: true, force: true });
      fs.cpSync(from, to, { recursive: true });
      // Artifacts do not keep file modes: the script stays executable in Git whichever way the output came.
      const script = path.join(to, path.basename(cluster.delivery.script));
      if (fs.existsSync(script)) {
        fs.chmodSync(script, 0o755);
      }
      io.out(`published ${cluster.name} (wave ${wave.number}, ${wave.name}) to ${path.relative(io.cwd, to) || '.'}`);
    }
    if (prune) {
      const known = new Set(plan.clusters.map((c) => c.name));
      for (const entry of fs.readdirSync(target, { withFileTypes: true })) {
        if (entry.isDirectory() && !known.has(entry.name)) {
          fs.rmSync(path.join(target, entry.name), { recursive: true, force: true });
          io.out(`removed ${entry.name}: no longer a cluster of the fleet`);
        }
      }
    }
  });
}
