import * as fs from 'fs';
import * as path from 'path';
import * as yaml from 'yaml';
import { buildExampleFleet } from '../../examples/multi-cloud-fleet/fleet';
import { FleetTesting, GitOpsEngine, SynthesizedFleet, Team } from '../../src';
import { addAws, emptyFleet, errorOf } from '../support/fixtures';
import { validateKubernetesObjectsReport } from '../support/kubernetes-schemas';
import { tenantViolations } from '../support/tenant-isolation';

const PAYMENTS = {
  name: 'payments',
  namespaces: ['payments-dev', 'payments-prod'],
  repos: ['https://github.com/acme/payments-apps.git'],
  groups: ['payments-engineers', '7d6c5b4a-3e2f-4a1b-8c9d-0e1f2a3b4c5d'],
};
const PLATFORM = { name: 'platform', namespaces: ['platform'], repos: [], groups: ['platform-engineers', '3c2b1a09-8f7e-4d6c-9b5a-4a3b2c1d0e9f'] };

/** Every object a cluster's engine applies, and the bootstrap's patches of Argo CD's ConfigMaps. */
function clusterObjects(out: SynthesizedFleet, cluster: string): any[] {
  const bootstrap = yaml.parse(fs.readFileSync(path.join(out.outdir, 'kubernetes', cluster, 'bootstrap', 'kustomization.yaml'), 'utf-8'));
  const patches = (bootstrap.patches ?? []).filter((p: any) => !p.target).map((p: any) => yaml.parse(p.patch));
  return [...out.kubernetes[cluster], ...patches];
}

describe.each([GitOpsEngine.ARGO_CD, GitOpsEngine.FLUX])('a team delivers its own applications under %s', (engine) => {
  let out: SynthesizedFleet;
  beforeAll(() => {
    const app = FleetTesting.app();
    buildExampleFleet(app, { engine });
    out = FleetTesting.synth(app);
  });
  const teamClusters = ['prod-euc1', 'prod-neu', 'prod-use1'];

  test('on each of its clusters, in the layer after the teams\', schema-valid', () => {
    for (const cluster of teamClusters) {
      const files = out.kubernetesFiles[cluster].filter((f) => f.startsWith('layers/team-apps/'));
      expect(files).toEqual(['layers/team-apps/80-team-payments-apps.k8s.yaml', 'layers/team-apps/kustomization.yaml']);
      const objects = out.kubernetes[cluster].filter((o: any) => o.metadata?.labels?.['fleet.cdk-fleet.io/team'] === 'payments'
        && ['AppProject', 'ApplicationSet', 'GitRepository', 'Kustomization', 'ServiceAccount', 'RoleBinding'].includes(o.kind)
        && (o.kind !== 'RoleBinding' || o.metadata.name === 'team-gitops') && (o.kind !== 'ServiceAccount' || o.metadata.name === 'team-gitops'));
      expect(objects.map((o: any) => o.kind).sort()).toEqual(engine === GitOpsEngine.ARGO_CD
        ? ['AppProject', 'ApplicationSet']
        : ['GitRepository', 'GitRepository', 'Kustomization', 'Kustomization', 'RoleBinding', 'RoleBinding', 'ServiceAccount', 'ServiceAccount']);
      if (engine === GitOpsEngine.FLUX) {
        expect(out.kubernetes[cluster].filter((o: any) => o.kind === 'ClusterRole' && o.metadata.name === 'fleet-team-payments-delivery')).toHaveLength(1);
      }
      const report = validateKubernetesObjectsReport(objects);
      expect(report.validated).toBe(objects.length);
    }
    expect(out.kubernetesFiles['canary-usw2'].some((f) => f.startsWith('layers/team-apps/'))).toBe(false);
  });

  test('isolated: nothing reaches another team\'s namespace, a platform namespace or a cluster-scoped kind; the team\'s repositories are the only sources', () => {
    for (const cluster of teamClusters) {
      expect(tenantViolations(clusterObjects(out, cluster), [PAYMENTS, PLATFORM])).toEqual([]);
    }
  });

  test('the isolation check fails on a delivery that reaches further', () => {
    const objects = JSON.parse(JSON.stringify(clusterObjects(out, 'prod-use1')));
    if (engine === GitOpsEngine.ARGO_CD) {
      const project = objects.find((o: any) => o.kind === 'AppProject' && o.metadata.name === 'team-payments');
      project.spec.destinations.push({ server: 'https://kubernetes.default.svc', namespace: 'platform' });
      project.spec.clusterResourceWhitelist = [{ group: '*', kind: '*' }];
      project.spec.namespaceResourceWhitelist.push({ group: 'elbv2.k8s.aws', kind: 'TargetGroupBinding' });
      expect(tenantViolations(objects, [PAYMENTS, PLATFORM])).toEqual([
        'project team-payments reaches https://kubernetes.default.svc platform, outside the team\'s namespaces',
        'project team-payments allows cluster-scoped kinds: [{"group":"*","kind":"*"}]',
        'project team-payments lets the team\'s repository create elbv2.k8s.aws/TargetGroupBinding',
      ]);
    } else {
      const kustomization = objects.find((o: any) => o.kind === 'Kustomization' && o.metadata.namespace === 'payments-prod');
      delete kustomization.spec.targetNamespace;
      objects.push({
        apiVersion: 'rbac.authorization.k8s.io/v1',
        kind: 'ClusterRoleBinding',
        metadata: { name: 'oops' },
        roleRef: { kind: 'ClusterRole', name: 'cluster-admin' },
        subjects: [{ kind: 'ServiceAccount', name: 'team-gitops', namespace: 'payments-prod' }],
      });
      const role = objects.find((o: any) => o.kind === 'ClusterRole' && o.metadata.name === 'fleet-team-payments-delivery');
      role.rules.push({ apiGroups: ['networking.k8s.io'], resources: ['networkpolicies'], verbs: ['*'] });
      expect(tenantViolations(objects, [PAYMENTS, PLATFORM])).toEqual([
        'payments-dev/team-gitops is bound by RoleBinding team-gitops to fleet-team-payments-delivery, which grants networking.k8s.io/networkpolicies',
        'payments-prod/team-gitops is bound by RoleBinding team-gitops to fleet-team-payments-delivery, which grants networking.k8s.io/networkpolicies',
        'payments-prod/team-gitops is bound by ClusterRoleBinding oops to cluster-admin, which grants cluster-admin (not the team\'s delivery role)',
        'Kustomization payments-prod/team-payments applies into the namespaces its files name',
      ]);
    }
  });

  test('dev follows main, prod stays at the release promoted from dev; the report shows both', () => {
    const objects = out.kubernetes['prod-use1'];
    if (engine === GitOpsEngine.ARGO_CD) {
      const set = objects.find((o: any) => o.kind === 'ApplicationSet' && o.metadata.name === 'team-payments');
      expect(set.spec.generators[0].list.elements.map((e: any) => [e.environment, e.namespace, e.path, e.revision])).toEqual([
        ['dev', 'payments-dev', 'deploy/dev', 'main'], ['prod', 'payments-prod', 'deploy/prod', 'v1.4.2'],
      ]);
    } else {
      const refs = objects.filter((o: any) => o.kind === 'GitRepository' && o.metadata.name === 'team-payments').map((o: any) => [o.metadata.namespace, o.spec.ref]);
      expect(refs).toEqual([['payments-dev', { branch: 'main' }], ['payments-prod', { tag: 'v1.4.2' }]]);
    }
    expect(out.report).toContain('| payments | prod | payments-prod | https://github.com/acme/payments-apps.git | `deploy/prod` | tag `v1.4.2` (promoted from dev) | '
      + 'prod-euc1, prod-neu, prod-use1 |');
  });

  test('a team\'s failing application never holds the platform\'s delivery', () => {
    if (engine === GitOpsEngine.ARGO_CD) {
      // The root Application manages the ApplicationSet, not the Applications it generates (they are the ApplicationSet's).
      const set = out.kubernetes['prod-use1'].find((o: any) => o.kind === 'ApplicationSet' && o.metadata.name === 'team-payments');
      expect(set.metadata.namespace).toBe('argocd');
      expect(out.kubernetes['prod-use1'].some((o: any) => o.kind === 'Application' && o.spec?.project === 'team-payments')).toBe(false);
    } else {
      const layers = out.kubernetes['prod-use1'].filter((o: any) => o.kind === 'Kustomization' && o.metadata.namespace === 'flux-system');
      expect(layers.map((k: any) => [k.metadata.name, k.spec.wait])).toEqual([
        ['fleet-prod-use1-releases', true], ['fleet-prod-use1-config', true], ['fleet-prod-use1-teams', true], ['fleet-prod-use1-team-apps', false],
      ]);
    }
  });
});

test('team delivery: the mistakes, each with its fix', () => {
  const { fleet } = emptyFleet({ awsAccountId: '111122223333', gitOps: { repoUrl: 'https://github.com/acme/fleet.git', path: 'clusters' } });
  addAws(fleet, 'eks', 'us-east-1', '10.1.0.0/16');
  const team = (id: string, gitOps: any, environments = ['dev', 'prod']) => new Team(fleet, id, {
    members: { awsRoleArns: [`arn:aws:iam::111122223333:role/${id}`] }, environments, quota: { cpu: '1', memory: '1Gi' }, gitOps,
  });
  const repo = 'https://github.com/acme/shop-apps.git';
  expect(errorOf(() => team('a', { repoUrl: 'git@github.com:acme/shop-apps.git' }))).toBe(
    "test/a: 'gitOps.repoUrl' is not an HTTPS repository URL, got \"git@github.com:acme/shop-apps.git\". Fix: use e.g. 'https://github.com/acme/payments-apps.git'");
  expect(errorOf(() => team('b', { repoUrl: repo, environments: { staging: {} } }))).toBe(
    "test/b: 'gitOps.environments.staging' is not an environment of the team (dev, prod), got {}. Fix: name one of the team's environments");
  expect(errorOf(() => team('c', { repoUrl: repo, environments: { prod: { tag: 'v1', commit: 'a'.repeat(40) } } }))).toBe(
    `test/c: 'gitOps.environments.prod' names tag and commit; an environment follows one revision, got {"tag":"v1","commit":"${'a'.repeat(40)}"}. `
    + 'Fix: give one of branch, tag or commit');
  expect(errorOf(() => team('d', { repoUrl: repo, environments: { prod: { promotedFrom: 'dev' } } }))).toBe(
    "test/d: 'gitOps.environments.prod.promotedFrom' needs the environment to stay at a tag or commit, but it follows a branch, got \"dev\". "
    + "Fix: give prod the tag or commit that passed in dev, e.g. tag: 'v1.4.2'");
  expect(errorOf(() => team('e', { repoUrl: repo, environments: { prod: { tag: 'v2', promotedFrom: 'qa' } } }))).toBe(
    "test/e: 'gitOps.environments.prod.promotedFrom' is not another environment of the team, got \"qa\". Fix: name one of dev");
  expect(errorOf(() => team('f', { repoUrl: repo, path: '../other/{environment}' }))).toBe(
    "test/f: 'gitOps.path' must be a folder of the repository: relative, plain characters, no .., got \"../other/{environment}\". Fix: use e.g. 'deploy/{environment}'");
  expect(errorOf(() => team('g', { repoUrl: repo, environments: { dev: { commit: 'abc' } } }))).toBe(
    "test/g: 'gitOps.environments.dev.commit' is not a full commit id (40 hex digits), got \"abc\". Fix: give the whole commit id");

  const { app, fleet: bare } = emptyFleet({ awsAccountId: '111122223333' });
  addAws(bare, 'eks', 'us-east-1', '10.1.0.0/16');
  new Team(bare, 'shop', { members: { awsRoleArns: ['arn:aws:iam::111122223333:role/shop'] }, quota: { cpu: '1', memory: '1Gi' }, gitOps: { repoUrl: repo } });
  expect(errorOf(() => app.synth())).toContain("test/shop: gitOps: the team delivers its applications with the fleet's GitOps engine, but the fleet has none. "
    + "Fix: give the Fleet gitOps: { repoUrl, path } (Argo CD by default), or leave the team's gitOps out");
});
