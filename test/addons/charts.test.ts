import * as path from 'node:path';
import { Yaml } from 'cdk8s';
import {
  CertManager, ClusterAutoscaler, ExternalDns, FleetTesting, FluentBit, IngressNginx, Istio, KubePrometheusStack, Kyverno, MetricsServer, OpenCost,
  OpenTelemetry, PolicyMode, TrivyOperator, Velero,
} from '../../src';
import { addAttached, addAws, addAzure, emptyFleet } from '../support/fixtures';

/**
 * One snapshot per add-on chart file, on EKS and AKS side by side: a change
 * to one add-on's output shows up in review as that add-on's diff.
 */
describe('add-on charts', () => {
  const { app, fleet } = emptyFleet({ awsAccountId: '111122223333', gitOps: { repoUrl: 'https://github.com/acme/fleet.git' } });
  addAws(fleet, 'eks', 'us-east-1', '10.10.0.0/16');
  addAzure(fleet, 'aks', 'westeurope', '10.20.0.0/16');
  addAttached(fleet, 'edge');
  fleet.addAddOn(new CertManager({
    acme: {
      email: 'platform@acme.example',
      route53HostedZoneIds: ['Z0123456789ABCDEFGHIJ'],
      azureDnsZoneIds: ['/subscriptions/00000000-1111-2222-3333-444444444444/resourceGroups/rg-dns/providers/Microsoft.Network/dnszones/acme.example'],
    },
  }));
  fleet.addAddOn(new Kyverno({ mode: PolicyMode.AUDIT, allowedRegistries: ['registry.acme.example'] }));
  fleet.addAddOn(new MetricsServer());
  fleet.addAddOn(new ExternalDns({
    domainFilters: ['apps.acme.example'],
    route53HostedZoneIds: ['Z0123456789ABCDEFGHIJ'],
    azureDnsZoneIds: ['/subscriptions/00000000-1111-2222-3333-444444444444/resourceGroups/rg-dns/providers/Microsoft.Network/dnszones/acme.example'],
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
  const out = FleetTesting.synth(app);

  /** The objects of the chart file of an add-on on a cluster, or undefined when the add-on is not on it. */
  const chartOf = (cluster: string, id: string) => {
    const file = out.kubernetesFiles[cluster].find((f) => f.replace(/^\d\d-/, '').replace(/\.k8s\.yaml$/, '') === id);
    return file ? Yaml.load(path.join(out.outdir, 'kubernetes', cluster, file)) : undefined;
  };
  const ids: string[] = out.plan.clusters.find((c: any) => c.name === 'eks').addons.map((a: any) => a.id);

  test('every add-on of the standard has a chart file on EKS', () => {
    // In apply order: the bootstrap, then by level (ingress-nginx and the OpenTelemetry operator wait for cert-manager,
    // opencost for the monitoring stack).
    expect(ids).toEqual(['argo-cd', 'cert-manager', 'cluster-autoscaler', 'external-dns', 'fluent-bit', 'istio', 'kube-prometheus-stack',
      'kyverno', 'metrics-server', 'trivy-operator', 'velero', 'ingress-nginx', 'opencost', 'opentelemetry-operator']);
    expect(ids.every((id) => chartOf('eks', id) !== undefined)).toBe(true);
  });

  test.each(ids)('%s', (id) => {
    const charts = { eks: chartOf('eks', id), aks: chartOf('aks', id) };
    expect(charts.eks).toBeDefined();
    expect(charts).toMatchSnapshot();
  });
});
