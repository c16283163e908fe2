import { buildExampleFleet } from '../../examples/multi-cloud-fleet/fleet';
import { AwsLoadBalancerController, CertManager, FleetTesting, GitOpsEngine, SynthesizedFleet } from '../../src';
import { CHART_VALUE_KEYS, ValueKeyTree } from '../../src/catalogue/chart-values';
import { addAws, addAzure, emptyFleet } from '../support/fixtures';
import { releasesOf } from '../support/releases';

/**
 * Every value path the add-ons set, checked against the keys the chart reads at its
 * pinned version (src/catalogue/chart-values.ts). A key the chart never reads does nothing
 * on a real cluster: it is a bug, whatever the schemas say.
 */
function unknownValuePaths(chart: string, version: string, values: any): string[] {
  const recorded = CHART_VALUE_KEYS[`${chart}@${version}`];
  if (!recorded) {
    return [`${chart}@${version}: no recorded value keys`];
  }
  const problems: string[] = [];
  const walk = (value: any, tree: ValueKeyTree | 0 | 1 | undefined, path: string[]) => {
    if (tree === 0) {
      return;
    }
    if (tree === undefined) {
      problems.push(`${chart}@${version}: '${path.join('.')}' is not a value the chart reads`);
      return;
    }
    const isMap = value !== null && typeof value === 'object' && !Array.isArray(value);
    if (!isMap || Object.keys(value).length === 0) {
      return;
    }
    if (tree === 1) {
      problems.push(`${chart}@${version}: '${path.join('.')}' is read as a value, but the add-on sets keys below it`);
      return;
    }
    for (const [key, item] of Object.entries(value)) {
      walk(item, tree[key], [...path, key]);
    }
  };
  walk(values, CHART_VALUE_KEYS[`${chart}@${version}`].keys, []);
  return problems;
}

/** Every chart release of a synthesized fleet: cluster, chart, version, values. */
function releasesOfFleet(out: SynthesizedFleet): Array<{ cluster: string; chart: string; version: string; values: any }> {
  return Object.entries(out.kubernetes).flatMap(([cluster, objects]) => releasesOf(objects).map((r) => ({ cluster, ...r })));
}

describe('chart values', () => {
  test('every value the example\'s add-ons set, on EKS, AKS and the store, is one the pinned chart reads', () => {
    const app = FleetTesting.app();
    buildExampleFleet(app);
    const releases = releasesOfFleet(FleetTesting.synth(app));
    expect(new Set(releases.map((r) => r.chart)).size).toBeGreaterThanOrEqual(16);
    expect(releases.flatMap((r) => unknownValuePaths(r.chart, r.version, r.values).map((p) => `${r.cluster}: ${p}`))).toEqual([]);
  });

  test('the add-ons outside the example, and their other options, too', () => {
    const { app, fleet } = emptyFleet({ awsAccountId: '111122223333', gitOps: { repoUrl: 'https://github.com/acme/fleet.git', path: 'clusters', engine: GitOpsEngine.ARGO_CD } });
    addAws(fleet, 'eks', 'us-east-1', '10.10.0.0/16');
    addAzure(fleet, 'aks', 'westeurope', '10.20.0.0/16');
    fleet.addAddOn(new CertManager());
    fleet.addAddOn(new AwsLoadBalancerController());
    const releases = releasesOfFleet(FleetTesting.synth(app));
    expect(releases.map((r) => r.chart)).toContain('aws-load-balancer-controller');
    expect(releases.flatMap((r) => unknownValuePaths(r.chart, r.version, r.values).map((p) => `${r.cluster}: ${p}`))).toEqual([]);
  });

  test('a value path the chart does not have fails the check', () => {
    expect(unknownValuePaths('external-dns', '1.21.1', { zoneIdFilters: ['Z1'], provider: { name: 'aws' }, podAnnotations: { anything: 'x' } })).toEqual([
      "external-dns@1.21.1: 'zoneIdFilters' is not a value the chart reads",
    ]);
    expect(unknownValuePaths('istiod', '1.30.3', { pilot: { autoscaleMin: 2 }, autoscaleMin: 2 })).toEqual([
      "istiod@1.30.3: 'pilot' is not a value the chart reads",
    ]);
  });
});
