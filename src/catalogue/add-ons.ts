/** A Helm chart's home: an HTTPS chart repository or an OCI registry. */
export interface ChartRepository {
  /** `https://…` for a chart repository, `oci://…` for a registry. */
  readonly url: string;
}

/** A pinned release of an add-on's chart. */
export interface PinnedVersion {
  /** Chart version (for the GitOps engines: their release). */
  readonly version: string;
  /** The application version the chart ships. */
  readonly appVersion: string;
  /** Further images the add-on sets itself (plugins, operands), pinned with this version. @default - none */
  readonly images?: { [name: string]: string };
  /** Where the version was confirmed: `<owner>/<repo>@<tag>:<path>` of its Chart.yaml (or release), or a URL. */
  readonly source: string;
  /** The day it was checked there, `YYYY-MM-DD`. */
  readonly checked: string;
  /** What a reviewer should know about the evidence. @default - none */
  readonly note?: string;
  /**
   * The Kubernetes versions the chart says it installs on: its Chart.yaml
   * `kubeVersion`, a SemVer range that Helm checks. @default - the chart states none
   */
  readonly kubeVersion?: string;
}

/**
 * What an add-on's pods request on a cluster, with the values the add-on
 * sets: capacity planning sets it aside before the teams' quotas.
 */
export interface ReservedCapacity {
  /** CPU requested once per cluster (a quantity, e.g. `500m`). */
  readonly cpu: string;
  /** Memory requested once per cluster (e.g. `1Gi`). */
  readonly memory: string;
  /** CPU requested on every node (DaemonSets). @default '0' */
  readonly perNodeCpu?: string;
  /** Memory requested on every node (DaemonSets). @default '0' */
  readonly perNodeMemory?: string;
}

/** An add-on (or a GitOps engine) in the catalogue. */
export interface AddOnCatalogueEntry {
  /** Where the chart comes from. @default - none: a GitOps engine, installed from `installManifest` */
  readonly repository?: ChartRepository;
  /** The chart's name in `repository`. @default - none: a GitOps engine */
  readonly chart?: string;
  /** What the add-on's pods request, set aside by capacity planning. */
  readonly reserved: ReservedCapacity;
  /** Allowed versions, the fleet standard first. Overrides may pick any of them. */
  /**
   * The add-on's application releases follow Kubernetes minors: each cluster
   * gets the catalogued version whose appVersion has the cluster's minor.
   * @default false
   */
  readonly followsKubernetesMinor?: boolean;
  readonly versions: PinnedVersion[];
  /** For the GitOps engines: the upstream install manifest, `{version}` standing for the pinned release. */
  readonly installManifest?: string;
}

/**
 * Every add-on the fleet can install, with its chart source and pinned
 * versions: one reviewed file, no look-ups at synth time. The first version
 * of each entry is the fleet standard; the others are what a cluster may
 * pin with an override (and a reason). Add-on ids are part of the contract:
 * fleet.json lists them.
 *
 * `reserved` approximates what each add-on's pods request with the values
 * the add-on sets (chart defaults otherwise); review it with the versions.
 *
 * Each version names where it was confirmed and when (2026-12-02: the
 * chart's release tag in its repository). Newer releases may exist
 * (`cdk-fleet catalogue check` says which); what each version installs is
 * recorded, with its source, in ./crds.ts.
 */
/** The day every version below was checked against its source. */
const CHECKED = '2026-12-02';
/** Charts whose Chart.yaml holds a placeholder the release fills in: the release tag is the evidence. */
const TAG_VERSIONED = 'Chart.yaml in git holds a placeholder version, set at release: the tag is the evidence';

const CATALOGUE: Record<string, AddOnCatalogueEntry> = {
  // The engines are installed from their release's install manifest (no chart), and manage nothing but what the fleet delivers.
  'argo-cd': {
    reserved: { cpu: '750m', memory: '1536Mi' },
    versions: [{ version: 'v3.4.7', appVersion: 'v3.4.7', source: 'argoproj/argo-cd@v3.4.7:manifests/install.yaml', checked: CHECKED }],
    installManifest: 'https://raw.githubusercontent.com/argoproj/argo-cd/{version}/manifests/install.yaml',
  },
  'flux': {
    reserved: { cpu: '400m', memory: '512Mi' },
    // The release asset install.yaml is built from manifests/install at the tag.
    versions: [{
      version: 'v2.8.8',
      appVersion: 'v2.8.8',
      source: 'fluxcd/flux2@v2.8.8:manifests/install/kustomization.yaml',
      checked: CHECKED,
      note: 'the release tag; its install.yaml is a release asset built from manifests/install, not in git',
    }],
    installManifest: 'https://github.com/fluxcd/flux2/releases/download/{version}/install.yaml',
  },
  'cert-manager': {
    repository: { url: 'https://charts.jetstack.io' },
    chart: 'cert-manager',
    reserved: { cpu: '100m', memory: '256Mi' },
    versions: [
      { version: 'v1.21.1', appVersion: 'v1.21.1', source: 'cert-manager/cert-manager@v1.21.1:deploy/charts/cert-manager/Chart.yaml', checked: CHECKED, note: TAG_VERSIONED, kubeVersion: '>= 1.22.0-0' },
      { version: 'v1.21.0', appVersion: 'v1.21.0', source: 'cert-manager/cert-manager@v1.21.0:deploy/charts/cert-manager/Chart.yaml', checked: CHECKED, note: TAG_VERSIONED, kubeVersion: '>= 1.22.0-0' },
    ],
  },
  'kyverno': {
    repository: { url: 'https://kyverno.github.io/kyverno/' },
    chart: 'kyverno',
    reserved: { cpu: '400m', memory: '1Gi' },
    versions: [{ version: '3.9.0', appVersion: 'v1.19.0', source: 'kyverno/kyverno@kyverno-chart-3.9.0:charts/kyverno/Chart.yaml', checked: CHECKED, kubeVersion: '>=1.25.0-0' }],
  },
  'metrics-server': {
    repository: { url: 'https://kubernetes-sigs.github.io/metrics-server/' },
    chart: 'metrics-server',
    reserved: { cpu: '100m', memory: '200Mi' },
    versions: [{ version: '3.13.1', appVersion: '0.8.1', source: 'kubernetes-sigs/metrics-server@metrics-server-helm-chart-3.13.1:charts/metrics-server/Chart.yaml', checked: CHECKED }],
  },
  'external-dns': {
    repository: { url: 'https://kubernetes-sigs.github.io/external-dns/' },
    chart: 'external-dns',
    reserved: { cpu: '50m', memory: '64Mi' },
    versions: [{ version: '1.21.1', appVersion: '0.21.0', source: 'kubernetes-sigs/external-dns@external-dns-helm-chart-1.21.1:charts/external-dns/Chart.yaml', checked: CHECKED }],
  },
  'kube-prometheus-stack': {
    repository: { url: 'https://prometheus-community.github.io/helm-charts' },
    chart: 'kube-prometheus-stack',
    reserved: { cpu: '1', memory: '4Gi', perNodeCpu: '50m', perNodeMemory: '64Mi' },
    versions: [{
      version: '88.5.3',
      appVersion: 'v0.93.1',
      source: 'prometheus-community/helm-charts@kube-prometheus-stack-88.5.3:charts/kube-prometheus-stack/Chart.yaml',
      checked: CHECKED,
      kubeVersion: '>=1.25.0-0',
    }],
  },
  // base, istiod, cni, ztunnel and gateway share the repository and the version.
  'istio': {
    repository: { url: 'https://istio-release.storage.googleapis.com/charts' },
    chart: 'istiod',
    // Per node: ztunnel (200m, 512Mi) and the CNI agent (100m, 100Mi), the charts' requests at 1.30.3.
    reserved: { cpu: '700m', memory: '2304Mi', perNodeCpu: '300m', perNodeMemory: '612Mi' },
    versions: [{ version: '1.30.3', appVersion: '1.30.3', source: 'istio/istio@1.30.3:manifests/charts/istio-control/istio-discovery/Chart.yaml', checked: CHECKED, note: TAG_VERSIONED }],
  },
  'trivy-operator': {
    repository: { url: 'https://aquasecurity.github.io/helm-charts/' },
    chart: 'trivy-operator',
    reserved: { cpu: '300m', memory: '512Mi' },
    versions: [{ version: '0.34.0', appVersion: '0.32.0', source: 'aquasecurity/trivy-operator@v0.32.0:deploy/helm/Chart.yaml', checked: CHECKED }],
  },
  'opencost': {
    repository: { url: 'https://opencost.github.io/opencost-helm-chart' },
    chart: 'opencost',
    reserved: { cpu: '100m', memory: '256Mi' },
    versions: [{ version: '2.5.17', appVersion: '1.120.1', source: 'opencost/opencost-helm-chart@opencost-2.5.17:charts/opencost/Chart.yaml', checked: CHECKED }],
  },
  'cluster-autoscaler': {
    repository: { url: 'https://kubernetes.github.io/autoscaler' },
    chart: 'cluster-autoscaler',
    reserved: { cpu: '100m', memory: '300Mi' },
    // "use the latest Cluster Autoscaler release that corresponds to the minor version of Kubernetes that their cluster is running"
    // (kubernetes/autoscaler@cluster-autoscaler-chart-9.59.0:cluster-autoscaler/README.md, lines 48-50 and 110-113).
    followsKubernetesMinor: true,
    versions: [{
      version: '9.59.0', appVersion: '1.35.0', source: 'kubernetes/autoscaler@cluster-autoscaler-chart-9.59.0:cluster-autoscaler/charts/cluster-autoscaler/Chart.yaml', checked: CHECKED,
    }],
  },
  'ingress-nginx': {
    // The final release: the project was retired in March 2026. On EKS aws-load-balancer-controller provisions its NLB.
    repository: { url: 'https://kubernetes.github.io/ingress-nginx' },
    chart: 'ingress-nginx',
    reserved: { cpu: '200m', memory: '256Mi' },
    versions: [{ version: '4.15.1', appVersion: '1.15.1', source: 'kubernetes/ingress-nginx@helm-chart-4.15.1:charts/ingress-nginx/Chart.yaml', checked: CHECKED, kubeVersion: '>=1.21.0-0' }],
  },
  'aws-load-balancer-controller': {
    repository: { url: 'https://aws.github.io/eks-charts' },
    chart: 'aws-load-balancer-controller',
    reserved: { cpu: '100m', memory: '256Mi' },
    versions: [{
      version: '3.5.0', appVersion: 'v3.5.0', source: 'kubernetes-sigs/aws-load-balancer-controller@v3.5.0:helm/aws-load-balancer-controller/Chart.yaml', checked: CHECKED,
    }],
  },
  'fluent-bit': {
    repository: { url: 'https://fluent.github.io/helm-charts' },
    chart: 'fluent-bit',
    reserved: { cpu: '0', memory: '0', perNodeCpu: '100m', perNodeMemory: '128Mi' },
    versions: [{ version: '0.58.1', appVersion: '5.1.1', source: 'fluent/helm-charts@fluent-bit-0.58.1:charts/fluent-bit/Chart.yaml', checked: CHECKED }],
  },
  'opentelemetry-operator': {
    repository: { url: 'https://open-telemetry.github.io/opentelemetry-helm-charts' },
    chart: 'opentelemetry-operator',
    reserved: { cpu: '300m', memory: '512Mi' },
    versions: [{
      version: '0.122.0', appVersion: '0.158.0', source: 'open-telemetry/opentelemetry-helm-charts@opentelemetry-operator-0.122.0:charts/opentelemetry-operator/Chart.yaml', checked: CHECKED,
    }],
  },
  'velero': {
    repository: { url: 'https://vmware-tanzu.github.io/helm-charts' },
    chart: 'velero',
    reserved: { cpu: '100m', memory: '128Mi', perNodeCpu: '100m', perNodeMemory: '128Mi' },
    versions: [{
      version: '12.1.0',
      appVersion: '1.18.1',
      // server: the chart's image (vmware-tanzu/helm-charts@velero-12.1.0:charts/velero/values.yaml), which Velero also injects
      // into restored pods as their restore helper (vmware-tanzu/velero@v1.18.1:pkg/restore/actions/pod_volume_restore_action.go).
      // Plugins for Velero 1.18 (1.13.x is for Velero 1.17: vmware-tanzu/velero@v1.18.1:test/util/velero/velero_utils.go).
      // AWS: the newest release its repository shows, velero-io/velero-plugin-for-aws@v1.14.2 (go.mod: velero v1.18.0).
      // Azure: velero-io's repository could not be read here; its v1.14.1 tag (commit 6fb0379) is what OpenShift's fork
      // merged (https://github.com/openshift/velero-plugin-for-microsoft-azure/pull/165).
      images: {
        'server': 'docker.io/velero/velero:v1.18.1',
        'plugin-aws': 'velero/velero-plugin-for-aws:v1.14.2',
        'plugin-azure': 'velero/velero-plugin-for-microsoft-azure:v1.14.1',
      },
      source: 'vmware-tanzu/helm-charts@velero-12.1.0:charts/velero/Chart.yaml',
      kubeVersion: '>=1.16.0-0',
      checked: CHECKED,
    }],
  },
  'cloudnative-pg': {
    repository: { url: 'https://cloudnative-pg.github.io/charts' },
    chart: 'cloudnative-pg',
    reserved: { cpu: '100m', memory: '256Mi' },
    versions: [{
      version: '0.29.0',
      appVersion: '1.30.0',
      // The operator's own default at this release (cloudnative-pg/cloudnative-pg@v1.30.0:pkg/versions/versions.go).
      images: { postgresql: 'ghcr.io/cloudnative-pg/postgresql:18.4-system-trixie' },
      source: 'cloudnative-pg/charts@cloudnative-pg-v0.29.0:charts/cloudnative-pg/Chart.yaml',
      kubeVersion: '>=1.29.0-0',
      checked: CHECKED,
    }],
  },
};

/** The catalogue entry of an add-on id (which must exist). */
export function addOnCatalogueEntry(id: string): AddOnCatalogueEntry {
  const entry = CATALOGUE[id];
  if (!entry) {
    throw new Error(`add-on '${id}' is not in the add-on catalogue (a bug: callers check isCatalogued first)`);
  }
  return entry;
}

/** Whether an id is in the catalogue. */
export function isCatalogued(id: string): boolean {
  return Object.prototype.hasOwnProperty.call(CATALOGUE, id);
}

/** All catalogued ids, sorted. */
export function catalogueIds(): string[] {
  return Object.keys(CATALOGUE).sort();
}
