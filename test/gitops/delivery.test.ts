import { execFileSync, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ApiObject } from 'cdk8s';
import * as YAML from 'yaml';
import { CertManager, FleetTesting, GitOpsEngine, GitOpsOptions, Kyverno, MetricsServer, SynthesizedFleet, Team } from '../../src';
import { readYamlDocuments } from '../../src/_internal/yaml-files';
import { addAttached, addAws, addAzure, emptyFleet, errorOf } from '../support/fixtures';

const REPO = 'https://github.com/acme/fleet.git';
const SSO = {
  url: 'https://argocd.{cluster}.acme.example',
  issuer: 'https://login.acme.example',
  clientId: 'argocd',
  adminGroups: ['platform-engineers'],
};

function synthFleet(gitOps: Partial<GitOpsOptions> = {}): SynthesizedFleet {
  const { app, fleet } = emptyFleet({ awsAccountId: '111122223333', gitOps: { repoUrl: REPO, path: 'clusters', ...gitOps } });
  addAws(fleet, 'eks', 'us-east-1', '10.10.0.0/16');
  addAzure(fleet, 'aks', 'westeurope', '10.20.0.0/16');
  addAttached(fleet, 'edge');
  fleet.addAddOn(new CertManager({ acme: { email: 'platform@acme.example', azureDnsZoneIds: ['/subscriptions/00000000-1111-2222-3333-444444444444/resourceGroups/rg-dns/providers/Microsoft.Network/dnszones/acme.example'] } }));
  fleet.addAddOn(new Kyverno());
  fleet.addAddOn(new MetricsServer());
  new Team(fleet, 'payments', {
    members: { groups: ['payments'], awsRoleArns: ['arn:aws:iam::111122223333:role/payments'], azureGroupObjectIds: ['7d6c5b4a-3e2f-4a1b-8c9d-0e1f2a3b4c5d'] },
    quota: { cpu: '1', memory: '1Gi' },
    cloudPermissions: { roleAssignments: [{ roleDefinitionName: 'Reader', scope: '/subscriptions/00000000-1111-2222-3333-444444444444' }] },
  });
  return FleetTesting.synth(app);
}

const kustomization = (out: SynthesizedFleet, cluster: string, folder: string) =>
  readYamlDocuments(path.join(out.outdir, 'kubernetes', cluster, folder, 'kustomization.yaml'))[0];
const objectsIn = (out: SynthesizedFleet, cluster: string, folder: string) => out.kubernetesFiles[cluster]
  .filter((f) => f.startsWith(`${folder}/`) && f.endsWith('.k8s.yaml') && !f.slice(folder.length + 1).includes('/'))
  .flatMap((f) => readYamlDocuments(path.join(out.outdir, 'kubernetes', cluster, f)));
const stepsOf = (out: SynthesizedFleet, cluster: string) => out.plan.clusters.find((c: any) => c.name === cluster).delivery.steps;
const kubectl = spawnSync('kubectl', ['version', '--client'], { encoding: 'utf-8' }).status === 0;
const copyOf = (out: SynthesizedFleet, cluster: string) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kustomize-'));
  fs.cpSync(path.join(out.outdir, 'kubernetes', cluster), dir, { recursive: true });
  return dir;
};

describe('delivery under Argo CD', () => {
  let out: SynthesizedFleet;
  beforeAll(() => {
    out = synthFleet({ argoCd: { sso: SSO } });
  });

  test('1. the install lands in argocd because the kustomization says so, from the pinned release', () => {
    expect(kustomization(out, 'eks', 'bootstrap')).toMatchObject({
      namespace: 'argocd',
      resources: ['10-argo-cd.k8s.yaml', 'https://raw.githubusercontent.com/argoproj/argo-cd/v3.4.7/manifests/install.yaml'],
    });
    expect(objectsIn(out, 'eks', 'bootstrap')).toEqual([expect.objectContaining({ kind: 'Namespace', metadata: expect.objectContaining({ name: 'argocd' }) })]);
  });

  test('2. the bootstrap holds built-in kinds only; the engine\'s objects follow the wait for its CRDs', () => {
    for (const cluster of ['eks', 'aks', 'edge']) {
      expect(objectsIn(out, cluster, 'bootstrap').every((o) => !o.apiVersion.includes('.') || o.apiVersion.startsWith('rbac.'))).toBe(true);
      expect(stepsOf(out, cluster).map((s: any) => s.name)).toEqual(['install', 'crds', 'values', 'engine', 'healthy']);
      expect(stepsOf(out, cluster)[1].wait.crds).toEqual(['applications.argoproj.io', 'applicationsets.argoproj.io', 'appprojects.argoproj.io']);
    }
    expect(objectsIn(out, 'eks', 'engine').map((o) => o.kind)).toEqual(['AppProject', 'Application', 'ApplicationSet']);
  });

  test('3. one owner: Argo CD manages itself from the kustomization it was installed with; no Helm chart of Argo CD; no object twice', () => {
    const self = objectsIn(out, 'eks', 'engine').find((o) => o.kind === 'Application');
    expect(self.spec.source).toEqual({ repoURL: REPO, targetRevision: 'main', path: 'clusters/eks/engine' });
    expect(self.spec.syncPolicy.automated.prune).toBe(false);
    expect(kustomization(out, 'eks', 'engine').resources).toEqual(['../bootstrap', '10-argo-cd.k8s.yaml']);
    const all = out.kubernetes.eks;
    expect(all.filter((o) => o.kind === 'Application' && o.spec.source?.repoURL === 'https://argoproj.github.io/argo-helm')).toEqual([]);
    const ids = all.map((o) => `${o.apiVersion} ${o.kind} ${o.metadata.namespace ?? ''}/${o.metadata.name}`);
    expect(ids.filter((id, i) => ids.indexOf(id) !== i)).toEqual([]);
  });

  test('4. Applications are health-assessed, retry, and come in waves: releases by level, then configuration, then teams', () => {
    const patches = kustomization(out, 'eks', 'bootstrap').patches.map((p: any) => readYamlDocumentsFromString(p.patch)[0]);
    const cm = patches.find((p: any) => p.metadata.name === 'argocd-cm').data;
    // The check Argo CD documents for app-of-apps with sync waves (argoproj/argo-cd@v3.4.7:docs/operator-manual/health.md).
    expect(cm['resource.customizations.health.argoproj.io_Application']).toBe([
      'hs = {}', 'hs.status = "Progressing"', 'hs.message = ""', 'if obj.status ~= nil then', '  if obj.status.health ~= nil then',
      '    hs.status = obj.status.health.status', '    if obj.status.health.message ~= nil then', '      hs.message = obj.status.health.message',
      '    end', '  end', 'end', 'return hs', '',
    ].join('\n'));
    const appSet = objectsIn(out, 'eks', 'engine').find((o) => o.kind === 'ApplicationSet');
    const applications = [...out.kubernetes.eks.filter((o) => o.kind === 'Application'), appSet.spec.template];
    for (const application of applications) {
      expect(application.spec.syncPolicy.retry).toEqual({ limit: -1, refresh: true, backoff: { duration: '15s', factor: 2, maxDuration: '5m' } });
    }
    const wave = (o: any) => Number(o.metadata.annotations?.['argocd.argoproj.io/sync-wave'] ?? 0);
    const releases = objectsIn(out, 'eks', 'layers/releases');
    const config = objectsIn(out, 'eks', 'layers/config');
    const teams = objectsIn(out, 'eks', 'layers/teams');
    expect(Math.min(...config.map(wave))).toBeGreaterThan(Math.max(...releases.map(wave)));
    expect(Math.min(...teams.map(wave))).toBeGreaterThan(Math.max(...config.map(wave)));
    // Only custom resources skip the dry run, and only because their CRD comes from an earlier wave of the same sync.
    const skipping = [...releases, ...config, ...teams].filter((o) => o.metadata.annotations?.['argocd.argoproj.io/sync-options'] === 'SkipDryRunOnMissingResource=true');
    expect([...new Set(skipping.map((o) => o.kind))].sort()).toEqual(['Certificate', 'ClusterIssuer', 'ClusterPolicy']);
    expect(releases.filter((o) => o.kind === 'Application').every((o) => !o.metadata.annotations['argocd.argoproj.io/sync-options'])).toBe(true);
  });

  test('5. deploy-time values: the root Application patches every placeholder from the cluster Secret; the values step writes it', () => {
    const appSet = objectsIn(out, 'aks', 'engine').find((o) => o.kind === 'ApplicationSet');
    expect(appSet.spec.generators).toEqual([{ clusters: { selector: { matchLabels: { 'fleet.cdk-fleet.io/cluster': 'aks' } } } }]);
    expect(appSet.spec.goTemplateOptions).toEqual(['missingkey=error']);
    const patches = appSet.spec.template.spec.source.kustomize.patches;
    expect(patches.map((p: any) => p.target)).toEqual([
      { group: 'argoproj.io', version: 'v1alpha1', kind: 'Application', name: 'cert-manager', namespace: 'argocd' },
      { group: 'cert-manager.io', version: 'v1', kind: 'ClusterIssuer', name: 'letsencrypt' },
      { version: 'v1', kind: 'ServiceAccount', name: 'payments', namespace: 'payments' },
    ]);
    expect(JSON.parse(patches[1].patch)).toEqual([{
      op: 'replace',
      path: '/spec/acme/solvers/0/dns01/azureDNS/managedIdentity/clientID',
      value: '{{ if not (index .metadata.annotations `values.fleet.cdk-fleet.io/aks_cert_manager_cert_manager_client_id`) }}'
        + '{{ fail `the cluster Secret has no value for values.fleet.cdk-fleet.io/aks_cert_manager_cert_manager_client_id: run the delivery\'s values step` }}{{ end }}'
        + '{{ index .metadata.annotations `values.fleet.cdk-fleet.io/aks_cert_manager_cert_manager_client_id` }}',
    }]);
    const values = stepsOf(out, 'aks').find((s: any) => s.name === 'values');
    expect(values.values).toEqual({
      kind: 'Secret',
      namespace: 'argocd',
      name: 'fleet-cluster',
      entries: [
        { variable: 'aks_cert_manager_cert_manager_client_id', key: 'values.fleet.cdk-fleet.io/aks_cert_manager_cert_manager_client_id', stack: 'azure-westeurope', output: 'aks_cert_manager_cert_manager_client_id' },
        { variable: 'aks_payments_payments_client_id', key: 'values.fleet.cdk-fleet.io/aks_payments_payments_client_id', stack: 'azure-westeurope', output: 'aks_payments_payments_client_id' },
      ],
    });
    expect(values.run[0]).toContain('"values.fleet.cdk-fleet.io/aks_payments_payments_client_id":"${aks_payments_payments_client_id:?set aks_payments_payments_client_id to the output aks_payments_payments_client_id of stack azure-westeurope}"');
    // An AWS cluster has nothing to fill, and its root Application no patches.
    expect(objectsIn(out, 'eks', 'engine').find((o) => o.kind === 'ApplicationSet').spec.template.spec.source.kustomize).toBeUndefined();
  });

  (kubectl ? test : test.skip)('5. real kustomize applies the root Application\'s patches: no placeholder is left (skipped without kubectl)', () => {
    const appSet = objectsIn(out, 'aks', 'engine').find((o) => o.kind === 'ApplicationSet');
    // What the ApplicationSet renders from the cluster Secret, then what the repo server builds.
    const patches = appSet.spec.template.spec.source.kustomize.patches.map((p: any) => ({ ...p, patch: p.patch.replace(/\{\{ index [^}]+ \}\}/g, 'rendered-client-id') }));
    const dir = copyOf(out, 'aks');
    const file = path.join(dir, 'layers', 'kustomization.yaml');
    fs.writeFileSync(file, JSON.stringify({ ...readYamlDocuments(file)[0], patches }));
    const built = execFileSync('kubectl', ['kustomize', path.join(dir, 'layers')], { encoding: 'utf-8' });
    expect(built).not.toMatch(/\$\{/);
    expect(built.match(/rendered-client-id/g)).toHaveLength(3);
  });

  test('7. the root Application syncs the folder the pipeline commits: gitOps.path, not cdktf.out', () => {
    const appSet = objectsIn(out, 'edge', 'engine').find((o) => o.kind === 'ApplicationSet');
    expect(appSet.spec.template.spec.source).toEqual({ repoURL: REPO, targetRevision: 'main', path: 'clusters/edge/layers' });
    expect(kustomization(out, 'edge', 'layers').resources).toEqual(['releases', 'config', 'teams']);
  });

  test('8. sign-in through OIDC with read-only by default, admin groups administer; local admin off', () => {
    const patches = kustomization(out, 'edge', 'bootstrap').patches.map((p: any) => readYamlDocumentsFromString(p.patch)[0]);
    const cm = patches.find((p: any) => p.metadata.name === 'argocd-cm').data;
    expect(cm).toMatchObject({ 'admin.enabled': 'false', 'exec.enabled': 'false', 'url': 'https://argocd.edge.acme.example' });
    expect(cm['oidc.config']).toBe('name: SSO\nissuer: "https://login.acme.example"\nclientID: "argocd"\nenablePKCEAuthentication: true\nrequestedScopes: ["openid","profile","email","groups"]\n');
    expect(patches.find((p: any) => p.metadata.name === 'argocd-rbac-cm').data).toEqual({
      'policy.default': '', 'policy.csv': 'g, platform-engineers, role:admin\n', 'scopes': '[groups]',
    });
    expect(out.report).not.toContain('Argo CD has no sign-in');
  });

  test('8. the platform project names the namespaces and cluster kinds the platform uses (team namespaces are the platform\'s), never a wildcard', () => {
    const project = objectsIn(out, 'eks', 'engine').find((o) => o.kind === 'AppProject');
    expect(project.spec.destinations.map((d: any) => d.namespace)).toEqual(
      ['argocd', 'cert-manager', 'fleet-system', 'kube-system', 'kyverno', 'payments']);
    expect(project.spec.clusterResourceWhitelist).toEqual([
      { group: '', kind: 'Namespace' },
      { group: 'admissionregistration.k8s.io', kind: 'MutatingWebhookConfiguration' },
      { group: 'admissionregistration.k8s.io', kind: 'ValidatingWebhookConfiguration' },
      { group: 'apiextensions.k8s.io', kind: 'CustomResourceDefinition' },
      { group: 'apiregistration.k8s.io', kind: 'APIService' },
      { group: 'cert-manager.io', kind: 'ClusterIssuer' },
      { group: 'kyverno.io', kind: 'ClusterPolicy' },
      { group: 'rbac.authorization.k8s.io', kind: 'ClusterRole' },
      { group: 'rbac.authorization.k8s.io', kind: 'ClusterRoleBinding' },
      { group: 'storage.k8s.io', kind: 'StorageClass' },
    ]);
    expect(JSON.stringify(project)).not.toContain('"*"');
    expect(project.spec.sourceRepos).toEqual([
      'https://charts.jetstack.io', REPO, 'https://kubernetes-sigs.github.io/metrics-server/', 'https://kyverno.github.io/kyverno/',
    ]);
  });

  test('the README\'s "How a cluster comes up" lists the generated steps, in order', () => {
    const readme = fs.readFileSync(path.join(__dirname, '..', '..', 'README.md'), 'utf-8');
    const section = readme.slice(readme.indexOf('### How a cluster comes up'), readme.indexOf('What the engine then syncs'));
    const listed = [...section.matchAll(/^\d\. \*\*([a-z-]+)\*\*/gm)].map((m) => m[1]);
    expect(listed).toEqual(stepsOf(out, 'aks').map((s: any) => s.name));
  });

  test('the cluster folder holds the script of its steps, the same commands fleet.json lists', () => {
    const script = fs.readFileSync(path.join(out.outdir, 'kubernetes', 'aks', 'deliver.sh'), 'utf-8');
    expect(() => fs.accessSync(path.join(out.outdir, 'kubernetes', 'aks', 'deliver.sh'), fs.constants.X_OK)).not.toThrow();
    for (const step of stepsOf(out, 'aks')) {
      for (const line of step.run) {
        expect(script).toContain(line);
      }
    }
    expect(script.indexOf('-k bootstrap')).toBeLessThan(script.indexOf('kubectl wait --for=condition=Established'));
    expect(script.indexOf('kubectl wait --for=condition=Established')).toBeLessThan(script.indexOf('-k engine'));
    expect(out.plan.clusters.find((c: any) => c.name === 'aks').delivery).toMatchObject({ engine: 'argo-cd', script: 'kubernetes/aks/deliver.sh' });
  });
});

describe('delivery under Flux', () => {
  let out: SynthesizedFleet;
  beforeAll(() => {
    out = synthFleet({ engine: GitOpsEngine.FLUX, revision: 'release' });
  });

  test('1. the install lands in flux-system; kustomize-controller substitutes strictly; the controllers are locked down for tenants', () => {
    const bootstrap = kustomization(out, 'eks', 'bootstrap');
    expect(bootstrap).toMatchObject({ namespace: 'flux-system', resources: ['https://github.com/fluxcd/flux2/releases/download/v2.8.8/install.yaml'] });
    const flags = (controller: string) => JSON.parse(bootstrap.patches.find((p: any) => p.target.name === controller).patch)
      .map((op: any) => op.value);
    expect(flags('kustomize-controller')).toEqual(['--feature-gates=StrictPostBuildSubstitutions=true', '--no-cross-namespace-refs=true',
      '--no-remote-bases=true', '--default-service-account=default']);
    expect(flags('helm-controller')).toEqual(['--no-cross-namespace-refs=true', '--default-service-account=default']);
    for (const controller of ['notification-controller', 'image-reflector-controller', 'image-automation-controller', 'source-watcher']) {
      expect(flags(controller)).toEqual(['--no-cross-namespace-refs=true']);
    }
    // Locked down, a Flux object without a service account can do nothing: the platform's own act as the controllers.
    const platform = [...objectsIn(out, 'eks', 'engine'), ...objectsIn(out, 'eks', 'layers/releases')]
      .filter((o: any) => ['Kustomization', 'HelmRelease'].includes(o.kind));
    expect(platform.length).toBeGreaterThan(0);
    for (const o of platform) {
      expect(o.spec.serviceAccountName).toBe(o.kind === 'Kustomization' ? 'kustomize-controller' : 'helm-controller');
    }
    // install.yaml brings its own Namespace.
    expect(objectsIn(out, 'eks', 'bootstrap')).toEqual([]);
  });

  (kubectl ? test : test.skip)('1. real kustomize puts the strict-substitution flag on the kustomize-controller (skipped without kubectl)', () => {
    const dir = copyOf(out, 'eks');
    const controller = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'kustomize-controller' },
      spec: { template: { spec: { containers: [{ name: 'manager', args: ['--watch-all-namespaces=true'] }] } } },
    };
    fs.writeFileSync(path.join(dir, 'bootstrap', 'install.yaml'), JSON.stringify(controller));
    const file = path.join(dir, 'bootstrap', 'kustomization.yaml');
    fs.writeFileSync(file, fs.readFileSync(file, 'utf-8').replace(/^ {2}- https:\/\/\S+$/m, '  - install.yaml'));
    const built = execFileSync('kubectl', ['kustomize', path.join(dir, 'bootstrap')], { encoding: 'utf-8' });
    expect(built).toContain('- --watch-all-namespaces=true\n        - --feature-gates=StrictPostBuildSubstitutions=true');
    expect(built).toContain('namespace: flux-system');
  });

  test('healthy means synced at the published commit: with FLEET_REVISION the source is refreshed and the last layer must have applied that commit', () => {
    const healthy = stepsOf(out, 'eks').find((st: any) => st.name === 'healthy');
    const root = healthy.wait.resource.split('/')[1];
    expect(healthy.wait.revision).toEqual({
      jsonpath: '{.status.lastAppliedRevision}',
      value: 'release@sha1:$FLEET_REVISION',
      refresh: 'gitrepositories.source.toolkit.fluxcd.io/fleet',
      annotation: 'reconcile.fluxcd.io/requestedAt="$(date +%s)"',
      fieldManager: 'flux-client-side-apply',
    });
    const line = healthy.run.find((l: string) => l.includes('FLEET_REVISION'));
    expect(line).toBe('if [ -n "${FLEET_REVISION:-}" ]; then kubectl -n flux-system annotate gitrepositories.source.toolkit.fluxcd.io/fleet ' +
      'reconcile.fluxcd.io/requestedAt="$(date +%s)" --overwrite --field-manager=flux-client-side-apply && ' +
      `kubectl -n flux-system wait kustomizations.kustomize.toolkit.fluxcd.io/${root} --for="jsonpath={.status.lastAppliedRevision}=release@sha1:$FLEET_REVISION" --timeout=15m; fi`);
    // Before the readiness wait, which the previous commit may still satisfy.
    expect(healthy.run.indexOf(line)).toBeLessThan(healthy.run.findIndex((l: string) => l.includes('--for=condition=Ready')));
  });

  test('3. one owner: the pipeline\'s bootstrap owns Flux; nothing in Git manages it as well', () => {
    expect(kustomization(out, 'eks', 'engine').resources).toEqual(['10-flux.k8s.yaml']);
    const kustomizations = out.kubernetes.eks.filter((o) => o.kind === 'Kustomization');
    expect(kustomizations.every((k) => !k.spec.path.endsWith('/engine') && !k.spec.path.endsWith('/bootstrap'))).toBe(true);
  });

  test('6. custom resources sit in their own layer, after the releases are ready; teams after them', () => {
    const kustomizations = out.kubernetes.eks.filter((o) => o.kind === 'Kustomization');
    expect(kustomizations.map((k) => [k.metadata.name, k.spec.path, k.spec.wait, k.spec.dependsOn])).toEqual([
      ['fleet-eks-releases', './clusters/eks/layers/releases', true, undefined],
      ['fleet-eks-config', './clusters/eks/layers/config', true, [{ name: 'fleet-eks-releases' }]],
      ['fleet-eks-teams', './clusters/eks/layers/teams', true, [{ name: 'fleet-eks-config' }]],
    ]);
    expect(objectsIn(out, 'eks', 'layers/releases').filter((o) => !['HelmRelease', 'HelmRepository'].includes(o.kind)).every((o) => !o.apiVersion.includes('.io/') || o.apiVersion.startsWith('rbac') || o.apiVersion.startsWith('storage'))).toBe(true);
    expect(objectsIn(out, 'eks', 'layers/config').map((o) => o.kind)).toContain('ClusterIssuer');
    const source = out.kubernetes.eks.find((o) => o.kind === 'GitRepository');
    expect(source.spec).toEqual({ url: REPO, ref: { branch: 'release' }, interval: '1m' });
  });

  test('5. every layer substitutes the deploy-time values from the ConfigMap the values step writes', () => {
    for (const k of out.kubernetes.aks.filter((o) => o.kind === 'Kustomization')) {
      expect(k.spec.postBuild).toEqual({ substitute: { fleet_cluster: 'aks' }, substituteFrom: [{ kind: 'ConfigMap', name: 'fleet-cluster-values' }] });
    }
    const values = stepsOf(out, 'aks').find((s: any) => s.name === 'values');
    expect(values.values).toMatchObject({ kind: 'ConfigMap', namespace: 'flux-system', name: 'fleet-cluster-values' });
    expect(values.values.entries.map((e: any) => e.key)).toEqual(['aks_cert_manager_cert_manager_client_id', 'aks_payments_payments_client_id']);
    expect(stepsOf(out, 'aks').find((s: any) => s.name === 'healthy').wait).toMatchObject({
      resource: 'kustomizations.kustomize.toolkit.fluxcd.io/fleet-aks-teams', namespace: 'flux-system', conditions: ['condition=Ready'],
    });
  });
});

describe('GitOps settings: clear errors and warnings', () => {
  test('gitOps.path is required and names a folder of the repository', () => {
    expect(errorOf(() => emptyFleet({ gitOps: { repoUrl: REPO } as any }))).toBe(
      "test: 'gitOps.path' must name the folder of the repository where the cluster folders (cdktf.out/kubernetes/*) are committed, relative to its root, got undefined. "
      + "Fix: give e.g. path: 'clusters', and have the pipeline copy cdktf.out/kubernetes/ there and commit it");
    expect(errorOf(() => emptyFleet({ gitOps: { repoUrl: REPO, path: '../elsewhere' } }))).toContain("'gitOps.path' must name the folder");
    expect(errorOf(() => emptyFleet({ gitOps: { repoUrl: REPO, path: '/abs' } }))).toContain("'gitOps.path' must name the folder");
  });

  test('a path inside cdktf.out is warned about: cdktf projects do not commit it', () => {
    const { fleet } = emptyFleet({ gitOps: { repoUrl: REPO, path: 'cdktf.out/kubernetes', argoCd: { sso: SSO } } });
    expect(fleet.warnings.map((w) => w.message)).toEqual([
      "gitOps.path 'cdktf.out/kubernetes' is inside cdktf.out, which cdktf projects keep out of Git: the clusters would find nothing to sync unless that folder is committed",
    ]);
  });

  test('Argo CD without SSO is warned about; with Flux there is nothing to sign in to', () => {
    expect(emptyFleet({ gitOps: { repoUrl: REPO, path: 'clusters' } }).fleet.warnings.map((w) => w.message)).toEqual([
      'Argo CD has no sign-in: its local admin is off and gitOps.argoCd.sso is not set, so only `argocd --core` with cluster access reaches it. Set gitOps.argoCd.sso for the UI',
    ]);
    expect(emptyFleet({ gitOps: { repoUrl: REPO, path: 'clusters', engine: GitOpsEngine.FLUX } }).fleet.warnings).toEqual([]);
  });

  test('Flux refuses scp-like Git addresses and says how to write them', () => {
    expect(errorOf(() => emptyFleet({ gitOps: { repoUrl: 'git@github.com:acme/fleet.git', path: 'clusters', engine: GitOpsEngine.FLUX } }))).toBe(
      "test: 'gitOps.repoUrl' is an scp-like address, which Flux does not accept, got \"git@github.com:acme/fleet.git\". Fix: write it as ssh://, e.g. 'ssh://git@github.com/acme/fleet.git'");
  });

  test('SSO settings are checked one by one', () => {
    const sso = (over: object) => () => emptyFleet({ gitOps: { repoUrl: REPO, path: 'clusters', argoCd: { sso: { ...SSO, ...over } as any } } });
    expect(errorOf(sso({ url: 'argocd.acme.example' }))).toBe(
      "test: 'gitOps.argoCd.sso.url' must be an https URL, got \"argocd.acme.example\". Fix: give the URL people open Argo CD at, e.g. 'https://argocd.{cluster}.acme.example'");
    expect(errorOf(sso({ issuer: null }))).toContain("'gitOps.argoCd.sso.issuer' must be an https URL, got null");
    expect(errorOf(sso({ clientId: ' ' }))).toContain("'gitOps.argoCd.sso.clientId' must be the client id registered with the issuer");
    expect(errorOf(sso({ adminGroups: 'platform' }))).toContain("'gitOps.argoCd.sso.adminGroups' must list at least one group (no spaces or commas), got \"platform\"");
    expect(errorOf(sso({ adminGroups: ['a, b'] }))).toContain("'gitOps.argoCd.sso.adminGroups' must list at least one group");
    expect(errorOf(sso({ clientSecretKey: '$oidc' }))).toContain("'gitOps.argoCd.sso.clientSecretKey' must be a key of the argocd-secret Secret");
    expect(errorOf(sso({ requestedScopes: ['groups'] }))).toContain("'gitOps.argoCd.sso.requestedScopes' must include 'openid'");
    expect(errorOf(() => emptyFleet({ gitOps: { repoUrl: REPO, path: 'clusters', engine: GitOpsEngine.FLUX, argoCd: { sso: SSO } } }))).toContain(
      "'gitOps.argoCd.sso' configures Argo CD, but the fleet uses Flux");
  });

  test('a client secret is referenced in argocd-secret, never written', () => {
    const out = synthFleet({ argoCd: { sso: { ...SSO, clientSecretKey: 'oidc.clientSecret' } } });
    const cm = kustomization(out, 'edge', 'bootstrap').patches.map((p: any) => readYamlDocumentsFromString(p.patch)[0]).find((p: any) => p.metadata.name === 'argocd-cm').data;
    expect(cm['oidc.config']).toContain('clientSecret: "$oidc.clientSecret"');
    expect(cm['oidc.config']).not.toContain('enablePKCEAuthentication');
  });

  test('a custom resource put into the bootstrap layer is refused at synth', () => {
    const { app, fleet } = emptyFleet({ gitOps: { repoUrl: REPO, path: 'clusters', argoCd: { sso: SSO } } });
    const edge = addAttached(fleet, 'edge');
    const chart = edge.addChart('early', { layer: 'bootstrap' as any });
    new ApiObject(chart, 'issuer', { apiVersion: 'cert-manager.io/v1', kind: 'ClusterIssuer', metadata: { name: 'early' } });
    expect(errorOf(() => FleetTesting.synth(app))).toContain(
      "test/edge: cert-manager.io/v1 ClusterIssuer 'early' is in the bootstrap layer, which is applied before any CRD exists. Fix: put it in DeliveryLayer.CONFIG");
  });

  test('a chart in a layer that does not exist is refused', () => {
    const { fleet } = emptyFleet({ gitOps: { repoUrl: REPO, path: 'clusters', argoCd: { sso: SSO } } });
    const edge = addAttached(fleet, 'edge');
    expect(errorOf(() => edge.addChart('x', { layer: 'later' as any }))).toBe(
      "test/edge: 'charts['x'].layer' is not a delivery layer, got \"later\". Fix: use one of DeliveryLayer.BOOTSTRAP, DeliveryLayer.ENGINE, DeliveryLayer.RELEASES, DeliveryLayer.CONFIG, DeliveryLayer.TEAMS, DeliveryLayer.TEAM_APPS");
  });
});

describe('without GitOps', () => {
  test('the pipeline applies the layers itself, in order', () => {
    const { app, fleet } = emptyFleet();
    addAttached(fleet, 'edge');
    const out = FleetTesting.synth(app);
    expect(out.plan.clusters[0].delivery).toEqual({
      engine: null,
      script: 'kubernetes/edge/deliver.sh',
      steps: [{ name: 'apply-releases', description: 'Apply the releases layer', apply: 'kubernetes/edge/layers/releases', run: ['kubectl apply --server-side --force-conflicts -k layers/releases'] }],
    });
  });
});

function readYamlDocumentsFromString(text: string): any[] {
  return YAML.parseAllDocuments(text).map((d) => d.toJSON());
}
