import {
  AttachedCluster, AzureNetworkPolicy, BundledComponent, CertManager, FleetTesting, IngressNginx, Istio, KubernetesDistribution,
  MetricsServer, RouteTls,
  Team,
} from '../../src';
import { addAttached, addAzure, emptyFleet, errorOf } from '../support/fixtures';

const GITOPS = { repoUrl: 'https://github.com/acme/fleet.git', path: 'clusters' };

function fleetOf(distribution: KubernetesDistribution, disabledComponents?: BundledComponent[]) {
  const { app, fleet } = emptyFleet({ gitOps: GITOPS });
  addAttached(fleet, 'store', { distribution, disabledComponents });
  fleet.addAddOn(new CertManager());
  fleet.addAddOn(new MetricsServer());
  fleet.addAddOn(new IngressNginx());
  fleet.addAddOn(new Istio());
  return { app, fleet };
}

const releasesOn = (app: any, cluster: string) => FleetTesting.synth(app).kubernetes[cluster]
  .filter((o) => o.kind === 'Application' && o.spec.source?.chart).map((o) => o.metadata.name);

describe('attached clusters say which distribution they run', () => {
  test.each([KubernetesDistribution.K3S, KubernetesDistribution.RKE2])('%s: no second metrics-server, and nothing that fights its ingress for ports 80 and 443', (distribution) => {
    const { app } = fleetOf(distribution);
    const releases = releasesOn(app, 'store');
    expect(releases).not.toContain('metrics-server');
    expect(releases).not.toContain('ingress-nginx');
    expect(releases).not.toContain('istio-ingressgateway');
    expect(releases).toEqual(expect.arrayContaining(['cert-manager', 'istio-base', 'istiod']));
  });

  test('a site that disabled the bundled components gets the fleet\'s', () => {
    const { app } = fleetOf(KubernetesDistribution.K3S, [BundledComponent.INGRESS, BundledComponent.METRICS_SERVER]);
    expect(releasesOn(app, 'store')).toEqual(expect.arrayContaining(['metrics-server', 'ingress-nginx', 'istio-ingressgateway']));
  });

  test('a generic cluster and EKS bring nothing; AKS brings its metrics-server', () => {
    const { app, fleet } = fleetOf(KubernetesDistribution.GENERIC);
    addAzure(fleet, 'aks', 'westeurope', '10.20.0.0/16', { networkPolicy: AzureNetworkPolicy.AZURE });
    const out = FleetTesting.synth(app);
    const names = (cluster: string) => out.kubernetes[cluster].filter((o) => o.kind === 'Application').map((o) => o.metadata.name);
    expect(names('store')).toEqual(expect.arrayContaining(['metrics-server', 'ingress-nginx', 'istio-ingressgateway']));
    expect(names('aks')).not.toContain('metrics-server');
    expect(out.report).toContain('| store | attached clusters (generic) |');
    expect(out.report).toContain('| aks | Azure AKS<br>brings metrics-server |');
  });

  test('a team route on a cluster whose distribution keeps the ingress says how to free it', () => {
    const { app, fleet } = fleetOf(KubernetesDistribution.K3S);
    const team = new Team(fleet, 'shop', { members: { groups: ['shop'] }, quota: { cpu: '1', memory: '1Gi' } });
    team.addRoute('web', { host: 'web.store.acme.example', service: 'web', port: 8080, tls: RouteTls.INTERNAL });
    expect(errorOf(() => FleetTesting.synth(app))).toContain(
      "test/shop: addRoute('web') needs the 'ingress-nginx' add-on on store, whose TLS comes from cert-manager; the cluster's distribution runs its own ingress "
      + 'controller on ports 80 and 443, so the fleet\'s stays off. Fix: disable the bundled one at install and say so with disabledComponents: [BundledComponent.INGRESS], '
      + 'or keep the team off the cluster');
  });

  test('bad input', () => {
    const { fleet } = emptyFleet();
    expect(errorOf(() => new AttachedCluster(fleet, 'a', { location: 'a', nodes: [{ name: 'n', count: 1, vcpus: 2, memoryGiB: 4 }], distribution: 'k0s' as any }))).toBe(
      "test/a: 'distribution' is not a Kubernetes distribution the fleet knows, got \"k0s\". Fix: use KubernetesDistribution.K3S, KubernetesDistribution.RKE2 or KubernetesDistribution.GENERIC");
    expect(errorOf(() => addAttached(fleet, 'b', { disabledComponents: [BundledComponent.INGRESS] }))).toBe(
      "test/b: 'disabledComponents[0]' is not a component generic bundles, got \"ingress\". Fix: leave disabledComponents out");
    expect(errorOf(() => addAttached(fleet, 'c', { distribution: KubernetesDistribution.K3S, disabledComponents: 'ingress' }))).toBe(
      "test/c: 'disabledComponents' must be a list of bundled components, got \"ingress\". Fix: e.g. disabledComponents: [BundledComponent.INGRESS]");
  });
});
