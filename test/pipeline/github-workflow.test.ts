import * as fs from 'fs';
import * as path from 'path';
import { validateWorkflow } from '@action-validator/core';
import * as YAML from 'yaml';
import { buildExampleFleet } from '../../examples/multi-cloud-fleet/fleet';
import { FleetTesting, SynthesizedFleet } from '../../src';
import { PIPELINE_ACTIONS } from '../../src/catalogue/pipeline-tools';
import { addAttached, addAws, addAzure, emptyFleet, errorOf } from '../support/fixtures';

const WORKFLOW = path.join('pipelines', 'github', 'fleet.yml');

function workflowOf(out: SynthesizedFleet): { text: string; workflow: any } {
  const text = fs.readFileSync(path.join(out.outdir, WORKFLOW), 'utf-8');
  return { text, workflow: YAML.parse(text) };
}

/** Every job a job waits for, directly or through others. */
function ancestors(jobs: { [id: string]: any }, id: string, seen = new Set<string>()): Set<string> {
  for (const need of [jobs[id].needs ?? []].flat()) {
    if (!seen.has(need)) {
      seen.add(need);
      ancestors(jobs, need, seen);
    }
  }
  return seen;
}

/** The wave number of each deploy job, from fleet.json: the job graph must follow these. */
function waveOfJobs(plan: any): Map<string, number> {
  const waves = new Map<string, number>();
  for (const w of plan.waves) {
    waves.set(`gate-${w.number}-${w.name}`, w.number);
    waves.set(`soak-${w.number}-${w.name}`, w.number);
    waves.set(`publish-${w.number}-${w.name}`, w.number);
  }
  plan.stacks.forEach((s: any) => waves.set(`stack-${s.name}`, s.wave));
  plan.clusters.forEach((c: any) => waves.set(`cluster-${c.name}`, c.wave));
  return waves;
}

/** The rule GitHub runs the jobs by, replayed: a job of wave N+1 starts only after every job of wave N (and of every wave before). */
function jobsStartingBeforeTheirWave(workflow: any, plan: any): string[] {
  const jobs = workflow.jobs;
  const waves = waveOfJobs(plan);
  const problems: string[] = [];
  for (const id of Object.keys(jobs).filter((j) => waves.has(j))) {
    const before = ancestors(jobs, id);
    for (const [other, wave] of waves) {
      if (jobs[other] && wave < waves.get(id)! && !before.has(other)) {
        problems.push(`${id} (wave ${waves.get(id)}) can start before ${other} (wave ${wave})`);
      }
    }
  }
  return problems;
}

describe('the generated GitHub Actions workflow', () => {
  let out: SynthesizedFleet;
  beforeAll(() => {
    const app = FleetTesting.app();
    buildExampleFleet(app);
    out = FleetTesting.synth(app);
  });

  test('the example writes it, and the workflow validator finds nothing wrong (schema, job references)', () => {
    const { text } = workflowOf(out);
    expect(validateWorkflow(text).errors).toEqual([]);
  });

  test('every stack and cluster of fleet.json is deployed by its own job, after the gate of its wave', () => {
    const { workflow } = workflowOf(out);
    for (const stack of out.plan.stacks) {
      const job = workflow.jobs[`stack-${stack.name}`];
      expect(job.steps.at(-1).run).toBe(`npx cdk-fleet deploy --stack ${stack.name} --outdir cdktf.out`);
      expect(ancestors(workflow.jobs, `stack-${stack.name}`)).toContain(`gate-${stack.wave}-${out.plan.waves[stack.wave - 1].name}`);
      for (const dependency of stack.dependsOn) {
        expect(ancestors(workflow.jobs, `stack-${stack.name}`)).toContain(`stack-${dependency}`);
      }
    }
    for (const cluster of out.plan.clusters) {
      const id = `cluster-${cluster.name}`;
      const publish = `publish-${cluster.wave}-${out.plan.waves[cluster.wave - 1].name}`;
      // The engine must have synced what the wave's publish job committed before the cluster counts as healthy.
      expect(workflow.jobs[id].steps.at(-1).run).toBe(
        `npx cdk-fleet deploy --cluster ${cluster.name} --outdir cdktf.out --revision \${{ needs.${publish}.outputs.revision }}`);
      expect(workflow.jobs[id].needs).toContain(publish);
      if (cluster.stack) {
        expect(ancestors(workflow.jobs, id)).toContain(`stack-${cluster.stack}`);
      }
    }
    // synth, then per wave a gate and a publish job, and a job per stack and per cluster.
    expect(Object.keys(workflow.jobs).length).toBe(1 + 2 * out.plan.waves.length + out.plan.stacks.length + out.plan.clusters.length);
  });

  test("the engines see a wave's manifests only when the pipeline reaches the wave: each wave's publish job commits its clusters' folders", () => {
    const { workflow } = workflowOf(out);
    for (const wave of out.plan.waves) {
      const id = `publish-${wave.number}-${wave.name}`;
      const publish = workflow.jobs[id];
      // After the wave's Terraform: the roles and identities the manifests name exist before the engines sync them.
      // The global stack is not among them: it waits for the clusters, which wait for the publish.
      expect(publish.needs).toEqual([`gate-${wave.number}-${wave.name}`, ...wave.stacks.filter((st: string) => st !== 'global').map((st: string) => `stack-${st}`)]);
      const run = publish.steps.at(-1).run as string;
      expect(run.split('\n')[0]).toBe(`npx cdk-fleet publish --wave ${wave.number} --to .fleet-gitops/clusters --outdir cdktf.out${wave.number === 1 ? ' --prune' : ''}`);
      expect(run).toContain('git -C .fleet-gitops push origin HEAD:main');
      expect(run).toContain('echo "revision=$(git -C .fleet-gitops rev-parse HEAD)" >> "$GITHUB_OUTPUT"');
      expect(publish.outputs).toEqual({ revision: '${{ steps.publish.outputs.revision }}' });
      // The branch is checked out with credentials only after the dependencies were installed without their scripts.
      const steps = publish.steps.map((st: any) => st.run ?? st.uses.split('@')[0]);
      expect(steps.indexOf('npm ci --ignore-scripts')).toBeLessThan(steps.lastIndexOf('actions/checkout'));
      expect(publish.steps[0].with['persist-credentials']).toBe(false);
      for (const cluster of out.plan.clusters.filter((c: any) => c.wave === wave.number)) {
        expect(workflow.jobs[`cluster-${cluster.name}`].needs).toContain(id);
      }
    }
    // The only job that may write to the repository.
    const writers = Object.entries<any>(workflow.jobs).filter(([, job]) => job.permissions?.contents === 'write').map(([id]) => id);
    expect(writers).toEqual(out.plan.waves.map((w: any) => `publish-${w.number}-${w.name}`));
  });

  test('no job of a wave can start before every job of the waves before it succeeded', () => {
    const { workflow } = workflowOf(out);
    expect(jobsStartingBeforeTheirWave(workflow, out.plan)).toEqual([]);
    // The replay can fail: a cluster job that skips its gate starts too early.
    const broken = structuredClone(workflow);
    broken.jobs['cluster-prod-euc1'].needs = ['stack-aws-eu-central-1'];
    broken.jobs['stack-aws-eu-central-1'].needs = ['synth'];
    expect(jobsStartingBeforeTheirWave(broken, out.plan).length).toBeGreaterThan(0);
  });

  test('each wave opens with an approval gate in the GitHub environment named after the wave', () => {
    const { workflow } = workflowOf(out);
    for (const wave of out.plan.waves) {
      const gate = workflow.jobs[`gate-${wave.number}-${wave.name}`];
      expect(gate.environment).toBe(wave.name);
      expect(gate.permissions).toBeUndefined();
    }
  });

  test('actions are pinned by commit to the catalogued release, and only inputs the action declares are set', () => {
    const { workflow } = workflowOf(out);
    const pinned = Object.values(PIPELINE_ACTIONS);
    const steps = Object.values<any>(workflow.jobs).flatMap((job) => job.steps).filter((step) => step.uses);
    expect(steps.length).toBeGreaterThan(0);
    for (const step of steps) {
      const [repository, commit] = step.uses.split('@');
      const action = pinned.find((a) => a.repository === repository);
      expect(action).toBeDefined();
      expect(commit).toBe(action!.commit);
      expect(commit).toMatch(/^[0-9a-f]{40}$/);
      expect(Object.keys(step.with ?? {}).filter((input) => !action!.inputs.includes(input))).toEqual([]);
    }
  });

  test('only the deploying branch deploys, and no job that holds a token runs dependencies\' install scripts', () => {
    const { workflow } = workflowOf(out);
    expect(workflow.jobs.synth.if).toBe("github.ref == 'refs/heads/main'");
    for (const [id, job] of Object.entries<any>(workflow.jobs)) {
      const install = job.steps.find((st: any) => st.run?.startsWith('npm ci'));
      const holdsToken = job.permissions?.['id-token'] === 'write' || job.permissions?.contents === 'write' || JSON.stringify(job.env ?? {}).includes('secrets.');
      if (install) {
        expect([id, install.run]).toEqual([id, holdsToken ? 'npm ci --ignore-scripts' : 'npm ci']);
      }
    }
    // Sessions last as long as the longest job that signs in; Azure CLI sign-ins are per job.
    const aws = workflow.jobs['stack-aws-us-east-1'].steps.find((st: any) => st.uses?.startsWith('aws-actions/'));
    expect(aws.with['role-duration-seconds']).toBe(7200);
    expect(workflow.jobs['cluster-canary-weu'].env.AZURE_CONFIG_DIR).toBe('${{ runner.temp }}/azure');
  });

  test('clouds are reached through OIDC only: no stored cloud secret, id-token only where a job signs in', () => {
    const { text, workflow } = workflowOf(out);
    expect(workflow.permissions).toEqual({ contents: 'read' });
    // The attached store's kubeconfig is the one secret.
    expect([...text.matchAll(/secrets\.([A-Z0-9_]+)/g)].map((m) => m[1])).toEqual(['KUBECONFIG_STORE_0042']);
    for (const [id, job] of Object.entries<any>(workflow.jobs)) {
      const signsIn = job.steps.some((s: any) => /configure-aws-credentials|Azure\/login/.test(s.uses ?? ''));
      expect([id, job.permissions?.['id-token'] === 'write']).toEqual([id, signsIn]);
    }
    const aws = workflow.jobs['stack-aws-us-east-1'].steps.find((s: any) => s.uses?.startsWith('aws-actions/'));
    expect(aws.with['role-to-assume']).toBe('arn:aws:iam::111122223333:role/fleet-deployer');
    const azure = workflow.jobs['stack-azure-westeurope'];
    expect(azure.env).toMatchObject({ ARM_USE_OIDC: 'true' });
    expect(workflow.concurrency).toEqual({ 'group': 'fleet-acme', 'cancel-in-progress': false });
  });

  test('the workflow snapshot', () => {
    expect(workflowOf(out).text).toMatchSnapshot();
  });
});

describe('soak and pipeline settings', () => {
  test('a wave with a soak time waits, checks its clusters again, and only then opens the next gate', () => {
    const { app, fleet } = emptyFleet({
      waves: [{ name: 'canary', soakMinutes: 30 }, { name: 'main' }],
      deployer: { awsRoleArns: ['arn:aws:iam::111122223333:role/deployer'] },
      pipeline: { runsOn: ['self-hosted', 'fleet'] },
    });
    addAws(fleet, 'canary-use1', 'us-east-1', '10.1.0.0/16', { wave: 'canary' });
    addAws(fleet, 'main-use1', 'us-east-1', '10.2.0.0/16', { wave: 'main' });
    const out = FleetTesting.synth(app);
    const { text, workflow } = workflowOf(out);
    expect(validateWorkflow(text).errors).toEqual([]);
    const soak = workflow.jobs['soak-1-canary'];
    expect(soak.needs).toEqual(['stack-aws-us-east-1', 'cluster-canary-use1']);
    expect(soak.steps.map((s: any) => s.run).filter(Boolean)).toEqual(['npm ci --ignore-scripts', 'sleep 1800', 'npx cdk-fleet deploy --wave 1 --check --outdir cdktf.out']);
    expect(soak['timeout-minutes']).toBe(90);
    expect(workflow.jobs['gate-2-main'].needs).toContain('soak-1-canary');
    expect(workflow.jobs['cluster-main-use1']['runs-on']).toEqual(['self-hosted', 'fleet']);
    expect(jobsStartingBeforeTheirWave(workflow, out.plan)).toEqual([]);
    expect(out.plan.waves.map((w: any) => w.soakMinutes)).toEqual([30, 0]);
  });

  test('Azure and attached clusters: repository variables when no ids are given, kubelogin for AKS, the kubeconfig secret for the attached one', () => {
    const { app, fleet } = emptyFleet({ pipeline: { azureClientId: '0a1b2c3d-0000-4000-8000-000000000001' } });
    addAzure(fleet, 'aks', 'westeurope', '10.1.0.0/16');
    addAttached(fleet, 'edge');
    const { workflow } = workflowOf(FleetTesting.synth(app));
    const aks = workflow.jobs['cluster-aks'];
    expect(aks.steps.some((s: any) => s.uses?.startsWith('Azure/use-kubelogin@'))).toBe(true);
    expect(aks.env).toEqual({
      ARM_USE_OIDC: 'true',
      ARM_CLIENT_ID: '0a1b2c3d-0000-4000-8000-000000000001',
      ARM_TENANT_ID: '${{ vars.AZURE_TENANT_ID }}',
      ARM_SUBSCRIPTION_ID: '00000000-1111-2222-3333-444444444444',
      AZURE_CONFIG_DIR: '${{ runner.temp }}/azure',
    });
    const edge = workflow.jobs['cluster-edge'];
    expect(edge.env).toEqual({ KUBECONFIG_EDGE: '${{ secrets.KUBECONFIG_EDGE }}' });
    expect(edge.permissions['id-token']).toBeUndefined();
  });

  test('settings that cannot work are refused with the fix', () => {
    const role = 'arn:aws:iam::111122223333:role/other';
    expect(errorOf(() => emptyFleet({ pipeline: { awsRoleArn: role } }))).toBe(
      `test: 'pipeline.awsRoleArn' is not one of the deployer's awsRoleArns, so it would have no access entry on the EKS clusters it deploys to, got "${role}". ` +
      `Fix: add it to deployer: { awsRoleArns: ['${role}'] }, or use one of them`);
    expect(errorOf(() => emptyFleet({ pipeline: { runsOn: [] } }))).toBe(
      "test: 'pipeline.runsOn' must list one or more runner labels, got []. Fix: use the labels of runners that reach the clusters' private endpoints, e.g. ['self-hosted', 'fleet']");
    expect(errorOf(() => emptyFleet({ pipeline: { azureTenantId: 'contoso' } }))).toBe(
      "test: 'pipeline.azureTenantId' must be a GUID, got \"contoso\". Fix: use the id Entra shows, e.g. '00000000-0000-0000-0000-000000000000'");
    expect(errorOf(() => emptyFleet({ pipeline: { synthCommand: 'npm ci\nnpx cdktf synth' } }))).toBe(
      "test: 'pipeline.synthCommand' must be one command line, got \"npm ci\\nnpx cdktf synth\". Fix: use e.g. 'npx cdktf synth' or 'npm run synth'");
    expect(errorOf(() => emptyFleet({ pipeline: { outdir: '/tmp/out' } }))).toBe(
      "test: 'pipeline.outdir' must be a folder relative to the repository root, got \"/tmp/out\". Fix: use e.g. 'cdktf.out'");
    expect(errorOf(() => emptyFleet({ pipeline: 'github' as any }))).toBe(
      "test: 'pipeline' must be an object of options, got \"github\". Fix: pass them, e.g. pipeline: { awsRoleArn: 'arn:aws:iam::111122223333:role/fleet-deployer', runsOn: ['self-hosted', 'fleet'] }");
    expect(errorOf(() => emptyFleet({ waves: [{ name: 'canary', soakMinutes: 600 }] }))).toBe(
      "test: 'waves[0].soakMinutes' must be a whole number of minutes from 0 to 300, got 600. " +
      "Fix: soak for hours, not days: a longer wait belongs in the GitHub environment's wait timer or a later pull request");
    expect(errorOf(() => emptyFleet({ waves: [{ name: 'canary', soakMinutes: '30' as any }] }))).toBe(
      "test: 'waves[0].soakMinutes' must be a whole number of minutes from 0 to 300, got \"30\". " +
      "Fix: soak for hours, not days: a longer wait belongs in the GitHub environment's wait timer or a later pull request");
  });
});
