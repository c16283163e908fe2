import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { validateWorkflow } from '@action-validator/core';
import * as yaml from 'yaml';
import { buildExampleFleet } from '../../examples/multi-cloud-fleet/fleet';
import { FleetTesting, SynthesizedFleet } from '../../src';
import { cli, fakeCommand } from '../support/cli';
import { validateKubernetesObjectsReport } from '../support/kubernetes-schemas';

/**
 * The fields of velero.io/v1 RestoreSpec at the Velero the catalogue pins
 * (vmware-tanzu/velero@v1.18.1:pkg/apis/velero/v1/restore_types.go; Velero
 * has no kubernetes-models package, so its kinds are checked against these).
 */
const RESTORE_SPEC_FIELDS = ['backupName', 'scheduleName', 'includedNamespaces', 'excludedNamespaces', 'includedResources', 'excludedResources',
  'namespaceMapping', 'labelSelector', 'orLabelSelectors', 'restorePVs', 'restoreStatus', 'preserveNodePorts', 'includeClusterResources', 'hooks',
  'existingResourcePolicy', 'itemOperationTimeout', 'resourceModifier', 'uploaderConfig'];

const drillFolder = (out: SynthesizedFleet, cluster: string) => path.join(out.outdir, 'kubernetes', cluster, 'drills');
const drillObjects = (out: SynthesizedFleet, cluster: string) => out.drills[cluster];

/**
 * A kubectl on PATH that plays the API server for the drill: `create`
 * names a new Restore, `get` answers with the phase given in
 * DRILL_RESTORE_PHASE, everything else succeeds; every call, and every
 * file it is given, is recorded.
 */
function fakeKubectl(): { bin: string; log: string } {
  return fakeCommand('kubectl', [
    'if [ "$1" = create ]; then echo "restore.velero.io/restore-drill-x7k2p"; fi',
    'case "$*" in',
    '  *itemsRestored*) printf %s "${DRILL_RESTORED_ITEMS:-42}" ;;',
    '  "-n velero get"*) printf %s "$DRILL_RESTORE_PHASE" ;;',
    'esac',
    'for a in "$@"; do case "$a" in */*.yaml) cat "$a" >> "$(dirname "$0")/calls.log";; esac; done',
  ]);
}

describe('restore drills', () => {
  let out: SynthesizedFleet;
  beforeAll(() => {
    const app = FleetTesting.app();
    buildExampleFleet(app);
    out = FleetTesting.synth(app);
  });

  test('every cluster that backs up has a drill, outside every folder an engine syncs, listed in fleet.json', () => {
    for (const cluster of out.plan.clusters) {
      expect(cluster.restoreDrill?.script).toBe(`kubernetes/${cluster.name}/drills/restore-drill.sh`);
      // Executable by its owner, group and others.
      expect((fs.statSync(path.join(out.outdir, cluster.restoreDrill.script)).mode % 0o1000).toString(8)).toBe('755');
      // The engines and the delivery apply layers/ (and bootstrap/, engine/): never drills/.
      expect(JSON.stringify(cluster.delivery.steps)).not.toContain('drills');
    }
    expect(out.plan.clusters.find((c: any) => c.name === 'prod-use1').restoreDrill).toEqual({
      script: 'kubernetes/prod-use1/drills/restore-drill.sh',
      schedule: 'daily',
      namespaces: [
        { from: 'payments-dev', to: 'payments-dev-drill' }, { from: 'payments-prod', to: 'payments-prod-drill' }, { from: 'platform', to: 'platform-drill' },
      ],
      databases: [{ namespace: 'payments-prod', drillNamespace: 'payments-prod-drill', name: 'ledger', drillCluster: 'ledger-drill' }],
    });
  });

  test('the drill objects are schema-valid: CloudNativePG by its models, the Velero Restore by the RestoreSpec fields of the pinned Velero', () => {
    for (const cluster of ['prod-use1', 'prod-neu', 'store-0042']) {
      const objects = drillObjects(out, cluster);
      const restore = objects.find((o) => o.kind === 'Restore');
      expect(restore.apiVersion).toBe('velero.io/v1');
      expect(Object.keys(restore.spec).filter((k) => !RESTORE_SPEC_FIELDS.includes(k))).toEqual([]);
      const others = objects.filter((o) => o.kind !== 'Restore');
      const report = validateKubernetesObjectsReport(others);
      expect(report.validated).toBe(others.length);
    }
    expect(drillObjects(out, 'prod-use1').map((o) => o.kind).sort()).toEqual(['Cluster', 'Namespace', 'Namespace', 'Namespace',
      'NetworkPolicy', 'NetworkPolicy', 'NetworkPolicy', 'NetworkPolicy', 'Restore']);
  });

  test('a drill cannot touch what runs: new namespaces only, no routes or certificates, databases under their own names, no writes to backups', () => {
    const live = new Set(out.kubernetes['prod-use1'].filter((o: any) => o.kind === 'Namespace').map((o: any) => o.metadata.name));
    const [restore, database] = ['Restore', 'Cluster'].map((kind) => drillObjects(out, 'prod-use1').find((o) => o.kind === kind));
    expect(restore.metadata.generateName).toBe('restore-drill-');
    expect(restore.spec.includedNamespaces.every((n: string) => live.has(n))).toBe(true);
    for (const target of Object.values(restore.spec.namespaceMapping) as string[]) {
      expect(live.has(target)).toBe(false);
      expect(target).toMatch(/^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/);
    }
    expect(Object.keys(restore.spec.namespaceMapping).sort()).toEqual([...restore.spec.includedNamespaces].sort());
    expect(restore.spec).toMatchObject({ includeClusterResources: false, scheduleName: 'daily' });
    expect(restore.spec.excludedResources).toEqual(expect.arrayContaining(['ingresses.networking.k8s.io', 'certificates.cert-manager.io', 'clusters.postgresql.cnpg.io']));

    // The drill Cluster recovers from the live database's own backup path, under its own name, and backs nothing up.
    const ledger = out.kubernetes['prod-use1'].find((o: any) => o.kind === 'Cluster' && o.metadata.name === 'ledger');
    // In a drill namespace: outside the team's quota and the production namespace's disruption budgets.
    expect(database.metadata).toMatchObject({ name: 'ledger-drill', namespace: 'payments-prod-drill' });
    expect(database.spec.enablePDB).toBe(false);
    expect(database.metadata.name.length).toBeLessThanOrEqual(50);
    expect(database.spec.backup).toBeUndefined();
    expect(database.spec.bootstrap.recovery.source).toBe(database.spec.externalClusters[0].name);
    expect(database.spec.externalClusters[0].barmanObjectStore).toMatchObject({
      serverName: 'ledger',
      destinationPath: ledger.spec.backup.barmanObjectStore.destinationPath,
      s3Credentials: { inheritFromIAMRole: true },
    });
    expect(database.spec.serviceAccountTemplate.metadata.annotations['eks.amazonaws.com/role-arn'])
      .toBe('arn:aws:iam::111122223333:role/prod-use1-payments-prod-drill-ledger-drill');
  });

  test("the drill's identity only reads the database's backups: S3 get and list, KMS decrypt; on Azure, Blob Data Reader", () => {
    const aws = out.stacks['aws-us-east-1'];
    const [policy] = Object.entries(aws.resource.aws_iam_role_policy).filter(([id]) => id.includes('ledger-drill')).map(([, p]) => p as any);
    const statements = JSON.parse(policy.policy).Statement;
    expect(statements.every((st: any) => st.Effect === 'Allow')).toBe(true);
    expect(statements.flatMap((st: any) => st.Action).sort()).toEqual(['kms:Decrypt', 'kms:DescribeKey', 's3:GetBucketLocation', 's3:GetObject', 's3:ListBucket']);
    const azure = out.stacks['azure-northeurope'];
    const assignments = Object.entries(azure.resource.azurerm_role_assignment).filter(([id]) => id.includes('ledger-drill')).map(([, a]) => (a as any).role_definition_name);
    expect(assignments).toEqual(['Storage Blob Data Reader']);
  });

  describe('the script, run against a stand-in API server', () => {
    const values = { prod_neu_payments_prod_drill_ledger_drill_client_id: '0000&0000-/|-4000' };
    const run = (phase: string, env: { [name: string]: string } = values) => {
      const { bin, log } = fakeKubectl();
      const script = path.join(drillFolder(out, 'prod-neu'), 'restore-drill.sh');
      const result = spawnSync('bash', [script], {
        env: { PATH: `${bin}:${process.env.PATH}`, HOME: os.tmpdir(), DRILL_RESTORE_PHASE: phase, ...env }, encoding: 'utf-8',
      });
      // No log: kubectl was never called.
      const text = fs.existsSync(log) ? fs.readFileSync(log, 'utf-8') : '';
      return { ...result, calls: text.split('\n').filter((l) => l.startsWith('kubectl ')), log: text };
    };

    test('clears the last run, restores, waits for Completed, recovers the database, waits for Ready, removes what it made', () => {
      const result = run('Completed');
      expect(result.stderr).toBe('');
      expect(result.status).toBe(0);
      expect(result.calls.map((c) => c.replace(/\/tmp\/\S+\//g, '<work>/'))).toEqual([
        'kubectl -n payments-prod-drill delete clusters.postgresql.cnpg.io ledger-drill --ignore-not-found --timeout=10m',
        'kubectl delete namespace payments-dev-drill payments-prod-drill platform-drill --ignore-not-found --timeout=15m',
        'kubectl -n velero delete restores.velero.io -l fleet.cdk-fleet.io/restore-drill=true --ignore-not-found',
        // Isolated before anything arrives.
        'kubectl apply -f <work>/drill-namespaces.yaml',
        'kubectl create -f <work>/velero-restore.yaml -o name',
        'kubectl -n velero get restore.velero.io/restore-drill-x7k2p -o jsonpath={.status.phase}',
        'kubectl -n velero get restore.velero.io/restore-drill-x7k2p -o jsonpath={.status.progress.itemsRestored}',
        'kubectl apply -f <work>/postgres-payments-prod-ledger.yaml',
        'kubectl -n payments-prod-drill wait clusters.postgresql.cnpg.io/ledger-drill --for=condition=Ready --timeout=30m',
        'kubectl -n payments-prod-drill delete clusters.postgresql.cnpg.io ledger-drill --ignore-not-found --timeout=10m',
        'kubectl delete namespace payments-dev-drill payments-prod-drill platform-drill --ignore-not-found --timeout=15m',
      ]);
      // The deploy-time value is filled in as it is, & and / included; nothing else is left to fill.
      expect(result.log).toContain('azure.workload.identity/client-id: 0000&0000-/|-4000');
      expect(result.log).not.toMatch(/\$\{[A-Za-z_]+\}/);
      expect(result.stdout).toContain('restore drill of prod-neu passed');
    });

    test('a failed restore fails the drill with its status, and still removes what it made', () => {
      const result = run('PartiallyFailed');
      expect(result.status).toBe(1);
      expect(result.stderr).toContain('restore drill failed: restore.velero.io/restore-drill-x7k2p is PartiallyFailed');
      expect(result.calls.some((c) => c.includes('postgres-payments-prod-ledger.yaml'))).toBe(false);
      expect(result.calls.at(-1)).toBe('kubectl delete namespace payments-dev-drill payments-prod-drill platform-drill --ignore-not-found --timeout=15m');
    });

    test('a restore that completes with nothing restored fails the drill', () => {
      const result = run('Completed', { ...values, DRILL_RESTORED_ITEMS: '0' });
      expect(result.status).toBe(1);
      expect(result.stderr).toContain('restore drill failed: restore.velero.io/restore-drill-x7k2p completed but restored nothing');
    });

    test('without its deploy-time values it stops before changing anything, and says how to run it', () => {
      const result = run('Completed', {});
      expect(result.status).not.toBe(0);
      expect(result.stderr).toContain('deploy-time value prod_neu_payments_prod_drill_ledger_drill_client_id is not set: run the drill with cdk-fleet deploy --drill');
      expect(result.calls).toEqual([]);
    });
  });

  test('cdk-fleet deploy --drill runs the script with a kubeconfig and the values; refuses what is not a drill', async () => {
    const dry = await cli(['deploy', '--cluster', 'prod-neu', '--drill', '--dry-run', '--outdir', out.outdir]);
    expect(dry.code).toBe(0);
    expect(dry.out[0]).toBe('== cluster prod-neu (restore drill)');
    expect(dry.out.find((l) => l.startsWith('bash '))).toMatch(/^bash .*kubernetes\/prod-neu\/drills\/restore-drill\.sh \(in .*drills\) with .*prod_neu_payments_prod_drill_ledger_drill_client_id/);
    const misuse = await cli(['deploy', '--cluster', 'prod-neu', '--drill', '--check', '--outdir', out.outdir]);
    expect(misuse.code).toBe(2);
    expect(misuse.err[0]).toBe('--drill applies to a cluster, without --check or --revision');
    const wave = await cli(['deploy', '--wave', '1', '--drill', '--outdir', out.outdir]);
    expect(wave.err[0]).toBe('--drill applies to a cluster, without --check or --revision');
  });

  test('the restore drill workflow: valid, on its schedule, a job per drilled cluster signed in as the deployment is', () => {
    const text = fs.readFileSync(path.join(out.outdir, 'pipelines/github/restore-drills.yml'), 'utf-8');
    expect(validateWorkflow(text).errors).toEqual([]);
    const workflow = yaml.parse(text);
    expect(workflow.on).toEqual({ schedule: [{ cron: '0 4 * * 1' }], workflow_dispatch: {} });
    expect(workflow.permissions).toEqual({ contents: 'read' });
    const drills = Object.keys(workflow.jobs).filter((id) => id.startsWith('drill-')).sort();
    expect(drills).toEqual(out.plan.clusters.filter((c: any) => c.restoreDrill).map((c: any) => `drill-${c.name}`).sort());
    const neu = workflow.jobs['drill-prod-neu'];
    expect(neu.needs).toEqual(['synth']);
    expect(neu.permissions).toEqual({ 'contents': 'read', 'id-token': 'write' });
    expect(neu.steps.at(-1).run).toBe('npx cdk-fleet deploy --cluster prod-neu --drill --outdir cdktf.out');
    expect(workflow.jobs['drill-store-0042'].env).toEqual({ KUBECONFIG_STORE_0042: '${{ secrets.KUBECONFIG_STORE_0042 }}' });
  });

  test('the report says what each drill restores and where it runs from', () => {
    expect(out.report).toContain('- prod-neu: Velero `daily` into payments-dev-drill, payments-prod-drill, platform-drill; '
      + 'payments-prod/ledger into Cluster payments-prod-drill/ledger-drill (`kubernetes/prod-neu/drills/restore-drill.sh`)');
  });
});
