import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { buildExampleFleet } from '../../examples/multi-cloud-fleet/fleet';
import { FleetTesting, SynthesizedFleet } from '../../src';
import { stackOrder } from '../../src/cli/deploy-command';
import { cli } from '../support/cli';


/**
 * Stand-ins for terraform, aws, az, kubelogin and kubectl on PATH: each
 * records its arguments, its folder, KUBECONFIG and what it was given on
 * stdin, in the order they ran. `terraform output -json` prints the
 * outputs a deployed stack would have; `az aks get-credentials` and
 * `aws eks update-kubeconfig` write the kubeconfig where they are told.
 */
function recordedTools(outputs: { [name: string]: string }, failing?: string): { bin: string; log: string } {
  const bin = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk-fleet-tools-'));
  const log = path.join(bin, 'calls.log');
  const outputJson = JSON.stringify(Object.fromEntries(Object.entries(outputs).map(([k, v]) => [k, { sensitive: false, type: 'string', value: v }])));
  const tool = (name: string, body: string) => fs.writeFileSync(path.join(bin, name), [
    '#!/usr/bin/env bash',
    `echo "${name} $* | cwd=$(basename "$PWD") | kubeconfig=\${KUBECONFIG:+set}" >> "${log}"`,
    ...(failing === name ? ['exit 3'] : []),
    body,
  ].join('\n'), { mode: 0o755 });
  tool('terraform', `if [ "$1" = output ]; then echo '${outputJson}'; fi`);
  tool('aws', 'while [ $# -gt 0 ]; do if [ "$1" = --kubeconfig ]; then echo "apiVersion: v1" > "$2"; fi; shift; done');
  tool('az', 'while [ $# -gt 0 ]; do if [ "$1" = --file ]; then echo "apiVersion: v1" > "$2"; fi; shift; done');
  tool('kubelogin', 'test -s "${@: -1}"');
  // kubectl reads the kubeconfig it was given and records any object piped to it.
  tool('kubectl', `test -s "$KUBECONFIG"; if [ ! -t 0 ]; then cat >> "${log}"; echo >> "${log}"; fi`);
  return { bin, log };
}

describe('cdk-fleet deploy', () => {
  let out: SynthesizedFleet;
  beforeAll(() => {
    const app = FleetTesting.app();
    buildExampleFleet(app);
    out = FleetTesting.synth(app);
  });

  test('--dry-run of a wave: its stacks (after the stacks they depend on), then its clusters, each with its own kubeconfig', async () => {
    const { code, out: lines } = await cli(['deploy', '--wave', 'canary', '--dry-run', '--outdir', out.outdir]);
    expect(code).toBe(0);
    const headings = lines.filter((l) => l.startsWith('=='));
    expect(headings).toEqual(['== stack aws-us-west-2', '== stack azure-fleet-manager', '== stack azure-westeurope', '== cluster canary-usw2', '== cluster canary-weu']);
    expect(lines).toContain('aws eks update-kubeconfig --name canary-usw2 --region us-west-2 --kubeconfig "<temporary folder>/kubeconfig"');
    expect(lines.filter((l) => l.startsWith('terraform ')).slice(0, 3).map((l) => l.split(' (in')[0]))
      .toEqual(['terraform init -input=false', 'terraform plan -input=false -out=tfplan', 'terraform apply -input=false tfplan']);
    expect(lines.find((l) => l.includes('canary-weu/deliver.sh'))).toMatch(/with canary_weu_cert_manager_cert_manager_client_id, /);
  });

  test('--list names what a wave deploys; --check runs only the health step', async () => {
    expect((await cli(['deploy', '--wave', '2', '--list', '--outdir', out.outdir])).out).toEqual([
      'wave 2 (early):', '  stacks:   aws-us-east-1', '  clusters: prod-use1, store-0042',
    ]);
    const check = await cli(['deploy', '--cluster', 'prod-use1', '--check', '--dry-run', '--outdir', out.outdir]);
    expect(check.out.filter((l) => l.startsWith('bash ')).map((l) => l.split(' (in')[0])).toEqual([
      expect.stringMatching(/^bash -euo pipefail -c ".*applications\.argoproj\.io\/fleet-prod-use1.*Healthy.*"$/s),
    ]);
    expect(check.out.some((l) => l.startsWith('terraform'))).toBe(false);
  });

  test('brings an AKS cluster up with the real steps: credentials, Entra login, stack outputs as values, the delivery script', async () => {
    const values = out.plan.clusters.find((c: any) => c.name === 'canary-weu').deployTimeValues;
    const outputs = Object.fromEntries(values.map((v: any, i: number) => [v.output, `00000000-0000-4000-8000-00000000000${i}`]));
    const { bin, log } = recordedTools(outputs);
    try {
      const commit = '0123456789abcdef0123456789abcdef01234567';
      const result = await cli(['deploy', '--cluster', 'canary-weu', '--outdir', out.outdir, '--revision', commit], { PATH: `${bin}:${process.env.PATH}` });
      expect(result.err).toEqual([]);
      expect(result.code).toBe(0);
      const calls = fs.readFileSync(log, 'utf-8').split('\n').filter((l) => / \| cwd=/.test(l));
      expect(calls.slice(0, 4).map((l) => l.split(' | ')[0].replace(/\/tmp\/[^ ]+/g, '<tmp>'))).toEqual([
        'az aks get-credentials --subscription 11111111-2222-3333-4444-555555555555 --resource-group rg-acme-canary-weu --name canary-weu --file <tmp> --overwrite-existing',
        'kubelogin convert-kubeconfig -l azurecli --kubeconfig <tmp>',
        'terraform init -input=false',
        'terraform output -json',
      ]);
      expect(calls[3]).toContain('cwd=azure-westeurope');
      // The delivery ran every step against the kubeconfig the command wrote, the values object carrying the stack outputs.
      const kubectl = calls.filter((l) => l.startsWith('kubectl '));
      expect(kubectl[0]).toMatch(/^kubectl apply --server-side --force-conflicts -k bootstrap \| cwd=canary-weu \| kubeconfig=set$/);
      expect(kubectl.at(-1)).toMatch(/wait applications.argoproj.io\/fleet-canary-weu --for=jsonpath=\{.status.health.status\}=Healthy/);
      // Health counts only once Argo CD has synced the published commit: refresh, wait for the revision, then the conditions.
      const refresh = kubectl.findIndex((l) => l.startsWith('kubectl -n argocd annotate applications.argoproj.io/fleet-canary-weu argocd.argoproj.io/refresh=normal --overwrite'));
      const synced = kubectl.findIndex((l) => l.includes(`--for=jsonpath={.status.sync.revision}=${commit} --timeout=15m`));
      const healthy = kubectl.findIndex((l) => l.includes('--for=jsonpath={.status.health.status}=Healthy'));
      expect(refresh).toBeGreaterThan(0);
      expect(refresh < synced && synced < healthy).toBe(true);
      const recorded = fs.readFileSync(log, 'utf-8');
      for (const value of Object.values(outputs)) {
        expect(recorded).toContain(value as string);
      }
    } finally {
      fs.rmSync(bin, { recursive: true, force: true });
    }
  });

  test('a stack is initialized, planned to a file and that plan applied, in its folder', async () => {
    const { bin, log } = recordedTools({});
    try {
      const result = await cli(['deploy', '--stack', 'aws-us-east-1', '--outdir', out.outdir], { PATH: `${bin}:${process.env.PATH}` });
      expect(result.code).toBe(0);
      expect(fs.readFileSync(log, 'utf-8').trim().split('\n')).toEqual([
        'terraform init -input=false | cwd=aws-us-east-1 | kubeconfig=',
        'terraform plan -input=false -out=tfplan | cwd=aws-us-east-1 | kubeconfig=',
        'terraform apply -input=false tfplan | cwd=aws-us-east-1 | kubeconfig=',
      ]);
    } finally {
      fs.rmSync(bin, { recursive: true, force: true });
    }
  });

  test('what cannot work stops with the fix: a failing tool, a missing output, no kubeconfig for an attached cluster, unknown names, no fleet.json', async () => {
    const failing = recordedTools({}, 'terraform');
    try {
      const result = await cli(['deploy', '--stack', 'aws-us-east-1', '--outdir', out.outdir], { PATH: `${failing.bin}:${process.env.PATH}` });
      expect(result.code).toBe(1);
      expect(result.err[0]).toMatch(/^terraform init -input=false \(in .*stacks\/aws-us-east-1\) failed with exit code 3$/);
    } finally {
      fs.rmSync(failing.bin, { recursive: true, force: true });
    }
    const noOutputs = recordedTools({});
    try {
      const result = await cli(['deploy', '--cluster', 'canary-weu', '--outdir', out.outdir], { PATH: `${noOutputs.bin}:${process.env.PATH}` });
      expect(result.code).toBe(1);
      expect(result.err[0]).toMatch(/^stack azure-westeurope has no output canary_weu_\w+_client_id for \$\{canary_weu_\w+\} of cluster canary-weu\. Fix: deploy the stack first \(cdk-fleet deploy --stack azure-westeurope\)$/);
    } finally {
      fs.rmSync(noOutputs.bin, { recursive: true, force: true });
    }
    const attached = await cli(['deploy', '--cluster', 'store-0042', '--outdir', out.outdir], { KUBECONFIG_STORE_0042: undefined });
    expect(attached.code).toBe(1);
    expect(attached.err).toEqual(['cluster store-0042 is attached: its kubeconfig must be in the environment variable KUBECONFIG_STORE_0042. ' +
      'Fix: store the kubeconfig as the secret KUBECONFIG_STORE_0042 and pass it to the job']);
    expect((await cli(['deploy', '--wave', 'prod', '--outdir', out.outdir])).err).toEqual(['fleet.json has no wave \'prod\'. Fix: use one of 1 (canary), 2 (early), 3 (main)']);
    expect((await cli(['deploy', '--cluster', 'nope', '--outdir', out.outdir])).code).toBe(2);
    const missing = await cli(['deploy', '--wave', '1', '--outdir', path.join(out.outdir, 'absent')]);
    expect(missing.code).toBe(4);
    expect(missing.err[0]).toMatch(/^cannot read .*absent\/fleet\.json: .*Fix: synthesize first \(npx cdktf synth\), or point --outdir at the output$/);
    expect((await cli(['deploy', '--cluster', 'canary-weu', '--revision', 'main'])).err[0]).toBe('--revision must be a full commit id (40 hex digits), got main');
    const usage = await cli(['deploy', '--wave', '1', '--stack', 'x']);
    expect([usage.code, usage.err[0]]).toEqual([2, 'give exactly one of --wave, --stack or --cluster']);
  });

  test("publish copies a wave's cluster folders whole into the GitOps folder, and --prune removes clusters the fleet no longer has", async () => {
    const repo = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk-fleet-repo-'));
    try {
      const clusters = path.join(repo, 'clusters');
      fs.mkdirSync(path.join(clusters, 'canary-usw2', 'layers'), { recursive: true });
      fs.writeFileSync(path.join(clusters, 'canary-usw2', 'layers', 'stale.k8s.yaml'), 'kind: Stale\n');
      fs.mkdirSync(path.join(clusters, 'retired'), { recursive: true });
      // As an artifact download leaves it: without its executable bit.
      const script = path.join(out.outdir, 'kubernetes', 'canary-weu', 'deliver.sh');
      fs.chmodSync(script, 0o644);
      const first = await cli(['publish', '--wave', '1', '--to', clusters, '--outdir', out.outdir, '--prune']);
      fs.chmodSync(script, 0o755);
      expect(first.code).toBe(0);
      expect(fs.readdirSync(clusters).sort()).toEqual(['canary-usw2', 'canary-weu']);
      expect(fs.existsSync(path.join(clusters, 'canary-usw2', 'layers', 'stale.k8s.yaml'))).toBe(false);
      expect(fs.readFileSync(path.join(clusters, 'canary-usw2', 'deliver.sh'), 'utf-8'))
        .toBe(fs.readFileSync(path.join(out.outdir, 'kubernetes', 'canary-usw2', 'deliver.sh'), 'utf-8'));
      expect(first.out).toContain('removed retired: no longer a cluster of the fleet');
      // Executable in Git, whatever mode the output came with (artifacts drop modes).
      expect((fs.statSync(path.join(clusters, 'canary-weu', 'deliver.sh')).mode % 0o1000).toString(8)).toBe('755');
      // Later waves are not there until their turn.
      expect(fs.existsSync(path.join(clusters, 'prod-use1'))).toBe(false);
      const inside = await cli(['publish', '--wave', '1', '--to', path.join(out.outdir, 'kubernetes'), '--outdir', out.outdir]);
      expect(inside.code).toBe(2);
      expect(inside.err[0]).toMatch(/^--to .* is inside the output .*, which every synth rewrites\. Fix: give the GitOps folder, e\.g\. --to clusters$/);
    } finally {
      fs.rmSync(repo, { recursive: true, force: true });
    }
  });

  test('stacks come after the stacks they depend on, whatever their names', () => {
    const stack = (name: string, dependsOn: string[] = []) => ({ name, dir: `stacks/${name}`, cloud: 'azure', region: 'westeurope', wave: 1, dependsOn, clusters: [] });
    expect(stackOrder([stack('a-region', ['z-manager']), stack('z-manager'), stack('b-region', ['a-region'])]).map((s) => s.name))
      .toEqual(['z-manager', 'a-region', 'b-region']);
  });
});
