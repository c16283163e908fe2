import { App } from 'cdktf';
import {
  AttachedCluster, AwsCluster, AwsLoadBalancerController, AzureCluster, CertManager, ClusterAutoscaler, ExternalDns, Fleet, FluentBit,
  IngressNginx, Istio, KubePrometheusStack,
  Kyverno, MetricsServer, OpenCost, OpenTelemetry, PolicyMode, TaintEffect, TrivyOperator, Velero, CloudNativePg, Cloud, Team, GitOpsEngine,
  KubernetesDistribution, FleetRollout, CatalogueExtensions, GlobalRoutingPolicy,
} from '../../src';

/** What a test may vary in the example. */
export interface ExampleOptions {
  /** @default GitOpsEngine.ARGO_CD */
  readonly engine?: GitOpsEngine;
  /** A Kubernetes version rolling out through the waves. @default - none */
  readonly rollout?: FleetRollout;
  /** Facts the fleet adds to the catalogue. @default - none */
  readonly catalogue?: CatalogueExtensions;
}

/**
 * The example fleet: three EKS clusters in three AWS regions, two AKS
 * clusters in two Azure regions and one retail-store cluster, rolled out in
 * three waves (canary first). Kept in its own module so tests synthesize
 * exactly what `npm run synth` does.
 */
export function buildExampleFleet(app: App, options: ExampleOptions = {}): Fleet {
  const fleet = new Fleet(app, 'acme', {
    kubernetesVersion: '1.35',
    rollout: options.rollout,
    catalogue: options.catalogue,
    waves: [
      { name: 'canary', description: 'first to get every change; real traffic, small blast radius' },
      { name: 'early', description: 'one cluster per cloud and the edge' },
      { name: 'main', description: 'everything else' },
    ],
    tags: { 'cost-center': 'platform', 'owner': 'platform-team' },
    awsStateBackend: { bucket: 'acme-terraform-state', region: 'us-east-1' },
    azureStateBackend: { resourceGroupName: 'rg-acme-tfstate', storageAccountName: 'acmetfstate', containerName: 'tfstate' },
    azureSubscriptionId: '11111111-2222-3333-4444-555555555555',
    // Where the Azure Kubernetes Fleet Manager that runs AKS upgrades wave by wave lives.
    azureFleetManagerRegion: 'westeurope',
    awsAccountId: '111122223333',
    azureAdminGroupObjectIds: ['6f1d3c2e-8a4b-4c9d-9e7f-0a1b2c3d4e5f'],
    // The pipeline applies everything as these identities (OIDC-federated, no stored secrets);
    // its runners reach the Key Vault firewalls from these ranges.
    deployer: {
      awsRoleArns: ['arn:aws:iam::111122223333:role/fleet-deployer'],
      azurePrincipalId: '9b2e4c1a-7d3f-4e8b-a5c6-1f0e2d3c4b5a',
      azureIpRanges: ['203.0.113.0/28'],
    },
    // The pipeline commits each wave's folders of cdktf.out/kubernetes/ to clusters/ of this repository when it reaches the wave.
    gitOps: {
      repoUrl: 'https://github.com/acme/fleet.git',
      path: 'clusters',
      engine: options.engine ?? GitOpsEngine.ARGO_CD,
      argoCd: options.engine === GitOpsEngine.FLUX ? undefined : {
        sso: {
          url: 'https://argocd.{cluster}.acme.example',
          issuer: 'https://login.microsoftonline.com/9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d/v2.0',
          clientId: '0f1e2d3c-4b5a-4968-8776-a5b4c3d2e1f0',
          adminGroups: ['6f1d3c2e-8a4b-4c9d-9e7f-0a1b2c3d4e5f'],
        },
      },
    },
    // The teams' global names (routes with `global`): Route 53 health checks and records in the global stack.
    globalDns: { zoneName: 'apps.acme.example', route53HostedZoneId: 'Z04412345ABCDEFGHIJKL' },
    awsAdminRoleArns: ['arn:aws:iam::111122223333:role/aws-reserved/sso.amazonaws.com/AWSReservedSSO_PlatformAdmin_0123456789abcdef'],
  });

  new AwsCluster(fleet, 'canary-usw2', {
    region: 'us-west-2',
    cidr: '10.11.0.0/16',
    wave: 'canary',
    nodePools: [{ name: 'general', size: 'm6i.large', min: 2, max: 4 }],
  });
  new AwsCluster(fleet, 'prod-use1', {
    region: 'us-east-1',
    cidr: '10.10.0.0/16',
    wave: 'early',
    nodePools: [
      { name: 'general', size: 'm6i.xlarge', min: 3, max: 9 },
      {
        name: 'batch',
        size: 'c6i.2xlarge',
        min: 0,
        max: 6,
        labels: { workload: 'batch' },
        taints: [{ key: 'workload', value: 'batch', effect: TaintEffect.NO_SCHEDULE }],
      },
    ],
  });
  new AwsCluster(fleet, 'prod-euc1', {
    region: 'eu-central-1',
    cidr: '10.12.0.0/16',
    nodePools: [{ name: 'general', size: 'm6i.xlarge', min: 3, max: 9 }],
  });

  new AzureCluster(fleet, 'canary-weu', {
    region: 'westeurope',
    cidr: '10.20.0.0/16',
    wave: 'canary',
    kubernetesVersion: '1.36',
    kubernetesVersionReason: 'canary for the fleet-wide upgrade to 1.36',
    systemPool: { name: 'system', size: 'Standard_D4s_v5', min: 2, max: 3 },
    nodePools: [{ name: 'apps', size: 'Standard_D4s_v5', min: 1, max: 4 }],
  });
  new AzureCluster(fleet, 'prod-neu', {
    region: 'northeurope',
    cidr: '10.21.0.0/16',
    systemPool: { name: 'system', size: 'Standard_D4s_v5', min: 3, max: 3 },
    nodePools: [
      { name: 'apps', size: 'Standard_D8s_v5', min: 2, max: 10 },
      { name: 'spot', size: 'Standard_D8s_v5', min: 0, max: 6, spot: true, labels: { workload: 'batch' } },
    ],
    maintenanceWindow: { dayOfWeek: 'Saturday', startTime: '22:00', durationHours: 6, utcOffset: '+01:00' },
    // Backups leave the cluster's region, so a regional outage does not take them too.
    backupStorage: { region: 'westeurope' },
  });

  new AttachedCluster(fleet, 'store-0042', {
    location: 'store-0042',
    wave: 'early',
    // k3s brings metrics-server and Traefik on ports 80 and 443: the fleet's metrics-server, ingress-nginx and Istio gateway stay off.
    distribution: KubernetesDistribution.K3S,
    kubernetesVersion: '1.36',
    kubernetesVersionReason: 'the store image ships k3s 1.36; 1.35 is no longer built for it',
    cidr: '192.168.42.0/24',
    nodes: [{ name: 'store-servers', count: 3, vcpus: 4, memoryGiB: 16, hardware: 'Intel NUC 13 Pro' }],
    // The regional hub's MinIO; the store's secret store delivers the credentials.
    siteBackupStorage: {
      bucket: 'store-0042-backups',
      endpoint: 'https://minio.emea-hub.acme.example',
      credentialsSecret: 'backup-credentials',
      retentionDays: 100,
    },
  });

  addStandardAddOns(fleet);
  const store = fleet.clusters.find((c) => c.clusterName === 'store-0042')!;
  fleet.overrideAddOn(store, 'kyverno', { values: { admissionController: { replicas: 1 } }, reason: 'three small store nodes: one admission replica is enough' });
  // AKS's Cilium data plane (the default, and Microsoft's recommended one) leaves no room for Istio's CNI agent.
  for (const aks of fleet.clusters.filter((c) => c.cloud === Cloud.AZURE)) {
    fleet.overrideAddOn(aks, 'istio', {
      remove: true,
      reason: "AKS-managed Cilium owns the nodes' CNI configuration, onto which Istio's CNI agent cannot chain; "
        + 'team traffic here is guarded by Cilium network policies only',
    });
  }

  addTeams(fleet);
  return fleet;
}

/**
 * The fleet's standard add-ons, one per category: the same on every cluster
 * unless an override says why. The benchmark uses the same standard.
 */
export function addStandardAddOns(fleet: Fleet): void {
  fleet.addAddOn(new CertManager({
    acme: {
      email: 'platform@acme.example',
      route53HostedZoneIds: ['Z04412345ABCDEFGHIJKL'],

      azureDnsZoneIds: ['/subscriptions/11111111-2222-3333-4444-555555555555/resourceGroups/rg-acme-dns/providers/Microsoft.Network/dnszones/acme.example'],
    },
  }));
  fleet.addAddOn(new Kyverno({ mode: PolicyMode.ENFORCE, allowedRegistries: ['registry.acme.example', 'public.ecr.aws', 'mcr.microsoft.com', 'quay.io', 'ghcr.io'] }));
  fleet.addAddOn(new MetricsServer());
  fleet.addAddOn(new ExternalDns({
    domainFilters: ['apps.acme.example'],
    route53HostedZoneIds: ['Z04412345ABCDEFGHIJKL'],

    azureDnsZoneIds: ['/subscriptions/11111111-2222-3333-4444-555555555555/resourceGroups/rg-acme-dns/providers/Microsoft.Network/dnszones/apps.acme.example'],
  }));
  fleet.addAddOn(new IngressNginx());
  // EKS only: the NLBs in front of ingress-nginx and the mesh gateway.
  fleet.addAddOn(new AwsLoadBalancerController());
  fleet.addAddOn(new Istio());
  fleet.addAddOn(new KubePrometheusStack({ remoteWriteUrl: 'https://metrics.acme.example/api/v1/write' }));
  fleet.addAddOn(new FluentBit({ lokiUrl: 'https://logs.acme.example/loki/api/v1/push' }));
  fleet.addAddOn(new OpenTelemetry({ exportEndpoint: 'https://otlp.acme.example:4317' }));
  fleet.addAddOn(new TrivyOperator());
  fleet.addAddOn(new OpenCost());
  fleet.addAddOn(new ClusterAutoscaler());
  fleet.addAddOn(new Velero());
  fleet.addAddOn(new CloudNativePg());
}

/**
 * Three teams: the platform team (cluster admin everywhere), payments (dev
 * and prod on the EKS and AKS clusters past the canary wave, with a cloud
 * identity, a PostgreSQL database and a public route) and store operations
 * (the store cluster only).
 */
function addTeams(fleet: Fleet): void {
  new Team(fleet, 'platform', {
    members: {
      groups: ['platform-engineers'],
      awsRoleArns: ['arn:aws:iam::111122223333:role/aws-reserved/sso.amazonaws.com/AWSReservedSSO_PlatformEngineer_0123456789abcdef'],
      azureGroupObjectIds: ['3c2b1a09-8f7e-4d6c-9b5a-4a3b2c1d0e9f'],
    },
    quota: { cpu: '1', memory: '2Gi', storage: '20Gi' },
    clusterAdmin: true,
  });

  const payments = new Team(fleet, 'payments', {
    members: {
      groups: ['payments-engineers'],
      awsRoleArns: ['arn:aws:iam::111122223333:role/aws-reserved/sso.amazonaws.com/AWSReservedSSO_PaymentsDeveloper_89abcdef01234567'],
      azureGroupObjectIds: ['7d6c5b4a-3e2f-4a1b-8c9d-0e1f2a3b4c5d'],
    },
    clusters: { clouds: [Cloud.AWS, Cloud.AZURE], waves: ['early', 'main'] },
    environments: ['dev', 'prod'],
    quota: { cpu: '6', memory: '12Gi', pods: 60, storage: '200Gi', loadBalancers: 0 },
    defaultRequests: { cpu: '100m', memory: '128Mi' },
    defaultLimits: { cpu: '1', memory: '512Mi' },
    cloudPermissions: {
      policyStatements: [{
        actions: ['sqs:SendMessage', 'sqs:ReceiveMessage', 'sqs:DeleteMessage'],
        resources: ['arn:aws:sqs:*:111122223333:payments-*'],
      }],
      // Least privilege: send and receive on the team's queue, as on AWS; Data Owner would also let the team manage
      // every entity of the namespace.
      roleAssignments: ['Azure Service Bus Data Sender', 'Azure Service Bus Data Receiver'].map((roleDefinitionName) => ({
        roleDefinitionName,
        scope: '/subscriptions/11111111-2222-3333-4444-555555555555/resourceGroups/rg-payments/providers/Microsoft.ServiceBus/namespaces/sb-acme-payments/queues/payments',
      })),
    },
    allowHttpsEgress: true,
    // The team's own applications: dev follows main, prod stays at the release that passed in dev.
    gitOps: {
      repoUrl: 'https://github.com/acme/payments-apps.git',
      path: 'deploy/{environment}',
      environments: { prod: { tag: 'v1.4.2', promotedFrom: 'dev' } },
    },
  });
  payments.addPostgres('ledger', { environment: 'prod', instances: 3, storage: '50Gi', cpu: '1', memory: '2Gi', backupRetentionDays: 30 });
  // One global name for checkout: us-east-1 serves while healthy, Frankfurt takes over when it is not. The global
  // zone is in Route 53, where only the EKS clusters can answer the certificate's DNS challenge; prod-neu serves
  // checkout at its regional name, checkout.prod-neu.apps.acme.example.
  payments.addRoute('checkout', {
    environment: 'prod',
    host: 'checkout.apps.acme.example',
    service: 'checkout-web',
    port: 8080,
    global: { policy: GlobalRoutingPolicy.FAILOVER, healthPath: '/healthz', clusters: ['prod-use1', 'prod-euc1'], primaryCluster: 'prod-use1' },
  });

  new Team(fleet, 'store-ops', {
    members: { groups: ['store-operations'] },
    clusters: { clouds: [Cloud.ATTACHED] },
    quota: { cpu: '2', memory: '4Gi', storage: '50Gi' },
    viewClusterWide: true,
  });
}
