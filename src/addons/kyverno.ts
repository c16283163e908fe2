import type { AddOnContext } from './add-on';
import { AddOnRelease, HelmAddOn } from './helm-add-on';
import { addNativeObject } from './native';
import { OTEL_COLLECTOR_NAMESPACE } from './observability';
import { Velero } from './velero';
import { FleetError } from '../_internal/fleet-error';
import { checkAddOnOptions } from '../_internal/input';
import type { ICluster } from '../clusters/cluster';
import { PolicyMode } from '../clusters/policy-mode';
import { Fleet } from '../fleet/fleet';

/** Options of Kyverno and the fleet's baseline policies. */
export interface KyvernoOptions {
  /** Audit or enforce, for the whole fleet. @default PolicyMode.AUDIT */
  readonly mode?: PolicyMode;
  /** Registries images may come from, e.g. `registry.acme.example`, `public.ecr.aws`. @default - no registry rule */
  readonly allowedRegistries?: string[];
  /** Labels every Deployment, StatefulSet and DaemonSet must carry. @default ['app.kubernetes.io/name'] */
  readonly requiredLabels?: string[];
  /** Namespaces the baseline does not apply to, beyond the platform's own. @default - none */
  readonly excludedNamespaces?: string[];
}

const NAMESPACE = 'kyverno';
/**
 * Namespaces of the platform itself: its add-ons run privileged where they
 * must, and no team may take one of their names.
 */
export const PLATFORM_NAMESPACES = ['kube-system', 'kube-public', 'kube-node-lease', 'fleet-system', 'argocd', 'flux-system', 'kyverno',
  'cert-manager', 'istio-system', 'istio-ingress', 'monitoring', 'logging', 'ingress-nginx', 'external-dns', 'velero', 'trivy-system', 'opencost',
  OTEL_COLLECTOR_NAMESPACE, 'cnpg-system'];
const REGISTRY = /^[a-z0-9]([a-z0-9.-]*[a-z0-9])?(:\d+)?(\/[a-z0-9._-]+)*$/;
const LABEL_KEY = /^([a-z0-9]([-a-z0-9.]*[a-z0-9])?\/)?[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/;

/**
 * Kyverno and the fleet's baseline ClusterPolicies, the same on every
 * cluster: no privileged containers, CPU and memory requests and a memory
 * limit on every container, images from allowed registries only, and
 * required labels on workloads. The mode (audit or enforce) is set once for
 * the fleet; the platform's own namespaces are excluded.
 */
export class Kyverno extends HelmAddOn {
  public static readonly ID = 'kyverno';
  /** Audit or enforce, for the whole fleet. */
  public readonly mode: PolicyMode;
  /** Namespaces the baseline leaves alone: the platform's own and the ones excluded in the options, sorted. */
  public readonly excludedNamespaces: string[];
  private readonly registries: string[];
  private readonly labels: string[];

  constructor(options: KyvernoOptions = {}) {
    super({ id: Kyverno.ID });
    checkAddOnOptions(Kyverno.ID, options);
    this.mode = options.mode ?? PolicyMode.AUDIT;
    if (!Object.values(PolicyMode).includes(this.mode)) {
      throw FleetError.invalidAddOnOption(this.id, 'mode', this.mode, 'is not a policy mode', 'use PolicyMode.AUDIT or PolicyMode.ENFORCE');
    }
    this.registries = [...(options.allowedRegistries ?? [])];
    const badRegistry = this.registries.find((r) => typeof r !== 'string' || !REGISTRY.test(r));
    if (badRegistry !== undefined) {
      throw FleetError.invalidAddOnOption(this.id, 'allowedRegistries', badRegistry, 'is not a registry host (and optional path)', "use e.g. 'registry.acme.example' or 'ghcr.io/acme'");
    }
    this.labels = [...(options.requiredLabels ?? ['app.kubernetes.io/name'])];
    const badLabel = this.labels.find((l) => typeof l !== 'string' || !LABEL_KEY.test(l));
    if (badLabel !== undefined) {
      throw FleetError.invalidAddOnOption(this.id, 'requiredLabels', badLabel, 'is not a Kubernetes label key', "use e.g. 'app.kubernetes.io/name' or 'team'");
    }
    this.excludedNamespaces = [...new Set([...PLATFORM_NAMESPACES, ...(options.excludedNamespaces ?? [])])].sort();
  }

  protected releases(_cluster: ICluster, _context: AddOnContext): AddOnRelease[] {
    return [{
      name: this.id,
      namespace: NAMESPACE,
      values: {
        // At most one admission pod down at a time, whatever a cluster's replicas: a budget of one available pod would
        // block every node drain on a cluster that runs one replica. The chart fails when both fields are set and reads
        // 0 as unset (kyverno/kyverno@kyverno-chart-3.9.0:charts/kyverno/templates/_helpers/_pdb.tpl); a null would be
        // dropped from the synthesized values, and the chart's default minAvailable 1 would come back.
        admissionController: { replicas: 3, podDisruptionBudget: { enabled: true, minAvailable: 0, maxUnavailable: 1 } },
        backgroundController: { replicas: 2 },
        cleanupController: { replicas: 2 },
        reportsController: { replicas: 2 },
        config: { webhooks: { namespaceSelector: { matchExpressions: [{ key: 'kubernetes.io/metadata.name', operator: 'NotIn', values: ['kube-system', NAMESPACE] }] } } },
      },
    }];
  }

  protected addObjects(cluster: ICluster, context: AddOnContext): void {
    const pods = { any: [{ resources: { kinds: ['Pod'] } }] };
    const exclude = { any: [{ resources: { namespaces: this.excludedNamespaces } }] };
    const policy = (name: string, title: string, rule: { [key: string]: any }, annotations: { [key: string]: string } = {}) =>
      addNativeObject(context.chart, name, {
        apiVersion: 'kyverno.io/v1',
        kind: 'ClusterPolicy',
        metadata: { name, annotations: { 'policies.kyverno.io/title': title, 'policies.kyverno.io/category': 'fleet baseline', ...annotations } },
        spec: { background: true, rules: [{ name, exclude, ...rule }] },
      });
    const validate = (message: string, pattern: { [key: string]: any }) => ({ validate: { failureAction: this.mode, message, pattern } });

    policy('disallow-privileged-containers', 'No privileged containers', {
      match: pods,
      ...validate('Privileged containers are not allowed.', {
        spec: {
          '=(initContainers)': [{ '=(securityContext)': { '=(privileged)': 'false' } }],
          'containers': [{ '=(securityContext)': { '=(privileged)': 'false' } }],
        },
      }),
    });
    // Checked on Pods only: the API server fills a namespace's LimitRange defaults into Pods before any webhook, but
    // never into a Deployment's pod template, so the rules Kyverno would generate for controllers would refuse
    // exactly the workloads the teams' LimitRanges are there for ('none' turns that off: kyverno/kyverno@v1.19.0:api/kyverno/constants.go).
    policy('require-requests-limits', 'CPU and memory requests and a memory limit', {
      match: pods,
      ...validate('Every container needs CPU and memory requests and a memory limit.', {
        spec: { containers: [{ resources: { requests: { memory: '?*', cpu: '?*' }, limits: { memory: '?*' } } }] },
      }),
    }, { 'pod-policies.kyverno.io/autogen-controllers': 'none' });
    if (this.registries.length > 0) {
      // The platform puts images of its own into workloads' pods: Velero's restore helper into every restored pod.
      const injected = context.onCluster.includes(Velero.ID)
        ? [...new Set(Fleet.of(cluster)._catalogue.addOn(Velero.ID).versions.map((v) => `${Velero.serverImage(v.images ?? {}).repository}:*`))] : [];
      const allowed = [...this.registries.map((r) => `${r}/*`), ...injected].join(' | ');
      policy('restrict-image-registries', 'Images from allowed registries', {
        match: pods,
        ...validate(`Images must come from: ${this.registries.join(', ')}${injected.length > 0 ? ` (and the platform's own: ${injected.join(', ')})` : ''}.`, {
          spec: { '=(initContainers)': [{ image: allowed }], 'containers': [{ image: allowed }] },
        }),
      });
    }
    policy('require-labels', 'Required workload labels', {
      match: { any: [{ resources: { kinds: ['Deployment', 'StatefulSet', 'DaemonSet'] } }] },
      ...validate(`Workloads must carry the labels ${this.labels.join(', ')}.`, {
        metadata: { labels: Object.fromEntries(this.labels.map((l) => [l, '?*'])) },
      }),
    });
  }
}
