import { FleetTesting, GitOpsEngine, KubePrometheusStack, Velero } from '../../src';
import { addAttached, addAws, addAzure, emptyFleet, errorOf, resourceOf, resourcesOf } from '../support/fixtures';
import { validateKubernetesObjectsReport } from '../support/kubernetes-schemas';

const GITOPS = { repoUrl: 'https://github.com/acme/fleet.git', path: 'clusters' };
const ACCOUNT = '111122223333';

function fleetWithVelero(velero = new Velero(), engine = GitOpsEngine.ARGO_CD, eksExtra: object = {}) {
  const { app, fleet } = emptyFleet({ awsAccountId: ACCOUNT, gitOps: { ...GITOPS, engine } });
  addAws(fleet, 'eks', 'us-east-1', '10.10.0.0/16', eksExtra);
  addAzure(fleet, 'aks', 'westeurope', '10.20.0.0/16', { backupStorage: { region: 'northeurope', retentionDays: 180 } });
  addAttached(fleet, 'edge');
  fleet.addAddOn(velero);
  return { app, fleet };
}

const veleroApp = (objects: any[]) => objects.find((o) => o.kind === 'Application' && o.metadata.name === 'velero');
const schedules = (objects: any[]) => objects.filter((o) => o.kind === 'Schedule');

describe('velero', () => {
  test('EKS: an encrypted, versioned, private bucket with a lifecycle, reached through IRSA', () => {
    const { app } = fleetWithVelero();
    const out = FleetTesting.synth(app);
    const stack = out.stacks['aws-us-east-1'];
    const bucket = resourceOf(stack, 'aws_s3_bucket');
    // A production cluster's backups leave its region: us-east-1's recovery region is us-east-2.
    expect(bucket).toMatchObject({ bucket: `eks-backups-${ACCOUNT}`, region: 'us-east-2', force_destroy: false, lifecycle: { prevent_destroy: true } });
    expect(resourceOf(stack, 'aws_s3_bucket_public_access_block')).toMatchObject({
      block_public_acls: true, block_public_policy: true, ignore_public_acls: true, restrict_public_buckets: true,
    });
    expect(resourceOf(stack, 'aws_s3_bucket_versioning').versioning_configuration).toEqual({ status: 'Enabled' });
    expect(resourceOf(stack, 'aws_s3_bucket_ownership_controls').rule).toEqual({ object_ownership: 'BucketOwnerEnforced' });
    const sse = resourceOf(stack, 'aws_s3_bucket_server_side_encryption_configuration').rule[0];
    expect(sse.apply_server_side_encryption_by_default.sse_algorithm).toBe('aws:kms');
    expect(sse.apply_server_side_encryption_by_default.kms_master_key_id).toMatch(/aws_kms_key\.eks_backup-storage_key_.*\.arn/);
    expect(sse.bucket_key_enabled).toBe(true);
    // Current objects never expire by age (a kopia repository reuses old blobs); deleted ones stay recoverable 120 days.
    const lifecycle = resourceOf(stack, 'aws_s3_bucket_lifecycle_configuration').rule[0];
    expect(lifecycle).toMatchObject({ status: 'Enabled', expiration: [{ expired_object_delete_marker: true }], noncurrent_version_expiration: [{ noncurrent_days: 120 }] });
    expect(lifecycle.expiration[0].days).toBeUndefined();
    const tlsOnly = Object.values(stack.data.aws_iam_policy_document).find((d: any) => d.statement?.[0]?.sid === 'DenyInsecureTransport') as any;
    expect(tlsOnly.statement[0].condition).toEqual([{ test: 'Bool', variable: 'aws:SecureTransport', values: ['false'] }]);
    const backupKeys = resourcesOf(stack, 'aws_kms_key').filter((k) => k.description === 'Backups of EKS cluster eks');
    expect(backupKeys).toHaveLength(1);
    expect(backupKeys[0]).toMatchObject({ enable_key_rotation: true, lifecycle: { prevent_destroy: true } });

    // The role admits only velero/velero and may use only this bucket and key.
    const role = resourcesOf(stack, 'aws_iam_role').find((r) => r.name?.includes('velero'));
    expect(role).toBeDefined();
    const policy = resourcesOf(stack, 'aws_iam_role_policy').find((p) => p.role.includes('velero'));
    // Objects under velero/ only; listing limited to that prefix.
    const statements = JSON.parse(policy.policy).Statement;
    expect(statements.find((st: any) => st.Action.includes('s3:PutObject')).Resource).toEqual([expect.stringMatching(/\.arn}\/velero\/\*$/)]);
    expect(statements.find((st: any) => st.Action.includes('s3:ListBucket')).Resource).toEqual([expect.stringMatching(/\.arn}$/)]);
    expect(statements.filter((st: any) => st.Action.includes('s3:DeleteObject')).flatMap((st: any) => st.Resource)).toEqual([expect.stringMatching(/\/velero\/\*$/)]);
    expect(JSON.stringify(stack)).toContain('system:serviceaccount:velero:velero');

    const values = veleroApp(out.kubernetes.eks).spec.source.helm.valuesObject;
    expect(values.configuration.backupStorageLocation).toEqual([
      { name: 'default', default: true, bucket: `eks-backups-${ACCOUNT}`, prefix: 'velero', provider: 'aws', config: { region: 'us-east-2' } },
    ]);
    expect(values.credentials).toEqual({ useSecret: false });
    expect(values.initContainers[0].image).toBe('velero/velero-plugin-for-aws:v1.14.2');
    expect(values.serviceAccount.server.annotations['eks.amazonaws.com/role-arn']).toMatch(new RegExp(`^arn:aws:iam::${ACCOUNT}:role/`));
    expect(values).toMatchObject({ deployNodeAgent: true, snapshotsEnabled: false });
  });

  test('AKS: a storage account in another region, Entra ID only, firewalled to the node subnet, through workload identity', () => {
    const { app } = fleetWithVelero();
    const out = FleetTesting.synth(app);
    const stack = out.stacks['azure-westeurope'];
    const account = resourceOf(stack, 'azurerm_storage_account');
    expect(account).toMatchObject({
      location: 'northeurope',
      account_replication_type: 'GRS',
      shared_access_key_enabled: false,
      allow_nested_items_to_be_public: false,
      min_tls_version: 'TLS1_2',
      infrastructure_encryption_enabled: true,
      blob_properties: { versioning_enabled: true, delete_retention_policy: { days: 180 } },
      lifecycle: { prevent_destroy: true },
    });
    expect(account.name).toMatch(/^stbkaks[0-9a-f]{8}$/);
    expect(account.network_rules.default_action).toBe('Deny');
    // Only the cluster's nodes: Terraform manages the account through Resource Manager, never its data plane.
    expect(account.network_rules.ip_rules).toBeUndefined();
    expect(account.network_rules.virtual_network_subnet_ids[0]).toMatch(/azurerm_subnet\.aks_network_nodes_.*\.id/);
    const subnets = resourcesOf(stack, 'azurerm_subnet');
    expect(subnets.find((n) => n.name === 'snet-nodes').service_endpoints).toEqual(['Microsoft.Storage.Global']);
    expect(subnets.find((n) => n.name === 'snet-apiserver').service_endpoints).toBeUndefined();
    expect(resourceOf(stack, 'azurerm_storage_management_policy').rule[0].actions).toEqual({ version: { delete_after_days_since_creation: 180 } });
    const grant = resourcesOf(stack, 'azurerm_role_assignment').find((r) => r.role_definition_name === 'Storage Blob Data Contributor');
    expect(grant.scope).toMatch(/azurerm_storage_container\..*\.id}$/);
    expect(resourcesOf(stack, 'azurerm_federated_identity_credential').map((c) => c.subject)).toContain('system:serviceaccount:velero:velero');

    const values = veleroApp(out.kubernetes.aks).spec.source.helm.valuesObject;
    const location = values.configuration.backupStorageLocation[0];
    // Velero's own container: its identity's role assignment reaches nothing else.
    expect(location.prefix).toBeUndefined();
    expect(resourcesOf(stack, 'azurerm_storage_container').map((c) => c.name)).toEqual(['velero']);
    expect(location).toMatchObject({ provider: 'azure', bucket: 'velero', config: { useAAD: 'true', resourceGroup: 'rg-test-aks', storageAccount: account.name } });
    expect(location.config.storageAccountURI).toBe(`https://${account.name}.blob.core.windows.net/`);
    expect(values.podLabels).toEqual({ 'azure.workload.identity/use': 'true' });
    expect(values.nodeAgent.podLabels).toEqual({ 'azure.workload.identity/use': 'true' });
    expect(values.credentials.secretContents.cloud).not.toMatch(/SECRET|KEY/);
  });

  test('Velero is scraped where the monitoring stack runs: a ServiceMonitor, synced after the stack brings its CRD', () => {
    const { app, fleet } = fleetWithVelero();
    fleet.addAddOn(new KubePrometheusStack());
    const out = FleetTesting.synth(app);
    const wave = (name: string) => Number(out.kubernetes.eks.find((o) => o.kind === 'Application' && o.metadata.name === name).metadata.annotations['argocd.argoproj.io/sync-wave']);
    expect(veleroApp(out.kubernetes.eks).spec.source.helm.valuesObject.metrics).toEqual({ enabled: true, serviceMonitor: { enabled: true } });
    expect(wave('velero')).toBeGreaterThan(wave('kube-prometheus-stack'));
    // Without the stack, no ServiceMonitor (its CRD would be missing).
    const alone = FleetTesting.synth(fleetWithVelero().app);
    expect(veleroApp(alone.kubernetes.eks).spec.source.helm.valuesObject.metrics.serviceMonitor.enabled).toBe(false);
  });

  test('default schedules back every namespace up daily and weekly, volumes included; attached clusters get none', () => {
    const { app } = fleetWithVelero();
    const out = FleetTesting.synth(app);
    expect(schedules(out.kubernetes.eks).map((s) => [s.metadata.name, s.spec.schedule, s.spec.template.ttl])).toEqual([
      ['daily', '0 1 * * *', '720h0m0s'], ['weekly', '0 3 * * 0', '2160h0m0s'],
    ]);
    expect(schedules(out.kubernetes.eks)[0].spec.template).toMatchObject({ includedNamespaces: ['*'], defaultVolumesToFsBackup: true, storageLocation: 'default' });
    // Schedules sync one wave after the chart that brings their CRD.
    const chartWave = Number(veleroApp(out.kubernetes.eks).metadata.annotations['argocd.argoproj.io/sync-wave']);
    expect(schedules(out.kubernetes.eks)[0].metadata.annotations['argocd.argoproj.io/sync-wave']).toBe(String(chartWave + 1));
    expect(veleroApp(out.kubernetes.edge)).toBeUndefined();
    expect(out.plan.clusters.find((c: any) => c.name === 'edge').addons.map((a: any) => a.id)).not.toContain('velero');
    expect(out.plan.clusters.find((c: any) => c.name === 'eks').addons).toContainEqual({ id: 'velero', version: '12.1.0', appVersion: '1.18.1' });

    const report = validateKubernetesObjectsReport(['eks', 'aks', 'edge'].flatMap((c) => out.kubernetes[c]));
    expect(report.withoutSchema).toEqual([
      "velero.io/v1 Schedule 'velero/daily'", "velero.io/v1 Schedule 'velero/weekly'",
      "velero.io/v1 Schedule 'velero/daily'", "velero.io/v1 Schedule 'velero/weekly'",
    ]);
  });

  test('the velero chart files, AWS and Azure', () => {
    const { app } = fleetWithVelero(new Velero({ schedules: [{ name: 'nightly', cron: '30 2 * * *', ttlDays: 14, excludedNamespaces: ['kube-system'] }] }));
    const out = FleetTesting.synth(app);
    const chart = (cluster: string) => out.kubernetes[cluster].filter((o) => o.metadata.namespace === 'velero' || o.metadata.name === 'velero');
    expect({ eks: chart('eks'), aks: chart('aks') }).toMatchSnapshot();
  });

  test('Flux: a HelmRelease with the same values', () => {
    const { app } = fleetWithVelero(new Velero(), GitOpsEngine.FLUX);
    const out = FleetTesting.synth(app);
    const release = out.kubernetes.eks.find((o) => o.kind === 'HelmRelease' && o.metadata.name === 'velero');
    expect(release.spec.chart.spec).toMatchObject({ chart: 'velero', version: '12.1.0' });
    expect(release.spec.values.configuration.backupStorageLocation[0].bucket).toBe(`eks-backups-${ACCOUNT}`);
  });

  test('bad options and storage are refused with clear errors', () => {
    expect(errorOf(() => new Velero({ schedules: [] }))).toBe(
      "add-on 'velero': 'schedules' must list at least one backup schedule, got []. Fix: leave schedules out for the defaults, or give e.g. [{ name: 'daily', cron: '0 1 * * *', ttlDays: 30 }]");
    expect(errorOf(() => new Velero({ schedules: [{ name: 'daily', cron: 'every day', ttlDays: 30 }] }))).toBe(
      "add-on 'velero': 'schedules[0].cron' is not a five-field cron expression, got \"every day\". Fix: use minute hour day-of-month month day-of-week, e.g. '0 1 * * *' (01:00 UTC daily)");
    expect(errorOf(() => new Velero({ schedules: [{ name: 'a', cron: '0 1 * * *', ttlDays: 1 }, { name: 'a', cron: '0 2 * * *', ttlDays: 2 }] }))).toBe(
      "add-on 'velero': 'schedules[1].name' must be a DNS label, unique among the schedules, got \"a\". Fix: use e.g. 'daily'");
    expect(errorOf(() => new Velero({ schedules: [{ name: 'daily', cron: '0 1 * * *', ttlDays: 0.5 }] }))).toBe(
      "add-on 'velero': 'schedules[0].ttlDays' must be a whole number of days of at least 1, got 0.5. Fix: use e.g. 30");

    const { fleet } = emptyFleet({ awsAccountId: ACCOUNT });
    expect(errorOf(() => addAws(fleet, 'eks', 'us-east-1', '10.10.0.0/16', { backupStorage: { region: 'westeurope' } }))).toMatch(
      /^test\/aws-us-east-1\/eks: 'backupStorage.region' is not in the catalogue of Amazon EKS regions, got "westeurope". Fix: use one of 'af-south-1', .* or 'us-west-2', or add it to the Fleet's catalogue: \{ regions: .*\}$/);
    expect(errorOf(() => addAws(fleet, 'eks2', 'us-east-1', '10.11.0.0/16', { backupStorage: { retentionDays: 3 } }))).toBe(
      "test/aws-us-east-1/eks2: 'backupStorage.retentionDays' must be a whole number of days from 7 to 3650, got 3. Fix: give the days a deleted backup must stay recoverable, e.g. 120");
    const edge = addAttached(fleet, 'edge');
    expect(errorOf(() => edge.backupStorage('velero'))).toBe(
      "test/edge: 'siteBackupStorage' is not set, and the fleet manages no cloud account for an attached cluster, got undefined. "
      + "Fix: check 'cluster.supportsBackupStorage' first, or give siteBackupStorage: { bucket, endpoint, credentialsSecret }");
  });

  test('an attached cluster backs up to its site bucket with the site-delivered Secret; bad site storage is refused', () => {
    const { app, fleet } = emptyFleet({ gitOps: GITOPS });
    addAttached(fleet, 'store', {
      siteBackupStorage: { bucket: 'store-backups', endpoint: 'https://minio.store.acme.example', credentialsSecret: 'backup-credentials', retentionDays: 100 },
    });
    fleet.addAddOn(new Velero());
    const out = FleetTesting.synth(app);
    const values = veleroApp(out.kubernetes.store).spec.source.helm.valuesObject;
    expect(values.configuration.backupStorageLocation[0]).toMatchObject({
      provider: 'aws', bucket: 'store-backups', config: { s3Url: 'https://minio.store.acme.example', s3ForcePathStyle: 'true', region: 'us-east-1' },
    });
    expect(values.credentials).toEqual({ useSecret: true, existingSecret: 'backup-credentials' });
    expect(values.serviceAccount.server.annotations).toEqual({});
    expect(schedules(out.kubernetes.store)).toHaveLength(2);

    const site = { bucket: 'b-1', endpoint: 'https://s3.site.example', credentialsSecret: 'creds' };
    expect(errorOf(() => addAttached(fleet, 'a', { siteBackupStorage: { ...site, endpoint: 'http://minio:9000' } }))).toBe(
      "test/a: 'siteBackupStorage.endpoint' must be an https:// URL (backups travel over TLS only), got \"http://minio:9000\". "
      + "Fix: give the S3 API endpoint, e.g. 'https://minio.store-0042.acme.example'");
    expect(errorOf(() => addAttached(fleet, 'b', { siteBackupStorage: { ...site, bucket: 'B' } }))).toBe(
      "test/b: 'siteBackupStorage.bucket' is not an S3 bucket name, got \"B\". Fix: use 3-63 lower-case letters, digits, '.' and '-', e.g. 'store-0042-backups'");
    expect(errorOf(() => addAttached(fleet, 'c', { siteBackupStorage: { ...site, credentialsSecret: 'Creds!' } }))).toBe(
      "test/c: 'siteBackupStorage.credentialsSecret' is not a Kubernetes Secret name, got \"Creds!\". Fix: name the Secret the site's secret store provides, e.g. 'backup-credentials'");
    expect(errorOf(() => addAttached(fleet, 'd', { backupStorage: { retentionDays: 30 } }))).toBe(
      "test/d: 'backupStorage' is for cloud clusters, whose storage the fleet creates, got {\"retentionDays\":30}. "
      + "Fix: give an attached cluster's bucket as siteBackupStorage: { bucket, endpoint, credentialsSecret }");
  });

  test('the bucket needs the fleet account id, with a clear error', () => {
    const { fleet } = emptyFleet();
    const eks = addAws(fleet, 'eks', 'us-east-1', '10.10.0.0/16');
    expect(errorOf(() => eks.backupStorage('velero'))).toBe(
      "test: 'awsAccountId' must be set for backup storage on EKS (eks); the Kubernetes side names the resource literally, got undefined. "
      + "Fix: give the Fleet awsAccountId: '<12-digit account of the EKS clusters>'");
  });

  test('a bucket in another region is placed there, with its key', () => {
    const { app } = fleetWithVelero(new Velero(), GitOpsEngine.ARGO_CD, { backupStorage: { region: 'us-west-2' } });
    const out = FleetTesting.synth(app);
    const stack = out.stacks['aws-us-east-1'];
    expect(resourceOf(stack, 'aws_s3_bucket').region).toBe('us-west-2');
    expect(resourcesOf(stack, 'aws_kms_key').find((k) => k.description === 'Backups of EKS cluster eks').region).toBe('us-west-2');
    expect(veleroApp(out.kubernetes.eks).spec.source.helm.valuesObject.configuration.backupStorageLocation[0].config).toEqual({ region: 'us-west-2' });
  });
});
