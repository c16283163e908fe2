import { App } from 'cdktf';
import {
  AttachedCluster, AwsCluster, AzureCluster, CertManager, ClusterAutoscaler, ExternalDns, Fleet, FluentBit, IngressNginx, Istio, KubePrometheusStack,
  Kyverno, MetricsServer, OpenCost, OpenTelemetry, PolicyMode, TaintEffect, TrivyOperator, Velero,
} from '../../src';

/**
 * The example fleet: three EKS clusters in three AWS regions, two AKS
 * clusters in two Azure regions and one retail-store cluster, rolled out in
 * three waves (canary first). Kept in its own module so tests synthesize
 * exactly what `npm run synth` does.
 */
export function buildExampleFleet(app: App): Fleet {
  const fleet = new Fleet(app, 'acme', {
    kubernetesVersion: '1.34',
    waves: [
      { name: 'canary', description: 'first to get every change; real traffic, small blast radius' },
      { name: 'early', description: 'one cluster per cloud and the edge' },
      { name: 'main', description: 'everything else' },
    ],
    tags: { 'cost-center': 'platform', 'owner': 'platform-team' },
    awsStateBackend: { bucket: 'acme-terraform-state', region: 'us-east-1', lockTable: 'acme-terraform-locks' },
    azureStateBackend: { resourceGroupName: 'rg-acme-tfstate', storageAccountName: 'acmetfstate', containerName: 'tfstate' },
    azureSubscriptionId: '11111111-2222-3333-4444-555555555555',
    awsAccountId: '111122223333',
    azureAdminGroupObjectIds: ['6f1d3c2e-8a4b-4c9d-9e7f-0a1b2c3d4e5f'],
    azureDeployerIpRanges: ['203.0.113.0/28'],
    gitOps: { repoUrl: 'https://github.com/acme/fleet.git' },
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
    kubernetesVersion: '1.35',
    kubernetesVersionReason: 'canary for the fleet-wide upgrade to 1.35',
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
    kubernetesVersion: '1.35',
    kubernetesVersionReason: 'the store image ships k3s 1.35; 1.34 is no longer built for it',
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

  // The standard add-ons: the same on every cluster unless an override says why.
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
  fleet.addAddOn(new Istio());
  fleet.addAddOn(new KubePrometheusStack({ remoteWriteUrl: 'https://metrics.acme.example/api/v1/write' }));
  fleet.addAddOn(new FluentBit({ lokiUrl: 'https://logs.acme.example/loki/api/v1/push' }));
  fleet.addAddOn(new OpenTelemetry({ exportEndpoint: 'https://otlp.acme.example:4317' }));
  fleet.addAddOn(new TrivyOperator());
  fleet.addAddOn(new OpenCost());
  fleet.addAddOn(new ClusterAutoscaler());
  fleet.addAddOn(new Velero());
  const store = fleet.clusters.find((c) => c.clusterName === 'store-0042')!;
  fleet.overrideAddOn(store, 'kyverno', { values: { admissionController: { replicas: 1 } }, reason: 'three small store nodes: one admission replica is enough' });
  return fleet;
}
