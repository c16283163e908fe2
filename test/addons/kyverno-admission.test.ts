import { buildExampleFleet } from '../../examples/multi-cloud-fleet/fleet';
import { FleetTesting, SynthesizedFleet } from '../../src';
import { refusals, withLimitRangeDefaults } from '../support/kyverno-admission';

let out: SynthesizedFleet;
let policies: any[];
let labels: { [key: string]: string };

beforeAll(() => {
  const app = FleetTesting.app();
  buildExampleFleet(app);
  out = FleetTesting.synth(app);
  policies = out.kubernetes['prod-use1'].filter((o) => o.kind === 'ClusterPolicy');
  // The labels the fleet's require-labels policy asks every workload for.
  const required = policies.find((p) => p.metadata.name === 'require-labels').spec.rules[0].validate.pattern.metadata.labels;
  labels = Object.fromEntries(Object.keys(required).map((k) => [k, 'checkout']));
});

const container = (extra: object = {}) => ({ name: 'web', image: 'registry.acme.example/payments/checkout:1.4.2', ...extra });
const deployment = (namespace: string, podSpec: object) => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'checkout', namespace, labels },
  spec: { selector: { matchLabels: { app: 'checkout' } }, template: { metadata: { labels: { app: 'checkout' } }, spec: podSpec } },
});
const podOf = (d: any) => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'checkout-1', namespace: d.metadata.namespace, labels: d.spec.template.metadata.labels }, spec: d.spec.template.spec });

describe('the fleet\'s Kyverno policies, as admission decides', () => {
  test('a team Deployment that relies on its namespace\'s LimitRange is admitted, and so are its pods', () => {
    const limitRange = out.kubernetes['prod-use1'].find((o) => o.kind === 'LimitRange' && o.metadata.namespace === 'payments-dev');
    const app = deployment('payments-dev', { containers: [container()] });
    expect(refusals(policies, app)).toEqual([]);
    expect(refusals(policies, withLimitRangeDefaults(podOf(app), limitRange))).toEqual([]);
    // Without the LimitRange's defaults the pod itself would still be refused: the rule is real.
    expect(refusals(policies, podOf(app))).toEqual(['require-requests-limits: Every container needs CPU and memory requests and a memory limit.']);
  });

  test('a privileged pod is refused, in a Deployment too', () => {
    const app = deployment('payments-prod', { containers: [container({ securityContext: { privileged: true }, resources: { requests: { cpu: '1', memory: '1Gi' }, limits: { memory: '1Gi' } } })] });
    expect(refusals(policies, app)).toEqual(['disallow-privileged-containers: Privileged containers are not allowed.']);
    expect(refusals(policies, podOf(app))).toEqual(['disallow-privileged-containers: Privileged containers are not allowed.']);
  });

  test('an image from a registry outside the list is refused', () => {
    const app = deployment('payments-prod', { containers: [container({ image: 'docker.io/library/nginx:1.27', resources: { requests: { cpu: '1', memory: '1Gi' }, limits: { memory: '1Gi' } } })] });
    expect(refusals(policies, app)).toEqual([
      'restrict-image-registries: Images must come from: registry.acme.example, public.ecr.aws, mcr.microsoft.com, quay.io, ghcr.io '
      + '(and the platform\'s own: docker.io/velero/velero:*).',
    ]);
  });

  test('a pod Velero restores, with the restore helper it injects, is admitted', () => {
    const limitRange = out.kubernetes['prod-use1'].find((o) => o.kind === 'LimitRange' && o.metadata.namespace === 'payments-prod');
    // Velero injects its server image (the one the chart runs) as the restore helper init container.
    const velero = out.kubernetes['prod-use1'].find((o) => o.kind === 'Application' && o.metadata.name === 'velero').spec.source.helm.valuesObject.image;
    const restored = podOf(deployment('payments-prod', {
      initContainers: [{ name: 'restore-wait', image: `${velero.repository}:${velero.tag}`, command: ['/velero-restore-helper'] }],
      containers: [container()],
    }));
    expect(velero).toEqual({ repository: 'docker.io/velero/velero', tag: 'v1.18.1' });
    expect(refusals(policies, withLimitRangeDefaults(restored, limitRange))).toEqual([]);
  });
});
