import { App } from 'cdktf';
import { buildExampleFleet, ExampleOptions } from '../../examples/multi-cloud-fleet/fleet';
import { AwsCluster, AzureNetworkPolicy, Fleet, FleetTesting, SynthesizedFleet } from '../../src';
import { chartFacts } from '../../src/catalogue/crds';
import { runCli } from '../../src/cli/main';
import { diffOutputs } from '../../src/diff/fleet-diff';
import { addAws, addAzure, EKS_1_36, EKS_1_36_ADD_ONS, emptyFleet } from '../support/fixtures';

/** The catalogue facts a fleet adds once EKS publishes 1.36 and its add-on builds (test data, not a pin of the library). */
const NEXT_MINOR_CATALOGUE: ExampleOptions['catalogue'] = {
  kubernetesVersions: [EKS_1_36],
  eksAddOnVersions: [EKS_1_36_ADD_ONS],
  // Cluster Autoscaler's releases follow the control plane's minor: a 1.36 cluster needs the chart that ships 1.36.
  addOnVersions: [{
    addOnId: 'cluster-autoscaler',
    version: '9.60.0',
    appVersion: '1.36.0',
    installs: { 'cluster-autoscaler': { ...chartFacts('cluster-autoscaler', '9.59.0')! } },
    source: 'kubernetes/autoscaler@cluster-autoscaler-chart-9.60.0:cluster-autoscaler/charts/cluster-autoscaler/Chart.yaml',
    checked: '2026-12-02',
  }],
};

function example(options: ExampleOptions = {}, extra?: (fleet: Fleet) => void): SynthesizedFleet {
  const app: App = FleetTesting.app();
  const fleet = buildExampleFleet(app, { catalogue: NEXT_MINOR_CATALOGUE, ...options });
  extra?.(fleet);
  return FleetTesting.synth(app);
}

const addSydney = (fleet: Fleet) => new AwsCluster(fleet, 'prod-apse2', {
  region: 'ap-southeast-2', cidr: '10.60.0.0/16', wave: 'main', nodePools: [{ name: 'general', size: 'm6i.xlarge', min: 2, max: 6 }],
});

async function cli(...args: string[]): Promise<{ code: number; out: string; err: string[] }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(args, { out: (l) => out.push(l), err: (l) => err.push(l), cwd: process.cwd() });
  return { code, out: out.join('\n'), err };
}

describe('cdk-fleet diff over real variations of the example', () => {
  let base: SynthesizedFleet;
  beforeAll(() => {
    base = example();
  });

  test('the same output twice: no changes', async () => {
    const diff = diffOutputs(base.outdir, example().outdir);
    expect(diff.waves).toEqual([]);
    expect(diff.dataLoss).toEqual([]);
    expect((await cli('diff', base.outdir, base.outdir)).out).toContain('No changes');
  });

  test('rolling the next minor out through the canary wave changes exactly the canary clusters', () => {
    const bumped = example({ rollout: { kubernetesVersion: '1.36', throughWave: 'canary' } });
    const diff = diffOutputs(base.outdir, bumped.outdir);
    expect(diff.waves.map((w) => w.number)).toEqual([1]);
    const [wave] = diff.waves;
    expect(wave.stacks).toEqual([]);
    const eks = wave.clusters.find((c) => c.name === 'canary-usw2')!;
    expect(eks.kubernetesVersion).toEqual({ before: '1.35', after: '1.36' });
    // The autoscaler moves with the control plane's minor; no other add-on moves.
    expect(eks.addOns).toEqual([{ id: 'cluster-autoscaler', before: '9.59.0', after: '9.60.0' }]);
    expect(new Set(eks.resources.map((r) => r.type))).toEqual(new Set(['aws_eks_cluster', 'aws_eks_node_group', 'aws_eks_addon']));
    expect(eks.resources.every((r) => r.action === 'update')).toBe(true);
    expect(eks.resources.find((r) => r.type === 'aws_eks_cluster')!.changed).toEqual(['version']);
    // The AKS canary already ran 1.36 as a deviation; the rollout makes it its wave's standard.
    const aks = wave.clusters.find((c) => c.name === 'canary-weu')!;
    expect(aks.resources).toEqual([]);
    expect(aks.deviations.removed).toEqual(['kubernetesVersion: 1.36 (canary for the fleet-wide upgrade to 1.36)']);
    expect(diff.dataLoss).toEqual([]);
    expect(diff.summary).toMatchObject({ create: 0, replace: 0, destroy: 0 });
  });

  test('a cluster added in a new region: a new stack, every resource created, nothing else touched', () => {
    const diff = diffOutputs(base.outdir, example({}, addSydney).outdir);
    expect(diff.waves.map((w) => w.number)).toEqual([3]);
    const [wave] = diff.waves;
    expect(wave.stacks.map((s) => [s.name, s.status])).toEqual([['aws-ap-southeast-2', 'added']]);
    expect(wave.clusters.map((c) => [c.name, c.status])).toEqual([['prod-apse2', 'added']]);
    const cluster = wave.clusters[0];
    expect(cluster.resources.length).toBeGreaterThan(50);
    expect(cluster.resources.every((r) => r.action === 'create' && r.stack === 'aws-ap-southeast-2')).toBe(true);
    expect(cluster.objects.added.length).toBeGreaterThan(50);
    expect(cluster.objects.removed).toEqual([]);
    expect(diff.dataLoss).toEqual([]);
  });

  test('a cluster removed: its stateful resources are printed first, with the plans Terraform will refuse', async () => {
    const withSydney = example({}, addSydney);
    const diff = diffOutputs(withSydney.outdir, base.outdir);
    expect(diff.dataLoss).toEqual(expect.arrayContaining([
      expect.stringMatching(/^DESTROYS aws_eks_cluster\.prod-apse2_cluster_\w+ in aws-ap-southeast-2 \(cluster prod-apse2\)$/),
      expect.stringMatching(/^DESTROYS aws_kms_key\.prod-apse2_encryption_key_\w+ in aws-ap-southeast-2 \(cluster prod-apse2\); it has prevent_destroy, so Terraform refuses this plan$/),
      expect.stringMatching(/^DESTROYS aws_s3_bucket\.prod-apse2_[\w-]+ in aws-ap-southeast-2 \(cluster prod-apse2\); it has prevent_destroy/),
      // The payments team's PostgreSQL goes with the cluster.
      'REMOVES Cluster payments-prod/ledger on cluster prod-apse2: the database and its volumes go with it',
    ]));
    expect(diff.summary.destroy).toBeGreaterThan(50);
    const markdown = (await cli('diff', withSydney.outdir, base.outdir)).out;
    expect(markdown.indexOf('### DATA LOSS')).toBeGreaterThan(0);
    expect(markdown.indexOf('### DATA LOSS')).toBeLessThan(markdown.indexOf('### Wave'));
    expect(markdown).toContain('#### Cluster prod-apse2 (removed)');
    expect((await cli('diff', withSydney.outdir, base.outdir, '--fail-on-data-loss')).code).toBe(1);
    const json = JSON.parse((await cli('diff', withSydney.outdir, base.outdir, '--json')).out);
    expect(json.waves[0].clusters[0].status).toBe('removed');
  });

  test("a change the provider's schema replaces the resource for is flagged, and a replaced cluster is data loss", () => {
    const fleetWith = (cidr: string, networkPolicy: AzureNetworkPolicy) => {
      const { app, fleet } = emptyFleet();
      addAws(fleet, 'eks', 'us-east-1', cidr);
      addAzure(fleet, 'aks', 'westeurope', '10.20.0.0/16', { networkPolicy });
      return FleetTesting.synth(app).outdir;
    };
    const diff = diffOutputs(fleetWith('10.10.0.0/16', AzureNetworkPolicy.CILIUM), fleetWith('10.11.0.0/16', AzureNetworkPolicy.AZURE));
    const resources = diff.waves.flatMap((w) => w.clusters).flatMap((c) => c.resources);
    const vpc = resources.find((r) => r.type === 'aws_vpc')!;
    expect([vpc.action, vpc.forcesReplacement]).toEqual(['replace', ['cidr_block']]);
    expect(resources.filter((r) => r.type === 'aws_subnet').every((r) => r.action === 'replace')).toBe(true);
    const aks = resources.find((r) => r.type === 'azurerm_kubernetes_cluster')!;
    expect(aks.action).toBe('replace');
    expect(aks.forcesReplacement).toEqual(expect.arrayContaining(['network_profile.network_policy']));
    expect(diff.dataLoss).toEqual([expect.stringMatching(/^REPLACES azurerm_kubernetes_cluster\.aks_cluster_\w+ in azure-westeurope \(cluster aks\) \(replaced: .*network_profile\.network_policy.* changed\)/)]);
    // References to a replaced resource read the same in the configuration: what follows from new ids is for Terraform's own plan.
    expect(resources.find((r) => r.type === 'aws_eks_cluster')).toBeUndefined();
  });

  test('a fleet version raised by two minors, or lowered, is what the clouds refuse: it comes first, whatever synth could see', async () => {
    const fleetAt = (version: string) => {
      const { app, fleet } = emptyFleet({ kubernetesVersion: version });
      addAws(fleet, 'eks', 'us-east-1', '10.10.0.0/16');
      return FleetTesting.synth(app).outdir;
    };
    const v133 = fleetAt('1.33');
    const v135 = fleetAt('1.35');
    expect(diffOutputs(v133, v135).refused).toEqual([
      'cluster eks: Kubernetes 1.33 → 1.35 skips 1.34; control planes upgrade one minor at a time. Roll out 1.34 first (rollout: { kubernetesVersion, throughWave })',
    ]);
    expect(diffOutputs(v135, v133).refused).toEqual(['cluster eks: Kubernetes 1.35 → 1.33 goes back; a control plane cannot be downgraded. Keep 1.35, or replace the cluster']);
    expect(diffOutputs(v133, fleetAt('1.34')).refused).toEqual([]);
    const markdown = (await cli('diff', v133, v135)).out;
    expect(markdown.indexOf('### REFUSED BY THE CLOUDS')).toBeLessThan(markdown.indexOf('### Wave'));
    expect((await cli('diff', v133, v135, '--fail-on-data-loss')).code).toBe(1);
  });

  test('bad arguments say what to give', async () => {
    expect((await cli('diff', base.outdir)).err[0]).toBe('give two output folders: the one before and the one after');
    const missing = await cli('diff', base.outdir, '/nonexistent/out');
    expect(missing.code).toBe(4);
    expect(missing.err[0]).toBe('/nonexistent/out has no fleet.json. Fix: give the folder a synth wrote (cdktf.out), e.g. cdk-fleet diff main.out cdktf.out');
  });
});
