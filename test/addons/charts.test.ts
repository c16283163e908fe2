import * as path from 'node:path';
import { buildExampleFleet } from '../../examples/multi-cloud-fleet/fleet';
import { FleetTesting } from '../../src';
import { readYamlDocuments } from '../../src/_internal/yaml-files';

/**
 * One snapshot per add-on chart file of the example fleet, an EKS and an
 * AKS cluster side by side: a change to one add-on's output shows up in
 * review as that add-on's diff.
 */
describe('add-on charts', () => {
  const app = FleetTesting.app();
  buildExampleFleet(app);
  const out = FleetTesting.synth(app);
  const EKS = 'prod-use1';
  const AKS = 'prod-neu';

  /**
   * The objects of an add-on's chart files on a cluster, by folder (the
   * engine: bootstrap and engine; an add-on: its releases and its
   * configuration), or undefined when the add-on is not on it.
   */
  const chartOf = (cluster: string, id: string) => {
    const files = out.kubernetesFiles[cluster].filter((f) => path.basename(f).replace(/^\d\d-/, '').replace(/\.k8s\.yaml$/, '') === id);
    return files.length === 0 ? undefined
      : Object.fromEntries(files.map((f) => [path.dirname(f), readYamlDocuments(path.join(out.outdir, 'kubernetes', cluster, f))]));
  };
  const ids: string[] = out.plan.clusters.find((c: any) => c.name === EKS).addons.map((a: any) => a.id);

  test('every add-on of the standard has a chart file on EKS', () => {
    // In apply order: the engine, then by level (cert-manager, opencost and velero come after the monitoring stack, whose
    // ServiceMonitor CRD they use; the AWS Load Balancer Controller and the OpenTelemetry operator after cert-manager; ingress-nginx
    // and the mesh, whose load balancers the controller provisions, after it).
    expect(ids).toEqual(['argo-cd', 'cloudnative-pg', 'cluster-autoscaler', 'external-dns', 'fluent-bit', 'kube-prometheus-stack', 'kyverno',
      'metrics-server', 'trivy-operator', 'cert-manager', 'opencost', 'velero', 'aws-load-balancer-controller', 'opentelemetry-operator', 'ingress-nginx', 'istio']);
    expect(ids.every((id) => chartOf(EKS, id) !== undefined)).toBe(true);
  });

  test.each(ids)('%s', (id) => {
    const charts = { eks: chartOf(EKS, id), aks: chartOf(AKS, id) };
    expect(charts.eks).toBeDefined();
    expect(charts).toMatchSnapshot();
  });
});
