import { App, TerraformStack } from 'cdktf';
import { AttachedCluster, AwsCluster, Fleet, FleetErrors, FleetTesting } from '../../src';
import { addAttached, addAws, addAzure, emptyFleet, errorOf, FLEET_PROPS } from '../support/fixtures';

describe('Fleet and its region stacks', () => {
  test('each cloud region gets one stack named <cloud>-<region>; clusters of a region share it', () => {
    // GIVEN
    const { app, fleet } = emptyFleet();
    // WHEN
    addAws(fleet, 'a1', 'us-east-1', '10.1.0.0/16');
    addAws(fleet, 'a2', 'us-east-1', '10.2.0.0/16');
    addAws(fleet, 'b1', 'eu-west-1', '10.3.0.0/16');
    addAzure(fleet, 'c1', 'westeurope', '10.4.0.0/16');
    // THEN
    // Azure clusters also share one Fleet Manager, in a stack of its own.
    expect(fleet.stacks.map((s) => s.stackName)).toEqual(['aws-eu-west-1', 'aws-us-east-1', 'azure-fleet-manager', 'azure-westeurope']);
    const out = FleetTesting.synth(app);
    expect(Object.keys(out.stacks)).toEqual(['aws-eu-west-1', 'aws-us-east-1', 'azure-fleet-manager', 'azure-westeurope']);
    expect(Object.keys(out.stacks['aws-us-east-1'].resource.aws_eks_cluster)).toHaveLength(2);
  });

  test('an AWS stack has the provider of its region and an encrypted, locked S3 backend keyed by stack', () => {
    const { app, fleet } = emptyFleet({ tags: { team: 'platform' } });
    addAws(fleet, 'a1', 'eu-west-1', '10.1.0.0/16');
    const stack = FleetTesting.synth(app).stacks['aws-eu-west-1'];
    expect(stack.provider.aws[0]).toMatchObject({ region: 'eu-west-1', default_tags: [{ tags: { 'team': 'platform', 'fleet': 'test', 'managed-by': 'cdk-fleet' } }] });
    expect(stack.terraform.backend.s3).toEqual({
      bucket: 'state-bucket',
      region: 'us-east-1',
      key: 'test/aws-eu-west-1.tfstate',
      encrypt: true,
      use_lockfile: true,
    });
    // use_lockfile arrived in Terraform 1.10; an older Terraform would not lock at all.
    expect(stack.terraform.required_version).toBe('>= 1.10');
  });

  test('a DynamoDB lock table is only a migration aid: S3 locks as well, and the report says to remove it', () => {
    const { app, fleet } = emptyFleet({
      awsStateBackend: { bucket: 'state-b', region: 'us-east-1', lockTable: 'locks', kmsKeyArn: 'arn:aws:kms:us-east-1:111122223333:key/abc', keyPrefix: 'fleets/acme' },
    });
    addAws(fleet, 'a1', 'us-east-1', '10.1.0.0/16');
    const backend = FleetTesting.synth(app).stacks['aws-us-east-1'].terraform.backend.s3;
    expect(backend).toMatchObject({ dynamodb_table: 'locks', kms_key_id: 'arn:aws:kms:us-east-1:111122223333:key/abc', key: 'fleets/acme/aws-us-east-1.tfstate', encrypt: true });
    expect(backend.use_lockfile).toBe(true);
    expect(fleet.warnings.map((w) => w.message)).toContain(
      "awsStateBackend.lockTable 'locks' adds deprecated DynamoDB locking to S3 native locking; remove it once every Terraform run uses this configuration (Terraform >= 1.10)");
  });

  test('an Azure stack has the azurerm provider for the subscription and an Entra-authenticated azurerm backend', () => {
    const { app, fleet } = emptyFleet();
    addAzure(fleet, 'z1', 'northeurope', '10.1.0.0/16');
    const stack = FleetTesting.synth(app).stacks['azure-northeurope'];
    expect(stack.provider.azurerm[0]).toMatchObject({ subscription_id: FLEET_PROPS.azureSubscriptionId, storage_use_azuread: true, features: [{}] });
    expect(stack.terraform.backend.azurerm).toEqual({
      resource_group_name: 'rg-state',
      storage_account_name: 'statestore',
      container_name: 'tfstate',
      key: 'test/azure-northeurope.tfstate',
      subscription_id: FLEET_PROPS.azureSubscriptionId,
      use_azuread_auth: true,
    });
  });

  test('an attached cluster creates no stack', () => {
    const { app, fleet } = emptyFleet();
    addAttached(fleet, 'store-1');
    expect(fleet.stacks).toHaveLength(0);
    const out = FleetTesting.synth(app);
    expect(out.stacks).toEqual({});
    expect(out.plan.clusters[0]).toMatchObject({ name: 'store-1', cloud: 'attached', stack: null });
    expect(out.kubernetesFiles['store-1']).toEqual(['deliver.sh', 'layers/releases/00-platform.k8s.yaml', 'layers/releases/kustomization.yaml', 'teardown.sh']);
  });

  test('FleetErrors recognises the library\'s errors', () => {
    const { fleet } = emptyFleet();
    let thrown: unknown;
    try {
      addAws(fleet, 'Bad_Name', 'us-east-1', '10.1.0.0/16');
    } catch (e) {
      thrown = e;
    }
    expect(FleetErrors.isFleetError(thrown)).toBe(true);
    expect(FleetErrors.isFleetError(new Error('other'))).toBe(false);
  });
});

describe('Fleet props errors', () => {
  const fleetWith = (props: object) => () => new Fleet(new App({ outdir: FleetTesting.app().outdir }), 'f', { ...FLEET_PROPS, ...props });

  test('a fleet name that is not a DNS label', () => {
    expect(errorOf(fleetWith({ name: 'My Fleet' }))).toBe(
      "f: 'name' must be a DNS label of at most 40 characters, got \"My Fleet\". Fix: use lower-case letters, digits and '-', e.g. 'acme'");
  });

  test('a standard version that is not a minor version', () => {
    expect(errorOf(fleetWith({ kubernetesVersion: '1.34.2' }))).toBe(
      "f: 'kubernetesVersion' must be a Kubernetes minor version like '1.35', got \"1.34.2\". Fix: set kubernetesVersion: '1.35'");
  });

  test('no waves, a bad wave name, a wave named twice', () => {
    expect(errorOf(fleetWith({ waves: [] }))).toBe(
      "f: 'waves' must list at least one wave, got []. Fix: leave 'waves' out for a single 'main' wave, or list them in rollout order");
    expect(errorOf(fleetWith({ waves: [{ name: 'Canary' }] }))).toBe(
      "f: 'waves[0].name' must be a DNS label, got \"Canary\". Fix: name waves like 'canary', 'early', 'main'");
    expect(errorOf(fleetWith({ waves: [{ name: 'canary' }, { name: 'canary' }] }))).toBe(
      "f: 'waves[1].name' names a wave twice, got \"canary\". Fix: give each wave its own name");
  });

  test('a tag clouds refuse', () => {
    expect(errorOf(fleetWith({ tags: { 'aws:owner': 'me' } }))).toBe(
      'f: \'tags\' has a key AWS or Azure refuses (1–128 characters of letters, digits, spaces and _.:=+-@; no \'/\', which Azure refuses; no \'aws:\' prefix), got "aws:owner". Fix: rename the tag key, e.g. \'cost-center\' instead of \'acme/cost-center\'');
    expect(errorOf(fleetWith({ tags: { owner: 'x'.repeat(300) } }))).toContain("f: 'tags.owner' must be a string of at most 256 letters, digits, spaces and _.:/=+-@");
  });

  test('an Azure subscription that is not a GUID', () => {
    expect(errorOf(fleetWith({ azureSubscriptionId: 'prod-subscription' }))).toBe(
      "f: 'azureSubscriptionId' must be a subscription GUID, got \"prod-subscription\". Fix: use the subscription id, e.g. '00000000-0000-0000-0000-000000000000'");
  });

  test('a state key prefix with a leading slash', () => {
    expect(errorOf(fleetWith({ awsStateBackend: { bucket: 'state-b', region: 'us-east-1', keyPrefix: '/fleets' } }))).toBe(
      "f: 'awsStateBackend.keyPrefix' must be a path of letters, digits and ._- without leading or trailing /, got \"/fleets\". Fix: use e.g. 'fleets/acme'");
  });

  test('state backend settings that terraform init would refuse', () => {
    const aws = { bucket: 'acme-state', region: 'us-east-1' };
    const azure = { resourceGroupName: 'rg-state', storageAccountName: 'acmestate', containerName: 'tfstate' };
    expect(errorOf(fleetWith({ awsStateBackend: { ...aws, bucket: 'Acme_State' } }))).toBe(
      "f: 'awsStateBackend.bucket' is not an S3 bucket name (3–63 lower-case letters, digits, dots and hyphens), got \"Acme_State\". Fix: name the state bucket, e.g. 'acme-terraform-state'");
    expect(errorOf(fleetWith({ awsStateBackend: { ...aws, region: 'us-east' } }))).toBe(
      "f: 'awsStateBackend.region' is not an AWS region in the catalogue, got \"us-east\". " +
      "Fix: give the bucket's region, e.g. 'us-east-1', or add the region to the Fleet's catalogue: { regions: [...] }");
    expect(errorOf(fleetWith({ awsStateBackend: { ...aws, lockTable: 'x' } }))).toContain("'awsStateBackend.lockTable' is not a DynamoDB table name");
    expect(errorOf(fleetWith({ awsStateBackend: { ...aws, kmsKeyArn: 'my-key' } }))).toContain("'awsStateBackend.kmsKeyArn' is not a KMS key or alias ARN");
    expect(errorOf(fleetWith({ azureStateBackend: { ...azure, storageAccountName: 'Acme-State' } }))).toBe(
      "f: 'azureStateBackend.storageAccountName' is not a storage account name (3–24 lower-case letters and digits), got \"Acme-State\". Fix: e.g. 'acmetfstate'");
    expect(errorOf(fleetWith({ azureStateBackend: { ...azure, containerName: 'tf--state' } }))).toContain("'azureStateBackend.containerName' is not a blob container name");
    expect(errorOf(fleetWith({ azureStateBackend: { ...azure, resourceGroupName: 'rg.' } }))).toContain("'azureStateBackend.resourceGroupName' is not a resource group name");
    expect(errorOf(fleetWith({ azureStateBackend: { ...azure, subscriptionId: 'sub' } }))).toContain("'azureStateBackend.subscriptionId' must be a subscription GUID");
  });

  test('a fleet outside a cdktf App', () => {
    const { Construct } = jest.requireActual('constructs');
    expect(errorOf(() => new Fleet(new Construct(undefined, 'root'), 'f', FLEET_PROPS))).toBe(
      "root/f: is not inside a cdktf App. Fix: create the fleet with a cdktf App as its scope: new Fleet(new App(), 'acme', {...})");
  });

  test('a region stack whose name another stack of the app already has', () => {
    const { app, fleet } = emptyFleet();
    new TerraformStack(app, 'aws-us-east-1');
    expect(errorOf(() => addAws(fleet, 'a1', 'us-east-1', '10.1.0.0/16'))).toBe(
      "test: cannot create region stack 'aws-us-east-1': stack aws-us-east-1 already has that name, and cdktf would write both to stacks/aws-us-east-1. " +
      'Fix: keep one Fleet per App, and give your own stacks names that are not <cloud>-<region>');
  });

  test('two clusters with one id in a region', () => {
    const { fleet } = emptyFleet();
    addAws(fleet, 'a1', 'us-east-1', '10.1.0.0/16');
    expect(errorOf(() => addAws(fleet, 'a1', 'us-east-1', '10.2.0.0/16'))).toBe(
      "test/aws-us-east-1/a1: 'id' is already used by another cluster in aws-us-east-1, got \"a1\". Fix: give each cluster its own construct id (and 'name', if you set one)");
  });

  test('an AWS cluster without an AWS state backend', () => {
    const { fleet } = emptyFleet({ awsStateBackend: undefined });
    expect(errorOf(() => addAws(fleet, 'a1', 'us-east-1', '10.1.0.0/16'))).toBe(
      "test: 'awsStateBackend' must be set before an AWS cluster is added (stack 'aws-us-east-1' needs remote state), got undefined. " +
      "Fix: give the Fleet awsStateBackend: { bucket: '<state bucket>', region: '<bucket region>' }");
  });

  test('an Azure cluster without an Azure state backend or subscription', () => {
    const noBackend = emptyFleet({ azureStateBackend: undefined }).fleet;
    expect(errorOf(() => addAzure(noBackend, 'z1', 'westeurope', '10.1.0.0/16'))).toBe(
      "test: 'azureStateBackend' must be set before an Azure cluster is added (stack 'azure-westeurope' needs remote state), got undefined. " +
      'Fix: give the Fleet azureStateBackend: { resourceGroupName, storageAccountName, containerName }');
    const noSubscription = emptyFleet({ azureSubscriptionId: undefined }).fleet;
    expect(errorOf(() => addAzure(noSubscription, 'z1', 'westeurope', '10.1.0.0/16'))).toBe(
      "test: 'azureSubscriptionId' must be set before an Azure cluster is added (stack 'azure-westeurope' deploys into it), got undefined. " +
      "Fix: give the Fleet azureSubscriptionId: '<subscription GUID>'");
  });

  test('a cluster outside a fleet', () => {
    const app = FleetTesting.app();
    expect(errorOf(() => new AwsCluster(app, 'x', { region: 'us-east-1', cidr: '10.0.0.0/16', nodePools: [] }))).toBe(
      "x: is not inside a Fleet: its scope is the App. Fix: create the cluster with the Fleet as its scope, e.g. new AwsCluster(fleet, 'x', {...})");
    const stack = new TerraformStack(app, 'own');
    expect(errorOf(() => new AttachedCluster(stack, 'store', { location: 'store-1', nodes: [{ name: 'n', count: 1, vcpus: 2, memoryGiB: 4 }] }))).toBe(
      "own/store: is not inside a Fleet: its scope is own. Fix: create the cluster with the Fleet as its scope, e.g. new AttachedCluster(fleet, 'store', {...})");
  });
});
