import { buildExampleFleet } from '../../examples/multi-cloud-fleet/fleet';
import { AwsLoadBalancerController, CertManager, FleetTesting, IngressNginx, Istio, SynthesizedFleet } from '../../src';
import { addAws, emptyFleet } from '../support/fixtures';
import { releasesOf } from '../support/releases';

let example: SynthesizedFleet;
beforeAll(() => {
  const app = FleetTesting.app();
  buildExampleFleet(app);
  example = FleetTesting.synth(app);
});

const application = (objects: any[], name: string) => objects.find((o) => o.kind === 'Application' && o.metadata.name === name);
const wave = (objects: any[], name: string) => Number(application(objects, name).metadata.annotations['argocd.argoproj.io/sync-wave']);
const LBC_NLB = {
  'service.beta.kubernetes.io/aws-load-balancer-type': 'external',
  'service.beta.kubernetes.io/aws-load-balancer-nlb-target-type': 'ip',
  'service.beta.kubernetes.io/aws-load-balancer-scheme': 'internet-facing',
};

describe('ingress on EKS: the AWS Load Balancer Controller provisions the NLBs, the fleet class stays the one ingress class', () => {
  test('on EKS the controller runs, serves no IngressClass, takes over no Service by webhook, and gets its webhook certificate from cert-manager', () => {
    const objects = example.kubernetes['prod-use1'];
    const lbc = releasesOf(objects).find((r) => r.chart === 'aws-load-balancer-controller')!;
    expect(lbc.values).toMatchObject({ createIngressClassResource: false, enableServiceMutatorWebhook: false, enableCertManager: true });
    expect(lbc.values.ingressClass).toBeUndefined();
    expect(lbc.values.ingressClassConfig).toBeUndefined();
    // The one IngressClass: ingress-nginx's `fleet`, the default.
    expect(releasesOf(objects).find((r) => r.chart === 'ingress-nginx')!.values.controller.ingressClassResource).toEqual({ name: 'fleet', default: true, controllerValue: 'k8s.io/ingress-nginx' });
  });

  test('the ingress controller and the mesh gateway sit behind NLBs of the controller (IP targets), and come after it', () => {
    const objects = example.kubernetes['prod-use1'];
    const values = (name: string) => application(objects, name).spec.source.helm.valuesObject;
    expect(values('ingress-nginx').controller.service.annotations).toEqual(LBC_NLB);
    expect(values('istio-ingressgateway').service.annotations).toEqual(LBC_NLB);
    // The gateway's status port stays off the public load balancer.
    expect(values('istio-ingressgateway').service.ports.map((p: any) => p.port)).toEqual([80, 443]);
    expect(wave(objects, 'ingress-nginx')).toBeGreaterThan(wave(objects, 'aws-load-balancer-controller'));
    expect(wave(objects, 'istio-ingressgateway')).toBeGreaterThan(wave(objects, 'aws-load-balancer-controller'));
  });

  test('AKS gets no controller; the Azure load balancer probes ingress-nginx\'s health path', () => {
    const objects = example.kubernetes['prod-neu'];
    expect(releasesOf(objects).map((r) => r.chart)).not.toContain('aws-load-balancer-controller');
    expect(application(objects, 'ingress-nginx').spec.source.helm.valuesObject.controller.service.annotations).toEqual({
      'service.beta.kubernetes.io/azure-load-balancer-health-probe-request-path': '/healthz',
    });
  });

  test('team namespaces admit the ingress controllers, not the VPC: the NLB targets the controllers, never team pods', () => {
    const fromIngress = example.kubernetes['prod-use1'].find((o) => o.kind === 'NetworkPolicy' && o.metadata.namespace === 'payments-prod' && o.metadata.name === 'allow-from-ingress');
    expect(fromIngress.spec.ingress[0].from).toEqual([
      { namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'ingress-nginx' } } },
      { namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'istio-ingress' } } },
    ]);
  });

  test('without the controller, EKS falls back to the in-tree NLB', () => {
    const { app, fleet } = emptyFleet({ gitOps: { repoUrl: 'https://github.com/acme/fleet.git', path: 'clusters' } });
    addAws(fleet, 'eks', 'us-east-1', '10.10.0.0/16');
    fleet.addAddOn(new CertManager());
    fleet.addAddOn(new IngressNginx());
    fleet.addAddOn(new Istio());
    const objects = FleetTesting.synth(app).kubernetes.eks;
    const legacy = { 'service.beta.kubernetes.io/aws-load-balancer-type': 'nlb', 'service.beta.kubernetes.io/aws-load-balancer-scheme': 'internet-facing' };
    expect(application(objects, 'ingress-nginx').spec.source.helm.valuesObject.controller.service.annotations).toEqual(legacy);
    expect(application(objects, 'istio-ingressgateway').spec.source.helm.valuesObject.service.annotations).toEqual(legacy);
  });

  test('the controller and ingress-nginx no longer exclude each other', () => {
    const { app, fleet } = emptyFleet({ awsAccountId: '111122223333', gitOps: { repoUrl: 'https://github.com/acme/fleet.git', path: 'clusters' } });
    addAws(fleet, 'eks', 'us-east-1', '10.10.0.0/16');
    fleet.addAddOn(new CertManager());
    fleet.addAddOn(new IngressNginx());
    fleet.addAddOn(new AwsLoadBalancerController());
    expect(releasesOf(FleetTesting.synth(app).kubernetes.eks).map((r) => r.chart)).toEqual(expect.arrayContaining(['ingress-nginx', 'aws-load-balancer-controller']));
  });
});
