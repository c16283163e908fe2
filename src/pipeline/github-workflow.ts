import { Yaml } from 'cdk8s';
import type { ResolvedPipeline } from './pipeline-options';
import { AWS_GLOBAL_SERVICES_REGION, GLOBAL_REGION } from '../_internal/global-region';
import { PIPELINE_ACTIONS, PIPELINE_TOOLS, PinnedAction } from '../catalogue/pipeline-tools';
import type { FleetPlan, FleetPlanCluster, FleetPlanStack, FleetPlanWave } from '../fleet/fleet-plan';

/** Where the workflow is written, under the output directory. */
export const GITHUB_WORKFLOW_FILE = 'pipelines/github/fleet.yml';

/** Where the restore drill workflow is written, under the output directory. */
export const RESTORE_DRILL_WORKFLOW_FILE = 'pipelines/github/restore-drills.yml';

/** The AWS session of a job: as long as the longest job that signs in to AWS. */
const AWS_SESSION_SECONDS = 7200;

/** Where the publish job checks out the GitOps branch, beside the tools' checkout. */
const GITOPS_CHECKOUT = '.fleet-gitops';

/** The identity of the publish job's commits (GitHub's own Actions bot). */
const BOT = { name: 'github-actions[bot]', email: '41898282+github-actions[bot]@users.noreply.github.com' };

/** The artifact that carries the synthesized output from the synth job to the others. */
const OUTPUT_ARTIFACT = 'fleet-output';

/** Job ids, by what they deploy. */
export const jobIds = {
  synth: 'synth',
  gate: (wave: FleetPlanWave) => `gate-${wave.number}-${wave.name}`,
  stack: (stack: string) => `stack-${stack}`,
  cluster: (cluster: string) => `cluster-${cluster}`,
  soak: (wave: FleetPlanWave) => `soak-${wave.number}-${wave.name}`,
  publish: (wave: FleetPlanWave) => `publish-${wave.number}-${wave.name}`,
  drill: (cluster: string) => `drill-${cluster}`,
};

/** Where the engines sync from: the folder and branch of this repository the publish jobs commit to. */
export interface WorkflowGitOps {
  readonly path: string;
  readonly revision: string;
}

type Step = { [key: string]: any };
type Job = { [key: string]: any };

/**
 * The GitHub Actions workflow that deploys the fleet strictly wave after
 * wave. Each wave opens with a gate job in the GitHub environment named
 * after the wave (approvals and wait timers are configured there), which
 * needs every job of the wave before. Then one job per region stack
 * (plan and apply), one job per cluster (after its stack: credentials,
 * deploy-time values, the delivery steps up to healthy), and, when the wave
 * has a soak time, a job that waits and checks every cluster of the wave
 * again. Every job only calls `cdk-fleet deploy`, which any other CI system
 * or a laptop runs the same way.
 */
export function githubWorkflow(plan: FleetPlan, pipeline: ResolvedPipeline, gitOps?: WorkflowGitOps): string {
  const jobs: { [id: string]: Job } = { [jobIds.synth]: synthJob(pipeline) };
  const stacksByName = new Map(plan.stacks.map((s) => [s.name, s]));
  let previousWaveJobs: string[] = [jobIds.synth];
  for (const wave of plan.waves) {
    const gate = jobIds.gate(wave);
    const stacks = plan.stacks.filter((s) => s.wave === wave.number);
    const clusters = plan.clusters.filter((c) => c.wave === wave.number);
    jobs[gate] = gateJob(wave, stacks, clusters, previousWaveJobs, pipeline);
    const waveJobs: string[] = [gate];
    for (const stack of stacks) {
      const id = jobIds.stack(stack.name);
      // A stack another stack depends on deploys in the same wave or an earlier one (fleet.json says so).
      const dependencies = stack.dependsOn.filter((d) => stacksByName.has(d)).map(jobIds.stack);
      // The global names point at clusters that must serve first: a new health check counts as healthy until it has data.
      const served = stack.region === GLOBAL_REGION ? globalEndpointClusters(plan).map(jobIds.cluster) : [];
      jobs[id] = stackJob(wave, stack, [gate, ...dependencies, ...served], pipeline, plan);
      waveJobs.push(id);
    }
    // The engines sync what is in Git: a wave's folders are committed when the pipeline reaches the wave, not before.
    const synced = clusters.filter((c) => c.delivery.engine);
    // After the wave's stacks: what the manifests need (roles, identities) exists before the engines sync them.
    const publish = gitOps && synced.length > 0 ? jobIds.publish(wave) : undefined;
    if (publish) {
      const regionStacks = stacks.filter((st) => st.region !== GLOBAL_REGION);
      jobs[publish] = publishJob(wave, synced, [gate, ...regionStacks.map((st) => jobIds.stack(st.name))], pipeline, gitOps!, wave.number === 1);
      waveJobs.push(publish);
    }
    for (const cluster of clusters) {
      const id = jobIds.cluster(cluster.name);
      const published = publish && cluster.delivery.engine ? publish : undefined;
      const needs = [gate, ...(cluster.stack ? [jobIds.stack(cluster.stack)] : []), ...(published ? [published] : [])];
      jobs[id] = clusterJob(wave, cluster, needs, pipeline, plan, published);
      waveJobs.push(id);
    }
    if (wave.soakMinutes > 0 && clusters.length > 0) {
      const id = jobIds.soak(wave);
      jobs[id] = soakJob(wave, clusters, waveJobs.slice(1), pipeline, plan, publish);
      waveJobs.push(id);
    }
    previousWaveJobs = waveJobs;
  }
  const workflow = {
    name: `fleet ${plan.fleet}`,
    on: { push: { branches: [pipeline.branch] }, workflow_dispatch: {} },
    permissions: { contents: 'read' },
    // One deployment at a time: a second run waits instead of racing the first through the waves.
    concurrency: { 'group': `fleet-${plan.fleet}`, 'cancel-in-progress': false },
    jobs,
  };
  const header = [
    `# Deploys fleet '${plan.fleet}' wave after wave; generated by cdk-fleet from fleet.json. Do not edit:`,
    '# copy it to .github/workflows/ after each synth. Every job calls `cdk-fleet deploy`.',
  ];
  return `${header.join('\n')}\n${Yaml.stringify(workflow)}`;
}

/**
 * The workflow that runs every cluster's restore drill on a schedule (and
 * on demand): the same synth as the deployment, then a job per cluster
 * with a drill, side by side, each signed in as the deployment's jobs are
 * and calling `cdk-fleet deploy --cluster <name> --drill`. A failed drill
 * fails its job, so the schedule's failures reach whoever watches the
 * workflow. Undefined when no cluster has a drill.
 */
export function restoreDrillWorkflow(plan: FleetPlan, pipeline: ResolvedPipeline): string | undefined {
  const drilled = plan.clusters.filter((c) => c.restoreDrill);
  if (drilled.length === 0) {
    return undefined;
  }
  const jobs: { [id: string]: Job } = { [jobIds.synth]: synthJob(pipeline) };
  for (const cluster of drilled) {
    const drill = cluster.restoreDrill!;
    jobs[jobIds.drill(cluster.name)] = clusterCommandJob(cluster, pipeline, plan, {
      name: `restore drill: ${cluster.name}`,
      needs: [jobIds.synth],
      // The script's waits (25 minutes to clear, 40 for Velero, 30 per database, 25 to remove), within the
      // two-hour cloud session, so the drill can always remove what it made.
      timeoutMinutes: Math.min(115, 50 + (drill.schedule ? 40 : 0) + 30 * drill.databases.length),
      session: `drill-${cluster.name}`,
      step: { name: `Restore drill of ${cluster.name}`, run: `npx cdk-fleet deploy --cluster ${cluster.name} --drill --outdir ${pipeline.outdir}` },
    });
  }
  const workflow = {
    name: `restore drills ${plan.fleet}`,
    on: { schedule: [{ cron: pipeline.restoreDrillSchedule }], workflow_dispatch: {} },
    permissions: { contents: 'read' },
    concurrency: { 'group': `fleet-${plan.fleet}-restore-drills`, 'cancel-in-progress': false },
    jobs,
  };
  const header = [
    `# Runs the restore drill of every cluster of fleet '${plan.fleet}' (${pipeline.restoreDrillSchedule}, UTC); generated by cdk-fleet from fleet.json.`,
    '# Do not edit: copy it to .github/workflows/ after each synth. Every job calls `cdk-fleet deploy --drill`.',
  ];
  return `${header.join('\n')}\n${Yaml.stringify(workflow)}`;
}

/** The clusters the global names point at, by name. */
function globalEndpointClusters(plan: FleetPlan): string[] {
  return [...new Set((plan.globalNames ?? []).flatMap((n) => n.endpoints.map((e) => e.cluster)))].sort();
}

function uses(action: PinnedAction, inputs?: { [name: string]: string | boolean | number }): Step {
  return { name: `${action.repository} ${action.tag}`, uses: `${action.repository}@${action.commit}`, ...(inputs ? { with: inputs } : {}) };
}

/**
 * Checkout, Node.js and the repository's own dependencies (which hold
 * cdk-fleet). Jobs that can sign in to a cloud or write to the repository
 * install without running dependencies' install scripts: those would run
 * with the job's OIDC token in reach.
 */
function projectSteps(trusted: boolean): Step[] {
  return [
    uses(PIPELINE_ACTIONS.checkout, { 'persist-credentials': false }),
    uses(PIPELINE_ACTIONS.setupNode, { 'node-version': PIPELINE_TOOLS.node.version, 'cache': 'npm' }),
    { name: 'Install dependencies', run: trusted ? 'npm ci --ignore-scripts' : 'npm ci' },
  ];
}

/** The command's `--revision`, from the publish job of the wave. */
function revisionArgument(publish: string | undefined): string {
  return publish ? ` --revision \${{ needs.${publish}.outputs.revision }}` : '';
}

function synthJob(pipeline: ResolvedPipeline): Job {
  return {
    'name': 'synth',
    // Only the deploying branch deploys: a run dispatched on another branch stops here, and every later job with it.
    'if': `github.ref == 'refs/heads/${pipeline.branch}'`,
    'runs-on': [...pipeline.runsOn],
    'timeout-minutes': 30,
    'steps': [
      // No token, no cloud: the app's own install scripts may run here.
      ...projectSteps(false),
      { name: 'Synthesize', run: pipeline.synthCommand },
      uses(PIPELINE_ACTIONS.uploadArtifact, {
        'name': OUTPUT_ARTIFACT, 'path': pipeline.outdir, 'if-no-files-found': 'error', 'retention-days': 30, 'overwrite': true,
      }),
    ],
  };
}

function waveLabel(wave: FleetPlanWave): string {
  return `wave ${wave.number} (${wave.name})`;
}

function gateJob(wave: FleetPlanWave, stacks: FleetPlanStack[], clusters: FleetPlanCluster[], needs: string[], pipeline: ResolvedPipeline): Job {
  const what = `stacks: ${stacks.map((s) => s.name).join(', ') || 'none'}; clusters: ${clusters.map((c) => c.name).join(', ') || 'none'}`;
  return {
    'name': `${waveLabel(wave)}: gate`,
    needs,
    'runs-on': [...pipeline.runsOn],
    // Approvals and wait timers of the wave are configured on this environment in GitHub.
    'environment': wave.name,
    'timeout-minutes': 5,
    'steps': [{ name: 'What this wave deploys', run: `echo ${shellQuote(`${waveLabel(wave)} deploys ${what}`)}` }],
  };
}

function publishJob(
  wave: FleetPlanWave, clusters: FleetPlanCluster[], needs: string[], pipeline: ResolvedPipeline, gitOps: WorkflowGitOps, prune: boolean,
): Job {
  const message = `fleet: ${waveLabel(wave)} manifests (${clusters.map((c) => c.name).join(', ')})`;
  const target = `${GITOPS_CHECKOUT}/${gitOps.path}`;
  const script = [
    `npx cdk-fleet publish --wave ${wave.number} --to ${target} --outdir ${pipeline.outdir}${prune ? ' --prune' : ''}`,
    ...(gitOps.revision === pipeline.branch ? [
      // A re-run of an older run must not publish older manifests over newer ones.
      `newer=$(git -C ${GITOPS_CHECKOUT} log --format=%ae "$GITHUB_SHA..HEAD" | grep -cv '^${BOT.email.replace(/[[\]]/g, '\\$&')}$' || true)`,
      `if [ "$newer" != 0 ]; then echo "::error::${gitOps.revision} has commits newer than $GITHUB_SHA; the run for them publishes"; exit 1; fi`,
    ] : []),
    `git -C ${GITOPS_CHECKOUT} add -A ${gitOps.path}`,
    `if ! git -C ${GITOPS_CHECKOUT} diff --cached --quiet; then`,
    `  git -C ${GITOPS_CHECKOUT} commit -m ${shellQuote(message)}`,
    `  git -C ${GITOPS_CHECKOUT} pull --rebase origin ${gitOps.revision}`,
    `  git -C ${GITOPS_CHECKOUT} push origin HEAD:${gitOps.revision}`,
    'fi',
    `echo "revision=$(git -C ${GITOPS_CHECKOUT} rev-parse HEAD)" >> "$GITHUB_OUTPUT"`,
  ].join('\n');
  return {
    'name': `${waveLabel(wave)}: publish manifests`,
    needs,
    'runs-on': [...pipeline.runsOn],
    // The one job that writes to the repository: it commits the wave's cluster folders for the engines to sync.
    'permissions': { contents: 'write' },
    'timeout-minutes': 15,
    // The commit the engines must sync before the wave's clusters count as healthy.
    'outputs': { revision: '${{ steps.publish.outputs.revision }}' },
    'steps': [
      ...projectSteps(true),
      downloadOutput(pipeline),
      // The branch the engines sync, checked out only now, after the dependencies were installed without their scripts.
      uses(PIPELINE_ACTIONS.checkout, { 'ref': gitOps.revision, 'path': GITOPS_CHECKOUT, 'fetch-depth': 0 }),
      {
        name: `Commit the manifests of ${wave.name}`,
        id: 'publish',
        env: { GIT_AUTHOR_NAME: BOT.name, GIT_AUTHOR_EMAIL: BOT.email, GIT_COMMITTER_NAME: BOT.name, GIT_COMMITTER_EMAIL: BOT.email },
        run: script,
      },
    ],
  };
}

function stackJob(wave: FleetPlanWave, stack: FleetPlanStack, needs: string[], pipeline: ResolvedPipeline, plan: FleetPlan): Job {
  const cloud = stack.cloud;
  return {
    'name': `${waveLabel(wave)}: stack ${stack.name}`,
    needs,
    'runs-on': [...pipeline.runsOn],
    'permissions': permissionsFor([cloud]),
    'timeout-minutes': 120,
    ...envOf([cloud], pipeline, plan, []),
    'steps': [
      ...projectSteps(true),
      downloadOutput(pipeline),
      setupTerraform(),
      // The global stack's services (Route 53) are called through us-east-1, as its provider is configured.
      ...signIn([cloud], stack.region === GLOBAL_REGION ? AWS_GLOBAL_SERVICES_REGION : stack.region, pipeline, plan, `stack-${stack.name}`),
      { name: `Plan and apply ${stack.name}`, run: `npx cdk-fleet deploy --stack ${stack.name} --outdir ${pipeline.outdir}` },
    ],
  };
}

function clusterJob(
  wave: FleetPlanWave, cluster: FleetPlanCluster, needs: string[], pipeline: ResolvedPipeline, plan: FleetPlan, publish?: string,
): Job {
  return clusterCommandJob(cluster, pipeline, plan, {
    name: `${waveLabel(wave)}: cluster ${cluster.name}`,
    needs,
    // The delivery's waits add up to 10 + 10 + 5 + 15 + 45 + 45 minutes at most.
    timeoutMinutes: 150,
    session: `cluster-${cluster.name}`,
    step: { name: `Bring ${cluster.name} up to healthy`, run: `npx cdk-fleet deploy --cluster ${cluster.name} --outdir ${pipeline.outdir}${revisionArgument(publish)}` },
  });
}

/** A job that runs one `cdk-fleet` command against one cluster: the project, the output, the cluster's tools, its cloud's sign-in. */
function clusterCommandJob(
  cluster: FleetPlanCluster, pipeline: ResolvedPipeline, plan: FleetPlan,
  job: { name: string; needs: string[]; timeoutMinutes: number; session: string; step: Step },
): Job {
  return {
    'name': job.name,
    'needs': job.needs,
    'runs-on': [...pipeline.runsOn],
    'permissions': permissionsFor([cluster.cloud]),
    'timeout-minutes': job.timeoutMinutes,
    ...envOf([cluster.cloud], pipeline, plan, [cluster]),
    'steps': [
      ...projectSteps(true),
      downloadOutput(pipeline),
      ...clusterTools([cluster]),
      ...signIn([cluster.cloud], cluster.region, pipeline, plan, job.session),
      job.step,
    ],
  };
}

function soakJob(
  wave: FleetPlanWave, clusters: FleetPlanCluster[], needs: string[], pipeline: ResolvedPipeline, plan: FleetPlan, publish?: string,
): Job {
  const clouds = [...new Set(clusters.map((c) => c.cloud))].sort();
  const region = clusters.find((c) => c.cloud === 'aws')?.region ?? clusters[0].region;
  return {
    'name': `${waveLabel(wave)}: soak ${wave.soakMinutes} minutes`,
    needs,
    'runs-on': [...pipeline.runsOn],
    'permissions': permissionsFor(clouds),
    'timeout-minutes': wave.soakMinutes + 60,
    ...envOf(clouds, pipeline, plan, clusters),
    'steps': [
      ...projectSteps(true),
      downloadOutput(pipeline),
      ...clusterTools(clusters),
      { name: `Soak ${wave.soakMinutes} minutes`, run: `sleep ${wave.soakMinutes * 60}` },
      ...signIn(clouds, region, pipeline, plan, `soak-${wave.name}`),
      {
        name: `Check every cluster of ${wave.name} again`,
        run: `npx cdk-fleet deploy --wave ${wave.number} --check --outdir ${pipeline.outdir}${revisionArgument(publish)}`,
      },
    ],
  };
}

/** A job may ask GitHub for an OIDC token only when it signs in to a cloud with it. */
function permissionsFor(clouds: string[]): { [scope: string]: string } {
  return clouds.some((c) => c === 'aws' || c === 'azure') ? { 'contents': 'read', 'id-token': 'write' } : { contents: 'read' };
}

function downloadOutput(pipeline: ResolvedPipeline): Step {
  return uses(PIPELINE_ACTIONS.downloadArtifact, { name: OUTPUT_ARTIFACT, path: pipeline.outdir });
}

function setupTerraform(): Step {
  // The wrapper would print around `terraform output -json`, which the deploy command parses.
  return uses(PIPELINE_ACTIONS.setupTerraform, { terraform_version: PIPELINE_TOOLS.terraform.version, terraform_wrapper: false });
}

/** Terraform for the stack outputs that fill deploy-time values, kubelogin for AKS. */
function clusterTools(clusters: FleetPlanCluster[]): Step[] {
  const steps: Step[] = [];
  if (clusters.some((c) => c.stack)) {
    steps.push(setupTerraform());
  }
  if (clusters.some((c) => c.access.kind === 'aks')) {
    steps.push(uses(PIPELINE_ACTIONS.useKubelogin, { 'kubelogin-version': PIPELINE_TOOLS.kubelogin.version }));
  }
  return steps;
}

/** OIDC sign-in for each cloud the job reaches; never a stored cloud secret. */
function signIn(clouds: string[], region: string, pipeline: ResolvedPipeline, plan: FleetPlan, session: string): Step[] {
  const steps: Step[] = [];
  if (clouds.includes('aws')) {
    // Two hours, as long as a stack apply may take (the role's MaxSessionDuration must allow it; the default one hour does not).
    steps.push(uses(PIPELINE_ACTIONS.awsCredentials, {
      'role-to-assume': pipeline.awsRoleArn,
      'aws-region': region,
      'role-session-name': `cdk-fleet-${plan.fleet}-${session}`.slice(0, 64),
      'role-duration-seconds': AWS_SESSION_SECONDS,
    }));
  }
  if (clouds.includes('azure')) {
    steps.push(uses(PIPELINE_ACTIONS.azureLogin, { 'client-id': pipeline.azureClientId, 'tenant-id': pipeline.azureTenantId, 'subscription-id': azureSubscription(plan) }));
  }
  return steps;
}

/** Terraform's azurerm provider and backend sign in with the job's OIDC token; attached clusters' kubeconfigs come from secrets. */
function envOf(clouds: string[], pipeline: ResolvedPipeline, plan: FleetPlan, clusters: FleetPlanCluster[]): { env?: { [name: string]: string } } {
  const env: { [name: string]: string } = {};
  if (clouds.includes('azure')) {
    Object.assign(env, { ARM_USE_OIDC: 'true', ARM_CLIENT_ID: pipeline.azureClientId, ARM_TENANT_ID: pipeline.azureTenantId, ARM_SUBSCRIPTION_ID: azureSubscription(plan) });
    // Azure/login's post step clears the CLI's sign-in: jobs sharing a runner host must not share it.
    env.AZURE_CONFIG_DIR = '${{ runner.temp }}/azure';
  }
  for (const cluster of clusters.filter((c) => c.access.kind === 'kubeconfig')) {
    env[cluster.access.variable!] = `\${{ secrets.${cluster.access.variable} }}`;
  }
  return Object.keys(env).length > 0 ? { env } : {};
}

function azureSubscription(plan: FleetPlan): string {
  return plan.clusters.find((c) => c.access.subscriptionId)?.access.subscriptionId ?? '${{ vars.AZURE_SUBSCRIPTION_ID }}';
}

function shellQuote(text: string): string {
  return `'${text.replace(/'/g, "'\\''")}'`;
}
