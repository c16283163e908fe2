/**
 * The synth benchmark: `npm run bench -- --clusters N --outdir DIR [--example] [--no-floor]`.
 *
 * Builds a generated fleet of N clusters (AWS and Azure alternating over six
 * regions each, with the example's standards and waves), or with `--example`
 * the README's example fleet, synthesizes it into DIR and prints one JSON line:
 * {"fleet","clusters","stacks","resources","objects","processMs","wallMs","importMs","constructMs","synthMs","rssMB","floor","ratio"}.
 *
 * `processMs` counts from the start of the process (runtime and ts-node
 * included); `wallMs` from the first line of this file. `floor` is
 * bench/floor.ts run next to it in a process of its own: the same output
 * rebuilt from raw engine constructs with no cdk-fleet code. `ratio` is
 * processMs over the floor's. It reports; it asserts nothing (machines here
 * are noisy: compare figures taken side by side).
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { performance } from 'perf_hooks';

const wallStart = performance.now();

function argument(name: string, fallback: string): string {
  const index = process.argv.indexOf(`--${name}`);
  return index >= 0 && process.argv[index + 1] ? process.argv[index + 1] : fallback;
}

const example = process.argv.includes('--example');
const withFloor = !process.argv.includes('--no-floor');
const clusters = Number(argument('clusters', '10'));
if (!Number.isInteger(clusters) || clusters < 1 || clusters > 4000) {
  console.error(`--clusters must be a whole number from 1 to 4000, got ${argument('clusters', '')}`);
  process.exit(2);
}
const outdir = path.resolve(argument('outdir', path.join('bench.out', example ? 'example' : String(clusters))));

const importStart = performance.now();
/* eslint-disable @typescript-eslint/no-require-imports */
const { App } = require('cdktf') as typeof import('cdktf');
const fleetLib = require('../src') as typeof import('../src');
const { addStandardAddOns, buildExampleFleet } = require('../examples/multi-cloud-fleet/fleet') as typeof import('../examples/multi-cloud-fleet/fleet');
const { subnetOf } = require('../src/_internal/cidr') as typeof import('../src/_internal/cidr');
/* eslint-enable @typescript-eslint/no-require-imports */
const importMs = performance.now() - importStart;

const AWS_REGIONS = ['us-east-1', 'us-west-2', 'eu-west-1', 'eu-central-1', 'ap-southeast-2', 'ap-northeast-1'];
const AZURE_REGIONS = ['westeurope', 'northeurope', 'eastus', 'westus', 'southeastasia', 'eastasia'];

function buildGeneratedFleet(app: import('cdktf').App): import('../src').Fleet {
  const fleet = new fleetLib.Fleet(app, 'bench', {
    kubernetesVersion: '1.35',
    waves: [{ name: 'canary' }, { name: 'early' }, { name: 'main' }],
    tags: { 'cost-center': 'platform' },
    awsStateBackend: { bucket: 'bench-state', region: 'us-east-1' },
    azureStateBackend: { resourceGroupName: 'rg-state', storageAccountName: 'benchstate', containerName: 'tfstate' },
    azureSubscriptionId: '11111111-2222-3333-4444-555555555555',
    awsAccountId: '111122223333',
    deployer: { azurePrincipalId: '9b2e4c1a-7d3f-4e8b-a5c6-1f0e2d3c4b5a', azureIpRanges: ['203.0.113.0/28'] },
    gitOps: { repoUrl: 'https://github.com/acme/fleet.git', path: 'clusters' },
  });
  // The example's add-on standard and two teams, as a real fleet carries them.
  addStandardAddOns(fleet);
  new fleetLib.Team(fleet, 'platform', {
    members: { awsRoleArns: ['arn:aws:iam::111122223333:role/platform'], azureGroupObjectIds: ['3c2b1a09-8f7e-4d6c-9b5a-4a3b2c1d0e9f'] },
    quota: { cpu: '1', memory: '2Gi' },
    clusterAdmin: true,
  });
  new fleetLib.Team(fleet, 'payments', {
    members: { awsRoleArns: ['arn:aws:iam::111122223333:role/payments'], azureGroupObjectIds: ['7d6c5b4a-3e2f-4a1b-8c9d-0e1f2a3b4c5d'] },
    environments: ['dev', 'prod'],
    quota: { cpu: '4', memory: '8Gi' },
  }).addPostgres('ledger', { environment: 'prod', storage: '20Gi' });
  for (let i = 0; i < clusters; i++) {
    const wave = i < 2 ? 'canary' : i < 2 + Math.ceil(clusters / 10) ? 'early' : 'main';
    const cidr = subnetOf('10.0.0.0/8', 20, i)!;
    const name = `c${String(i).padStart(4, '0')}`;
    if (i % 2 === 0) {
      new fleetLib.AwsCluster(fleet, name, {
        region: AWS_REGIONS[(i / 2) % AWS_REGIONS.length],
        cidr,
        wave,
        nodePools: [{ name: 'general', size: 'm6i.xlarge', min: 2, max: 6 }, { name: 'spot', size: 'c6i.2xlarge', min: 0, max: 4 }],
      });
    } else {
      new fleetLib.AzureCluster(fleet, name, {
        region: AZURE_REGIONS[((i - 1) / 2) % AZURE_REGIONS.length],
        cidr,
        wave,
        systemPool: { name: 'system', size: 'Standard_D4s_v5', min: 2, max: 3 },
        nodePools: [{ name: 'apps', size: 'Standard_D8s_v5', min: 1, max: 6 }],
        // The Azure data plane, on which the mesh's CNI agent chains: every cluster carries the whole standard.
        networkPolicy: fleetLib.AzureNetworkPolicy.AZURE,
      });
    }
  }
  return fleet;
}

const constructStart = performance.now();
fs.rmSync(outdir, { recursive: true, force: true });
fs.mkdirSync(outdir, { recursive: true });
const app = new App({ outdir });
const fleet = example ? buildExampleFleet(app) : buildGeneratedFleet(app);
const constructMs = performance.now() - constructStart;

const synthStart = performance.now();
app.synth();
const synthMs = performance.now() - synthStart;
const wallMs = performance.now() - wallStart;

const plan = JSON.parse(fs.readFileSync(path.join(outdir, 'fleet.json'), 'utf-8'));
let resources = 0;
for (const stack of plan.stacks) {
  const json = JSON.parse(fs.readFileSync(path.join(outdir, stack.dir, 'cdk.tf.json'), 'utf-8'));
  resources += Object.values(json.resource ?? {}).reduce((sum: number, byName: any) => sum + Object.keys(byName).length, 0);
}

const processMs = performance.now();
const rssMB = Math.round(process.resourceUsage().maxRSS / 1024);

/** bench/floor.ts over this output, in a process of its own. */
function runFloor(): { processMs: number; rssMB: number; same: boolean } {
  const output = execFileSync(process.execPath, [require.resolve('ts-node/dist/bin'), '--swc', path.join(__dirname, 'floor.ts'), outdir, `${outdir}.floor`],
    { encoding: 'utf-8', stdio: ['ignore', 'pipe', 'inherit'] });
  return JSON.parse(output.trim().split('\n').pop()!);
}
const floor = withFloor ? runFloor() : undefined;

console.log(JSON.stringify({
  fleet: example ? 'example' : 'generated',
  clusters: plan.clusters.length,
  stacks: plan.stacks.length,
  resources,
  objects: fleet.lastOutput!.objects,
  processMs: Math.round(processMs),
  wallMs: Math.round(wallMs),
  importMs: Math.round(importMs),
  constructMs: Math.round(constructMs),
  synthMs: Math.round(synthMs),
  rssMB,
  floor,
  ratio: floor ? Math.round((processMs / floor.processMs) * 100) / 100 : undefined,
}));
