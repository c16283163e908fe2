import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import * as yaml from 'yaml';
import { buildExampleFleet } from '../../examples/multi-cloud-fleet/fleet';
import { AwsCluster, CloudNativePg, Fleet, FleetTesting, SynthesizedFleet, Team, Velero } from '../../src';
import { diffOutputs } from '../../src/diff/fleet-diff';
import { cli, fakeCommand } from '../support/cli';
import { addAws, addAzure, emptyFleet, errorOf } from '../support/fixtures';

const ACCOUNT = '111122223333';

/** The fields of velero.io/v1 BackupStorageLocationSpec (vmware-tanzu/velero@v1.18.1:pkg/apis/velero/v1/backupstoragelocation_types.go). */
const BSL_SPEC_FIELDS = ['provider', 'config', 'credential', 'objectStorage', 'default', 'accessMode', 'backupSyncPeriod', 'validationFrequency'];

/** The example, with prod-use1 moving to us-east-2: one line, a replacement that names it. */
function exampleWithMove(): { out: SynthesizedFleet; fleet: Fleet } {
  const app = FleetTesting.app();
  const fleet = buildExampleFleet(app);
  new AwsCluster(fleet, 'prod-use2', {
    region: 'us-east-2', cidr: '10.13.0.0/16', wave: 'early', replaces: 'prod-use1', nodePools: [{ name: 'general', size: 'm6i.xlarge', min: 3, max: 9 }],
  });
  return { out: FleetTesting.synth(app), fleet };
}

/** A small fleet of one team with a database on `clusters` (name → region), each with its `replaces`. */
function smallFleet(clusters: Array<{ name: string; region: string; cidr: string; replaces?: string }>): SynthesizedFleet {
  const { app, fleet } = emptyFleet({ awsAccountId: ACCOUNT, gitOps: { repoUrl: 'https://github.com/acme/fleet.git', path: 'clusters' } });
  for (const c of clusters) {
    addAws(fleet, c.name, c.region, c.cidr, c.replaces ? { replaces: c.replaces } : {});
  }
  fleet.addAddOn(new CloudNativePg());
  fleet.addAddOn(new Velero());
  const team = new Team(fleet, 'shop', { members: { awsRoleArns: [`arn:aws:iam::${ACCOUNT}:role/shop`] }, environments: ['prod'], quota: { cpu: '4', memory: '8Gi' } });
  team.addPostgres('orders', { environment: 'prod', storage: '10Gi', instances: 1 });
  return FleetTesting.synth(app);
}

describe('moving a cluster', () => {
  let before: SynthesizedFleet;
  let after: SynthesizedFleet;
  beforeAll(() => {
    const app = FleetTesting.app();
    buildExampleFleet(app);
    before = FleetTesting.synth(app);
    after = exampleWithMove().out;
  });

  test('the plan: create, restore, shift, remove, in that order, in fleet.json, the report and the diff', () => {
    const [move] = after.plan.moves;
    expect(move).toMatchObject({
      from: 'prod-use1',
      to: 'prod-use2',
      veleroLocation: 'moved-from-prod-use1',
      databases: ['payments-prod/ledger'],
      globalNames: ['checkout.apps.acme.example'],
      restoreScript: 'kubernetes/prod-use2/move/restore.sh',
    });
    expect(move.steps.map((s: any) => s.step)).toEqual(['create', 'restore', 'shift', 'remove']);
    expect(after.plan.clusters.find((c: any) => c.name === 'prod-use2').replaces).toBe('prod-use1');
    const report = after.report.slice(after.report.indexOf('## Moves'));
    expect(report).toMatch(/^## Moves\n\nprod-use1 → prod-use2:\n\n1\. create: .*\n2\. restore: .*\n3\. shift: .*\n4\. remove: once prod-use2 is confirmed/);
    const diff = diffOutputs(before.outdir, after.outdir);
    expect(diff.moves).toEqual([expect.stringMatching(/^MOVE prod-use1 → prod-use2 starts: 1\. create: .*; 2\. restore: .*; 3\. shift: .*; 4\. remove: /)]);
    expect(diff.dataLoss).toEqual([]);
  });

  test('create: the replacement\'s databases start from the old cluster\'s backups, read with an identity that can only read them', () => {
    const ledger = after.kubernetes['prod-use2'].find((o: any) => o.kind === 'Cluster' && o.metadata.name === 'ledger');
    const old = after.kubernetes['prod-use1'].find((o: any) => o.kind === 'Cluster' && o.metadata.name === 'ledger');
    expect(ledger.spec.bootstrap).toEqual({ recovery: { source: 'moved-from' } });
    expect(ledger.spec.externalClusters).toEqual([{
      name: 'moved-from',
      barmanObjectStore: { serverName: 'ledger', destinationPath: old.spec.backup.barmanObjectStore.destinationPath, s3Credentials: { inheritFromIAMRole: true }, wal: { maxParallel: 4 } },
    }]);
    // Its own backups go to its own storage, never to the path it recovers from.
    expect(ledger.spec.backup.barmanObjectStore.destinationPath).not.toBe(old.spec.backup.barmanObjectStore.destinationPath);
    expect(old.spec.bootstrap).toBeUndefined();
    const policies = after.stacks['aws-us-east-2'].resource.aws_iam_role_policy;
    const [policy] = Object.entries(policies).filter(([id]) => id.includes('payments-prod-ledger_') || id.endsWith('payments-prod-ledger')).map(([, p]) => JSON.parse((p as any).policy));
    const onOld = policy.Statement.filter((st: any) => JSON.stringify(st.Resource).includes('prod-use1'));
    expect(onOld.flatMap((st: any) => st.Action).sort()).toEqual(['kms:Decrypt', 'kms:DescribeKey', 's3:GetBucketLocation', 's3:GetObject', 's3:ListBucket']);
  });

  test('restore: Velero reads the old cluster\'s backups from a read-only location, and the step restores the newest once the replacement is up', () => {
    const location = after.kubernetes['prod-use2'].find((o: any) => o.kind === 'BackupStorageLocation');
    expect(location.metadata).toMatchObject({ name: 'moved-from-prod-use1', namespace: 'velero' });
    expect(location.spec).toMatchObject({ provider: 'aws', accessMode: 'ReadOnly', objectStorage: { bucket: 'prod-use1-backups-111122223333', prefix: 'velero' } });
    expect(Object.keys(location.spec).filter((k) => !BSL_SPEC_FIELDS.includes(k))).toEqual([]);
    const restore = yaml.parse(fs.readFileSync(path.join(after.outdir, 'kubernetes/prod-use2/move/velero-restore.yaml'), 'utf-8'));
    expect(restore.spec).toMatchObject({ backupName: '${FLEET_MOVE_BACKUP}', includedNamespaces: ['payments-dev', 'payments-prod', 'platform'], existingResourcePolicy: 'none' });
    expect(restore.spec.namespaceMapping).toBeUndefined();
    expect(restore.spec.excludedResources).toContain('ingresses.networking.k8s.io');
  });

  describe('the restore step, against a stand-in API server', () => {
    const run = (restores: string, backups: string) => {
      const { bin, log } = fakeCommand('kubectl', [
        'case "$*" in',
        `  *"get restores.velero.io"*) printf %s "${restores}" ;;`,
        `  *"get backups.velero.io"*) printf "${backups}" ;;`,
        '  "create -f - -o name") cat >> "$(dirname "$0")/calls.log"; echo restore.velero.io/moved-from-prod-use1-4xk2 ;;',
        '  *"get restore.velero.io/"*) printf Completed ;;',
        'esac',
      ]);
      const result = spawnSync('bash', [path.join(after.outdir, 'kubernetes/prod-use2/move/restore.sh')], { env: { PATH: `${bin}:${process.env.PATH}` }, encoding: 'utf-8' });
      return { ...result, log: fs.readFileSync(log, 'utf-8') };
    };

    test('restores the newest completed backup of the old cluster\'s location, and waits for Completed', () => {
      const result = run('', 'daily-20261130\\ndaily-20261201\\n');
      expect(result.stderr).toBe('');
      expect(result.status).toBe(0);
      expect(result.log).toContain('kubectl -n velero get backups.velero.io -l velero.io/storage-location=moved-from-prod-use1 --sort-by=.status.completionTimestamp');
      expect(result.log).toContain('backupName: daily-20261201');
      expect(result.stdout).toContain('prod-use1 restored into prod-use2');
    });

    test('runs once: a completed restore of the old cluster ends it without restoring again', () => {
      const result = run('moved-from-prod-use1-abcd ', '');
      expect(result.status).toBe(0);
      expect(result.log).not.toContain('create -f');
      expect(result.stdout).toContain('prod-use1 was already restored into prod-use2 (moved-from-prod-use1-abcd)');
    });
  });

  test('cdk-fleet deploy --cluster runs the restore step after the delivery; the pipeline shifts the names only after the replacement serves', async () => {
    const dry = await cli(['deploy', '--cluster', 'prod-use2', '--dry-run', '--outdir', after.outdir]);
    const scripts = dry.out.filter((l) => l.startsWith('bash ')).map((l) => l.split(' (in')[0].split('/').slice(-2).join('/'));
    expect(scripts).toEqual(['prod-use2/deliver.sh', 'move/restore.sh']);
    const workflow = yaml.parse(fs.readFileSync(path.join(after.outdir, 'pipelines/github/fleet.yml'), 'utf-8'));
    expect(workflow.jobs['stack-global'].needs).toContain('cluster-prod-use2');
    expect(workflow.jobs['stack-aws-us-east-2'].needs).toContain('stack-aws-us-east-1');
  });

  test('shift: the replacement takes the old cluster\'s place behind the global name, and the old one leaves it', () => {
    const [checkout] = after.plan.globalNames;
    expect(checkout.endpoints.map((e: any) => [e.cluster, e.priority])).toEqual([['prod-use2', 1], ['prod-euc1', 2]]);
    const records = Object.values(after.stacks.global.resource.aws_route53_record) as any[];
    expect(records.map((r) => r.records[0]).sort()).toEqual(['checkout.prod-euc1.apps.acme.example', 'checkout.prod-use2.apps.acme.example']);
  });

  test('remove: the second change completes the move; the diff says so', () => {
    const moving = smallFleet([{ name: 'old', region: 'us-east-1', cidr: '10.1.0.0/16' }, { name: 'new', region: 'us-east-2', cidr: '10.2.0.0/16', replaces: 'old' }]);
    const done = smallFleet([{ name: 'new', region: 'us-east-2', cidr: '10.2.0.0/16' }]);
    const diff = diffOutputs(moving.outdir, done.outdir);
    expect(diff.moves).toEqual(['MOVE old → new completes: old is removed; new holds its workloads']);
  });

  test('refused: the one-step swap, at synth (the old cluster removed with its replacement\'s arrival) and in the diff (a region changed under a name)', () => {
    expect(errorOf(() => smallFleet([{ name: 'new', region: 'us-east-2', cidr: '10.2.0.0/16', replaces: 'old' }]))).toContain(
      "test/aws-us-east-2/new: 'replaces' is not a cluster of the fleet: removing a cluster in the change that adds its replacement is a one-step swap, "
      + "which drops its state before the replacement holds it, got \"old\". Fix: keep 'old' until new is confirmed, then remove it and 'replaces' together");
    const one = smallFleet([{ name: 'shop', region: 'us-east-1', cidr: '10.1.0.0/16' }]);
    const two = smallFleet([{ name: 'shop', region: 'us-east-2', cidr: '10.1.0.0/16' }]);
    const diff = diffOutputs(one.outdir, two.outdir);
    expect(diff.dataLoss[0]).toBe('ONE-STEP SWAP of cluster shop: aws us-east-1 → aws us-east-2 destroys the cluster and creates it again in one apply, its state lost on the way. '
      + "Move it in two changes: add its replacement with replaces: 'shop' (a new name), then remove shop once the replacement is confirmed");
  });

  test('refused at synth: another cloud, itself, a chain, two replacements, an earlier wave', () => {
    const { app, fleet } = emptyFleet({ awsAccountId: ACCOUNT });
    addAws(fleet, 'a', 'us-east-1', '10.1.0.0/16');
    addAzure(fleet, 'b', 'westeurope', '10.2.0.0/16', { replaces: 'a' });
    addAws(fleet, 'c', 'us-east-2', '10.3.0.0/16', { replaces: 'c' });
    addAws(fleet, 'd', 'us-west-2', '10.4.0.0/16', { replaces: 'a', wave: 'canary' });
    addAws(fleet, 'e', 'eu-west-1', '10.5.0.0/16', { replaces: 'd' });
    const message = errorOf(() => app.synth());
    expect(message).toContain("test/azure-westeurope/b: 'replaces' is in aws, and a replacement reads the old cluster's backups with its cloud's identities (azure here), "
      + 'got "a". Fix: replace it with a cluster of the same cloud; a move across clouds starts empty and copies data by other means');
    expect(message).toContain("test/aws-us-east-2/c: 'replaces' is the cluster itself, got \"c\". Fix: name the cluster it replaces, or leave 'replaces' out");
    expect(message).toContain("test/aws-us-west-2/d: 'replaces' is already replaced by 'b', got \"a\". Fix: give a cluster one replacement at a time");
    expect(message).toContain("test/aws-us-west-2/d: 'wave' comes before the wave of 'a' (main), whose backups the cluster restores, got \"canary\". "
      + "Fix: put the replacement in wave 'main' or later");
    expect(message).toContain("test/aws-eu-west-1/e: 'replaces' is itself replacing 'a', got \"d\". Fix: finish that move first (remove 'a'), then move again");
    expect(errorOf(() => addAws(fleet, 'f', 'eu-west-2', '10.6.0.0/16', { replaces: 'Prod Cluster' }))).toBe(
      "test/aws-eu-west-2/f: 'replaces' is not a cluster name, got \"Prod Cluster\". Fix: name the cluster this one replaces, e.g. 'prod-use1'");
  });
});
