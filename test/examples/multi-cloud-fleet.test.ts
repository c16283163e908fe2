import { execFileSync, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { buildExampleFleet } from '../../examples/multi-cloud-fleet/fleet';
import { FleetTesting, SynthesizedFleet } from '../../src';
import { validateKubernetesObjectsReport } from '../support/kubernetes-schemas';

let out: SynthesizedFleet;

beforeAll(() => {
  const app = FleetTesting.app();
  buildExampleFleet(app);
  out = FleetTesting.synth(app);
});

describe('examples/multi-cloud-fleet', () => {
  test('synthesizes 2 AWS and 2 Azure regions or more, and a folder per cluster including the attached one', () => {
    const stacks = Object.keys(out.stacks);
    expect(stacks.filter((s) => s.startsWith('aws-')).length).toBeGreaterThanOrEqual(2);
    expect(stacks.filter((s) => s.startsWith('azure-')).length).toBeGreaterThanOrEqual(2);
    expect(Object.keys(out.kubernetes).length).toBeGreaterThanOrEqual(5);
    expect(out.plan.clusters.some((c: any) => c.cloud === 'attached')).toBe(true);
    expect(fs.existsSync(path.join(out.outdir, 'manifest.json'))).toBe(true);
  });

  test('fleet.json has every field of version 1, and stacks, clusters and waves agree', () => {
    const plan = out.plan;
    expect(plan.version).toBe(1);
    for (const cluster of plan.clusters) {
      expect(Object.keys(cluster).sort()).toEqual(
        ['addons', 'capacity', 'cloud', 'deployTimeValues', 'kubernetesVersion', 'manifests', 'name', 'region', 'stack', 'teams', 'wave']);
      expect(fs.existsSync(path.join(out.outdir, cluster.manifests, 'kustomization.yaml'))).toBe(true);
      if (cluster.cloud === 'attached') {
        expect(cluster.stack).toBeNull();
      } else {
        expect(plan.stacks.find((s: any) => s.name === cluster.stack).clusters).toContain(cluster.name);
      }
    }
    for (const stack of plan.stacks) {
      expect(stack).toMatchObject({ dir: `stacks/${stack.name}`, dependsOn: [] });
      expect(fs.existsSync(path.join(out.outdir, stack.dir, 'cdk.tf.json'))).toBe(true);
      expect(stack.wave).toBe(Math.min(...plan.clusters.filter((c: any) => c.stack === stack.name).map((c: any) => c.wave)));
    }
    expect(plan.waves.map((w: any) => w.name)).toEqual(['canary', 'early', 'main']);
    expect(plan.waves.flatMap((w: any) => w.clusters).sort()).toEqual(plan.clusters.map((c: any) => c.name).sort());
    expect(plan.waves.flatMap((w: any) => w.stacks).sort()).toEqual(plan.stacks.map((s: any) => s.name).sort());
    expect(plan.waves[0].clusters.length).toBeGreaterThan(0);
  });

  test('every deploy-time placeholder in the YAML is listed in fleet.json with the output that fills it', () => {
    for (const cluster of out.plan.clusters) {
      const yaml = JSON.stringify(out.kubernetes[cluster.name]);
      const used = [...new Set([...yaml.matchAll(/\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g)].map((m) => m[1]))].sort();
      expect(used).toEqual(cluster.deployTimeValues.map((v: any) => v.variable));
      for (const value of cluster.deployTimeValues) {
        expect(out.stacks[value.stack].output[value.output]).toBeDefined();
      }
    }
    expect(out.plan.clusters.flatMap((c: any) => c.deployTimeValues).length).toBeGreaterThan(0);
  });

  test('fleet.json', () => {
    expect(out.plan).toMatchSnapshot();
  });

  test('the example has three teams, one of them the platform team, across both clouds and the store; a PostgreSQL database', () => {
    const onClusters = (team: string) => out.plan.clusters.filter((c: any) => c.teams.includes(team)).map((c: any) => c.cloud);
    expect([...new Set(onClusters('platform'))].sort()).toEqual(['attached', 'aws', 'azure']);
    expect([...new Set(onClusters('payments'))].sort()).toEqual(['aws', 'azure']);
    expect(onClusters('store-ops')).toEqual(['attached']);
    expect(out.report).toContain('| platform | canary-usw2, canary-weu, prod-euc1, prod-neu, prod-use1, store-0042 | platform | 1 / 2Gi | cluster admin |');
    const databases = Object.values(out.kubernetes).flat().filter((o) => o.kind === 'Cluster' && o.apiVersion === 'postgresql.cnpg.io/v1');
    expect(databases.map((d) => d.metadata.namespace)).toEqual(['payments-prod', 'payments-prod', 'payments-prod']);
    expect(databases.every((d) => d.spec.backup.barmanObjectStore.destinationPath.length > 0)).toBe(true);
  });

  test('fleet-report.md lists every cluster and every deviation with its reason', () => {
    for (const cluster of out.plan.clusters) {
      expect(out.report).toContain(`| ${cluster.name} |`);
    }
    expect(out.report).toContain('| canary-weu | kubernetesVersion | 1.34 | 1.35 | canary for the fleet-wide upgrade to 1.35 |');
    expect(out.report).toMatchSnapshot();
  });

  test('every Kubernetes object validates against the upstream schemas and carries the fleet labels', () => {
    // One validator process for every cluster's objects.
    const all = Object.values(out.kubernetes).flat();
    const { validated, withoutSchema } = validateKubernetesObjectsReport(all);
    for (const [cluster, objects] of Object.entries(out.kubernetes)) {
      for (const object of objects) {
        expect(object.metadata.labels).toMatchObject({ 'fleet.cdk-fleet.io/fleet': 'acme', 'fleet.cdk-fleet.io/cluster': cluster });
      }
    }
    // Only Velero's Schedules (two per cluster) lack a published schema; every other object was validated.
    expect(withoutSchema).toHaveLength(2 * out.plan.clusters.length);
    expect(withoutSchema.every((o) => o.startsWith('velero.io/v1 Schedule '))).toBe(true);
    expect(validated).toBe(all.length - withoutSchema.length);
  });

  test('each cluster folder holds its charts in apply order and a kustomization listing them', () => {
    for (const [cluster, files] of Object.entries(out.kubernetesFiles)) {
      const charts = files.filter((f) => f !== 'kustomization.yaml');
      expect(charts.every((f) => /^\d\d-[a-z0-9-]+\.k8s\.yaml$/.test(f))).toBe(true);
      const kustomization = fs.readFileSync(path.join(out.outdir, 'kubernetes', cluster, 'kustomization.yaml'), 'utf-8');
      // The GitOps engine's pinned install manifest comes first, then the charts.
      const remote = '  - https://raw.githubusercontent.com/argoproj/argo-cd/v3.4.4/manifests/install.yaml\n';
      expect(kustomization).toBe(`apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n${remote}${charts.map((c) => `  - ${c}\n`).join('')}`);
    }
  });

  const kubectl = spawnSync('kubectl', ['version', '--client'], { encoding: 'utf-8' }).status === 0;
  (kubectl ? test : test.skip)('kubectl kustomize builds every cluster folder (skipped without kubectl)', () => {
    for (const [cluster, objects] of Object.entries(out.kubernetes)) {
      // Offline: the remote install manifest is fetched at apply time, so build a copy without it.
      const copy = fs.mkdtempSync(path.join(os.tmpdir(), 'kustomize-'));
      fs.cpSync(path.join(out.outdir, 'kubernetes', cluster), copy, { recursive: true });
      const file = path.join(copy, 'kustomization.yaml');
      fs.writeFileSync(file, fs.readFileSync(file, 'utf-8').replace(/^ {2}- https:\/\/\S+\n/gm, ''));
      const built = execFileSync('kubectl', ['kustomize', copy], { encoding: 'utf-8' });
      expect(built.split(/^---$/m).length).toBe(objects.length);
    }
  });

  test('the AWS region stack of the early wave', () => {
    expect(out.stacks['aws-us-east-1']).toMatchSnapshot();
  });

  test('the Azure region stack of the canary wave', () => {
    expect(out.stacks['azure-westeurope']).toMatchSnapshot();
  });

  test('the Kubernetes objects of every cluster', () => {
    expect(out.kubernetes).toMatchSnapshot();
  });
});
