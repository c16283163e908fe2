import { execFileSync, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { buildExampleFleet } from '../../examples/multi-cloud-fleet/fleet';
import { FleetTesting, SynthesizedFleet } from '../../src';
import { readYamlDocuments } from '../../src/_internal/yaml-files';
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
        ['access', 'addons', 'capacity', 'cloud', 'delivery', 'deployTimeValues', 'deviations', 'disposable', 'kubernetesVersion', 'manifests', 'name', 'region', 'replaces',
          'restoreDrill', 'stack', 'teams', 'teardownScript', 'wave']);
      for (const step of cluster.delivery.steps.filter((s: any) => s.apply)) {
        expect(fs.existsSync(path.join(out.outdir, step.apply, 'kustomization.yaml'))).toBe(true);
      }
      expect(fs.existsSync(path.join(out.outdir, cluster.delivery.script))).toBe(true);
      if (cluster.cloud === 'attached') {
        expect(cluster.stack).toBeNull();
      } else {
        expect(plan.stacks.find((s: any) => s.name === cluster.stack).clusters).toContain(cluster.name);
      }
    }
    for (const stack of plan.stacks) {
      expect(stack.dir).toBe(`stacks/${stack.name}`);
      expect(fs.existsSync(path.join(out.outdir, stack.dir, 'cdk.tf.json'))).toBe(true);
      if (stack.clusters.length > 0) {
        expect(stack.wave).toBe(Math.min(...plan.clusters.filter((c: any) => c.stack === stack.name).map((c: any) => c.wave)));
      }
      // A stack another needs is applied no later than it, in the same wave or before.
      for (const needed of stack.dependsOn) {
        expect(plan.stacks.find((s: any) => s.name === needed).wave).toBeLessThanOrEqual(stack.wave);
      }
    }
    // Azure region stacks join their clusters to the Fleet Manager; the global stack's names point at the clusters of the stacks it follows.
    expect(plan.stacks.filter((s: any) => s.dependsOn.length > 0).map((s: any) => [s.name, s.dependsOn])).toEqual([
      ['azure-northeurope', ['azure-fleet-manager']],
      ['azure-westeurope', ['azure-fleet-manager']],
      ['global', ['aws-eu-central-1', 'aws-us-east-1']],
    ]);
    expect(plan.waves.map((w: any) => w.name)).toEqual(['canary', 'early', 'main']);
    expect(plan.waves.map((w: any) => Object.keys(w).sort())).toEqual(plan.waves.map(() => ['clusters', 'name', 'number', 'soakMinutes', 'stacks']));
    expect(plan.waves.flatMap((w: any) => w.clusters).sort()).toEqual(plan.clusters.map((c: any) => c.name).sort());
    expect(plan.waves.flatMap((w: any) => w.stacks).sort()).toEqual(plan.stacks.map((s: any) => s.name).sort());
    expect(plan.waves[0].clusters.length).toBeGreaterThan(0);
  });

  test('the public route has one global name that fails over between regions, in the global stack, deployed after its regions', () => {
    const [checkout] = out.plan.globalNames;
    expect(checkout).toMatchObject({ host: 'checkout.apps.acme.example', policy: 'failover', dns: 'route53', stack: 'global', healthPath: '/healthz' });
    expect(new Set(checkout.endpoints.map((e: any) => e.region)).size).toBeGreaterThan(1);
    const global = out.plan.stacks.find((s: any) => s.name === 'global');
    for (const endpoint of checkout.endpoints) {
      const cluster = out.plan.clusters.find((c: any) => c.name === endpoint.cluster);
      expect(global.dependsOn).toContain(cluster.stack);
      expect(global.wave).toBeGreaterThanOrEqual(cluster.wave);
      const check = Object.values(out.stacks.global.resource.aws_route53_health_check).find((c: any) => c.fqdn === endpoint.regionalHost);
      expect(check).toMatchObject({ type: 'HTTPS', resource_path: '/healthz' });
    }
  });

  test('every deploy-time placeholder in the YAML is listed in fleet.json with the output that fills it', () => {
    for (const cluster of out.plan.clusters) {
      // The restore drill's objects take deploy-time values too (its database's own identity).
      const yaml = JSON.stringify([...out.kubernetes[cluster.name], ...(out.drills[cluster.name] ?? [])]);
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
    // Velero's daily file-system backups leave the live data directory alone: the database backs itself up.
    for (const database of databases) {
      expect(database.spec.inheritedMetadata.annotations['backup.velero.io/backup-volumes-excludes']).toBe('pgdata,pg-wal,scratch-data,shm');
    }
  });

  test('team pods may send traces to the cluster\'s collector, and nowhere else new', () => {
    const policies = out.kubernetes['prod-use1'].filter((o) => o.kind === 'NetworkPolicy' && o.metadata.namespace === 'payments-prod');
    const tracing = policies.find((p) => p.metadata.name === 'allow-tracing-egress');
    expect(tracing.spec).toEqual({
      podSelector: {},
      policyTypes: ['Egress'],
      egress: [{
        to: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'opentelemetry-operator-system' } } }],
        ports: [{ protocol: 'TCP', port: 4317 }, { protocol: 'TCP', port: 4318 }],
      }],
    });
    // The collector receives on exactly those ports.
    const collector = out.kubernetes['prod-use1'].find((o) => o.kind === 'OpenTelemetryCollector');
    expect(Object.values(collector.spec.config.receivers.otlp.protocols).map((p: any) => Number(p.endpoint.split(':')[1]))).toEqual([4317, 4318]);
  });

  test('the store runs one Kyverno admission replica, and its budget still lets a node drain', () => {
    const kyverno = out.kubernetes['store-0042'].find((o) => o.kind === 'Application' && o.metadata.name === 'kyverno');
    const admission = kyverno.spec.source.helm.valuesObject.admissionController;
    expect(admission.replicas).toBe(1);
    // The chart renders maxUnavailable 1 and no minAvailable from this (kyverno/kyverno@kyverno-chart-3.9.0:charts/kyverno/templates/_helpers/_pdb.tpl).
    expect(admission.podDisruptionBudget).toEqual({ enabled: true, minAvailable: 0, maxUnavailable: 1 });
  });

  test('fleet-report.md lists every cluster and every deviation with its reason', () => {
    for (const cluster of out.plan.clusters) {
      expect(out.report).toContain(`| ${cluster.name} |`);
    }
    expect(out.report).toContain('| canary-weu | kubernetesVersion | 1.35 | 1.36 | canary for the fleet-wide upgrade to 1.36 |');
    // Six identities of the cluster's workloads, and the read-only one of its database's restore drill.
    expect(out.report).toContain('| prod-neu | v3.4.7 | `kubernetes/prod-neu/deliver.sh` | 7 from azure-northeurope |');
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

  test('each cluster folder holds bootstrap, engine and layer folders, each file listed by its kustomization', () => {
    for (const [cluster, files] of Object.entries(out.kubernetesFiles)) {
      const charts = files.filter((f) => f.endsWith('.k8s.yaml'));
      expect(charts.every((f) => /^(bootstrap|engine|layers\/(releases|config|teams|team-apps))\/\d\d-[a-z0-9-]+\.k8s\.yaml$/.test(f))).toBe(true);
      for (const folder of new Set(charts.map((f) => path.dirname(f)))) {
        const kustomization = readYamlDocuments(path.join(out.outdir, 'kubernetes', cluster, folder, 'kustomization.yaml'))[0];
        const local = kustomization.resources.filter((r: string) => !r.startsWith('https://') && !r.startsWith('../'));
        expect(local).toEqual(charts.filter((f) => path.dirname(f) === folder).map((f) => path.basename(f)));
      }
      // The engine's pinned install manifest is fetched at apply time, never at synth.
      expect(readYamlDocuments(path.join(out.outdir, 'kubernetes', cluster, 'bootstrap', 'kustomization.yaml'))[0].resources).toContain(
        'https://raw.githubusercontent.com/argoproj/argo-cd/v3.4.7/manifests/install.yaml');
    }
  });

  const kubectl = spawnSync('kubectl', ['version', '--client'], { encoding: 'utf-8' }).status === 0;
  (kubectl ? test : test.skip)('kubectl kustomize builds the engine and layer folders of every cluster, patches included (skipped without kubectl)', () => {
    for (const [cluster, objects] of Object.entries(out.kubernetes)) {
      // Offline: the remote install manifest is fetched at apply time, so a stand-in holds the objects the bootstrap patches.
      const copy = fs.mkdtempSync(path.join(os.tmpdir(), 'kustomize-'));
      fs.cpSync(path.join(out.outdir, 'kubernetes', cluster), copy, { recursive: true });
      const stub = [
        { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'argocd-cm' }, data: { 'resource.exclusions': '[]' } },
        { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'argocd-rbac-cm' } },
      ];
      fs.writeFileSync(path.join(copy, 'bootstrap', 'install.yaml'), stub.map((o) => JSON.stringify(o)).join('\n---\n'));
      const file = path.join(copy, 'bootstrap', 'kustomization.yaml');
      fs.writeFileSync(file, fs.readFileSync(file, 'utf-8').replace(/^ {2}- https:\/\/\S+$/m, '  - install.yaml'));
      const build = (folder: string) => execFileSync('kubectl', ['kustomize', path.join(copy, folder)], { encoding: 'utf-8' }).split(/^---$/m);
      const engine = build('engine');
      expect(engine.length + build('layers').length).toBe(objects.length + stub.length);
      const cm = engine.find((doc) => /name: argocd-cm$/m.test(doc))!;
      expect(cm).toContain('resource.customizations.health.argoproj.io_Application');
      expect(cm).toContain('resource.exclusions');
      expect(cm).toMatch(/^ {2}namespace: argocd$/m);
    }
  });

  test('the payments team gets Service Bus data roles of least privilege, never Owner, on one queue', () => {
    // Data Owner also manages the namespace's entities and access; sending and receiving is all the team does.
    const granted = Object.entries(out.stacks)
      .filter(([name]) => name.startsWith('azure-'))
      .flatMap(([, stack]: [string, any]) => Object.values(stack.resource.azurerm_role_assignment ?? {}) as any[])
      .filter((r) => r.scope.includes('Microsoft.ServiceBus'));
    expect(granted.length).toBeGreaterThan(0);
    expect([...new Set(granted.map((r) => r.role_definition_name))].sort()).toEqual(['Azure Service Bus Data Receiver', 'Azure Service Bus Data Sender']);
    expect([...new Set(granted.map((r) => r.scope))]).toEqual([expect.stringMatching(/\/namespaces\/sb-acme-payments\/queues\/payments$/)]);
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
