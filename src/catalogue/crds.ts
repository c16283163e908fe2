/**
 * What each pinned release installs on a cluster, as the delivery model
 * needs it: the CRDs it brings (so a later, health-gated layer may use their
 * kinds), the cluster-scoped kinds it creates (the platform project allows
 * exactly these) and the namespaces it writes into besides its own. Read
 * from the upstream chart or install manifest at that exact version; each
 * entry names its source and the day it was checked. Tests replay the
 * delivery over these facts.
 */

/** A CustomResourceDefinition a release installs. */
export interface CrdFact {
  /** `<plural>.<group>`, the CRD's name. */
  readonly name: string;
  readonly group: string;
  readonly kind: string;
  /** `Namespaced` or `Cluster`. */
  readonly scope: string;
}

/** What one release (a chart at a version, or an engine's install manifest) installs. */
export interface ChartInstalls {
  /** CRDs installed with the values the add-on sets. */
  readonly crds: CrdFact[];
  /** Cluster-scoped kinds its templates create besides CRDs, as `group/Kind` (`Kind` alone for the core group). */
  readonly clusterKinds: string[];
  /** Namespaces it puts objects into besides its release namespace. @default - none */
  readonly otherNamespaces?: string[];
  /** Custom resource kinds of other releases its templates create (`group/Kind`): their CRDs must be established first. @default - none */
  readonly usesKinds?: string[];
  /**
   * The same, for templates gated by a value: the value path (dotted) and
   * the kinds the templates create when it is true.
   * @default - none
   */
  readonly usesKindsWhen?: { [valuePath: string]: string[] };
}

/** What one release installs, with where that was read. */
export interface ReleaseFacts extends ChartInstalls {
  /** Where the facts were read: `<owner>/<repo>@<tag>:<path>`. */
  readonly source: string;
  /** When they were checked (YYYY-MM-DD). */
  readonly checked: string;
}

const crd = (plural: string, group: string, kind: string, scope = 'Namespaced'): CrdFact => ({ name: `${plural}.${group}`, group, kind, scope });

/** When the facts below were read. */
const CHECKED = '2026-12-02';

/** Install manifests of the GitOps engines, by engine id and release. */
const ENGINE_FACTS: { [engine: string]: { [version: string]: ReleaseFacts & { readonly includesNamespace: boolean } } } = {
  'argo-cd': {
    'v3.4.7': {
      crds: [
        crd('applications', 'argoproj.io', 'Application'),
        crd('applicationsets', 'argoproj.io', 'ApplicationSet'),
        crd('appprojects', 'argoproj.io', 'AppProject'),
      ],
      clusterKinds: ['apiextensions.k8s.io/CustomResourceDefinition', 'rbac.authorization.k8s.io/ClusterRole', 'rbac.authorization.k8s.io/ClusterRoleBinding'],
      includesNamespace: false,
      source: 'argoproj/argo-cd@v3.4.7:manifests/install.yaml',
      checked: CHECKED,
    },
  },
  'flux': {
    'v2.8.8': {
      // install.yaml is `kustomize build manifests/install`: all seven controllers, CRDs from each controller's config/crd/bases.
      crds: [
        crd('gitrepositories', 'source.toolkit.fluxcd.io', 'GitRepository'),
        crd('helmrepositories', 'source.toolkit.fluxcd.io', 'HelmRepository'),
        crd('helmcharts', 'source.toolkit.fluxcd.io', 'HelmChart'),
        crd('buckets', 'source.toolkit.fluxcd.io', 'Bucket'),
        crd('ocirepositories', 'source.toolkit.fluxcd.io', 'OCIRepository'),
        crd('externalartifacts', 'source.toolkit.fluxcd.io', 'ExternalArtifact'),
        crd('kustomizations', 'kustomize.toolkit.fluxcd.io', 'Kustomization'),
        crd('helmreleases', 'helm.toolkit.fluxcd.io', 'HelmRelease'),
        crd('providers', 'notification.toolkit.fluxcd.io', 'Provider'),
        crd('alerts', 'notification.toolkit.fluxcd.io', 'Alert'),
        crd('receivers', 'notification.toolkit.fluxcd.io', 'Receiver'),
        crd('imagerepositories', 'image.toolkit.fluxcd.io', 'ImageRepository'),
        crd('imagepolicies', 'image.toolkit.fluxcd.io', 'ImagePolicy'),
        crd('imageupdateautomations', 'image.toolkit.fluxcd.io', 'ImageUpdateAutomation'),
        crd('artifactgenerators', 'source.extensions.fluxcd.io', 'ArtifactGenerator'),
      ],
      clusterKinds: ['Namespace', 'apiextensions.k8s.io/CustomResourceDefinition', 'rbac.authorization.k8s.io/ClusterRole', 'rbac.authorization.k8s.io/ClusterRoleBinding'],
      includesNamespace: true,
      source: 'fluxcd/flux2@v2.8.8:manifests/install/kustomization.yaml (controllers: source-controller@v1.8.5, kustomize-controller@v1.8.5, helm-controller@v1.5.5, notification-controller@v1.8.4, image-reflector-controller@v1.1.2, image-automation-controller@v1.1.4, source-watcher@v2.1.1, config/crd/bases)',
      checked: CHECKED,
    },
  },
};

const RBAC = ['rbac.authorization.k8s.io/ClusterRole', 'rbac.authorization.k8s.io/ClusterRoleBinding'];
const WEBHOOKS = ['admissionregistration.k8s.io/MutatingWebhookConfiguration', 'admissionregistration.k8s.io/ValidatingWebhookConfiguration'];

const CERT_MANAGER: ReleaseFacts = {
  crds: [
    crd('challenges', 'acme.cert-manager.io', 'Challenge'),
    crd('orders', 'acme.cert-manager.io', 'Order'),
    crd('certificaterequests', 'cert-manager.io', 'CertificateRequest'),
    crd('certificates', 'cert-manager.io', 'Certificate'),
    crd('clusterissuers', 'cert-manager.io', 'ClusterIssuer', 'Cluster'),
    crd('issuers', 'cert-manager.io', 'Issuer'),
  ],
  clusterKinds: [...RBAC, ...WEBHOOKS],
  // Leader election: global.leaderElection.namespace.
  otherNamespaces: ['kube-system'],
  // templates/servicemonitor.yaml.
  usesKindsWhen: { 'prometheus.servicemonitor.enabled': ['monitoring.coreos.com/ServiceMonitor'] },
  source: 'cert-manager/cert-manager@v1.21.1:deploy/charts/cert-manager/templates (crd-*.yaml gated by crds.enabled, rbac.yaml)',
  checked: CHECKED,
};

/** Helm charts, by `<chart>@<version>`. */
const CHART_FACTS: { [chartAtVersion: string]: ReleaseFacts } = {
  'cert-manager@v1.21.1': CERT_MANAGER,
  'cert-manager@v1.21.0': { ...CERT_MANAGER, source: 'cert-manager/cert-manager@v1.21.0:deploy/charts/cert-manager/templates (crd-*.yaml gated by crds.enabled, rbac.yaml)' },
  'kyverno@3.9.0': {
    // The crds subchart (condition crds.install, default true); the kyverno-api subchart's policies.kyverno.io CRDs as generated at the same tag.
    crds: [
      crd('cleanuppolicies', 'kyverno.io', 'CleanupPolicy'),
      crd('clustercleanuppolicies', 'kyverno.io', 'ClusterCleanupPolicy', 'Cluster'),
      crd('clusterpolicies', 'kyverno.io', 'ClusterPolicy', 'Cluster'),
      crd('globalcontextentries', 'kyverno.io', 'GlobalContextEntry', 'Cluster'),
      crd('policies', 'kyverno.io', 'Policy'),
      crd('policyexceptions', 'kyverno.io', 'PolicyException'),
      crd('updaterequests', 'kyverno.io', 'UpdateRequest'),
      crd('clusterephemeralreports', 'reports.kyverno.io', 'ClusterEphemeralReport', 'Cluster'),
      crd('ephemeralreports', 'reports.kyverno.io', 'EphemeralReport'),
      crd('clusterpolicyreports', 'wgpolicyk8s.io', 'ClusterPolicyReport', 'Cluster'),
      crd('policyreports', 'wgpolicyk8s.io', 'PolicyReport'),
      crd('deletingpolicies', 'policies.kyverno.io', 'DeletingPolicy', 'Cluster'),
      crd('generatingpolicies', 'policies.kyverno.io', 'GeneratingPolicy', 'Cluster'),
      crd('imagevalidatingpolicies', 'policies.kyverno.io', 'ImageValidatingPolicy', 'Cluster'),
      crd('mutatingpolicies', 'policies.kyverno.io', 'MutatingPolicy', 'Cluster'),
      crd('validatingpolicies', 'policies.kyverno.io', 'ValidatingPolicy', 'Cluster'),
      crd('namespaceddeletingpolicies', 'policies.kyverno.io', 'NamespacedDeletingPolicy'),
      crd('namespacedgeneratingpolicies', 'policies.kyverno.io', 'NamespacedGeneratingPolicy'),
      crd('namespacedimagevalidatingpolicies', 'policies.kyverno.io', 'NamespacedImageValidatingPolicy'),
      crd('namespacedmutatingpolicies', 'policies.kyverno.io', 'NamespacedMutatingPolicy'),
      crd('namespacedvalidatingpolicies', 'policies.kyverno.io', 'NamespacedValidatingPolicy'),
      crd('policyexceptions', 'policies.kyverno.io', 'PolicyException'),
    ],
    // Kyverno registers its webhook configurations at run time, not from the chart.
    clusterKinds: RBAC,
    source: 'kyverno/kyverno@kyverno-chart-3.9.0:charts/kyverno (Chart.yaml, charts/crds/templates; config/crds/policies.kyverno.io)',
    checked: CHECKED,
  },
  'metrics-server@3.13.1': {
    crds: [],
    clusterKinds: [...RBAC, 'apiregistration.k8s.io/APIService'],
    // The auth-reader RoleBinding is always in kube-system.
    otherNamespaces: ['kube-system'],
    source: 'kubernetes-sigs/metrics-server@metrics-server-helm-chart-3.13.1:charts/metrics-server/templates',
    checked: CHECKED,
  },
  'external-dns@1.21.1': {
    crds: [crd('dnsendpoints', 'externaldns.k8s.io', 'DNSEndpoint')],
    clusterKinds: RBAC,
    source: 'kubernetes-sigs/external-dns@external-dns-helm-chart-1.21.1:charts/external-dns (crds/, templates)',
    checked: CHECKED,
  },
  'kube-prometheus-stack@88.5.3': {
    crds: ['alertmanagerconfigs:AlertmanagerConfig', 'alertmanagers:Alertmanager', 'podmonitors:PodMonitor', 'probes:Probe',
      'prometheusagents:PrometheusAgent', 'prometheuses:Prometheus', 'prometheusrules:PrometheusRule', 'scrapeconfigs:ScrapeConfig',
      'servicemonitors:ServiceMonitor', 'thanosrulers:ThanosRuler'].map((p) => crd(p.split(':')[0], 'monitoring.coreos.com', p.split(':')[1])),
    clusterKinds: [...RBAC, ...WEBHOOKS],
    // The control-plane exporters' Services.
    otherNamespaces: ['kube-system'],
    source: 'prometheus-community/helm-charts@kube-prometheus-stack-88.5.3:charts/kube-prometheus-stack (charts/crds/crds, condition crds.enabled; templates/exporters)',
    checked: CHECKED,
  },
  'base@1.30.3': {
    crds: [
      crd('trafficextensions', 'extensions.istio.io', 'TrafficExtension'),
      crd('wasmplugins', 'extensions.istio.io', 'WasmPlugin'),
      ...['destinationrules:DestinationRule', 'envoyfilters:EnvoyFilter', 'gateways:Gateway', 'proxyconfigs:ProxyConfig', 'serviceentries:ServiceEntry',
        'sidecars:Sidecar', 'virtualservices:VirtualService', 'workloadentries:WorkloadEntry', 'workloadgroups:WorkloadGroup']
        .map((p) => crd(p.split(':')[0], 'networking.istio.io', p.split(':')[1])),
      crd('authorizationpolicies', 'security.istio.io', 'AuthorizationPolicy'),
      crd('peerauthentications', 'security.istio.io', 'PeerAuthentication'),
      crd('requestauthentications', 'security.istio.io', 'RequestAuthentication'),
      crd('telemetries', 'telemetry.istio.io', 'Telemetry'),
    ],
    clusterKinds: ['admissionregistration.k8s.io/ValidatingWebhookConfiguration'],
    // The reader ServiceAccount goes to global.istioNamespace.
    otherNamespaces: ['istio-system'],
    source: 'istio/istio@1.30.3:manifests/charts/base (templates/crds.yaml over files/crd-all.gen.yaml)',
    checked: CHECKED,
  },
  'istiod@1.30.3': {
    crds: [],
    clusterKinds: [...RBAC, ...WEBHOOKS],
    otherNamespaces: ['istio-system'],
    source: 'istio/istio@1.30.3:manifests/charts/istio-control/istio-discovery/templates',
    checked: CHECKED,
  },
  'cni@1.30.3': {
    crds: [],
    // network-attachment-definition.yaml only with provider multus, which the fleet does not set.
    clusterKinds: RBAC,
    source: 'istio/istio@1.30.3:manifests/charts/istio-cni/templates',
    checked: CHECKED,
  },
  'ztunnel@1.30.3': {
    crds: [],
    clusterKinds: RBAC,
    source: 'istio/istio@1.30.3:manifests/charts/ztunnel/templates',
    checked: CHECKED,
  },
  'gateway@1.30.3': {
    crds: [],
    clusterKinds: [],
    source: 'istio/istio@1.30.3:manifests/charts/gateway/templates',
    checked: CHECKED,
  },
  'trivy-operator@0.34.0': {
    crds: ['ClusterComplianceReport', 'ClusterConfigAuditReport', 'ClusterInfraAssessmentReport', 'ClusterRbacAssessmentReport', 'ClusterSbomReport',
      'ClusterVulnerabilityReport'].map((k) => crd(`${k.toLowerCase()}s`, 'aquasecurity.github.io', k, 'Cluster'))
      .concat(['ConfigAuditReport', 'ExposedSecretReport', 'InfraAssessmentReport', 'RbacAssessmentReport', 'SbomReport', 'VulnerabilityReport']
        .map((k) => crd(`${k.toLowerCase()}s`, 'aquasecurity.github.io', k))),
    // templates/specs: the compliance specs are cluster-scoped custom resources of its own CRDs.
    clusterKinds: [...RBAC, 'aquasecurity.github.io/ClusterComplianceReport'],
    source: 'aquasecurity/trivy-operator@v0.32.0:deploy/helm (Chart.yaml 0.34.0; crds/, templates)',
    checked: CHECKED,
  },
  'opencost@2.5.17': {
    crds: [],
    clusterKinds: RBAC,
    source: 'opencost/opencost-helm-chart@opencost-2.5.17:charts/opencost/templates',
    checked: CHECKED,
  },
  'cluster-autoscaler@9.59.0': {
    crds: [],
    clusterKinds: RBAC,
    source: 'kubernetes/autoscaler@cluster-autoscaler-chart-9.59.0:cluster-autoscaler/charts/cluster-autoscaler/templates',
    checked: CHECKED,
  },
  'ingress-nginx@4.15.1': {
    crds: [],
    clusterKinds: [...RBAC, 'admissionregistration.k8s.io/ValidatingWebhookConfiguration', 'networking.k8s.io/IngressClass'],
    source: 'kubernetes/ingress-nginx@helm-chart-4.15.1:charts/ingress-nginx/templates',
    checked: CHECKED,
  },
  'aws-load-balancer-controller@3.5.0': {
    crds: [
      crd('albtargetcontrolconfigs', 'elbv2.k8s.aws', 'ALBTargetControlConfig'),
      crd('globalaccelerators', 'aga.k8s.aws', 'GlobalAccelerator'),
      crd('ingressclassparams', 'elbv2.k8s.aws', 'IngressClassParams', 'Cluster'),
      crd('targetgroupbindings', 'elbv2.k8s.aws', 'TargetGroupBinding'),
      crd('listenerruleconfigurations', 'gateway.k8s.aws', 'ListenerRuleConfiguration'),
      crd('loadbalancerconfigurations', 'gateway.k8s.aws', 'LoadBalancerConfiguration'),
      crd('targetgroupconfigurations', 'gateway.k8s.aws', 'TargetGroupConfiguration'),
    ],
    clusterKinds: [...RBAC, ...WEBHOOKS, 'networking.k8s.io/IngressClass', 'elbv2.k8s.aws/IngressClassParams'],
    // templates/cert-manager.yaml and webhook.yaml: the webhook's CA and serving certificate.
    usesKindsWhen: { enableCertManager: ['cert-manager.io/Issuer', 'cert-manager.io/Certificate'] },
    source: 'aws/eks-charts@v0.0.242:stable/aws-load-balancer-controller (crds/, templates)',
    checked: CHECKED,
  },
  'fluent-bit@0.58.1': {
    crds: [],
    clusterKinds: RBAC,
    source: 'fluent/helm-charts@fluent-bit-0.58.1:charts/fluent-bit/templates',
    checked: CHECKED,
  },
  'opentelemetry-operator@0.122.0': {
    crds: [
      crd('opampbridges', 'opentelemetry.io', 'OpAMPBridge'),
      crd('targetallocators', 'opentelemetry.io', 'TargetAllocator'),
      crd('opentelemetrycollectors', 'opentelemetry.io', 'OpenTelemetryCollector'),
      crd('instrumentations', 'opentelemetry.io', 'Instrumentation'),
    ],
    clusterKinds: [...RBAC, ...WEBHOOKS],
    // templates/certmanager.yaml: the webhook's Certificate and Issuer (admissionWebhooks.certManager.enabled).
    usesKinds: ['cert-manager.io/Certificate', 'cert-manager.io/Issuer'],
    source: 'open-telemetry/opentelemetry-helm-charts@opentelemetry-operator-0.122.0:charts/opentelemetry-operator (conf/crds via templates/admission-webhooks/operator-webhook.yaml, crds.create)',
    checked: CHECKED,
  },
  'velero@12.1.0': {
    // crds/ and the default-on upgradeCRDs pre-install hook (velero install --crds-only).
    crds: ['backuprepositories:BackupRepository', 'backups:Backup', 'backupstoragelocations:BackupStorageLocation', 'datadownloads:DataDownload',
      'datauploads:DataUpload', 'deletebackuprequests:DeleteBackupRequest', 'downloadrequests:DownloadRequest', 'podvolumebackups:PodVolumeBackup',
      'podvolumerestores:PodVolumeRestore', 'restores:Restore', 'schedules:Schedule', 'serverstatusrequests:ServerStatusRequest',
      'volumesnapshotlocations:VolumeSnapshotLocation'].map((p) => crd(p.split(':')[0], 'velero.io', p.split(':')[1])),
    clusterKinds: RBAC,
    // templates/servicemonitor.yaml.
    usesKindsWhen: { 'metrics.serviceMonitor.enabled': ['monitoring.coreos.com/ServiceMonitor'] },
    source: 'vmware-tanzu/helm-charts@velero-12.1.0:charts/velero (crds/, templates/upgrade-crds, templates/clusterrolebinding.yaml)',
    checked: CHECKED,
  },
  'cloudnative-pg@0.29.0': {
    crds: ['backups:Backup', 'clusters:Cluster', 'databaseroles:DatabaseRole', 'databases:Database', 'failoverquorums:FailoverQuorum',
      'imagecatalogs:ImageCatalog', 'poolers:Pooler', 'publications:Publication', 'scheduledbackups:ScheduledBackup', 'subscriptions:Subscription']
      .map((p) => crd(p.split(':')[0], 'postgresql.cnpg.io', p.split(':')[1]))
      .concat([crd('clusterimagecatalogs', 'postgresql.cnpg.io', 'ClusterImageCatalog', 'Cluster')]),
    clusterKinds: [...RBAC, ...WEBHOOKS],
    source: 'cloudnative-pg/charts@cloudnative-pg-v0.29.0:charts/cloudnative-pg (templates/crds/crds.yaml gated by crds.create, rbac.yaml, webhooks)',
    checked: CHECKED,
  },
};

/** The facts of an engine's install manifest at a release, if recorded. */
export function engineFacts(engine: string, version: string): (ReleaseFacts & { readonly includesNamespace: boolean }) | undefined {
  return ENGINE_FACTS[engine]?.[version];
}

/** The facts of a chart at a version, if recorded. */
export function chartFacts(chart: string, version: string): ReleaseFacts | undefined {
  return CHART_FACTS[`${chart}@${version}`];
}

/** Every chart version with recorded facts, as `<chart>@<version>`. */
export function recordedCharts(): string[] {
  return Object.keys(CHART_FACTS).sort();
}
