import * as fs from 'fs';
import { App, TerraformStack } from 'cdktf';
import { AttachedCluster, AwsCluster, AzureCluster, CertManager, ExternalDns, Fleet, FleetTesting, KubePrometheusStack, Kyverno, MetricsServer, Team, Velero } from '../../src';
import { addAws, addAzure, emptyFleet, errorOf, FLEET_PROPS } from '../support/fixtures';

/**
 * Mistakes a platform engineer makes, as a JavaScript caller (or a variable
 * not yet assigned) makes them: each gets the fleet's error (path, property,
 * value, fix) instead of a crash or a silent acceptance, and nothing is
 * written.
 */
const GITOPS = { repoUrl: 'https://github.com/acme/fleet.git', path: 'clusters' };
const ROLE = 'arn:aws:iam::111122223333:role/team';
const QUOTA = { cpu: '4', memory: '8Gi' };

/** Nothing of the fleet's output: no stack, no fleet.json, no report, no YAML (cdktf makes the empty stacks folder itself). */
function nothingWritten(app: App): void {
  const written = fs.readdirSync(app.outdir, { recursive: true }) as string[];
  expect(written.filter((f) => f !== 'stacks')).toEqual([]);
}

describe('ordinary mistakes', () => {
  test('constructors called without props', () => {
    const app = FleetTesting.app();
    expect(errorOf(() => new Fleet(app, 'acme', null as any))).toBe(
      "acme: 'props' must be an object of properties, got null. Fix: pass them, e.g. new Fleet(app, 'acme', { kubernetesVersion: '1.35' })");
    const { app: app2, fleet } = emptyFleet();
    expect(errorOf(() => new (AwsCluster as any)(fleet, 'prod'))).toBe(
      "test/prod: 'props' must be an object of properties, got undefined. " +
      "Fix: pass them, e.g. new AwsCluster(fleet, 'prod', { region: 'us-east-1', cidr: '10.10.0.0/16', nodePools: [...] })");
    expect(errorOf(() => new (AzureCluster as any)(fleet, 'z'))).toMatch(/^test\/z: 'props' must be an object of properties, got undefined\. Fix: pass them, e\.g\. new AzureCluster/);
    expect(errorOf(() => new (AttachedCluster as any)(fleet, 'edge'))).toMatch(/^test\/edge: 'props' must be an object of properties, got undefined\. Fix: pass them, e\.g\. new AttachedCluster/);
    expect(errorOf(() => new (Team as any)(fleet, 'payments'))).toMatch(/^test\/payments: 'props' must be an object of properties, got undefined\. Fix: pass them, e\.g\. new Team\(fleet, 'payments'/);
    nothingWritten(app2);
  });

  test('add-ons and cluster methods given null or a string for their options', () => {
    expect(errorOf(() => new Kyverno(null as any))).toBe(
      "add-on 'kyverno': 'options' must be an object of options, got null. Fix: pass them as an object, e.g. new Kyverno({ … }), or no argument");
    expect(errorOf(() => new Velero(null as any))).toContain("add-on 'velero': 'options' must be an object of options, got null");
    expect(errorOf(() => new CertManager('letsencrypt' as any))).toContain("add-on 'cert-manager': 'options' must be an object of options, got \"letsencrypt\"");
    expect(errorOf(() => new KubePrometheusStack(null as any))).toContain("add-on 'kube-prometheus-stack': 'options' must be an object of options");
    expect(errorOf(() => new (ExternalDns as any)())).toContain("add-on 'external-dns': 'options' must be an object of options, got undefined");
    const { fleet } = emptyFleet({ awsAccountId: '111122223333' });
    const eks = addAws(fleet, 'eks', 'us-east-1', '10.1.0.0/16');
    expect(errorOf(() => eks.bindWorkloadIdentity(null as any))).toBe(
      "test/aws-us-east-1/eks: 'bindWorkloadIdentity' must be an object of options, got null. " +
      "Fix: pass them, e.g. cluster.bindWorkloadIdentity({ namespace: 'shop', serviceAccount: 'web', policyArns: [...] })");
  });

  test('service requests without options', () => {
    const { fleet } = emptyFleet();
    const team = new Team(fleet, 'payments', { members: { awsRoleArns: [ROLE] }, quota: QUOTA });
    expect(errorOf(() => (team as any).addPostgres('ledger'))).toBe(
      "test/payments: 'addPostgres('ledger')' must be an object of options, got undefined. " +
      "Fix: pass them, e.g. team.addPostgres('ledger', { environment: 'prod', storage: '20Gi' })");
    expect(errorOf(() => (team as any).addRoute('shop'))).toMatch(/^test\/payments: 'addRoute\('shop'\)' must be an object of options, got undefined\. Fix: pass them/);
  });

  test('strings where booleans belong: \'false\' from an environment variable would turn the flag on', () => {
    const { fleet } = emptyFleet();
    expect(errorOf(() => addAws(fleet, 'a', 'us-east-1', '10.1.0.0/16', { disposable: 'false' }))).toBe(
      "test/aws-us-east-1/a: 'disposable' must be true or false, got \"false\". Fix: pass a boolean, not a string: a string is always truthy " +
      "(e.g. disposable: process.env.X === 'true')");
    expect(errorOf(() => addAws(fleet, 'b', 'us-east-1', '10.2.0.0/16', { nodePools: [{ name: 'general', size: 'm6i.large', spot: 'false' }] })))
      .toContain("'nodePools[0].spot' must be true or false, got \"false\"");
    expect(errorOf(() => addAzure(fleet, 'c', 'westeurope', '10.3.0.0/16', { hostEncryption: 'yes' }))).toContain("'hostEncryption' must be true or false, got \"yes\"");
    expect(errorOf(() => new Team(fleet, 't', { members: { awsRoleArns: [ROLE] }, quota: QUOTA, clusterAdmin: 'false' as any }))).toContain("'clusterAdmin' must be true or false");
    expect(errorOf(() => addAws(fleet, 'd', 'us-east-1', '10.4.0.0/16', { nodePools: 'general' }))).toContain("'nodePools' must list at least one node pool");
    // A name where an object or a list belongs.
    expect(errorOf(() => new Team(fleet, 'u', { members: 'payments' as any, quota: QUOTA }))).toMatch(/^test\/u: 'members' must be an object of options, got "payments"/);
    expect(errorOf(() => new Team(fleet, 'v', { members: { awsRoleArns: ROLE as any }, quota: QUOTA }))).toBe(
      `test/v: 'members.awsRoleArns' must be a list, got "${ROLE}". Fix: give a list, e.g. awsRoleArns: ['…']`);
  });

  test('values of the wrong type or shape that clouds or Terraform would refuse later', () => {
    expect(errorOf(() => emptyFleet({ awsAccountId: 111122223333 as any }))).toBe(
      "test: 'awsAccountId' must be a 12-digit AWS account id, got 111122223333. Fix: use the account id as a string, e.g. '111122223333'");
    expect(errorOf(() => emptyFleet({ awsStateBackend: { bucket: 'state-b', region: 'us-east-1', roleArn: 'terraform-state' } }))).toBe(
      "test: 'awsStateBackend.roleArn' is not an IAM role ARN, got \"terraform-state\". Fix: use the role's ARN, e.g. 'arn:aws:iam::111122223333:role/terraform-state'");
    expect(errorOf(() => emptyFleet({ gitOps: { ...GITOPS, revision: 'main branch' } }))).toContain("'gitOps.revision' must be a branch name, got \"main branch\"");
    expect(errorOf(() => emptyFleet({ tags: { 'acme/team': 'x' } }))).toContain("'tags' has a key AWS or Azure refuses");
    expect(errorOf(() => emptyFleet({ tags: { team: 'a&b' } }))).toContain("'tags.team' must be a string of at most 256 letters, digits, spaces and _.:/=+-@");
  });

  test('a cluster\'s name where the cluster belongs, and overrides of the wrong type', () => {
    const { fleet } = emptyFleet({ gitOps: GITOPS });
    const eks = addAws(fleet, 'eks', 'us-east-1', '10.1.0.0/16');
    fleet.addAddOn(new MetricsServer());
    expect(errorOf(() => fleet.overrideAddOn('eks' as any, 'metrics-server', { remove: true, reason: 'x' }))).toBe(
      "test: 'overrideAddOn' must be given the cluster itself, not its name, got \"eks\". " +
      "Fix: pass the cluster object: const c = new AwsCluster(fleet, ...); fleet.overrideAddOn(c, 'metrics-server', {...})");
    expect(errorOf(() => fleet.overrideAddOn(eks, 'metrics-server', { remove: 'true' as any, reason: 'x' }))).toContain(
      "'overrideAddOn('eks', 'metrics-server').remove' must be true or false, got \"true\"");
    expect(errorOf(() => fleet.overrideAddOn(eks, 'metrics-server', { version: 3.13 as any, reason: 'x' }))).toContain(
      "'overrideAddOn('eks', 'metrics-server').version' must be a version string, got 3.13");
    expect(errorOf(() => fleet.overrideAddOn(eks, 'metrics-server', null as any))).toContain("'overrideAddOn('eks', 'metrics-server')' must be an object");
  });

  test('constructs in the wrong place: a second Fleet, a Fleet in the user\'s stack, a cluster under a team, an App that skips validation', () => {
    const app = FleetTesting.app();
    new Fleet(app, 'one', FLEET_PROPS);
    expect(errorOf(() => new Fleet(app, 'two', FLEET_PROPS))).toBe(
      'two: is the second Fleet in this App (after one); both would write cdktf.out/fleet.json, the report and kubernetes/. ' +
      'Fix: keep one Fleet per App (a fleet holds any number of clusters, regions and clouds)');
    const app2 = FleetTesting.app();
    const stack = new TerraformStack(app2, 'mine');
    expect(errorOf(() => new Fleet(stack, 'acme', FLEET_PROPS))).toMatch(/^mine\/acme: is inside mine, not directly in the App\. Fix: create the fleet with the App as its scope/);
    const { fleet } = emptyFleet();
    const team = new Team(fleet, 'payments', { members: { awsRoleArns: [ROLE] }, quota: QUOTA });
    expect(errorOf(() => new AwsCluster(team, 'prod', { region: 'us-east-1', cidr: '10.1.0.0/16', nodePools: [{ name: 'general', size: 'm6i.large' }] }))).toBe(
      "test/payments/prod: has test/payments as its scope, not the fleet. Fix: create the cluster with the Fleet as its scope, e.g. new AwsCluster(fleet, 'prod', {...}); " +
      'teams choose their clusters with clusters: {...}');
    const skipping = new App({ outdir: fs.mkdtempSync(`${app.outdir}-skip`), skipValidation: true });
    expect(errorOf(() => new Fleet(skipping, 'edge', FLEET_PROPS))).toMatch(/^edge: is in an App created with skipValidation: true; .* Fix: create the App without skipValidation/);
    nothingWritten(skipping);
    fs.rmSync(skipping.outdir, { recursive: true, force: true });
  });

  test('a team\'s selector: an unknown wave is refused, and a cloud it asks for but never gets is a problem', () => {
    const { fleet } = emptyFleet();
    expect(errorOf(() => new Team(fleet, 't', { members: { awsRoleArns: [ROLE] }, quota: QUOTA, clusters: { waves: ['canery'] } }))).toBe(
      "test/t: 'clusters.waves' is not a wave of the fleet, got \"canery\". Fix: use 'canary', 'main'");
    const { app, fleet: f2 } = emptyFleet();
    addAws(f2, 'eks', 'us-east-1', '10.1.0.0/16');
    new Team(f2, 'payments', { members: { awsRoleArns: [ROLE], azureGroupObjectIds: ['6f1d3c2e-8a4b-4c9d-9e7f-0a1b2c3d4e5f'] }, quota: QUOTA, clusters: { clouds: ['aws', 'azure'] as any } });
    expect(errorOf(() => app.synth())).toContain(
      "test/payments: 'clusters.clouds' asks for \"azure\", but no cluster the selector picks has it. Fix: remove \"azure\" from clusters.clouds, or add a cluster that matches");
    nothingWritten(app);
  });
});

describe('what a new user sees', () => {
  test('the synth summary prints the warnings it counts', () => {
    const { app, fleet } = emptyFleet();
    addAws(fleet, 'old', 'us-east-1', '10.3.0.0/16', { kubernetesVersion: '1.32', kubernetesVersionReason: 'vendor app not certified on 1.35' });
    app.synth();
    const summary = fleet.summary().split('\n');
    expect(summary).toContain(`  Report      ${app.outdir}/fleet-report.md  (1 warning, below)`);
    expect(summary[summary.length - 1]).toMatch(/^ {2}warning: test\/aws-us-east-1\/old: Kubernetes 1\.32 is past standard support on Amazon EKS/);
  });

  test('FleetTesting removes the temporary folders it made', () => {
    const app = FleetTesting.app();
    expect(fs.existsSync(app.outdir)).toBe(true);
    FleetTesting.cleanUp();
    expect(fs.existsSync(app.outdir)).toBe(false);
  });
});
