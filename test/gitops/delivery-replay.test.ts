import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { buildExampleFleet } from '../../examples/multi-cloud-fleet/fleet';
import { FleetTesting, GitOpsEngine, SynthesizedFleet } from '../../src';
import { readYamlDocuments } from '../../src/_internal/yaml-files';
import { replayDelivery } from '../support/delivery-replay';
import { validateKubernetesObjectsReport } from '../support/kubernetes-schemas';

const CLUSTERS = ['canary-usw2', 'canary-weu', 'prod-euc1', 'prod-neu', 'prod-use1', 'store-0042'];

/** Values a pipeline would read from the stack outputs: a made-up client id per variable. */
function fakeValues(plan: any): { [variable: string]: string } {
  const values: { [variable: string]: string } = {};
  plan.clusters.flatMap((c: any) => c.deployTimeValues).forEach((v: any, i: number) => {
    values[v.variable] = `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`;
  });
  return values;
}

/** A copy of the output with one change, as a reviewer's counter-example. */
function mutated(out: SynthesizedFleet, change: (dir: string, plan: any) => void): { outdir: string; plan: any } {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'replay-'));
  fs.cpSync(out.outdir, outdir, { recursive: true });
  const plan = JSON.parse(JSON.stringify(out.plan));
  change(outdir, plan);
  return { outdir, plan };
}

function editYaml(file: string, edit: (objects: any[]) => any[]): void {
  const objects = edit(readYamlDocuments(file));
  fs.writeFileSync(file, objects.map((o) => JSON.stringify(o)).join('\n---\n'));
}

describe.each([GitOpsEngine.ARGO_CD, GitOpsEngine.FLUX])('the example fleet under %s, replayed from an empty cluster', (engine) => {
  let out: SynthesizedFleet;
  beforeAll(() => {
    const app = FleetTesting.app();
    buildExampleFleet(app, { engine });
    out = FleetTesting.synth(app);
  });

  test('every object validates against the upstream schemas', () => {
    const all = Object.values(out.kubernetes).flat();
    const { validated, withoutSchema } = validateKubernetesObjectsReport(all);
    expect(validated + withoutSchema.length).toBe(all.length);
  });

  test.each(CLUSTERS)('%s comes up: every object after its namespace and CRD, nothing left unfilled', (cluster) => {
    expect(replayDelivery(out.outdir, out.plan, cluster, fakeValues(out.plan))).toEqual([]);
  });

  test('a ClusterIssuer in the bootstrap step fails the replay: no CRD exists yet', () => {
    const { outdir, plan } = mutated(out, (dir) => {
      const bootstrap = path.join(dir, 'kubernetes', 'prod-use1', 'bootstrap');
      fs.writeFileSync(path.join(bootstrap, '99-issuer.k8s.yaml'), JSON.stringify({ apiVersion: 'cert-manager.io/v1', kind: 'ClusterIssuer', metadata: { name: 'early' }, spec: { selfSigned: {} } }));
      editYaml(path.join(bootstrap, 'kustomization.yaml'), ([k]) => [{ ...k, resources: [...k.resources, '99-issuer.k8s.yaml'] }]);
    });
    expect(replayDelivery(outdir, plan, 'prod-use1', fakeValues(plan)).join('\n')).toMatch(
      /^step install: cert-manager.io\/v1 ClusterIssuer '.*early': no matches for kind "ClusterIssuer" in version "cert-manager.io\/v1" \(ensure CRDs are installed first\)$/m);
  });

  test('without the kustomization\'s namespace, the engine lands in the caller\'s namespace', () => {
    const { outdir, plan } = mutated(out, (dir) => {
      editYaml(path.join(dir, 'kubernetes', 'store-0042', 'bootstrap', 'kustomization.yaml'), ([k]) => [{ ...k, namespace: undefined }]);
    });
    expect(replayDelivery(outdir, plan, 'store-0042', {}).join('\n')).toMatch(/Deployment '.*-controller' names no namespace and lands in the caller's kubeconfig namespace 'default'/);
  });

  test('a missing deploy-time value fails the values step, and nothing empty reaches the cluster', () => {
    const values = fakeValues(out.plan);
    const missing = out.plan.clusters.find((c: any) => c.name === 'prod-neu').deployTimeValues[0].variable;
    delete values[missing];
    // The script stops there: nothing reaches the cluster with an empty value.
    expect(replayDelivery(out.outdir, out.plan, 'prod-neu', values)).toEqual([`step values: no value for ${missing}`]);
  });
});

describe('the replay encodes the engines\' rules', () => {
  let argo: SynthesizedFleet;
  let flux: SynthesizedFleet;
  beforeAll(() => {
    const a = FleetTesting.app();
    buildExampleFleet(a, { engine: GitOpsEngine.ARGO_CD });
    argo = FleetTesting.synth(a);
    const f = FleetTesting.app();
    buildExampleFleet(f, { engine: GitOpsEngine.FLUX });
    flux = FleetTesting.synth(f);
  });

  test('Argo CD waves keep every order Flux states with dependsOn: a release syncs after the releases it waits for', () => {
    for (const cluster of CLUSTERS) {
      const waveOf = (name: string) => Number(argo.kubernetes[cluster].find((o) => o.kind === 'Application' && o.metadata.name === name).metadata.annotations['argocd.argoproj.io/sync-wave']);
      const releases = flux.kubernetes[cluster].filter((o) => o.kind === 'HelmRelease');
      const pairs = releases.flatMap((r) => (r.spec.dependsOn ?? []).map((d: any) => [r.metadata.name, d.name]));
      expect(pairs.length).toBeGreaterThan(0);
      for (const [release, dependency] of pairs) {
        expect([release, waveOf(release) > waveOf(dependency)]).toEqual([release, true]);
      }
    }
  });

  test('Argo CD: without the Application health check, the config wave does not wait for the releases', () => {
    const { outdir, plan } = mutated(argo, (dir) => {
      editYaml(path.join(dir, 'kubernetes', 'prod-use1', 'bootstrap', 'kustomization.yaml'),
        ([k]) => [{ ...k, patches: k.patches.filter((p: any) => !String(p.patch).includes('argoproj.io_Application')) }]);
    });
    expect(replayDelivery(outdir, plan, 'prod-use1', fakeValues(plan)).join('\n')).toMatch(
      /^Application fleet-prod-use1 wave \d+: cert-manager.io\/v1 ClusterIssuer 'fleet-selfsigned': no CRD for its kind when its wave is applied$/m);
  });

  test('Argo CD: a custom resource that does not skip the dry run fails the first sync', () => {
    const { outdir, plan } = mutated(argo, (dir) => {
      editYaml(path.join(dir, 'kubernetes', 'prod-use1', 'layers', 'config', '20-kyverno.k8s.yaml'),
        (objects) => objects.map((o) => ({ ...o, metadata: { ...o.metadata, annotations: { 'argocd.argoproj.io/sync-wave': o.metadata.annotations['argocd.argoproj.io/sync-wave'] } } })));
    });
    expect(replayDelivery(outdir, plan, 'prod-use1', fakeValues(plan)).join('\n')).toMatch(
      /dry run fails for kyverno.io\/v1 ClusterPolicy '.*': its CRD is missing and it does not skip the dry run/);
  });

  test('Argo CD: an Application without retry is reported', () => {
    const { outdir, plan } = mutated(argo, (dir) => {
      editYaml(path.join(dir, 'kubernetes', 'store-0042', 'layers', 'releases', '20-kyverno.k8s.yaml'),
        (objects) => objects.map((o) => ({ ...o, spec: { ...o.spec, syncPolicy: { ...o.spec.syncPolicy, retry: undefined } } })));
    });
    expect(replayDelivery(outdir, plan, 'store-0042', fakeValues(plan)).join('\n')).toMatch(/argoproj.io\/v1alpha1 Application 'argocd\/kyverno' does not retry a failed sync/);
  });

  test('Argo CD: a placeholder the root Application does not patch reaches the API server', () => {
    const { outdir, plan } = mutated(argo, (dir) => {
      editYaml(path.join(dir, 'kubernetes', 'prod-neu', 'engine', '10-argo-cd.k8s.yaml'),
        (objects) => objects.map((o) => (o.kind === 'ApplicationSet' ? { ...o, spec: { ...o.spec, template: { ...o.spec.template, spec: { ...o.spec.template.spec, source: { ...o.spec.template.spec.source, kustomize: undefined } } } } } : o)));
    });
    expect(replayDelivery(outdir, plan, 'prod-neu', fakeValues(plan)).join('\n')).toMatch(/ServiceAccount 'payments-prod\/payments' reaches the API server with \$\{prod_neu_payments_prod_payments_client_id\}/);
  });

  test('Argo CD: a project that leaves out a namespace or a cluster kind a chart writes stops that sync', () => {
    const { outdir, plan } = mutated(argo, (dir) => {
      editYaml(path.join(dir, 'kubernetes', 'prod-use1', 'engine', '10-argo-cd.k8s.yaml'), (objects) => objects.map((o) => (o.kind !== 'AppProject' ? o : {
        ...o,
        spec: {
          ...o.spec,
          destinations: o.spec.destinations.filter((d: any) => d.namespace !== 'kube-system'),
          clusterResourceWhitelist: o.spec.clusterResourceWhitelist.filter((w: any) => w.kind !== 'APIService'),
        },
      })));
    });
    const problems = replayDelivery(outdir, plan, 'prod-use1', fakeValues(plan));
    expect(problems).toContain('Application metrics-server: project fleet-platform does not allow namespace kube-system (v1 ConfigMap \'kube-system/release\')');
    expect(problems).toContain(
      'Application metrics-server: project fleet-platform does not allow the cluster-scoped kind apiregistration.k8s.io/APIService (apiregistration.k8s.io/v1 APIService \'release\')');
  });

  test('Argo CD: a cluster Secret that lacks a value stops the root Application\'s generation instead of rendering it empty', () => {
    const cluster = argo.plan.clusters.find((c: any) => c.name === 'prod-neu');
    const steps = cluster.delivery.steps.map((s: any) => (s.name !== 'values' ? s : {
      ...s,
      values: { ...s.values, entries: s.values.entries.slice(1) },
      run: [s.run[0].replace(/"values\.fleet\.cdk-fleet\.io\/prod_neu_cert_manager_cert_manager_client_id":"[^"]*",/, '')],
    }));
    const plan = { ...argo.plan, clusters: [{ ...cluster, delivery: { ...cluster.delivery, steps } }] };
    const problems = replayDelivery(argo.outdir, plan, 'prod-neu', fakeValues(argo.plan));
    expect(problems[0]).toBe('ApplicationSet fleet-prod-neu: generation fails: the cluster Secret has no value for '
      + 'values.fleet.cdk-fleet.io/prod_neu_cert_manager_cert_manager_client_id: run the delivery\'s values step');
    // No root Application, so no layer reaches the cluster; nothing empty or unfilled does either.
    expect(problems.join('\n')).toMatch(/^argoproj.io\/v1alpha1 Application 'argocd\/cert-manager' in layers\/releases\/\d\d-cert-manager.k8s.yaml never reached the cluster$/m);
    expect(problems.join('\n')).not.toMatch(/renders an empty value|reaches the API server/);
  });

  test('Flux: without wait, the config layer starts before the releases brought their CRDs', () => {
    const { outdir, plan } = mutated(flux, (dir) => {
      editYaml(path.join(dir, 'kubernetes', 'prod-use1', 'engine', '10-flux.k8s.yaml'),
        (objects) => objects.map((o) => (o.kind === 'Kustomization' ? { ...o, spec: { ...o.spec, wait: false } } : o)));
    });
    expect(replayDelivery(outdir, plan, 'prod-use1', fakeValues(plan))).toContain(
      'Kustomization fleet-prod-use1-config: cert-manager.io/v1 ClusterIssuer \'fleet-selfsigned\': no CRD for its kind when the Kustomization applies');
  });

  test('Flux: without the values ConfigMap a placeholder would be empty or fail', () => {
    const values = fakeValues(flux.plan);
    const cluster = flux.plan.clusters.find((c: any) => c.name === 'canary-weu');
    const steps = cluster.delivery.steps.filter((s: any) => s.name !== 'values');
    const plan = { ...flux.plan, clusters: [{ ...cluster, delivery: { ...cluster.delivery, steps } }] };
    expect(replayDelivery(flux.outdir, plan, 'canary-weu', values).join('\n')).toMatch(/ConfigMap fleet-cluster-values for substitution does not exist/);
  });
});
