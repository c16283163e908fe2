import { AwsCluster, CatalogueExtensions, CertManager, Cloud, FleetTesting } from '../../src';
import { CHART_VALUE_KEYS } from '../../src/catalogue/chart-values';
import { chartFacts, engineFacts, recordedCharts } from '../../src/catalogue/crds';
import { FleetCatalogue } from '../../src/catalogue/fleet-catalogue';
import { POD_SECURITY_BASELINE_INITIATIVE, POD_SECURITY_RESTRICTED_INITIATIVE } from '../../src/clusters/catalogue/azure-policies';
import { EKS_AMI_TYPE_SOURCES } from '../../src/clusters/catalogue/eks-ami-types';
import { EKS_1_36, EKS_1_36_ADD_ONS, emptyFleet, errorOf } from '../support/fixtures';

const SOURCE = /^(https:\/\/\S+|[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+@[^\s:]+:\S+( \(.+\))?)$/;
const DAY = /^\d{4}-\d{2}-\d{2}$/;
const MX = {
  cloud: Cloud.AWS,
  region: 'mx-central-1',
  availabilityZoneIds: ['mxc1-az1', 'mxc1-az2', 'mxc1-az3'],
  // Where its production clusters keep their backups: the fleet's own choice for a region the library has none for.
  recoveryRegion: 'us-east-2',
  source: 'https://docs.aws.amazon.com/global-infrastructure/latest/regions/aws-availability-zones.html',
  checked: '2026-12-02',
};
const CERT_MANAGER_NEXT = {
  addOnId: 'cert-manager',
  version: 'v1.22.0',
  appVersion: 'v1.22.0',
  source: 'cert-manager/cert-manager@v1.22.0:deploy/charts/cert-manager/Chart.yaml',
  checked: '2026-12-02',
  installs: { 'cert-manager': { ...chartFacts('cert-manager', 'v1.21.1')! } },
};

function builtIn(): FleetCatalogue {
  return new FleetCatalogue(emptyFleet().fleet, undefined);
}

describe('the catalogue', () => {
  test('every built-in fact names its source and the day it was checked', () => {
    const entries = builtIn().entries;
    expect(new Set(entries.map((e) => e.kind))).toEqual(new Set(['region', 'kubernetes-version', 'node-size', 'add-on-version', 'eks-add-ons']));
    const others = [
      ...recordedCharts().map((c) => ({ kind: 'chart-facts', id: c, ...chartFacts(c.split('@')[0], c.split('@')[1])! })),
      { kind: 'engine-facts', id: 'argo-cd', ...engineFacts('argo-cd', 'v3.4.7')! },
      { kind: 'engine-facts', id: 'flux', ...engineFacts('flux', 'v2.8.8')! },
      { kind: 'eks-ami-types', id: 'accelerated', source: EKS_AMI_TYPE_SOURCES.accelerated, checked: EKS_AMI_TYPE_SOURCES.checked },
      { ...POD_SECURITY_BASELINE_INITIATIVE, kind: 'azure-policy', id: 'baseline' },
      { ...POD_SECURITY_RESTRICTED_INITIATIVE, kind: 'azure-policy', id: 'restricted' },
    ];
    const unsourced = [...entries, ...others].filter((e) => !SOURCE.test(e.source ?? '') || !DAY.test(e.checked ?? ''));
    expect(unsourced).toEqual([]);
  });

  test('no pinned add-on version lacks evidence, and EKS no longer offers 1.31', () => {
    const catalogue = builtIn();
    for (const e of catalogue.entries.filter((x) => x.kind === 'add-on-version')) {
      // A chart version is evidenced by its release: a file at the tag, or the repository's release page or index.
      expect(`${e.id} ${e.source}`).toMatch(/ ([\w.-]+\/[\w.-]+@[^:]+:.+|https:\/\/\S+)$/);
    }
    // EKS 1.36 waits for add-on builds that can be verified; a fleet adds it through its catalogue (below).
    expect(catalogue.kubernetesVersions(Cloud.AWS).map((v) => v.version)).toEqual(['1.32', '1.33', '1.34', '1.35']);
    // EKS publishes the first day of the next stage; the facts hold the last day of each.
    expect(catalogue.kubernetesVersion(Cloud.AWS, '1.34')).toMatchObject({ endOfStandardSupport: '2026-12-01', endOfSupport: '2027-12-01' });
  });

  test('what each chart version installs and the values it reads live with its entry, and none is recorded for a version not pinned', () => {
    const entries = builtIn().entries.filter((e) => e.kind === 'add-on-version');
    const pinned = new Set<string>();
    for (const e of entries.filter((x) => x.installs !== undefined)) {
      for (const [chart, installs] of Object.entries(e.installs!)) {
        pinned.add(`${chart}@${e.version}`);
        expect({ chart, facts: chartFacts(chart, e.version!) !== undefined, keys: CHART_VALUE_KEYS[`${chart}@${e.version}`] !== undefined })
          .toEqual({ chart, facts: true, keys: true });
        expect(Array.isArray(installs.crds) && Array.isArray(installs.clusterKinds)).toBe(true);
      }
    }
    expect(entries.find((e) => e.id === 'cert-manager' && e.version === 'v1.21.1')!.installs!['cert-manager'].crds).toContain('cert-manager.io/Certificate');
    // No facts or key trees orphaned by a version that left the catalogue.
    expect(recordedCharts().filter((c) => !pinned.has(c))).toEqual([]);
    expect(Object.keys(CHART_VALUE_KEYS).filter((c) => !pinned.has(c))).toEqual([]);
  });

  test('a fact without a source is refused, whoever gives it', () => {
    expect(errorOf(() => emptyFleet({ catalogue: { regions: [{ ...MX, source: '' }] } }))).toBe(
      "test: 'catalogue.regions[0].source' must say where the fact was read: an https URL, or <owner>/<repo>@<tag>:<path>, got \"\". " +
      "Fix: give the page or file you checked, e.g. 'cert-manager/cert-manager@v1.21.1:deploy/charts/cert-manager/Chart.yaml'");
    expect(errorOf(() => emptyFleet({ catalogue: { nodeSizes: [{ cloud: Cloud.AWS, size: 'm8i.large', vcpus: 2, memoryGiB: 8, source: 'https://x.example/s', checked: 'yesterday' }] } })))
      .toBe("test: 'catalogue.nodeSizes[0].checked' must be the day the fact was checked, YYYY-MM-DD, got \"yesterday\". Fix: e.g. checked: '2026-12-02'");
  });

  test('bad facts are refused like bad built-in ones would be', () => {
    const fleetWith = (catalogue: CatalogueExtensions) => () => emptyFleet({ catalogue });
    expect(errorOf(fleetWith({ regions: [{ ...MX, availabilityZoneIds: ['mxc1-az1'] }] })))
      .toContain("'catalogue.regions[0].availabilityZoneIds' must list at least 2 availability zone IDs of the region that EKS may use");
    expect(errorOf(fleetWith({ regions: [MX, MX] }))).toBe("test: 'catalogue.regions[1]' is given twice, got \"aws/mx-central-1\". Fix: list each region once");
    expect(errorOf(fleetWith({ kubernetesVersions: [{ cloud: Cloud.AWS, version: '1.37', endOfStandardSupport: '2027-12-01', endOfSupport: '2027-01-01', source: MX.source, checked: MX.checked }] })))
      .toContain("'catalogue.kubernetesVersions[0].endOfSupport' must be a day (YYYY-MM-DD) no earlier than endOfStandardSupport (2027-12-01)");
    expect(errorOf(fleetWith({ addOnVersions: [{ ...CERT_MANAGER_NEXT, installs: {} }] })))
      .toContain("'catalogue.addOnVersions[0].installs' must record what each chart of the version installs (cert-manager): its CRDs");
    expect(errorOf(fleetWith({ addOnVersions: [{ ...CERT_MANAGER_NEXT, installs: { 'cert-manager': { crds: [{ name: 'x', group: 'y', kind: 'Z', scope: 'Global' }], clusterKinds: [] } } }] })))
      .toContain("'catalogue.addOnVersions[0].installs' must record what each chart of the version installs");
    expect(errorOf(fleetWith({ kubernetesVersions: [{ cloud: Cloud.AZURE, version: '1.37', endOfStandardSupport: '2027-10-31', source: MX.source, checked: MX.checked }] })))
      .toContain("'catalogue.kubernetesVersions[0].endOfSupport' must say when all support ends on a cloud");
    expect(errorOf(fleetWith({ addOnVersions: [{ ...CERT_MANAGER_NEXT, addOnId: 'nginx' }] }))).toContain("'catalogue.addOnVersions[0].addOnId' is not an add-on of the catalogue");
    expect(errorOf(fleetWith({ addOnVersions: [{ ...CERT_MANAGER_NEXT, addOnId: 'velero', installs: { velero: { crds: [], clusterKinds: [] } } }] })))
      .toContain("'catalogue.addOnVersions[0].images' must pin the images the add-on sets with each version (server, plugin-aws, plugin-azure)");
    expect(errorOf(fleetWith({
      eksAddOnVersions: [{
        kubernetesVersion: '1.37',
        vpcCni: 'latest',
        kubeProxy: 'v1.37.0-eksbuild.1',
        coredns: 'v1.14.3-eksbuild.3',
        awsEbsCsiDriver: 'v1.58.0-eksbuild.1',
        eksPodIdentityAgent: 'v1.3.10-eksbuild.3',
        source: MX.source,
        checked: MX.checked,
      }],
    })))
      .toContain("'catalogue.eksAddOnVersions[0].vpcCni' is not an EKS add-on build, got \"latest\"");
    expect(errorOf(fleetWith({ regions: 'mx-central-1' as any }))).toBe("test: 'catalogue.regions' must be a list of facts, got \"mx-central-1\". Fix: give catalogue: { regions: [{ ... }] }");
  });

  test('a fleet adds a region, a Kubernetes version with its EKS add-on builds, and a chart version from its own code, and the report lists them', () => {
    const { app, fleet } = emptyFleet({
      gitOps: { repoUrl: 'https://github.com/acme/fleet.git', path: 'clusters' },
      catalogue: {
        regions: [MX],
        kubernetesVersions: [EKS_1_36],
        eksAddOnVersions: [EKS_1_36_ADD_ONS],
        addOnVersions: [{ ...CERT_MANAGER_NEXT, standard: true }],
      },
    });
    fleet.addAddOn(new CertManager());
    new AwsCluster(fleet, 'mx', {
      region: 'mx-central-1',
      cidr: '10.40.0.0/16',
      kubernetesVersion: '1.36',
      kubernetesVersionReason: 'first on 1.36',
      nodePools: [{ name: 'general', size: 'm6i.large' }],
    });
    const out = FleetTesting.synth(app);
    const eks = Object.values<any>(out.stacks['aws-mx-central-1'].resource.aws_eks_cluster)[0];
    expect(eks.version).toBe('1.36');
    const subnets = Object.values<any>(out.stacks['aws-mx-central-1'].resource.aws_subnet).map((s) => s.availability_zone_id);
    expect(new Set(subnets)).toEqual(new Set(['mxc1-az1', 'mxc1-az2', 'mxc1-az3']));
    expect(out.plan.clusters[0].addons.find((a: any) => a.id === 'cert-manager')).toMatchObject({ version: 'v1.22.0' });
    expect(out.report).toContain('| region | aws/mx-central-1 | — | extension | https://docs.aws.amazon.com/global-infrastructure/latest/regions/aws-availability-zones.html | 2026-12-02 |');
    expect(out.report).toContain('| kubernetes-version | aws/1.36 | 1.36 | extension |');
    expect(out.report).toContain('| add-on-version | cert-manager | v1.22.0 | extension | cert-manager/cert-manager@v1.22.0:deploy/charts/cert-manager/Chart.yaml | 2026-12-02 |');
    expect(out.report).toContain('| eks-add-ons | eks/1.36 | 1.36 | extension |');
  });

  test('a fleet version replaces a built-in one in its place; only standard moves one to the front', () => {
    const catalogueWith = (addOnVersions: any[]) => new FleetCatalogue(emptyFleet().fleet, { addOnVersions });
    const resourced = { ...CERT_MANAGER_NEXT, version: 'v1.21.1', appVersion: 'v1.21.1', source: 'https://charts.jetstack.io/index.yaml' };
    // Re-sourcing the standard keeps it the standard: clusters never move back silently.
    const replaced = catalogueWith([resourced]);
    expect(replaced.addOn('cert-manager').versions.map((v) => [v.version, v.source])).toEqual([
      ['v1.21.1', 'https://charts.jetstack.io/index.yaml'], ['v1.21.0', 'cert-manager/cert-manager@v1.21.0:deploy/charts/cert-manager/Chart.yaml'],
    ]);
    expect(replaced.entries.filter((e) => e.id === 'cert-manager' && e.version === 'v1.21.1').map((e) => e.origin)).toEqual(['replaces built-in']);
    expect(catalogueWith([CERT_MANAGER_NEXT]).addOn('cert-manager').versions.map((v) => v.version)).toEqual(['v1.21.1', 'v1.21.0', 'v1.22.0']);
    expect(catalogueWith([{ ...CERT_MANAGER_NEXT, standard: true }]).addOn('cert-manager').versions.map((v) => v.version)).toEqual(['v1.22.0', 'v1.21.1', 'v1.21.0']);
  });

  test('without extensions, the report says which catalogue and which support day', () => {
    const { app, fleet } = emptyFleet();
    new AwsCluster(fleet, 'a', { region: 'us-east-1', cidr: '10.1.0.0/16', nodePools: [{ name: 'general', size: 'm6i.large' }] });
    const report = FleetTesting.synth(app).report;
    expect(report).toContain('Built-in catalogue reviewed 2026-12-02; Kubernetes support windows measured on 2026-12-02.');
    expect(report).toContain('No facts added or replaced.');
  });
});
