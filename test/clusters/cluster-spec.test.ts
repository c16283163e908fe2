import { AttachedCluster, AwsCluster, AzureCluster, TaintEffect } from '../../src';
import { addAws, addAzure, emptyFleet, errorOf } from '../support/fixtures';

const POOL = { name: 'general', size: 'm6i.large', min: 1, max: 3 };

function awsError(props: object): string {
  const { fleet } = emptyFleet();
  return errorOf(() => new AwsCluster(fleet, 'c1', { region: 'us-east-1', cidr: '10.0.0.0/16', nodePools: [POOL], ...props }));
}

function azureError(props: object): string {
  const { fleet } = emptyFleet();
  return errorOf(() => new AzureCluster(fleet, 'z1', {
    region: 'westeurope',
    cidr: '10.0.0.0/16',
    systemPool: { name: 'system', size: 'Standard_D4s_v5', min: 1, max: 3 },
    nodePools: [{ name: 'apps', size: 'Standard_D4s_v5', min: 1, max: 3 }],
    ...props,
  }));
}

const AWS = 'test/aws-us-east-1/c1';

describe('common cluster spec', () => {
  test('name: a DNS-1123 label of at most 40 characters', () => {
    expect(awsError({ name: 'Prod_1' })).toBe(
      `${AWS}: 'name' must be a DNS-1123 label of at most 40 characters (lower-case letters, digits and '-', starting with a letter), got "Prod_1". Fix: rename the cluster, e.g. 'prod-use1'`);
    expect(awsError({ name: 'x'.repeat(41) })).toContain("'name' must be a DNS-1123 label of at most 40 characters");
  });

  test('Kubernetes version: one the catalogue offers on the cloud, with the public way to add one', () => {
    expect(awsError({ kubernetesVersion: '1.29', kubernetesVersionReason: 'legacy' })).toBe(
      `${AWS}: 'kubernetesVersion' is not a Kubernetes version the catalogue offers on Amazon EKS, got "1.29". ` +
      "Fix: use '1.35', or add the version with its support window to the Fleet's catalogue: { kubernetesVersions: [...] }");
    // EKS 1.31's extended support ended on 2026-11-26: it is no longer offered.
    expect(awsError({ kubernetesVersion: '1.31', kubernetesVersionReason: 'legacy' })).toContain("'kubernetesVersion' is not a Kubernetes version the catalogue offers");
  });

  test('Kubernetes version: the fleet standard itself must be offered by the cloud', () => {
    const { fleet } = emptyFleet({ kubernetesVersion: '1.31' });
    expect(errorOf(() => addAzure(fleet, 'z1', 'westeurope', '10.0.0.0/16'))).toContain(
      "'kubernetesVersion' is not a Kubernetes version the catalogue offers on Azure AKS (the fleet standard), got \"1.31\"");
  });

  test('support windows are measured on the fleet\'s supportDate, never the day synth runs: past the end of support is refused', () => {
    // AKS 1.34 reached its end of life on 2026-11-30 (the AKS calendar), before the catalogue's review day.
    expect(azureError({ kubernetesVersion: '1.34', kubernetesVersionReason: 'legacy' })).toBe(
      "test/azure-westeurope/z1: 'kubernetesVersion' reached the end of its support on Azure AKS on 2026-11-30 (measured on 2026-12-02, " +
      "the fleet's supportDate), got \"1.34\". Fix: upgrade to '1.35' or '1.36'");
    // Measured later, the fleet standard 1.35 is past EKS standard support (its last day: 2027-03-26), and near AKS's end.
    const { fleet } = emptyFleet({ supportDate: '2027-03-27' });
    addAws(fleet, 'a1', 'us-east-1', '10.1.0.0/16');
    addAzure(fleet, 'z1', 'westeurope', '10.2.0.0/16');
    expect(fleet.warnings.map((w) => w.message)).toEqual(expect.arrayContaining([
      expect.stringMatching(/^Kubernetes 1.35 is past standard support on Amazon EKS, which ended on 2027-03-26 \(measured on 2027-03-27\); EKS bills extended support/),
      "Kubernetes 1.35 leaves standard support on Azure AKS on 2027-03-31 (measured on 2027-03-27); plan the upgrade to '1.36'",
    ]));
    // An earlier day would hide what has ended.
    expect(errorOf(() => emptyFleet({ supportDate: '2026-11-15' }))).toBe("test: 'supportDate' must not be before the day the catalogue was reviewed " +
      '(2026-12-02): an earlier day would hide support that has ended, got "2026-11-15". Fix: leave it out, or give 2026-12-02 or later');
    expect(errorOf(() => emptyFleet({ supportDate: '2026-13-01' }))).toBe("test: 'supportDate' must be a day, YYYY-MM-DD, got \"2026-13-01\". Fix: e.g. supportDate: '2027-01-15'");
  });

  test('a version other than the standard is a deviation and needs a reason', () => {
    expect(awsError({ kubernetesVersion: '1.34' })).toBe(
      `${AWS}: 'kubernetesVersionReason' must explain why this cluster uses 1.34 instead of the fleet standard 1.35, got "". ` +
      "Fix: add kubernetesVersionReason: '<why>' (it appears in fleet-report.md), or use the fleet standard");
  });

  test('a deviation with a reason is recorded; a stale reason and extended support are warnings, with the cost', () => {
    const { fleet } = emptyFleet();
    const canary = addAzure(fleet, 'canary', 'westeurope', '10.1.0.0/16', { kubernetesVersion: '1.36', kubernetesVersionReason: 'upgrade canary' });
    addAws(fleet, 'stale', 'us-east-1', '10.2.0.0/16', { kubernetesVersionReason: 'left over' });
    addAws(fleet, 'old', 'us-east-1', '10.3.0.0/16', { kubernetesVersion: '1.32', kubernetesVersionReason: 'vendor app not certified on 1.35' });
    expect(canary.deviations).toEqual([{ property: 'kubernetesVersion', standard: '1.35', value: '1.36', reason: 'upgrade canary' }]);
    expect(fleet.warnings.filter((w) => !w.message.startsWith('azureFleetManagerRegion'))).toEqual([
      { path: 'test/aws-us-east-1/stale', message: "'kubernetesVersionReason' is set but the cluster runs the fleet standard 1.35; remove the stale reason" },
      {
        path: 'test/aws-us-east-1/old',
        message: 'Kubernetes 1.32 is past standard support on Amazon EKS, which ended on 2026-03-22 (measured on 2026-12-02); EKS bills extended support at a higher hourly ' +
          "rate per cluster (https://aws.amazon.com/eks/pricing/) and ends it on 2027-03-22; plan the upgrade to '1.35'",
      },
    ]);
  });

  test('region: in the catalogue', () => {
    expect(awsError({ region: 'us-east-9' })).toMatch(
      /^test: 'c1.region' is not in the catalogue of Amazon EKS regions, got "us-east-9". Fix: use one of 'af-south-1', .* or 'us-west-2', or add it to the Fleet's catalogue: \{ regions: .*\}$/);
    expect(azureError({ region: 'West Europe' })).toContain("test: 'z1.region' is not in the catalogue of Azure AKS regions, got \"West Europe\"");
  });

  test('cidr: an IPv4 network address in CIDR notation', () => {
    expect(awsError({ cidr: '10.0.0/16' })).toBe(
      `${AWS}: 'cidr' must be an IPv4 network in CIDR notation, got "10.0.0/16". Fix: write it as a.b.c.d/nn, e.g. '10.10.0.0/16'`);
    expect(awsError({ cidr: '10.0.0.300/16' })).toContain("'cidr' must be an IPv4 network in CIDR notation");
    expect(awsError({ cidr: '10.0.5.0/16' })).toBe(
      `${AWS}: 'cidr' must be the network address of its range (host bits set), got "10.0.5.0/16". Fix: use '10.0.0.0/16'`);
    expect(awsError({ cidr: undefined })).toBe(`${AWS}: 'cidr' is required, got undefined. Fix: give the network its own range, e.g. cidr: '10.10.0.0/16'`);
  });

  test('tags: keys clouds accept', () => {
    expect(awsError({ tags: { 'aws:cost': 'x' } })).toBe(
      `${AWS}: 'tags' has a key AWS or Azure refuses (1–128 characters of letters, digits, spaces and _.:=+-@; no '/', which Azure refuses; no 'aws:' prefix), got "aws:cost". Fix: rename the tag key, e.g. 'cost-center' instead of 'acme/cost-center'`);
    expect(awsError({ tags: { owner: 'x'.repeat(257) } })).toContain("'tags.owner' must be a string of at most 256 letters, digits, spaces and _.:/=+-@");
  });

  test('the cluster carries fleet tags, its own tags and the standard tags, sorted', () => {
    const { fleet } = emptyFleet({ tags: { 'cost-center': 'platform' } });
    const cluster = addAws(fleet, 'c1', 'us-east-1', '10.0.0.0/16', { tags: { owner: 'team-a' } });
    expect(Object.entries(cluster.tags)).toEqual([
      ['cost-center', 'platform'], ['fleet', 'test'], ['fleet-cluster', 'c1'], ['managed-by', 'cdk-fleet'], ['owner', 'team-a'],
    ]);
  });
});

describe('node pools', () => {
  const pool = (p: object) => awsError({ nodePools: [{ ...POOL, ...p }] });

  test('at least one pool', () => {
    expect(awsError({ nodePools: [] })).toBe(
      `${AWS}: 'nodePools' must list at least one node pool, got []. Fix: add a pool, e.g. nodePools: [{ name: 'general', size: 'm6i.large', min: 2, max: 6 }]`);
  });

  test('pool names: short DNS-safe names, unique', () => {
    expect(pool({ name: 'General-Pool' })).toBe(
      `${AWS}: 'nodePools[0].name' must start with a lower-case letter and hold only lower-case letters and digits, at most 12 characters (AKS refuses longer pool names), got "General-Pool". Fix: rename the pool, e.g. 'general' or 'spot1'`);
    expect(awsError({ nodePools: [POOL, POOL] })).toBe(
      `${AWS}: 'nodePools[1].name' must be unique within the cluster, got "general". Fix: give each node pool its own name`);
  });

  test('sizes: well-formed for the cloud and known to the capacity catalogue', () => {
    expect(pool({ size: 'm6i-large' })).toBe(`${AWS}: 'nodePools[0].size' is not an EC2 instance type, got "m6i-large". Fix: use a size such as 'm6i.large'`);
    expect(azureError({ nodePools: [{ name: 'apps', size: 'D4s_v5' }] })).toBe(
      "test/azure-westeurope/z1: 'nodePools[0].size' is not an Azure VM size, got \"D4s_v5\". Fix: use a size such as 'Standard_D4s_v5'");
    expect(pool({ size: 'x2idn.metal' })).toBe(
      `${AWS}: 'nodePools[0].size' is not in the size catalogue, so the fleet cannot plan its capacity, got "x2idn.metal". ` +
      "Fix: give the pool's capacity explicitly (capacity: { vcpus: 4, memoryGiB: 16 }), or add the size to the Fleet's catalogue: { nodeSizes: [...] }");
  });

  test('a size outside the catalogue with an explicit capacity is accepted', () => {
    const { fleet } = emptyFleet();
    const cluster = new AwsCluster(fleet, 'c1', {
      region: 'us-east-1',
      cidr: '10.0.0.0/16',
      nodePools: [{ name: 'metal', size: 'x2idn.metal', min: 1, max: 2, capacity: { vcpus: 128, memoryGiB: 2048 } }],
    });
    expect(cluster.capacity).toEqual({ vcpus: 256, memoryGiB: 4096, maxNodes: 2 });
  });

  test('min, max, desired', () => {
    expect(pool({ min: 5, max: 3 })).toBe(`${AWS}: 'nodePools[0].max' must be >= 'min' (5), got 3. Fix: raise 'max' to at least 5 or lower 'min'`);
    expect(pool({ desired: 9 })).toBe(
      `${AWS}: 'nodePools[0].desired' must be a whole number within [min, max] = [1, 3], got 9. Fix: set 'desired' between 1 and 3, or leave it out to start at 'min'`);
    expect(pool({ min: -1 })).toBe(`${AWS}: 'nodePools[0].min' must be a whole number between 0 and 1000, got -1. Fix: set 'min' to a node count`);
    expect(pool({ min: 0, max: 0 })).toBe(`${AWS}: 'nodePools[0].max' must be at least 1, got 0. Fix: allow the pool at least one node`);
    expect(pool({ max: 2.5 })).toContain("'nodePools[0].max' must be a whole number between 0 and 1000, got 2.5");
  });

  test('labels and taints', () => {
    expect(pool({ labels: { 'bad key!': 'x' } })).toBe(
      `${AWS}: 'nodePools[0].labels' has a key that is not a Kubernetes label key, got "bad key!". Fix: use keys like 'workload' or 'example.com/tier'`);
    expect(pool({ labels: { tier: 'has space' } })).toContain("'nodePools[0].labels.tier' is not a Kubernetes label value");
    expect(pool({ taints: [{ key: 'dedicated', effect: 'NoSchedul' }] })).toBe(
      `${AWS}: 'nodePools[0].taints[0].effect' is not a taint effect, got "NoSchedul". ` +
      "Fix: use TaintEffect.NO_SCHEDULE, PREFER_NO_SCHEDULE or NO_EXECUTE ('NoSchedule', 'PreferNoSchedule', 'NoExecute')");
    expect(pool({ taints: [{ key: 'bad key', effect: TaintEffect.NO_SCHEDULE }] })).toContain("'nodePools[0].taints[0].key' is not a valid taint key");
    expect(pool({ taints: [{ key: 'k', value: 'bad value', effect: TaintEffect.NO_SCHEDULE }] })).toContain("'nodePools[0].taints[0].value' is not a valid taint value");
  });

  test('capacity is the sum over pools of max nodes × node size', () => {
    const { fleet } = emptyFleet();
    const cluster = new AwsCluster(fleet, 'c1', {
      region: 'us-east-1',
      cidr: '10.0.0.0/16',
      nodePools: [{ name: 'a', size: 'm6i.large', min: 1, max: 3 }, { name: 'b', size: 'r6i.xlarge', min: 0, max: 2 }],
    });
    expect(cluster.capacity).toEqual({ vcpus: 3 * 2 + 2 * 4, memoryGiB: 3 * 8 + 2 * 32, maxNodes: 5 });
  });
});

describe('attached clusters', () => {
  const attachedError = (props: object) => {
    const { fleet } = emptyFleet();
    return errorOf(() => new AttachedCluster(fleet, 's1', { location: 'store-1', nodes: [{ name: 'servers', count: 2, vcpus: 4, memoryGiB: 8 }], ...props }));
  };

  test('location, nodes, counts and sizes', () => {
    expect(attachedError({ location: 'Store 1' })).toBe(
      "test/s1: 'location' must be a DNS label naming the site, got \"Store 1\". Fix: use e.g. 'store-0042' or 'on-prem-fra'");
    expect(attachedError({ nodes: [] })).toBe(
      "test/s1: 'nodes' must list the cluster's nodes, got []. Fix: add e.g. nodes: [{ name: 'servers', count: 3, vcpus: 8, memoryGiB: 32 }]");
    expect(attachedError({ nodes: [{ name: 'servers', count: 0, vcpus: 4, memoryGiB: 8 }] })).toBe(
      "test/s1: 'nodes[0].count' must be a whole number of at least 1, got 0. Fix: count the nodes of the group");
    expect(attachedError({ nodes: [{ name: 'servers', count: 1, vcpus: 0, memoryGiB: 8 }] })).toBe(
      "test/s1: 'nodes[0].vcpus' must be a positive number, got 0. Fix: give the vcpus of one node");
    expect(attachedError({ nodes: [{ name: 'a', count: 1, vcpus: 1, memoryGiB: 1 }, { name: 'a', count: 1, vcpus: 1, memoryGiB: 1 }] })).toBe(
      "test/s1: 'nodes[1].name' must be a DNS label, unique within the cluster, got \"a\". Fix: give each node group its own name");
    expect(attachedError({ kubernetesVersion: '1.30', kubernetesVersionReason: 'old image' })).toContain(
      "'kubernetesVersion' is not a Kubernetes version the catalogue offers on attached clusters, got \"1.30\"");
  });

  test('capacity comes from the declared nodes', () => {
    const { fleet } = emptyFleet();
    const store = new AttachedCluster(fleet, 's1', { location: 'store-1', nodes: [{ name: 'servers', count: 3, vcpus: 4, memoryGiB: 16 }] });
    expect(store.capacity).toEqual({ vcpus: 12, memoryGiB: 48, maxNodes: 3 });
    expect(store.region).toBe('store-1');
    expect(store.stack).toBeUndefined();
  });
});
