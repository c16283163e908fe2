import { buildExampleFleet } from '../../examples/multi-cloud-fleet/fleet';
import {
  AzureNetworkPolicy, CertManager, FleetTesting, GitOpsEngine, IngressNginx, Istio, KubePrometheusStack, KubernetesDistribution,
  SynthesizedFleet, Team,
} from '../../src';
import { addAttached, addAzure, emptyFleet, errorOf } from '../support/fixtures';
import { meshViolations } from '../support/mesh-rules';
import { releasesOf } from '../support/releases';

const GIT = { repoUrl: 'https://github.com/acme/fleet.git', path: 'clusters' };

let example: SynthesizedFleet;
beforeAll(() => {
  const app = FleetTesting.app();
  buildExampleFleet(app);
  example = FleetTesting.synth(app);
});

const teamNamespaces = (objects: any[]) => objects.filter((o) => o.kind === 'Namespace' && o.metadata.labels?.['fleet.cdk-fleet.io/team']);

describe('the mesh lets team workloads run, and reach each other only over mutual TLS', () => {
  test('on every cluster of the example with the mesh, team namespaces are members and nothing in the mesh rules refuses them', () => {
    const meshed = Object.entries(example.kubernetes).filter(([, objects]) => releasesOf(objects).some((r) => r.chart === 'istiod'));
    expect(meshed.map(([name]) => name).sort()).toEqual(['canary-usw2', 'prod-euc1', 'prod-use1', 'store-0042']);
    for (const [, objects] of meshed) {
      // The rules below apply to member namespaces: without members the check would prove nothing.
      expect(teamNamespaces(objects).map((n) => n.metadata.labels['istio.io/dataplane-mode'])).toEqual(teamNamespaces(objects).map(() => 'ambient'));
      expect(meshViolations(objects)).toEqual([]);
    }
  });

  test('team namespaces keep Pod Security restricted and ask for no sidecar injection (no istio-init, no istio-proxy for the registry policy to meet)', () => {
    for (const objects of Object.values(example.kubernetes)) {
      for (const ns of teamNamespaces(objects)) {
        expect(ns.metadata.labels['pod-security.kubernetes.io/enforce']).toBe('restricted');
        expect(ns.metadata.labels['istio-injection']).toBeUndefined();
        expect(ns.metadata.labels['istio.io/rev']).toBeUndefined();
      }
    }
  });

  test('the platform\'s callers of team pods join the mesh as clients, and keep accepting their own plain-text callers', () => {
    const objects = example.kubernetes['prod-use1'];
    const release = (chart: string) => releasesOf(objects).find((r) => r.chart === chart)!;
    expect(release('ingress-nginx').values.controller.podLabels).toEqual({ 'istio.io/dataplane-mode': 'ambient' });
    expect(release('kube-prometheus-stack').values.prometheus.prometheusSpec.podMetadata).toEqual({ labels: { 'istio.io/dataplane-mode': 'ambient' } });
    const modes = objects.filter((o) => o.kind === 'PeerAuthentication').map((p) => `${p.metadata.namespace}:${p.spec.mtls.mode}`).sort();
    expect(modes).toEqual(['ingress-nginx:PERMISSIVE', 'istio-system:STRICT', 'monitoring:PERMISSIVE']);
  });

  test('databases stay out of the mesh in a member namespace, so their operator reaches them', () => {
    const db = example.kubernetes['prod-use1'].find((o) => o.kind === 'Cluster' && o.apiVersion === 'postgresql.cnpg.io/v1');
    expect(db.spec.inheritedMetadata.labels['istio.io/dataplane-mode']).toBe('none');
  });

  test('ambient runs with its node agents: istio-cni and ztunnel after istiod, ztunnel naming istiod\'s cluster, k3s\'s CNI paths on the store', () => {
    const store = releasesOf(example.kubernetes['store-0042']);
    expect(store.map((r) => r.name)).toEqual(expect.arrayContaining(['istio-base', 'istiod', 'istio-cni', 'ztunnel']));
    expect(store.find((r) => r.name === 'istio-cni')!.values).toEqual({ profile: 'ambient', global: { platform: 'k3s' } });
    expect(store.find((r) => r.name === 'ztunnel')!.values).toEqual({ multiCluster: { clusterName: 'store-0042' } });
    // k3s's Traefik holds ports 80 and 443: no gateway there.
    expect(store.map((r) => r.name)).not.toContain('istio-ingressgateway');
    expect(releasesOf(example.kubernetes['prod-use1']).find((r) => r.name === 'istio-cni')!.values).toEqual({ profile: 'ambient' });
  });

  test('under Flux too', () => {
    const app = FleetTesting.app();
    buildExampleFleet(app, { engine: GitOpsEngine.FLUX });
    const objects = FleetTesting.synth(app).kubernetes['prod-use1'];
    expect(releasesOf(objects).map((r) => r.chart)).toEqual(expect.arrayContaining(['istiod', 'cni', 'ztunnel']));
    expect(meshViolations(objects)).toEqual([]);
  });

  test('an AKS cluster on the Azure data plane carries the mesh; on AKS-managed Cilium the fleet refuses it and says what to do', () => {
    const { app, fleet } = emptyFleet({ gitOps: GIT });
    addAzure(fleet, 'aks-azure', 'westeurope', '10.20.0.0/16', { networkPolicy: AzureNetworkPolicy.AZURE });
    fleet.addAddOn(new Istio());
    fleet.addAddOn(new CertManager());
    fleet.addAddOn(new IngressNginx());
    fleet.addAddOn(new KubePrometheusStack());
    new Team(fleet, 'shop', { members: { azureGroupObjectIds: ['3c2b1a09-8f7e-4d6c-9b5a-4a3b2c1d0e9f'] }, quota: { cpu: '2', memory: '4Gi' } });
    const objects = FleetTesting.synth(app).kubernetes['aks-azure'];
    expect(teamNamespaces(objects)[0].metadata.labels['istio.io/dataplane-mode']).toBe('ambient');
    expect(meshViolations(objects)).toEqual([]);

    const cilium = emptyFleet({ gitOps: GIT });
    addAzure(cilium.fleet, 'aks-cilium', 'westeurope', '10.21.0.0/16');
    cilium.fleet.addAddOn(new Istio());
    expect(errorOf(() => FleetTesting.synth(cilium.app))).toContain(
      "test/azure-westeurope/aks-cilium: 'addons.istio' cannot carry Istio: its CNI node agent chains onto the node's CNI configuration, which AKS-managed Cilium owns "
      + "(Istio needs Cilium's cni.exclusive off; AKS does not expose it), got \"managed Cilium data plane\".",
    );
    expect(errorOf(() => FleetTesting.synth(cilium.app))).toContain(
      "Fix: give the cluster networkPolicy: AzureNetworkPolicy.AZURE, or leave istio off it with fleet.overrideAddOn(cluster, 'istio', { remove: true, reason })",
    );
  });

  test('an RKE2 cluster keeps the standard CNI paths', () => {
    const { app, fleet } = emptyFleet({ gitOps: GIT });
    addAttached(fleet, 'edge', { distribution: KubernetesDistribution.RKE2 });
    fleet.addAddOn(new Istio());
    expect(releasesOf(FleetTesting.synth(app).kubernetes.edge).find((r) => r.name === 'istio-cni')!.values).toEqual({ profile: 'ambient' });
  });
});

describe('the mesh rules fail where a real cluster would', () => {
  const ns = (name: string, labels: object) => ({ apiVersion: 'v1', kind: 'Namespace', metadata: { name, labels } });
  const app = (chart: string, namespace: string, values: object = {}) => ({
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Application',
    metadata: { name: chart },
    spec: { destination: { namespace }, source: { chart, helm: { releaseName: chart, valuesObject: values } } },
  });
  const strict = { apiVersion: 'security.istio.io/v1', kind: 'PeerAuthentication', metadata: { name: 'default', namespace: 'istio-system' }, spec: { mtls: { mode: 'STRICT' } } };
  const ambient = [
    app('istiod', 'istio-system', { profile: 'ambient', global: { multiCluster: { clusterName: 'c1' } } }),
    app('cni', 'istio-system', { profile: 'ambient' }),
    app('ztunnel', 'istio-system', { multiCluster: { clusterName: 'c1' } }),
  ];
  const policy = (namespace: string, name: string, spec: object) => ({ apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name, namespace }, spec });
  const denyAll = policy('shop', 'default-deny', { podSelector: {}, policyTypes: ['Ingress', 'Egress'] });
  const probes = policy('shop', 'allow-mesh-probes', { podSelector: {}, policyTypes: ['Ingress'], ingress: [{ from: [{ ipBlock: { cidr: '169.254.7.127/32' } }] }] });
  const fromIngress = policy('shop', 'allow-from-ingress', {
    podSelector: {},
    policyTypes: ['Ingress'],
    ingress: [{ from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'ingress-nginx' } } }] }],
  });

  test('sidecar injection under Pod Security restricted, without the CNI agent (the fleet\'s namespaces before ambient)', () => {
    expect(meshViolations([app('istiod', 'istio-system'), ns('shop', { 'istio-injection': 'enabled', 'pod-security.kubernetes.io/enforce': 'restricted' })])).toEqual([
      "namespace shop: sidecar injection adds istio-init (NET_ADMIN, NET_RAW), which Pod Security 'restricted' refuses; every meshed pod is rejected",
    ]);
  });

  test('an ambient namespace without the node agents; ztunnel naming another cluster', () => {
    expect(meshViolations([app('istiod', 'istio-system', { profile: 'ambient' }), ns('shop', { 'istio.io/dataplane-mode': 'ambient' })])).toEqual([
      'namespace shop: joins the ambient mesh, but the cluster lacks istiod and istio-cni with the ambient profile, or ztunnel',
    ]);
    expect(meshViolations([...ambient.slice(0, 2), app('ztunnel', 'istio-system', {})])).toEqual([
      "ztunnel names cluster 'undefined', istiod 'c1': ztunnel's certificates are refused",
    ]);
  });

  test('a caller outside the mesh under STRICT, probes denied, and a mesh client refusing its own callers', () => {
    const objects = [...ambient, strict, ns('shop', { 'istio.io/dataplane-mode': 'ambient' }), app('ingress-nginx', 'ingress-nginx'), denyAll, fromIngress];
    expect(meshViolations(objects)).toEqual([
      'namespace shop: NetworkPolicy allow-from-ingress lets in ingress-nginx, whose pods are outside the mesh; STRICT mTLS refuses them',
      'namespace shop: denies all ingress but not 169.254.7.127, where the CNI agent sends kubelet probes from; every probe fails',
    ]);
    const client = app('ingress-nginx', 'ingress-nginx', { controller: { podLabels: { 'istio.io/dataplane-mode': 'ambient' } } });
    expect(meshViolations([...ambient, strict, ns('shop', { 'istio.io/dataplane-mode': 'ambient' }), client, denyAll, fromIngress, probes])).toEqual([
      'ingress-nginx in ingress-nginx: joined the mesh under STRICT mTLS, so its own plain-text callers are refused',
    ]);
  });
});
