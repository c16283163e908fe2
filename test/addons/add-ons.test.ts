import { AwsLoadBalancerController, CertManager, ClusterAutoscaler, ExternalDns, FleetTesting, FluentBit, IngressNginx, OpenTelemetry, GitOpsEngine, Istio, KubePrometheusStack, Kyverno, MetricsServer, OpenCost, PolicyMode, TrivyOperator } from '../../src';
import { addAttached, addAws, addAzure, emptyFleet, errorOf } from '../support/fixtures';
import { validateKubernetesObjects } from '../support/kubernetes-schemas';

const GITOPS = { repoUrl: 'https://github.com/acme/fleet.git', path: 'clusters' };

function fleetWithAddOns(engine = GitOpsEngine.ARGO_CD) {
  const { app, fleet } = emptyFleet({ awsAccountId: '111122223333', gitOps: { ...GITOPS, engine } });
  const eks = addAws(fleet, 'eks', 'us-east-1', '10.10.0.0/16');
  const aks = addAzure(fleet, 'aks', 'westeurope', '10.20.0.0/16');
  const edge = addAttached(fleet, 'edge');
  fleet.addAddOn(new Kyverno({ mode: PolicyMode.ENFORCE, allowedRegistries: ['registry.acme.example'] }));
  fleet.addAddOn(new CertManager({
    acme: {
      email: 'platform@acme.example',
      route53HostedZoneIds: ['Z0123456789ABCDEFGHIJ'],
      azureDnsZoneIds: ['/subscriptions/00000000-1111-2222-3333-444444444444/resourceGroups/rg-dns/providers/Microsoft.Network/dnszones/acme.example'],
    },
  }));
  fleet.addAddOn(new MetricsServer());
  return { app, fleet, eks, aks, edge };
}

const byKind = (objects: any[], kind: string) => objects.filter((o) => o.kind === kind);

describe('add-ons', () => {
  test('every cluster gets the GitOps engine first, then the standard: releases, then their configuration; all objects validate', () => {
    const { app } = fleetWithAddOns();
    const out = FleetTesting.synth(app);
    expect(out.kubernetesFiles.eks.filter((f) => f.startsWith('layers/'))).toEqual([
      'layers/config/20-cert-manager.k8s.yaml', 'layers/config/20-kyverno.k8s.yaml', 'layers/config/kustomization.yaml', 'layers/kustomization.yaml',
      'layers/releases/00-platform.k8s.yaml', 'layers/releases/01-storage.k8s.yaml', 'layers/releases/20-cert-manager.k8s.yaml',
      'layers/releases/20-kyverno.k8s.yaml', 'layers/releases/20-metrics-server.k8s.yaml', 'layers/releases/kustomization.yaml',
    ]);
    expect(out.kubernetesFiles.aks).not.toContain('layers/releases/20-metrics-server.k8s.yaml');
    const apps = byKind(out.kubernetes.eks, 'Application');
    // No argo-cd chart: Argo CD manages itself from the install it was bootstrapped with.
    expect(apps.map((a) => [a.metadata.name, a.spec.source?.chart, a.spec.source?.targetRevision])).toEqual([
      ['argo-cd', undefined, 'main'],
      ['cert-manager', 'cert-manager', 'v1.21.1'],
      ['kyverno', 'kyverno', '3.9.0'],
      ['metrics-server', 'metrics-server', '3.13.1'],
    ]);
    // One validator process for all clusters' objects.
    const clusters = ['eks', 'aks', 'edge'];
    expect(validateKubernetesObjects(clusters.flatMap((c) => out.kubernetes[c]))).toBe(clusters.reduce((n, c) => n + out.kubernetes[c].length, 0));
    for (const cluster of clusters) {
      expect(out.kubernetes[cluster].length).toBeGreaterThan(10);
    }
    expect(out.plan.clusters.find((c: any) => c.name === 'aks').addons).toEqual([
      { id: 'argo-cd', version: 'v3.4.7', appVersion: 'v3.4.7' },
      { id: 'cert-manager', version: 'v1.21.1', appVersion: 'v1.21.1' },
      { id: 'kyverno', version: '3.9.0', appVersion: 'v1.19.0' },
    ]);
  });

  test('Flux: HelmRepository + HelmRelease per add-on, dependsOn from requires, one Kustomization per layer', () => {
    const { app, fleet } = fleetWithAddOns(GitOpsEngine.FLUX);
    fleet.addAddOn(new IngressNginx());
    const out = FleetTesting.synth(app);
    expect(byKind(out.kubernetes.eks, 'Application')).toEqual([]);
    const releases = byKind(out.kubernetes.eks, 'HelmRelease');
    expect(releases.map((r) => [r.metadata.name, r.spec.chart.spec.version])).toEqual([
      ['cert-manager', 'v1.21.1'], ['kyverno', '3.9.0'], ['metrics-server', '3.13.1'], ['ingress-nginx', '4.15.1'],
    ]);
    // ingress-nginx requires cert-manager: it waits for that release; the others wait for nothing.
    expect(releases.map((r) => [r.metadata.name, r.spec.dependsOn])).toEqual([
      ['cert-manager', undefined], ['kyverno', undefined], ['metrics-server', undefined],
      ['ingress-nginx', [{ name: 'cert-manager', namespace: 'flux-system' }]],
    ]);
    expect(byKind(out.kubernetes.eks, 'Kustomization').map((k) => [k.metadata.name, k.spec.path, k.spec.dependsOn])).toEqual([
      ['fleet-eks-releases', './clusters/eks/layers/releases', undefined],
      ['fleet-eks-config', './clusters/eks/layers/config', [{ name: 'fleet-eks-releases' }]],
    ]);
    validateKubernetesObjects(['eks', 'aks', 'edge'].flatMap((c) => out.kubernetes[c]));
  });

  test('cert-manager: internal CA on every cluster; ACME over DNS-01 with workload identity on EKS and AKS', () => {
    const { app } = fleetWithAddOns();
    const out = FleetTesting.synth(app);
    const issuers = (cluster: string) => byKind(out.kubernetes[cluster], 'ClusterIssuer').map((i) => i.metadata.name);
    expect(issuers('eks')).toEqual(['fleet-selfsigned', 'fleet-internal-ca', 'letsencrypt']);
    expect(issuers('edge')).toEqual(['fleet-selfsigned', 'fleet-internal-ca']);
    const eksAcme = byKind(out.kubernetes.eks, 'ClusterIssuer')[2];
    expect(eksAcme.spec.acme.solvers).toEqual([{ dns01: { route53: { region: 'us-east-1' } } }]);
    const aksAcme = byKind(out.kubernetes.aks, 'ClusterIssuer')[2];
    expect(aksAcme.spec.acme.solvers[0].dns01.azureDNS).toEqual({
      subscriptionID: '00000000-1111-2222-3333-444444444444',
      resourceGroupName: 'rg-dns',
      hostedZoneName: 'acme.example',
      environment: 'AzurePublicCloud',
      managedIdentity: { clientID: '${aks_cert_manager_cert_manager_client_id}' },
    });
    const values = (cluster: string) => byKind(out.kubernetes[cluster], 'Application').find((a) => a.metadata.name === 'cert-manager').spec.source.helm.valuesObject;
    expect(values('eks').serviceAccount.annotations).toEqual({ 'eks.amazonaws.com/role-arn': 'arn:aws:iam::111122223333:role/eks-cert-manager-cert-manager' });
    expect(values('aks').podLabels).toEqual({ 'azure.workload.identity/use': 'true' });
    // No monitoring stack on these clusters: no ServiceMonitor, whose CRD would be missing.
    expect(values('eks').prometheus.servicemonitor.enabled).toBe(false);
    const role = Object.values(out.stacks['aws-us-east-1'].resource.aws_iam_role).find((r: any) => r.name === 'eks-cert-manager-cert-manager');
    expect(role).toBeDefined();
  });

  test('Kyverno: the baseline policies in the fleet\'s mode, platform namespaces excluded', () => {
    const { app } = fleetWithAddOns();
    const policies = byKind(FleetTesting.synth(app).kubernetes.eks, 'ClusterPolicy');
    expect(policies.map((p) => p.metadata.name)).toEqual(['disallow-privileged-containers', 'require-requests-limits', 'restrict-image-registries', 'require-labels']);
    for (const p of policies) {
      expect(p.spec.rules[0].validate.failureAction).toBe('Enforce');
      expect(p.spec.rules[0].exclude.any[0].resources.namespaces).toContain('kube-system');
    }
    expect(policies[2].spec.rules[0].validate.pattern.spec.containers[0].image).toBe('registry.acme.example/*');
    // A budget that lets one admission pod go: node drains work even where a cluster runs a single replica.
    const admission = byKind(FleetTesting.synth(fleetWithAddOns().app).kubernetes.edge, 'Application').find((a) => a.metadata.name === 'kyverno')
      .spec.source.helm.valuesObject.admissionController;
    expect(admission.podDisruptionBudget).toEqual({ enabled: true, minAvailable: 0, maxUnavailable: 1 });
  });

  test('a cluster override of version or values is a deviation with its reason; removing an add-on too', () => {
    const { app, fleet, eks, aks } = fleetWithAddOns();
    fleet.overrideAddOn(eks, 'cert-manager', { version: 'v1.21.0', reason: 'waiting for the 1.21.1 webhook fix' });
    fleet.overrideAddOn(aks, 'kyverno', { remove: true, reason: 'AKS Azure Policy covers this cluster during the pilot' });
    const out = FleetTesting.synth(app);
    expect(out.plan.clusters.find((c: any) => c.name === 'eks').addons.find((a: any) => a.id === 'cert-manager').version).toBe('v1.21.0');
    expect(out.kubernetesFiles.aks.filter((f) => f.includes('kyverno'))).toEqual([]);
    expect(out.report).toContain('| eks | addons.cert-manager.version | v1.21.1 | v1.21.0 | waiting for the 1.21.1 webhook fix |');
    expect(out.report).toContain('| aks | addons.kyverno | installed | removed | AKS Azure Policy covers this cluster during the pilot |');
  });

  test('the rest of the catalogue: DNS, monitoring with fleet rules, mesh with strict mTLS, scanning, cost, autoscaling; all validate', () => {
    const { app, fleet, aks } = fleetWithAddOns();
    fleet.addAddOn(new ExternalDns({ domainFilters: ['apps.acme.example'], route53HostedZoneIds: ['Z0123456789ABCDEFGHIJ'] }));
    fleet.addAddOn(new KubePrometheusStack({ remoteWriteUrl: 'https://metrics.acme.example/api/v1/write' }));
    fleet.addAddOn(new Istio());
    fleet.overrideAddOn(aks, 'istio', { remove: true, reason: "AKS-managed Cilium leaves no room for Istio's CNI agent" });
    fleet.addAddOn(new TrivyOperator());
    fleet.addAddOn(new OpenCost());
    fleet.addAddOn(new ClusterAutoscaler());
    const out = FleetTesting.synth(app);
    validateKubernetesObjects(['eks', 'aks', 'edge'].flatMap((c) => out.kubernetes[c]));
    const ids = (cluster: string) => out.plan.clusters.find((c: any) => c.name === cluster).addons.map((a: any) => a.id);
    expect(ids('eks')).toEqual(['argo-cd', 'cluster-autoscaler', 'external-dns', 'istio', 'kube-prometheus-stack', 'kyverno', 'metrics-server', 'trivy-operator', 'cert-manager', 'opencost']);
    expect(ids('aks')).not.toContain('cluster-autoscaler');
    expect(ids('aks')).not.toContain('external-dns');
    // opencost requires the monitoring stack: one level later, one file later, and a later sync wave.
    expect(out.kubernetesFiles.eks).toContain('layers/releases/21-opencost.k8s.yaml');
    const apps = byKind(out.kubernetes.eks, 'Application');
    const application = (name: string) => apps.find((a) => a.metadata.name === name);
    expect(application('opencost').metadata.annotations['argocd.argoproj.io/sync-wave']).toBe('20');
    // Istio's releases follow each other inside the add-on's level: the gateway needs istiod's injection webhook.
    // (the node agents after istiod, whose certificates ztunnel asks for; the gateway last).
    expect(['istio-base', 'istiod', 'istio-cni', 'ztunnel', 'istio-ingressgateway'].map((n) => application(n).metadata.annotations['argocd.argoproj.io/sync-wave']))
      .toEqual(['10', '11', '12', '13', '14']);
    // No control-plane targets that EKS, AKS and k3s never expose: no KubeControllerManagerDown or KubeSchedulerDown forever.
    expect(application('kube-prometheus-stack').spec.source.helm.valuesObject).toMatchObject({
      kubeControllerManager: { enabled: false }, kubeScheduler: { enabled: false }, kubeEtcd: { enabled: false }, kubeProxy: { enabled: false },
    });
    expect(application('kube-prometheus-stack').spec.source.helm.valuesObject.prometheus.prometheusSpec).toMatchObject({
      externalLabels: { fleet: 'test', cluster: 'eks', cloud: 'aws', region: 'us-east-1' },
      remoteWrite: [{ url: 'https://metrics.acme.example/api/v1/write' }],
    });
    expect(byKind(out.kubernetes.eks, 'PrometheusRule')[0].spec.groups[0].rules.map((r: any) => r.alert)).toEqual(
      ['NodeNotReady', 'PodCrashLooping', 'PersistentVolumeFillingUp', 'CertificateExpiringSoon']);
    expect(byKind(out.kubernetes.eks, 'PeerAuthentication')).toEqual([
      expect.objectContaining({ metadata: expect.objectContaining({ name: 'default', namespace: 'istio-system' }), spec: { mtls: { mode: 'STRICT' } } }),
      // Prometheus scrapes team pods as a mesh client; its own namespace still takes plain text.
      expect.objectContaining({ metadata: expect.objectContaining({ name: 'mesh-client', namespace: 'monitoring' }), spec: { mtls: { mode: 'PERMISSIVE' } } }),
    ]);
    expect(byKind(out.kubernetes.aks, 'PeerAuthentication')).toEqual([]);
    expect(apps.filter((a) => a.spec.source?.repoURL === 'https://istio-release.storage.googleapis.com/charts').map((a) => a.spec.source.chart))
      .toEqual(['base', 'istiod', 'cni', 'ztunnel', 'gateway']);
    // The stack scrapes ServiceMonitors: cert-manager makes one (keeping each certificate's namespace label) and comes after the
    // stack that brings its CRD; without the stack it makes none (see the cert-manager test).
    expect(application('cert-manager').spec.source.helm.valuesObject.prometheus).toEqual({ enabled: true, servicemonitor: { enabled: true, honorLabels: true } });
    expect(Number(application('cert-manager').metadata.annotations['argocd.argoproj.io/sync-wave']))
      .toBeGreaterThan(Number(application('kube-prometheus-stack').metadata.annotations['argocd.argoproj.io/sync-wave']));
    // Two istiod replicas at least, which also gives istiod its PodDisruptionBudget (a top-level value of the istiod chart).
    expect(application('istiod').spec.source.helm.valuesObject.autoscaleMin).toBe(2);
    const dns = application('external-dns').spec.source.helm.valuesObject;
    expect(dns).toMatchObject({ provider: { name: 'aws' }, txtOwnerId: 'eks', policy: 'upsert-only', domainFilters: ['apps.acme.example'] });
    expect(dns.serviceAccount.annotations['eks.amazonaws.com/role-arn']).toBe('arn:aws:iam::111122223333:role/eks-external-dns-external-dns');
    const autoscaler = application('cluster-autoscaler').spec.source.helm.valuesObject;
    expect(autoscaler).toMatchObject({ autoDiscovery: { clusterName: 'eks' }, awsRegion: 'us-east-1' });
  });

  test('external-dns reads what it is given: zone filters as flags on EKS; on AKS its config file, workload identity and Reader on the zones\' group', () => {
    const { app, fleet } = fleetWithAddOns();
    const zone = '/subscriptions/00000000-1111-2222-3333-444444444444/resourceGroups/rg-dns/providers/Microsoft.Network/dnszones/apps.acme.example';
    fleet.addAddOn(new ExternalDns({ domainFilters: ['apps.acme.example'], route53HostedZoneIds: ['Z0123456789ABCDEFGHIJ', 'Z9876543210ABCDEFGHIJ'], azureDnsZoneIds: [zone] }));
    const out = FleetTesting.synth(app);
    const values = (cluster: string) => byKind(out.kubernetes[cluster], 'Application').find((a) => a.metadata.name === 'external-dns').spec.source.helm.valuesObject;
    // The chart renders a map of lists as one flag per item (kubernetes-sigs/external-dns@external-dns-helm-chart-1.21.1:charts/external-dns/templates/deployment.yaml).
    expect(values('eks').extraArgs).toEqual({ 'zone-id-filter': ['Z0123456789ABCDEFGHIJ', 'Z9876543210ABCDEFGHIJ'] });
    expect(values('eks').zoneIdFilters).toBeUndefined();
    expect(values('aks')).toMatchObject({
      provider: { name: 'azure' },
      extraVolumes: [{ name: 'azure-config', configMap: { name: 'external-dns-azure' } }],
      extraVolumeMounts: [{ name: 'azure-config', mountPath: '/etc/kubernetes', readOnly: true }],
      podLabels: { 'azure.workload.identity/use': 'true' },
    });
    const config = byKind(out.kubernetes.aks, 'ConfigMap').find((c) => c.metadata.name === 'external-dns-azure');
    expect(config.metadata.namespace).toBe('external-dns');
    expect(JSON.parse(config.data['azure.json'])).toEqual({ subscriptionId: '00000000-1111-2222-3333-444444444444', resourceGroup: 'rg-dns', useWorkloadIdentityExtension: true });
    // It arrives with the release, before it: the pod never waits for its config file.
    expect(out.kubernetesFiles.aks).toContain('layers/releases/20-external-dns.k8s.yaml');
    expect(Number(config.metadata.annotations?.['argocd.argoproj.io/sync-wave'] ?? 0)).toBeLessThan(10);
    const grants = Object.values(out.stacks['azure-westeurope'].resource.azurerm_role_assignment).filter((r: any) => String(r.principal_id).includes('external-dns'));
    expect(grants.map((g: any) => [g.role_definition_name, g.scope]).sort()).toEqual([
      ['DNS Zone Contributor', zone], ['Reader', '/subscriptions/00000000-1111-2222-3333-444444444444/resourceGroups/rg-dns'],
    ]);
  });

  test('ingress, logging and tracing: one ingress class with TLS, one log path, one OTLP endpoint; all validate', () => {
    const { app, fleet } = fleetWithAddOns();
    fleet.addAddOn(new IngressNginx());
    fleet.addAddOn(new FluentBit({ lokiUrl: 'https://logs.acme.example/loki/api/v1/push' }));
    fleet.addAddOn(new OpenTelemetry({ exportEndpoint: 'https://otlp.acme.example:4317' }));
    const out = FleetTesting.synth(app);
    validateKubernetesObjects(['eks', 'aks', 'edge'].flatMap((c) => out.kubernetes[c]));
    const apps = byKind(out.kubernetes.aks, 'Application');
    const values = (name: string) => apps.find((a) => a.metadata.name === name).spec.source.helm.valuesObject;
    expect(values('ingress-nginx').controller).toMatchObject({
      ingressClassResource: { name: 'fleet', default: true },
      config: { 'force-ssl-redirect': 'true', 'ssl-protocols': 'TLSv1.2 TLSv1.3', 'allow-snippet-annotations': 'false' },
    });
    expect(values('fluent-bit').config.outputs).toContain('labels fleet=test, cluster=aks, namespace=$kubernetes');
    const collector = byKind(out.kubernetes.aks, 'OpenTelemetryCollector')[0];
    expect(collector.spec.config.exporters).toEqual({ otlp_grpc: { endpoint: 'https://otlp.acme.example:4317' } });
    expect(collector.spec.config.service.pipelines.traces).toEqual({ receivers: ['otlp'], processors: ['resource', 'batch'], exporters: ['otlp_grpc'] });
    expect(collector.spec.config.processors.resource.attributes[0]).toEqual({ key: 'k8s.cluster.name', value: 'aks', action: 'upsert' });
  });

  test('the AWS Load Balancer Controller is on EKS only', () => {
    const { app, fleet } = fleetWithAddOns();
    fleet.addAddOn(new AwsLoadBalancerController());
    const out = FleetTesting.synth(app);
    expect(out.plan.clusters.find((c: any) => c.name === 'eks').addons.map((a: any) => a.id)).toContain('aws-load-balancer-controller');
    expect(out.plan.clusters.find((c: any) => c.name === 'aks').addons.map((a: any) => a.id)).not.toContain('aws-load-balancer-controller');
    expect(out.plan.clusters.find((c: any) => c.name === 'edge').addons.map((a: any) => a.id)).not.toContain('aws-load-balancer-controller');
  });

  describe('bad input', () => {
    test('an add-on outside the catalogue, or added twice', () => {
      const { fleet } = emptyFleet({ gitOps: GITOPS });
      expect(errorOf(() => fleet.addAddOn({ id: 'nginx-unknown', requires: [], conflictsWith: [], bind: () => undefined }))).toMatch(
        /^test: 'addAddOn' is not an add-on of the catalogue, got "nginx-unknown". Fix: add one of the catalogue's add-ons: 'argo-cd', 'aws-load-balancer-controller', .* or 'velero'$/);
      fleet.addAddOn(new MetricsServer());
      expect(errorOf(() => fleet.addAddOn(new MetricsServer()))).toBe(
        "test: 'addAddOn' is already in the fleet standard, got \"metrics-server\". Fix: add each add-on once; configure it through its options");
    });

    test('overrides: without a reason, unknown id, version not in the catalogue, values not an object, not in the standard', () => {
      const { app, fleet, eks } = fleetWithAddOns();
      expect(errorOf(() => fleet.overrideAddOn(eks, 'kyverno', { version: '3.9.0', reason: '' }))).toBe(
        "test: 'overrideAddOn('eks', 'kyverno').reason' must say why this cluster departs from the fleet standard, got \"\". Fix: add reason: '<why>' (it appears in fleet-report.md)");
      expect(errorOf(() => fleet.overrideAddOn(eks, 'kyvern', { reason: 'x' }))).toMatch(/^test: 'overrideAddOn\('eks', 'kyvern'\)' is not an add-on of the catalogue, got "kyvern"/);
      expect(errorOf(() => fleet.overrideAddOn(eks, 'kyverno', { version: '9.9.9', reason: 'x' }))).toBe(
        "test: 'overrideAddOn('eks', 'kyverno').version' is not a version of kyverno in the catalogue, got \"9.9.9\". " +
          "Fix: use '3.9.0', or add the version with its source to the Fleet's catalogue: { addOnVersions: [...] }");
      expect(errorOf(() => fleet.overrideAddOn(eks, 'kyverno', { values: 'replicas=3' as any, reason: 'x' }))).toBe(
        "test: 'overrideAddOn('eks', 'kyverno').values' must be an object of Helm values, got \"replicas=3\". Fix: e.g. values: { replicaCount: 3 }");
      expect(errorOf(() => fleet.overrideAddOn(eks, 'argo-cd', { values: { replicas: 2 }, reason: 'x' }))).toBe(
        "test: 'overrideAddOn('eks', 'argo-cd').values' do not apply to a GitOps engine, which is installed from its release manifest on every cluster, got {\"replicas\":2}. "
        + 'Fix: override its version only; configure Argo CD with gitOps.argoCd');
      expect(errorOf(() => fleet.overrideAddOn(eks, 'argo-cd', { remove: true, reason: 'x' }))).toContain("'overrideAddOn('eks', 'argo-cd').remove' do not apply to a GitOps engine");
      fleet.overrideAddOn(eks, 'velero', { reason: 'x' });
      expect(errorOf(() => FleetTesting.synth(app))).toContain(
        "test/aws-us-east-1/eks: overrideAddOn 'velero' is not in the fleet standard, got \"velero\". Fix: add it with fleet.addAddOn(...) or drop the override");
    });

    test('a missing requirement and a conflict are listed together, with nothing written', () => {
      const { app, fleet } = emptyFleet({ gitOps: GITOPS });
      addAttached(fleet, 'edge');
      fleet.addAddOn({ id: 'kyverno', requires: ['cert-manager'], conflictsWith: [], bind: () => undefined });
      fleet.addAddOn({ id: 'opencost', requires: [], conflictsWith: ['kyverno'], bind: () => undefined });
      const message = errorOf(() => FleetTesting.synth(app));
      expect(message).toContain("test/edge: add-on 'kyverno' requires 'cert-manager', which is not on the cluster. Fix: add 'cert-manager' to the fleet standard, or remove 'kyverno' from this cluster");
      expect(message).toContain("test/edge: add-ons 'kyverno' and 'opencost' conflict and cannot both be on the cluster.");
      expect(message).toContain('test: 2 problems in the fleet; nothing was written:');
    });

    test('a conflict declared by one side only is found, whichever id sorts first', () => {
      const { app, fleet } = emptyFleet({ gitOps: GITOPS });
      addAttached(fleet, 'edge');
      fleet.addAddOn(new MetricsServer());
      fleet.addAddOn({ id: 'trivy-operator', requires: [], conflictsWith: ['metrics-server'], bind: () => undefined });
      expect(errorOf(() => FleetTesting.synth(app))).toContain(
        "test/edge: add-ons 'metrics-server' and 'trivy-operator' conflict and cannot both be on the cluster.");
    });

    test('add-ons without a GitOps repository', () => {
      const { app, fleet } = emptyFleet();
      addAttached(fleet, 'edge');
      fleet.addAddOn(new MetricsServer());
      expect(errorOf(() => FleetTesting.synth(app))).toContain(
        "test: 'gitOps' must name the repository the clusters sync from when the fleet has add-ons. Fix: give the Fleet gitOps: { repoUrl: 'https://…/fleet.git', path: 'clusters' }");
    });

    test('a GitOps engine is not an add-on: the fleet installs it', () => {
      const { fleet } = emptyFleet({ gitOps: GITOPS });
      expect(errorOf(() => fleet.addAddOn({ id: 'flux', requires: [], conflictsWith: [], bind: () => undefined }))).toBe(
        "test: 'addAddOn' is a GitOps engine, which the fleet installs itself, got \"flux\". "
        + 'Fix: choose it with gitOps: { engine: GitOpsEngine.ARGO_CD | GitOpsEngine.FLUX } and configure Argo CD with gitOps.argoCd');
    });

    test('options of the wrong type or shape', () => {
      expect(errorOf(() => new Kyverno({ mode: 'strict' as any }))).toBe(
        "add-on 'kyverno': 'mode' is not a policy mode, got \"strict\". Fix: use PolicyMode.AUDIT or PolicyMode.ENFORCE");
      expect(errorOf(() => new Kyverno({ allowedRegistries: ['https://ghcr.io'] }))).toContain("add-on 'kyverno': 'allowedRegistries' is not a registry host");
      expect(errorOf(() => new CertManager({ acme: { email: 'platform' } }))).toBe(
        "add-on 'cert-manager': 'acme.email' is not an e-mail address, got \"platform\". Fix: give the address that receives expiry notices");
      expect(errorOf(() => new CertManager({ acme: { email: 'a@b.example', route53HostedZoneIds: ['acme.example'] } }))).toContain(
        "'acme.route53HostedZoneIds' is not a Route 53 hosted zone id, got \"acme.example\"");
      expect(errorOf(() => new ExternalDns({ domainFilters: ['acme.example'], route53HostedZoneIds: ['acme.example'] }))).toBe(
        "add-on 'external-dns': 'route53HostedZoneIds' is not a Route 53 hosted zone id, got \"acme.example\". Fix: use the zone's id, e.g. 'Z0123456789ABCDEFGHIJ'");
      expect(errorOf(() => new ExternalDns({ domainFilters: ['acme.example'], azureDnsZoneIds: ['acme.example'] }))).toContain(
        "add-on 'external-dns': 'azureDnsZoneIds' is not an Azure DNS zone resource id, got \"acme.example\"");
      expect(errorOf(() => new ExternalDns({ domainFilters: [] }))).toContain("add-on 'external-dns': 'domainFilters' must list the DNS domains");
    });
  });
});
