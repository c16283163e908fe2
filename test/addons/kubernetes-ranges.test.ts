import { CertManager, Cloud, ClusterAutoscaler, FleetTesting } from '../../src';
import { minorSatisfies } from '../../src/_internal/kube-version-range';
import { catalogueIds } from '../../src/catalogue/add-ons';
import { chartFacts } from '../../src/catalogue/crds';
import { addAws, emptyFleet, errorOf } from '../support/fixtures';

const GITOPS = { repoUrl: 'https://github.com/acme/fleet.git', path: 'clusters' };

/** A cert-manager release that says it installs on Kubernetes before 1.35 only (test data). */
const OLD_CERT_MANAGER = {
  addOnId: 'cert-manager',
  version: 'v1.16.0',
  appVersion: 'v1.16.0',
  kubeVersion: '>= 1.22.0-0, < 1.35.0-0',
  source: 'cert-manager/cert-manager@v1.16.0:deploy/charts/cert-manager/Chart.yaml',
  checked: '2026-12-02',
  installs: { 'cert-manager': { ...chartFacts('cert-manager', 'v1.21.1')! } },
};

describe("add-on versions follow the clusters' Kubernetes", () => {
  test("a chart whose kubeVersion excludes the cluster's version is refused before anything is bound, as Helm would refuse the install", () => {
    const { app, fleet } = emptyFleet({ gitOps: GITOPS, catalogue: { addOnVersions: [{ ...OLD_CERT_MANAGER, standard: true }] } });
    fleet.addAddOn(new CertManager());
    addAws(fleet, 'eks', 'us-east-1', '10.10.0.0/16');
    expect(errorOf(() => app.synth())).toContain(
      "test/aws-us-east-1/eks: add-on 'cert-manager' v1.16.0 installs on Kubernetes >= 1.22.0-0, < 1.35.0-0 (its Chart.yaml kubeVersion), not on the cluster's 1.35. " +
      'Fix: add a chart version whose range includes 1.35 to the Fleet\'s catalogue (addOnVersions, with its kubeVersion) and make it the standard ' +
      "or pin it with overrideAddOn and a reason, or keep the cluster's version");
  });

  test('the same chart on a cluster inside its range binds', () => {
    const { app, fleet } = emptyFleet({ gitOps: GITOPS, catalogue: { addOnVersions: [{ ...OLD_CERT_MANAGER, standard: true }] } });
    fleet.addAddOn(new CertManager());
    addAws(fleet, 'eks', 'us-east-1', '10.10.0.0/16', { kubernetesVersion: '1.34', kubernetesVersionReason: 'waits for its cert-manager' });
    const out = FleetTesting.synth(app);
    expect(out.plan.clusters[0].addons.find((a: any) => a.id === 'cert-manager').version).toBe('v1.16.0');
  });

  test('every built-in chart version that states a range installs on every Kubernetes version the catalogue offers', () => {
    const { fleet } = emptyFleet();
    const kubernetes = [Cloud.AWS, Cloud.AZURE, Cloud.ATTACHED].flatMap((cloud) => fleet._catalogue.kubernetesVersions(cloud).map((v) => v.version));
    const ranged = catalogueIds().flatMap((id) => fleet._catalogue.addOn(id).versions.filter((v) => v.kubeVersion).map((v) => ({ id, ...v })));
    expect(ranged.map((v) => v.id).sort()).toEqual(['cert-manager', 'cert-manager', 'cloudnative-pg', 'ingress-nginx', 'kube-prometheus-stack', 'kyverno', 'velero']);
    for (const v of ranged) {
      expect([v.id, v.version, kubernetes.filter((k) => !minorSatisfies(k, v.kubeVersion!))]).toEqual([v.id, v.version, []]);
    }
  });

  test("Cluster Autoscaler gets the release of the cluster's minor, and a minor without one is refused with the fix", () => {
    const autoscaler137 = {
      addOnId: 'cluster-autoscaler',
      version: '9.60.0',
      appVersion: '1.36.0',
      installs: { 'cluster-autoscaler': { ...chartFacts('cluster-autoscaler', '9.59.0')! } },
      source: 'kubernetes/autoscaler@cluster-autoscaler-chart-9.60.0:cluster-autoscaler/charts/cluster-autoscaler/Chart.yaml',
      checked: '2026-12-02',
    };
    const { app, fleet } = emptyFleet({ gitOps: GITOPS, awsAccountId: '111122223333', catalogue: { addOnVersions: [autoscaler137] } });
    fleet.addAddOn(new ClusterAutoscaler());
    addAws(fleet, 'eks', 'us-east-1', '10.10.0.0/16');
    const out = FleetTesting.synth(app);
    expect(out.plan.clusters[0].addons.find((a: any) => a.id === 'cluster-autoscaler')).toMatchObject({ version: '9.59.0', appVersion: '1.35.0' });
    expect(out.report).not.toMatch(/addons\.cluster-autoscaler/);

    const older = emptyFleet({ gitOps: GITOPS, awsAccountId: '111122223333' });
    older.fleet.addAddOn(new ClusterAutoscaler());
    addAws(older.fleet, 'eks', 'us-east-1', '10.10.0.0/16', { kubernetesVersion: '1.34', kubernetesVersionReason: 'not yet moved' });
    expect(errorOf(() => older.app.synth())).toContain(
      "test/aws-us-east-1/eks: add-on 'cluster-autoscaler' has no catalogued version for Kubernetes 1.34: its releases follow the control plane's minor " +
      '(9.59.0 ships 1.35.0). Fix: add the chart version whose appVersion is 1.34.x to the Fleet\'s catalogue: ' +
      "{ addOnVersions: [{ addOnId: 'cluster-autoscaler', version, appVersion, installs, source, checked }] }");
  });

  test('a kubeVersion the catalogue cannot read is refused', () => {
    expect(errorOf(() => emptyFleet({ catalogue: { addOnVersions: [{ ...OLD_CERT_MANAGER, kubeVersion: 'one-thirty' }] } }))).toBe(
      "test: 'catalogue.addOnVersions[0].kubeVersion' is not a SemVer range as Chart.yaml states it, got \"one-thirty\". " +
      "Fix: copy the chart's kubeVersion, e.g. '>=1.25.0-0', or leave it out when the chart states none");
  });
});
