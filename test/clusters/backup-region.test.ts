import { buildExampleFleet } from '../../examples/multi-cloud-fleet/fleet';
import { Cloud, FleetTesting } from '../../src';
import { RECOVERY_REGIONS } from '../../src/clusters/catalogue/recovery-regions';
import { addAws, addAzure, emptyFleet, errorOf } from '../support/fixtures';

const bucketRegion = (stack: any) => (Object.values(stack.resource.aws_s3_bucket) as any[])[0].region;
const accountLocation = (stack: any) => (Object.values(stack.resource.azurerm_storage_account) as any[])[0].location;

/** A cluster's backup storage exists once a backup location is asked for (Velero, a database). */
function withBackups(cluster: { backupStorage(location: string): unknown }) {
  cluster.backupStorage('velero');
  return cluster;
}

describe("a production cluster's backups leave its region", () => {
  test('by default to the recovery region: the same cloud and jurisdiction, on AWS and Azure', () => {
    const { app, fleet } = emptyFleet({ awsAccountId: '111122223333' });
    withBackups(addAws(fleet, 'eks', 'eu-west-1', '10.10.0.0/16'));
    withBackups(addAzure(fleet, 'aks', 'westeurope', '10.20.0.0/16'));
    const out = FleetTesting.synth(app);
    expect(bucketRegion(out.stacks['aws-eu-west-1'])).toBe('eu-central-1');
    expect(accountLocation(out.stacks['azure-westeurope'])).toBe('northeurope');
  });

  test('a disposable cluster keeps them in its region', () => {
    const { app, fleet } = emptyFleet({ awsAccountId: '111122223333' });
    withBackups(addAws(fleet, 'eks', 'eu-west-1', '10.10.0.0/16', { disposable: true }));
    expect(bucketRegion(FleetTesting.synth(app).stacks['aws-eu-west-1'])).toBe('eu-west-1');
  });

  test("the cluster's own region takes a reason, and the report lists it as a deviation", () => {
    const { fleet } = emptyFleet({ awsAccountId: '111122223333' });
    expect(errorOf(() => addAws(fleet, 'eks', 'eu-west-1', '10.10.0.0/16', { backupStorage: { region: 'eu-west-1' } }))).toBe(
      "test/aws-eu-west-1/eks: 'backupStorage.region' is the cluster's own region: losing the region would lose the backups of a production cluster with it, " +
      "got \"eu-west-1\". Fix: keep them in 'eu-central-1' (the default), or say why with backupStorage: { sameRegionReason: '<why>' }");
    const kept = emptyFleet({ awsAccountId: '111122223333' });
    withBackups(addAws(kept.fleet, 'eks', 'eu-west-1', '10.10.0.0/16', { backupStorage: { sameRegionReason: 'a restore must not cross the Irish border' } }));
    const out = FleetTesting.synth(kept.app);
    expect(bucketRegion(out.stacks['aws-eu-west-1'])).toBe('eu-west-1');
    expect(out.report).toContain('| eks | backupStorage.region | eu-central-1 | eu-west-1 | a restore must not cross the Irish border |');
  });

  test('a region with no recovery region makes the choice explicit', () => {
    const { fleet } = emptyFleet({ awsAccountId: '111122223333' });
    expect(errorOf(() => addAws(fleet, 'eks', 'ap-southeast-1', '10.10.0.0/16'))).toBe(
      "test/aws-ap-southeast-1/eks: 'backupStorage.region' has no default: ap-southeast-1 has no recovery region in the catalogue, and a production cluster " +
      "keeps its backups outside its own region, got undefined. Fix: name one, e.g. backupStorage: { region: 'ap-southeast-2' } (in a jurisdiction its data may go to), " +
      "or keep them in the region with backupStorage: { sameRegionReason: '<why>' }");
    expect(() => addAws(fleet, 'named', 'ap-southeast-1', '10.11.0.0/16', { backupStorage: { region: 'ap-southeast-2' } })).not.toThrow();
  });

  test('a reason that does not apply, or an empty one, is refused', () => {
    const { fleet } = emptyFleet({ awsAccountId: '111122223333' });
    expect(errorOf(() => addAws(fleet, 'a', 'eu-west-1', '10.10.0.0/16', { backupStorage: { region: 'eu-central-1', sameRegionReason: 'old habit' } }))).toBe(
      "test/aws-eu-west-1/a: 'backupStorage.sameRegionReason' is set, but the backups go to eu-central-1, not the cluster's region, got \"old habit\". Fix: remove it");
    expect(errorOf(() => addAws(fleet, 'b', 'eu-west-1', '10.11.0.0/16', { disposable: true, backupStorage: { sameRegionReason: 'cheap' } }))).toBe(
      "test/aws-eu-west-1/b: 'backupStorage.sameRegionReason' is set, but a disposable cluster keeps its backups in its region anyway, got \"cheap\". Fix: remove it");
    expect(errorOf(() => addAws(fleet, 'c', 'eu-west-1', '10.12.0.0/16', { backupStorage: { sameRegionReason: ' ' } }))).toBe(
      "test/aws-eu-west-1/c: 'backupStorage.sameRegionReason' must say why the backups stay in the cluster's region, got \" \". " +
      "Fix: write the reason, e.g. 'data may not leave the country, which has one region'");
  });

  test('every built-in recovery region is a catalogued region of the same cloud, other than its own', () => {
    const { fleet } = emptyFleet();
    for (const cloud of [Cloud.AWS, Cloud.AZURE]) {
      for (const [region, recovery] of Object.entries(RECOVERY_REGIONS[cloud].pairs)) {
        expect([cloud, region, fleet._catalogue.isKnownRegion(cloud, region), fleet._catalogue.isKnownRegion(cloud, recovery), recovery !== region])
          .toEqual([cloud, region, true, true, true]);
      }
    }
  });
});

describe("the report's Recovery section", () => {
  test('says where each cluster\'s backups are, how long deleted ones stay, and how to restore each location', () => {
    const { app, fleet } = emptyFleet({ awsAccountId: '111122223333' });
    withBackups(addAws(fleet, 'eks', 'eu-west-1', '10.10.0.0/16'));
    addAws(fleet, 'bare', 'us-east-1', '10.11.0.0/16');
    const report = FleetTesting.synth(app).report;
    const section = report.slice(report.indexOf('## Recovery'), report.indexOf('## Deviations'));
    expect(section).toContain('| eks | eu-west-1 | S3 in eu-central-1 | 120 days | velero |');
    expect(section).toContain('| bare | us-east-1 | — | — | none: nothing on the cluster backs up (add Velero) |');
    const kept = emptyFleet({ awsAccountId: '111122223333' });
    withBackups(addAws(kept.fleet, 'eks', 'eu-west-1', '10.10.0.0/16', { backupStorage: { sameRegionReason: 'one region only' } }));
    expect(FleetTesting.synth(kept.app).report).toContain("| eks | eu-west-1 | S3 in eu-west-1 (the cluster's own region) | 120 days | velero |");
  });

  test("the example's restores: Velero from its first schedule, each database from its own backups", () => {
    const app = FleetTesting.app();
    buildExampleFleet(app);
    const report = FleetTesting.synth(app).report;
    expect(report).toContain('| prod-use1 | us-east-1 | S3 in us-east-2 | 120 days | pg-payments-prod-ledger, velero |');
    expect(report).toContain('- prod-use1, Kubernetes objects and volumes: `velero restore create --from-schedule daily --include-namespaces <namespaces>`');
    expect(report).toMatch(/- prod-use1, database backups at `s3:\/\/prod-use1-backups-111122223333\/pg-payments-prod-ledger`: a CloudNativePG `Cluster` with `bootstrap\.recovery`/);
  });
});
