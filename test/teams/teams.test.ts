import {
  AzureNetworkPolicy, CertManager, Cloud, CloudNativePg, FleetTesting, IngressNginx, Istio, KubePrometheusStack, postgresBackupLocation,
  RouteTls, Team,
  TeamProps, Velero,
} from '../../src';
import { addAttached, addAws, addAzure, emptyFleet, errorOf, resourcesOf } from '../support/fixtures';
import { validateKubernetesObjectsReport } from '../support/kubernetes-schemas';

const ACCOUNT = '111122223333';
const PAYMENTS_GROUP = '0a1b2c3d-1111-4222-8333-444455556666';
const PLATFORM_GROUP = '9f8e7d6c-1111-4222-8333-444455556666';
const PAYMENTS_ROLE = `arn:aws:iam::${ACCOUNT}:role/aws-reserved/sso.amazonaws.com/AWSReservedSSO_Payments_0123456789abcdef`;
const PLATFORM_ROLE = `arn:aws:iam::${ACCOUNT}:role/platform-oncall`;
const ZONE = '/subscriptions/00000000-1111-2222-3333-444444444444/resourceGroups/rg-dns/providers/Microsoft.Network/dnszones/acme.example';

function fleetWithTeams(extra: { capacityPlanning?: object } = {}) {
  const { app, fleet } = emptyFleet({ awsAccountId: ACCOUNT, gitOps: { repoUrl: 'https://github.com/acme/fleet.git', path: 'clusters' }, ...extra });
  addAws(fleet, 'eks', 'us-east-1', '10.10.0.0/16', { nodePools: [{ name: 'general', size: 'm6i.2xlarge', min: 2, max: 6 }] });
  addAzure(fleet, 'aks', 'westeurope', '10.20.0.0/16', { networkPolicy: AzureNetworkPolicy.AZURE });
  addAttached(fleet, 'edge');
  fleet.addAddOn(new CertManager({ acme: { email: 'platform@acme.example', route53HostedZoneIds: ['Z0123456789ABCDEFGHIJ'], azureDnsZoneIds: [ZONE] } }));
  fleet.addAddOn(new IngressNginx());
  fleet.addAddOn(new Istio());
  fleet.addAddOn(new KubePrometheusStack());
  fleet.addAddOn(new CloudNativePg());
  fleet.addAddOn(new Velero());
  const platform = new Team(fleet, 'platform', {
    members: { groups: ['platform-admins'], awsRoleArns: [PLATFORM_ROLE], azureGroupObjectIds: [PLATFORM_GROUP] },
    quota: { cpu: '2', memory: '4Gi' },
    clusterAdmin: true,
  });
  const payments = new Team(fleet, 'payments', {
    members: { groups: ['payments-engineers'], awsRoleArns: [PAYMENTS_ROLE], azureGroupObjectIds: [PAYMENTS_GROUP] },
    clusters: { clouds: [Cloud.AWS, Cloud.AZURE] },
    environments: ['dev', 'prod'],
    quota: { cpu: '4', memory: '8Gi', pods: 40, storage: '200Gi', loadBalancers: 1 },
    defaultRequests: { cpu: '200m', memory: '256Mi' },
    defaultLimits: { cpu: '1', memory: '1Gi' },
    cloudPermissions: {
      policyStatements: [{ actions: ['sqs:SendMessage'], resources: [`arn:aws:sqs:us-east-1:${ACCOUNT}:payments-*`] }],
      roleAssignments: [{
        roleDefinitionName: 'Azure Service Bus Data Sender',
        scope: '/subscriptions/00000000-1111-2222-3333-444444444444/resourceGroups/rg-payments',
      }],
    },
  });
  payments.addPostgres('ledger', { environment: 'prod', instances: 3, storage: '20Gi', cpu: '500m', memory: '1Gi' });
  payments.addRoute('shop', { environment: 'prod', host: 'shop.apps.acme.example', service: 'shop-web', port: 8080 });
  const store = new Team(fleet, 'store-ops', {
    members: { groups: ['store-ops'] },
    clusters: { names: ['edge'] },
    quota: { cpu: '1', memory: '2Gi' },
    viewClusterWide: true,
    cloudPermissions: { policyArns: ['arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess'] },
  });
  return { app, fleet, platform, payments, store };
}

const named = (objects: any[], kind: string, name: string, namespace?: string) =>
  objects.find((o) => o.kind === kind && o.metadata.name === name && (namespace === undefined || o.metadata.namespace === namespace));

describe('teams', () => {
  const built = fleetWithTeams();
  const out = FleetTesting.synth(built.app);

  test('every object validates against its schema', () => {
    const all = ['eks', 'aks', 'edge'].flatMap((c) => out.kubernetes[c]);
    const report = validateKubernetesObjectsReport(all);
    expect(report.validated).toBe(all.length - report.withoutSchema.length);
    expect(report.withoutSchema.every((o) => o.startsWith('velero.io/v1 Schedule'))).toBe(true);
  });

  test('each team namespace: labels, Pod Security restricted, ambient mesh membership', () => {
    const ns = named(out.kubernetes.eks, 'Namespace', 'payments-prod');
    expect(ns.metadata.labels).toMatchObject({
      'fleet.cdk-fleet.io/team': 'payments',
      'fleet.cdk-fleet.io/environment': 'prod',
      'pod-security.kubernetes.io/enforce': 'restricted',
      'pod-security.kubernetes.io/audit': 'restricted',
      'pod-security.kubernetes.io/warn': 'restricted',
      'istio.io/dataplane-mode': 'ambient',
    });
    expect(named(out.kubernetes.eks, 'Namespace', 'payments-dev')).toBeDefined();
    expect(named(out.kubernetes.eks, 'Namespace', 'platform').metadata.labels['fleet.cdk-fleet.io/environment']).toBeUndefined();
    // store-ops runs on the edge only.
    expect(named(out.kubernetes.edge, 'Namespace', 'store-ops')).toBeDefined();
    expect(named(out.kubernetes.eks, 'Namespace', 'store-ops')).toBeUndefined();
    expect(named(out.kubernetes.edge, 'Namespace', 'payments-prod')).toBeUndefined();
    expect(out.kubernetesFiles.eks).toContain('layers/teams/80-team-payments.k8s.yaml');
  });

  test('quota and defaults', () => {
    expect(named(out.kubernetes.aks, 'ResourceQuota', 'team-quota', 'payments-dev').spec.hard).toEqual({
      'requests.cpu': '4',
      'requests.memory': '8Gi',
      'limits.cpu': '8',
      'limits.memory': '8Gi',
      'pods': '40',
      'requests.storage': '200Gi',
      'services.loadbalancers': '1',
    });
    // Without load balancers, no NodePorts either (a LoadBalancer Service would count its node ports there).
    expect(named(out.kubernetes.aks, 'ResourceQuota', 'team-quota', 'platform').spec.hard['services.nodeports']).toBe('0');
    expect(named(out.kubernetes.aks, 'LimitRange', 'team-defaults', 'payments-dev').spec.limits).toEqual([
      { type: 'Container', defaultRequest: { cpu: '200m', memory: '256Mi' }, default: { cpu: '1', memory: '1Gi' } },
    ]);
  });

  test('network policies: deny by default, then DNS, the namespace, the ingress, the mesh, monitoring, the database operator', () => {
    const policies = out.kubernetes.eks.filter((o) => o.kind === 'NetworkPolicy' && o.metadata.namespace === 'payments-prod');
    expect(policies.map((p) => p.metadata.name)).toEqual([
      'default-deny', 'allow-dns', 'allow-same-namespace', 'allow-from-ingress', 'allow-mesh-probes', 'allow-from-monitoring',
      'allow-postgres-operator', 'allow-postgres-egress',
    ]);
    const policy = (name: string) => policies.find((p) => p.metadata.name === name).spec;
    expect(policy('default-deny')).toEqual({ podSelector: {}, policyTypes: ['Ingress', 'Egress'] });
    expect(policy('allow-dns').egress[0].ports).toEqual([{ protocol: 'UDP', port: 53 }, { protocol: 'TCP', port: 53 }]);
    expect(policy('allow-from-ingress').ingress[0].from.map((f: any) => f.namespaceSelector.matchLabels['kubernetes.io/metadata.name']))
      .toEqual(['ingress-nginx', 'istio-ingress']);
    // Meshed pods' kubelet probes come from the CNI agent's SNAT address.
    expect(policy('allow-mesh-probes').ingress).toEqual([{ from: [{ ipBlock: { cidr: '169.254.7.127/32' } }] }]);
    // payments-dev holds no database: the operator is not let in there.
    const dev = out.kubernetes.eks.filter((o) => o.kind === 'NetworkPolicy' && o.metadata.namespace === 'payments-dev').map((p) => p.metadata.name);
    expect(dev).toEqual(['default-deny', 'allow-dns', 'allow-same-namespace', 'allow-from-ingress', 'allow-mesh-probes', 'allow-from-monitoring']);
    // The mesh and the ingress run on the attached cluster too; HTTPS egress only where a team opts in.
    const edge = out.kubernetes.edge.filter((o) => o.kind === 'NetworkPolicy' && o.metadata.namespace === 'store-ops').map((p) => p.metadata.name);
    expect(edge).toEqual(['default-deny', 'allow-dns', 'allow-same-namespace', 'allow-from-ingress', 'allow-mesh-probes', 'allow-from-monitoring']);
  });

  test('RBAC: the team\'s groups edit their namespaces; Entra group ids on AKS; the platform team is cluster admin', () => {
    const subjects = (cluster: string, ns: string) => named(out.kubernetes[cluster], 'RoleBinding', 'team-edit', ns);
    expect(subjects('eks', 'payments-prod').roleRef).toEqual({ apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'edit' });
    expect(subjects('eks', 'payments-prod').subjects).toEqual([{ apiGroup: 'rbac.authorization.k8s.io', kind: 'Group', name: 'payments-engineers' }]);
    expect(subjects('aks', 'payments-prod').subjects).toEqual([{ apiGroup: 'rbac.authorization.k8s.io', kind: 'Group', name: PAYMENTS_GROUP }]);
    expect(named(out.kubernetes.aks, 'ClusterRoleBinding', 'team-platform-cluster-admin').roleRef.name).toBe('cluster-admin');
    expect(named(out.kubernetes.edge, 'ClusterRoleBinding', 'team-store-ops-view').roleRef.name).toBe('view');
    expect(named(out.kubernetes.eks, 'ClusterRoleBinding', 'team-payments-view')).toBeUndefined();
  });

  test('EKS access entries: the team role edits its namespaces only; the platform role is cluster admin', () => {
    const stack = out.stacks['aws-us-east-1'];
    // The VPC CNI enforces the teams' NetworkPolicies.
    expect(JSON.parse(resourcesOf(stack, 'aws_eks_addon').find((a) => a.addon_name === 'vpc-cni').configuration_values)).toEqual({ enableNetworkPolicy: 'true' });
    const entries = resourcesOf(stack, 'aws_eks_access_entry');
    expect(entries.find((e) => e.principal_arn === PAYMENTS_ROLE)).toMatchObject({ type: 'STANDARD', kubernetes_groups: ['payments-engineers'] });
    const associations = resourcesOf(stack, 'aws_eks_access_policy_association');
    expect(associations.find((a) => a.principal_arn === PAYMENTS_ROLE)).toMatchObject({
      policy_arn: 'arn:aws:eks::aws:cluster-access-policy/AmazonEKSEditPolicy',
      access_scope: { type: 'namespace', namespaces: ['payments-dev', 'payments-prod'] },
    });
    expect(associations.find((a) => a.principal_arn === PLATFORM_ROLE)).toMatchObject({
      policy_arn: 'arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy', access_scope: { type: 'cluster' },
    });
  });

  test('AKS role assignments: RBAC Writer scoped to each namespace; Cluster Admin for the platform team', () => {
    const assignments = resourcesOf(out.stacks['azure-westeurope'], 'azurerm_role_assignment').filter((a) => a.principal_type === 'Group');
    const of = (group: string) => assignments.filter((a) => a.principal_id === group)
      .map((a) => [a.role_definition_name, a.scope.replace(/\$\{[^}]+\}/, '<aks>')]).sort();
    expect(of(PAYMENTS_GROUP)).toEqual([
      ['Azure Kubernetes Service Cluster User Role', '<aks>'],
      ['Azure Kubernetes Service RBAC Writer', '<aks>/namespaces/payments-dev'],
      ['Azure Kubernetes Service RBAC Writer', '<aks>/namespaces/payments-prod'],
    ]);
    expect(of(PLATFORM_GROUP)).toEqual([
      ['Azure Kubernetes Service Cluster User Role', '<aks>'],
      ['Azure Kubernetes Service RBAC Cluster Admin', '<aks>'],
    ]);
    expect(assignments.every((a) => a.principal_type === 'Group')).toBe(true);
  });

  test('cloud permissions: a ServiceAccount per namespace with its own identity; none on clusters without workload identity', () => {
    const sa = named(out.kubernetes.eks, 'ServiceAccount', 'payments', 'payments-prod');
    expect(sa.metadata.annotations['eks.amazonaws.com/role-arn']).toMatch(/^arn:aws:iam::111122223333:role\//);
    const aksSa = named(out.kubernetes.aks, 'ServiceAccount', 'payments', 'payments-dev');
    expect(aksSa.metadata.annotations['azure.workload.identity/client-id']).toBe('${aks_payments_dev_payments_client_id}');
    expect(aksSa.metadata.labels['azure.workload.identity/use']).toBe('true');
    expect(resourcesOf(out.stacks['azure-westeurope'], 'azurerm_role_assignment').map((a) => a.role_definition_name)).toContain('Azure Service Bus Data Sender');
    // The attached cluster has no workload identity: no ServiceAccount there, and the report says so.
    expect(out.kubernetes.edge.filter((o) => o.kind === 'ServiceAccount')).toEqual([]);
    expect(out.report).toContain('`test/store-ops`: has cloud permissions, but edge has no workload identity: its namespaces get no cloud identity there');
  });

  test('PostgreSQL: a CloudNativePG Cluster with the pinned image, a PDB, zone spread and backups to its own location', () => {
    const db = named(out.kubernetes.eks, 'Cluster', 'ledger', 'payments-prod');
    expect(db.spec).toMatchObject({
      instances: 3,
      imageName: 'ghcr.io/cloudnative-pg/postgresql:18.4-system-trixie',
      enablePDB: true,
      storage: { size: '20Gi' },
      resources: { requests: { cpu: '500m', memory: '1Gi' }, limits: { cpu: '500m', memory: '1Gi' } },
      affinity: { topologyKey: 'topology.kubernetes.io/zone' },
    });
    expect(db.spec.backup.barmanObjectStore).toMatchObject({
      destinationPath: `s3://eks-backups-${ACCOUNT}/pg-payments-prod-ledger`,
      s3Credentials: { inheritFromIAMRole: true },
    });
    expect(db.spec.backup.retentionPolicy).toBe('30d');
    expect(db.spec.serviceAccountTemplate.metadata.annotations['eks.amazonaws.com/role-arn']).toMatch(/^arn:aws:iam::/);
    expect(named(out.kubernetes.eks, 'ScheduledBackup', 'ledger-daily', 'payments-prod').spec).toMatchObject({ cluster: { name: 'ledger' }, method: 'barmanObjectStore' });
    const aksDb = named(out.kubernetes.aks, 'Cluster', 'ledger', 'payments-prod');
    expect(aksDb.spec.backup.barmanObjectStore.azureCredentials).toEqual({ inheritFromAzureAD: true });
    expect(aksDb.spec.backup.barmanObjectStore.destinationPath).toMatch(/^https:\/\/stbkaks[0-9a-f]{8}\.blob\.core\.windows\.net\/pg-payments-prod-ledger$/);
    expect(aksDb.spec.inheritedMetadata.labels['azure.workload.identity/use']).toBe('true');
    // Out of the mesh, so the operator reaches it.
    expect(aksDb.spec.inheritedMetadata.labels['istio.io/dataplane-mode']).toBe('none');
    expect(aksDb.spec.inheritedMetadata.annotations).toEqual({ 'backup.velero.io/backup-volumes-excludes': 'pgdata,pg-wal,scratch-data,shm' });
    expect(resourcesOf(out.stacks['azure-westeurope'], 'azurerm_storage_container').map((c) => c.name).sort()).toEqual(['pg-payments-prod-ledger', 'velero']);
  });

  test('under Argo CD, team objects sync after every add-on; databases skip the dry run their CRD would fail', () => {
    const ns = named(out.kubernetes.eks, 'Namespace', 'payments-prod');
    const db = named(out.kubernetes.eks, 'Cluster', 'ledger', 'payments-prod');
    const wave = (o: any) => Number(o.metadata.annotations?.['argocd.argoproj.io/sync-wave'] ?? 0);
    const teamWave = wave(ns);
    const addOnObjects = out.kubernetes.eks.filter((o) => o.metadata.labels?.['fleet.cdk-fleet.io/team'] === undefined);
    // Every Application and every add-on's own object (issuers, policies, schedules) syncs before.
    expect(Math.max(...addOnObjects.map(wave))).toBeLessThan(teamWave);
    expect(addOnObjects.length).toBeGreaterThan(20);
    expect(db.metadata.annotations).toEqual({
      'argocd.argoproj.io/sync-wave': ns.metadata.annotations['argocd.argoproj.io/sync-wave'],
      'argocd.argoproj.io/sync-options': 'SkipDryRunOnMissingResource=true',
    });
    expect(ns.metadata.annotations['argocd.argoproj.io/sync-options']).toBeUndefined();
  });

  test('ingress route: the standard class, TLS from the ACME issuer', () => {
    const route = named(out.kubernetes.aks, 'Ingress', 'shop', 'payments-prod');
    expect(route.metadata.annotations['cert-manager.io/cluster-issuer']).toBe('letsencrypt');
    expect(route.spec).toEqual({
      ingressClassName: 'fleet',
      tls: [{ hosts: ['shop.apps.acme.example'], secretName: 'shop-tls' }],
      rules: [{
        host: 'shop.apps.acme.example',
        http: {
          paths: [{
            path: '/',
            pathType: 'Prefix',
            backend: {
              service: {
                name: 'shop-web',
                port: { number: 8080 },
              },
            },
          }],
        },
      }],
    });
  });

  test('capacity: per cluster in fleet.json and the report', () => {
    const eks = out.plan.clusters.find((c: any) => c.name === 'eks');
    expect(eks.teams).toEqual(['payments', 'platform']);
    expect(eks.capacity).toMatchObject({ vcpus: 48, memoryGiB: 192, overcommitRatio: 1 });
    // payments: 2 namespaces × 4 vCPU; platform: 1 × 2 vCPU; plus the add-ons' reservation.
    const line = built.fleet.capacityOf(built.fleet.clusters.find((c) => c.clusterName === 'eks')!)!;
    expect(line.teams).toEqual([{ team: 'payments', vcpus: 8, memoryGiB: 16 }, { team: 'platform', vcpus: 2, memoryGiB: 4 }]);
    expect(line.addOnVcpus).toBeGreaterThan(0);
    expect(eks.capacity.committedVcpus).toBe(Math.round((10 + line.addOnVcpus) * 10) / 10);
    expect(out.report).toContain('## Capacity');
    expect(out.report).toMatch(/\| eks \| 48 vCPU, 192 GiB \| 48 vCPU, 192 GiB \| [\d.]+ vCPU, [\d.]+ GiB \(payments 8, platform 2; add-ons [\d.]+\) \|/);
    expect(out.report).toContain('| payments | aks, eks | payments-dev, payments-prod |');
  });
});

describe('teams: bad input', () => {
  const base: TeamProps = { members: { groups: ['g'], awsRoleArns: [PAYMENTS_ROLE], azureGroupObjectIds: [PAYMENTS_GROUP] }, quota: { cpu: '1', memory: '1Gi' } };

  test('names, environments, groups, quotas, requests above limits', () => {
    const { fleet } = emptyFleet();
    new Team(fleet, 'a', base);
    expect(errorOf(() => new Team(fleet, 'b', { ...base, name: 'a' }))).toBe(
      "test/b: 'name' is already the name of the team at test/a, got \"a\". Fix: give each team its own name");
    expect(errorOf(() => new Team(fleet, 'Payments', base))).toBe(
      "test/Payments: 'name' must be a DNS label of at most 30 characters (lower-case letters, digits and '-', starting with a letter), got \"Payments\". Fix: rename the team, e.g. 'payments'");
    expect(errorOf(() => new Team(fleet, 'c', { ...base, environments: ['prod', 'prod'] }))).toBe(
      "test/c: 'environments[1]' must be a DNS label of at most 20 characters, unique in the team, got \"prod\". Fix: use e.g. 'dev' or 'prod'");
    expect(errorOf(() => new Team(fleet, 'd', { ...base, members: { azureGroupObjectIds: ['payments-team'] } }))).toBe(
      "test/d: 'members.azureGroupObjectIds' is not an Entra ID group object id (a GUID), got \"payments-team\". Fix: use the group's object id, e.g. '00000000-0000-0000-0000-000000000000', not its name");
    expect(errorOf(() => new Team(fleet, 'e', { ...base, quota: { cpu: '4 cores', memory: '1Gi' } }))).toBe(
      "test/e: 'quota.cpu' is not a positive Kubernetes quantity; the API server would refuse the ResourceQuota, got \"4 cores\". Fix: use e.g. '4'");
    expect(errorOf(() => new Team(fleet, 'f', { ...base, quota: { cpu: '1', memory: '1GB' } }))).toBe(
      "test/f: 'quota.memory' is not a positive Kubernetes quantity; the API server would refuse the ResourceQuota, got \"1GB\". Fix: use e.g. '8Gi'");
    expect(errorOf(() => new Team(fleet, 'g', { ...base, quota: { cpu: '2', memory: '1Gi', limitsCpu: '1' } }))).toBe(
      "test/g: 'quota.limitsCpu' is below the CPU requests quota (2); requests may not exceed limits, got \"1\". Fix: set it to at least '2'");
    expect(errorOf(() => new Team(fleet, 'h', { ...base, defaultRequests: { cpu: '1', memory: '128Mi' }, defaultLimits: { cpu: '500m', memory: '256Mi' } }))).toBe(
      "test/h: 'defaultRequests.cpu' is above defaultLimits.cpu (500m); Kubernetes refuses requests above limits, got \"1\". Fix: lower the request or raise the limit to at least 1");
    expect(errorOf(() => new Team(fleet, 'i', { ...base, quota: { cpu: '1', memory: '1Gi', pods: 0 } }))).toBe(
      "test/i: 'quota.pods' must be a whole number of at least 1, got 0. Fix: use e.g. 50");
    expect(errorOf(() => new Team(fleet, 'j', { ...base, members: { awsRoleArns: ['arn:aws:iam::111122223333:user/bob'] } }))).toBe(
      "test/j: 'members.awsRoleArns' is not an IAM role ARN, got \"arn:aws:iam::111122223333:user/bob\". Fix: use arn:aws:iam::<12-digit account>:role/<name>, e.g. the SSO permission set's role");
    expect(errorOf(() => new Team(fleet, 'kube', { ...base, environments: ['system'] }))).toBe(
      "test/kube: 'name' would own the platform namespace 'kube-system', got \"kube\". Fix: choose another team name");
    expect(errorOf(() => new Team(fleet, 'monitoring', base))).toBe(
      "test/monitoring: 'name' would own the platform namespace 'monitoring', got \"monitoring\". Fix: choose another team name");
    new Team(fleet, 'pay', { ...base, environments: ['prod'] });
    expect(errorOf(() => new Team(fleet, 'pay-prod', base))).toBe(
      "test/pay-prod: 'environments' gives namespace 'pay-prod', which the team at test/pay owns, got []. Fix: rename the team or the environment so that every namespace has one owner");
  });

  test('a database backup location is unique and valid, however long its names', () => {
    const long = {
      name: 'ledger-of-all-the-payments-made-anywhere',
      namespace: 'payments-platform-engineering-production',
      instances: 1,
      storage: '1Gi',
      cpu: '1',
      memory: '1Gi',
      backupRetentionDays: 30,
    };
    const location = postgresBackupLocation(long);
    expect(location.length).toBeLessThanOrEqual(63);
    expect(location).toMatch(/^pg-payments-platform-engineering-production-ledger-of-[0-9a-f]{8}$/);
    expect(postgresBackupLocation({ ...long, name: 'ledger-of-all-the-payments-made-elsewhere' })).not.toBe(location);
    expect(postgresBackupLocation({ ...long, namespace: 'payments-prod', name: 'ledger' })).toBe('pg-payments-prod-ledger');
  });

  test('catalog requests with invalid sizes', () => {
    const { fleet } = emptyFleet();
    const team = new Team(fleet, 'payments', { ...base, environments: ['prod'] });
    expect(errorOf(() => team.addPostgres('db', { environment: 'prod', storage: '500Mi' }))).toBe(
      "test/payments: 'addPostgres('db').storage' must be a volume size from 1Gi to 16Ti, got \"500Mi\". Fix: use e.g. '20Gi'");
    expect(errorOf(() => team.addPostgres('db', { environment: 'prod', storage: '10Gi', instances: 0 }))).toBe(
      "test/payments: 'addPostgres('db').instances' must be a whole number from 1 to 9, got 0. Fix: use 3 for a primary and two replicas in other zones");
    expect(errorOf(() => team.addPostgres('db', { environment: 'prod', storage: '10Gi', memory: '64Mi' }))).toBe(
      "test/payments: 'addPostgres('db').memory' must be a memory quantity from 256Mi to 512Gi, got \"64Mi\". Fix: use e.g. '1Gi'");
    expect(errorOf(() => team.addPostgres('db', { environment: 'staging', storage: '10Gi' }))).toBe(
      "test/payments: 'addPostgres('db').environment' must be one of the team's environments (prod), got \"staging\". Fix: set environment: 'prod'");
    expect(errorOf(() => team.addRoute('web', { environment: 'prod', host: '*.acme.example', service: 'web', port: 80 }))).toBe(
      "test/payments: 'addRoute('web').host' is not a fully qualified DNS name (wildcards are not routes), got \"*.acme.example\". Fix: use e.g. 'shop.apps.acme.example'");
    expect(errorOf(() => team.addRoute('web', { environment: 'prod', host: 'web.acme.example', service: 'web', port: 70000 }))).toBe(
      "test/payments: 'addRoute('web').port' must be a port number from 1 to 65535, got 70000. Fix: use the Service port, e.g. 8080");
  });

  test('at synth: unknown clusters, missing identities per cloud, a shared role, routes without a public issuer, all listed together; databases beyond the quota at once', () => {
    const { app, fleet } = emptyFleet({ awsAccountId: ACCOUNT, gitOps: { repoUrl: 'https://github.com/acme/fleet.git', path: 'clusters' } });
    addAws(fleet, 'eks', 'us-east-1', '10.10.0.0/16');
    addAzure(fleet, 'aks', 'westeurope', '10.20.0.0/16');
    fleet.addAddOn(new CertManager());
    fleet.addAddOn(new IngressNginx());
    fleet.addAddOn(new CloudNativePg());
    new Team(fleet, 'ghost', { ...base, clusters: { names: ['eks', 'prod-use9'] } });
    new Team(fleet, 'aws-only', { members: { awsRoleArns: [PLATFORM_ROLE] }, quota: { cpu: '1', memory: '1Gi' } });
    const big = new Team(fleet, 'big', { ...base, members: { awsRoleArns: [`arn:aws:iam::${ACCOUNT}:role/big`] }, clusters: { names: ['eks'] } });
    // Shares the ghost team's role on eks: EKS has one access entry per role.
    new Team(fleet, 'copycat', { ...base, clusters: { names: ['eks'] } });
    // Checked where it is asked for: the quota is known then.
    expect(errorOf(() => big.addPostgres('db', { storage: '10Gi', instances: 3, cpu: '1', memory: '1Gi' }))).toBe(
      "test/big: addPostgres('db'): the databases of namespace big do not fit its quota (CPU 3 > quota 1, memory 3 GiB > quota 1 GiB). "
      + "Fix: lower instances, cpu, memory or storage, or raise the team's quota");
    expect(big.postgres).toEqual([]);
    const web = new Team(fleet, 'web', { ...base, clusters: { names: ['aks'] } });
    web.addRoute('site', { host: 'site.acme.example', service: 'site', port: 80 });
    const message = errorOf(() => app.synth());
    expect(message).toContain("test/ghost: 'clusters.names' names a cluster that is not in the fleet, got \"prod-use9\". Fix: use one of 'aks' or 'eks'");
    expect(message).toContain("test/aws-only: 'members.azureGroupObjectIds' must list the team's Entra ID groups: the team runs on AKS cluster aks, got []. "
      + "Fix: add the groups' object ids (GUIDs), or keep the team off Azure with clusters: { clouds: [...] }");
    expect(message).toContain("test/aws-us-east-1/eks: 'access.copycat.awsRoleArns' already has an access entry on this cluster (ghost); EKS allows one per role, "
      + `got "${PAYMENTS_ROLE}". Fix: give each team its own SSO role, or grant the role once`);
    expect(message).toContain("test/web: addRoute('site') asks for a public certificate, but aks has no ACME issuer (cert-manager 'acme' with DNS zones for its cloud). "
      + "Fix: give cert-manager acme zones for the cloud, e.g. new CertManager({ acme: { email: 'platform@acme.example', route53HostedZoneIds: ['Z0…'], "
      + "azureDnsZoneIds: ['/subscriptions/…/dnszones/acme.example'] } }), use tls: RouteTls.INTERNAL, or keep the team off the cluster");
  });

  test('every add-on a team\'s requests need is named in one run, with the options that provide it', () => {
    const { app, fleet } = emptyFleet({ awsAccountId: '111122223333', gitOps: { repoUrl: 'https://github.com/acme/fleet.git', path: 'clusters' } });
    addAws(fleet, 'eks', 'us-east-1', '10.1.0.0/16');
    const team = new Team(fleet, 'shop', { members: { awsRoleArns: [PAYMENTS_ROLE] }, environments: ['prod'], quota: { cpu: '8', memory: '16Gi' } });
    team.addPostgres('orders', { environment: 'prod', storage: '20Gi' });
    team.addRoute('web', { environment: 'prod', host: 'shop.acme.example', service: 'web', port: 8080 });
    const message = errorOf(() => app.synth());
    expect(message).toContain("test/shop: addPostgres('orders') needs the 'cloudnative-pg' add-on on eks. Fix: fleet.addAddOn(new CloudNativePg())");
    expect(message).toContain("test/shop: addRoute('web') needs the 'ingress-nginx' add-on on eks");
    expect(message).toContain("test/shop: addRoute('web') needs the 'cert-manager' add-on on eks for its certificate. Fix: fleet.addAddOn(new CertManager({ acme: { email:");
  });

  test('an internal route needs only the internal CA', () => {
    const { app, fleet } = emptyFleet({ gitOps: { repoUrl: 'https://github.com/acme/fleet.git', path: 'clusters' } });
    addAttached(fleet, 'edge');
    fleet.addAddOn(new CertManager());
    fleet.addAddOn(new IngressNginx());
    const team = new Team(fleet, 'web', { members: { groups: ['web'] }, quota: { cpu: '1', memory: '1Gi' } });
    team.addRoute('site', { host: 'site.corp.acme.example', service: 'site', port: 80, tls: RouteTls.INTERNAL });
    const out = FleetTesting.synth(app);
    expect(named(out.kubernetes.edge, 'Ingress', 'site', 'web').metadata.annotations['cert-manager.io/cluster-issuer']).toBe('fleet-internal-ca');
  });

  test('capacity: beyond the overcommit ratio is an error naming cluster, teams and numbers; close to it a warning', () => {
    const over = emptyFleet({ capacityPlanning: { overcommitRatio: 1 } });
    addAttached(over.fleet, 'edge'); // 3 nodes × 4 vCPU / 16 GiB
    new Team(over.fleet, 'alpha', { members: { groups: ['a'] }, quota: { cpu: '8', memory: '16Gi' } });
    new Team(over.fleet, 'beta', { members: { groups: ['b'] }, environments: ['dev', 'prod'], quota: { cpu: '3', memory: '4Gi' } });
    expect(errorOf(() => over.app.synth())).toContain(
      "test/edge: the teams' quotas and the add-ons exceed the cluster's capacity: CPU 14 vCPU committed (teams: alpha 8, beta 6; add-ons 0) "
      + 'against 12 vCPU allowed (12 vCPU × overcommit 1). '
      + "Fix: raise the node pools' max, lower the teams' quotas, move a team to another cluster, or raise capacityPlanning.overcommitRatio");

    const near = emptyFleet({ capacityPlanning: { overcommitRatio: 1.25, warningThreshold: 0.9 } });
    addAttached(near.fleet, 'edge');
    new Team(near.fleet, 'alpha', { members: { groups: ['a'] }, quota: { cpu: '14', memory: '16Gi' } });
    const out = FleetTesting.synth(near.app);
    expect(out.report).toContain('`test/edge`: close to capacity (over 90% of what is allowed): CPU 14 vCPU committed (teams: alpha 14; add-ons 0) '
      + 'against 15 vCPU allowed (12 vCPU × overcommit 1.25)');

    expect(errorOf(() => emptyFleet({ capacityPlanning: { overcommitRatio: 10 } }))).toBe(
      "test: 'capacityPlanning.overcommitRatio' must be a number from 0.5 to 4, got 10. Fix: use 1 to commit no more than the nodes offer, or e.g. 1.5 to overcommit by half");
  });
});
