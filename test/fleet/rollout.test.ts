import { CertManager, Fleet, FleetRollout, FleetTesting, SynthesizedFleet } from '../../src';
import { addAttached, addAws, addAzure, emptyFleet, errorOf, resourcesOf } from '../support/fixtures';

const WAVES = [{ name: 'canary' }, { name: 'early' }, { name: 'main' }];

/** An EKS fleet of three waves, one cluster per wave, optionally with a rollout. */
function awsFleet(rollout?: FleetRollout, version = '1.34'): { fleet: Fleet; out: () => SynthesizedFleet } {
  const { app, fleet } = emptyFleet({ kubernetesVersion: version, waves: WAVES, rollout });
  addAws(fleet, 'canary-use1', 'us-east-1', '10.1.0.0/16', { wave: 'canary' });
  addAws(fleet, 'early-use1', 'us-east-1', '10.2.0.0/16', { wave: 'early' });
  addAws(fleet, 'main-usw2', 'us-west-2', '10.3.0.0/16', { wave: 'main' });
  return { fleet, out: () => FleetTesting.synth(app) };
}

/** Every resource and data source of the output, by stack, type and name, for comparing two outputs. */
function blocksOf(out: SynthesizedFleet): Map<string, string> {
  const blocks = new Map<string, string>();
  for (const [stack, json] of Object.entries(out.stacks)) {
    for (const section of ['resource', 'data']) {
      for (const [type, byName] of Object.entries<any>(json[section] ?? {})) {
        for (const [name, body] of Object.entries<any>(byName)) {
          blocks.set(`${stack} ${section}.${type}.${name}`, JSON.stringify(body));
        }
      }
    }
  }
  return blocks;
}

function changedBlocks(before: SynthesizedFleet, after: SynthesizedFleet): string[] {
  const a = blocksOf(before);
  const b = blocksOf(after);
  return [...new Set([...a.keys(), ...b.keys()])].filter((k) => a.get(k) !== b.get(k)).sort();
}

describe('rolling a Kubernetes version out wave by wave', () => {
  test('through the canary wave, only the canary cluster moves: control plane, node groups, their AMI release and the EKS add-ons', () => {
    const before = awsFleet().out();
    const after = awsFleet({ kubernetesVersion: '1.35', throughWave: 'canary' }).out();

    const changed = changedBlocks(before, after);
    expect(changed.length).toBeGreaterThan(0);
    // Logical ids start with the cluster's id: nothing of the early and main clusters changes.
    expect(changed.filter((k) => !/ (resource|data)\.[a-z_0-9]+\.canary-use1_/.test(k))).toEqual([]);
    expect(changed.some((k) => k.includes('aws_eks_cluster.'))).toBe(true);
    expect(changed.some((k) => k.includes('aws_eks_node_group.'))).toBe(true);
    expect(changed.some((k) => k.includes('aws_eks_addon.'))).toBe(true);
    expect(changed.some((k) => k.includes('aws_ssm_parameter.'))).toBe(true);

    const stack = after.stacks['aws-us-east-1'];
    const versionOf = (name: string) => resourcesOf(stack, 'aws_eks_cluster').find((c) => c.name === name).version;
    expect(versionOf('canary-use1')).toBe('1.35');
    expect(versionOf('early-use1')).toBe('1.34');
    expect(after.stacks['aws-us-west-2'].resource.aws_eks_cluster).toEqual(before.stacks['aws-us-west-2'].resource.aws_eks_cluster);
    expect(after.plan.clusters.map((c: any) => [c.name, c.kubernetesVersion])).toEqual([['canary-use1', '1.35'], ['early-use1', '1.34'], ['main-usw2', '1.34']]);
    expect(after.plan.rollout).toEqual({ kubernetesVersion: '1.35', throughWave: 1 });
    expect(before.plan.rollout).toBeUndefined();
    // Only the canary's own Kubernetes objects change (the cluster-info ConfigMap names its version).
    const changedClusters = Object.keys(after.kubernetes).filter((c) => JSON.stringify(after.kubernetes[c]) !== JSON.stringify(before.kubernetes[c]));
    expect(changedClusters).toEqual(['canary-use1']);
  });

  test('moving the cursor one wave further moves exactly that wave', () => {
    const canary = awsFleet({ kubernetesVersion: '1.35', throughWave: 'canary' }).out();
    const early = awsFleet({ kubernetesVersion: '1.35', throughWave: 'early' }).out();
    const changed = changedBlocks(canary, early);
    expect(changed.length).toBeGreaterThan(0);
    expect(changed.filter((k) => !/\.early-use1_/.test(k))).toEqual([]);
  });

  test('through the last wave, the fleet writes what it writes once the version is its own: promoting it changes no Terraform or YAML', () => {
    const rolledOut = awsFleet({ kubernetesVersion: '1.35', throughWave: 'main' }).out();
    const promoted = awsFleet(undefined, '1.35').out();
    expect(changedBlocks(rolledOut, promoted)).toEqual([]);
    expect(promoted.kubernetes).toEqual(rolledOut.kubernetes);
  });

  test('the report shows each wave\'s state, and rolled-out clusters are no deviation', () => {
    const out = awsFleet({ kubernetesVersion: '1.35', throughWave: 'early' }).out();
    expect(out.report).toContain('## Rollout');
    expect(out.report).toContain('| 1 | canary | rolled out | Kubernetes 1.35 | canary-use1 (1.35) |');
    expect(out.report).toContain('| 2 | early | rolled out | Kubernetes 1.35 | early-use1 (1.35) |');
    expect(out.report).toContain('| 3 | main | next | Kubernetes 1.34 | main-usw2 (1.34) |');
    expect(out.report).not.toMatch(/\| kubernetesVersion \|/);
  });

  test('every node pool runs its control plane\'s version, never ahead or behind, on EKS and AKS', () => {
    const { app, fleet } = emptyFleet({ kubernetesVersion: '1.35', waves: WAVES, rollout: { kubernetesVersion: '1.36', throughWave: 'canary' } });
    addAzure(fleet, 'canary-weu', 'westeurope', '10.1.0.0/16', { wave: 'canary' });
    addAzure(fleet, 'main-weu', 'westeurope', '10.2.0.0/16', { wave: 'main' });
    addAws(fleet, 'main-use1', 'us-east-1', '10.3.0.0/16', { wave: 'main' });
    const out = FleetTesting.synth(app);
    const azure = out.stacks['azure-westeurope'];
    const aks = resourcesOf(azure, 'azurerm_kubernetes_cluster');
    expect(aks.map((c) => [c.name, c.kubernetes_version])).toEqual([['canary-weu', '1.36'], ['main-weu', '1.35']]);
    for (const cluster of aks) {
      expect(cluster.default_node_pool.orchestrator_version).toBe(cluster.kubernetes_version);
    }
    const clusterIdOf = (pool: any) => /azurerm_kubernetes_cluster\.([^.]+)\.id/.exec(pool.kubernetes_cluster_id)![1];
    const aksById = Object.fromEntries(Object.entries<any>(azure.resource.azurerm_kubernetes_cluster).map(([id, c]) => [id, c.kubernetes_version]));
    for (const pool of resourcesOf(azure, 'azurerm_kubernetes_cluster_node_pool')) {
      expect(pool.orchestrator_version).toBe(aksById[clusterIdOf(pool)]);
    }
    const aws = out.stacks['aws-us-east-1'];
    const eksById = Object.fromEntries(Object.entries<any>(aws.resource.aws_eks_cluster).map(([id, c]) => [id, c.version]));
    for (const group of resourcesOf(aws, 'aws_eks_node_group')) {
      const clusterId = /aws_eks_cluster\.([^.]+)\.name/.exec(group.cluster_name)![1];
      expect(group.version).toBe(eksById[clusterId]);
    }
  });
});

describe('rolling a new add-on version out wave by wave', () => {
  const GITOPS = { repoUrl: 'https://github.com/acme/fleet.git', path: 'clusters' };
  /** cert-manager v1.21.1 is the standard; v1.21.0 is catalogued too (test: the older one plays the new one). */
  function certManagerFleet(rollout?: FleetRollout): SynthesizedFleet {
    const { app, fleet } = emptyFleet({ waves: WAVES, gitOps: GITOPS, rollout });
    fleet.addAddOn(new CertManager());
    addAws(fleet, 'canary-use1', 'us-east-1', '10.1.0.0/16', { wave: 'canary' });
    addAws(fleet, 'main-use1', 'us-east-1', '10.2.0.0/16', { wave: 'main' });
    return FleetTesting.synth(app);
  }
  const versionOn = (out: SynthesizedFleet, cluster: string) => out.plan.clusters.find((c: any) => c.name === cluster).addons.find((a: any) => a.id === 'cert-manager').version;

  test('through the canary wave, only the canary cluster gets it, and it is no deviation', () => {
    const before = certManagerFleet();
    const after = certManagerFleet({ addOnVersions: { 'cert-manager': 'v1.21.0' }, throughWave: 'canary' });
    expect([versionOn(after, 'canary-use1'), versionOn(after, 'main-use1')]).toEqual(['v1.21.0', 'v1.21.1']);
    expect(versionOn(before, 'canary-use1')).toBe('v1.21.1');
    const changed = Object.keys(after.kubernetes).filter((c) => JSON.stringify(after.kubernetes[c]) !== JSON.stringify(before.kubernetes[c]));
    expect(changed).toEqual(['canary-use1']);
    expect(after.plan.rollout).toEqual({ addOnVersions: { 'cert-manager': 'v1.21.0' }, throughWave: 1 });
    expect(after.report).toContain('| 1 | canary | rolled out | Kubernetes 1.35, cert-manager v1.21.0 | canary-use1 (1.35) |');
    expect(after.report).toContain('| 3 | main | waiting | Kubernetes 1.35, cert-manager v1.21.1 | main-use1 (1.35) |');
    expect(after.report).not.toMatch(/\| addons\.cert-manager/);
  });

  test('an add-on version the catalogue lacks, the standard one, an unknown add-on, or one the fleet does not run is refused', () => {
    expect(errorOf(() => certManagerFleet({ addOnVersions: { 'cert-manager': 'v1.99.0' }, throughWave: 'canary' }))).toBe(
      "test: 'rollout.addOnVersions.cert-manager' is not a version of cert-manager in the catalogue (v1.21.1, v1.21.0), got \"v1.99.0\". " +
      "Fix: add it to the Fleet's catalogue: { addOnVersions: [{ addOnId, version, appVersion, installs, source, checked }] }");
    expect(errorOf(() => certManagerFleet({ addOnVersions: { 'cert-manager': 'v1.21.1' }, throughWave: 'canary' }))).toBe(
      "test: 'rollout.addOnVersions.cert-manager' is already the standard version of cert-manager, so nothing rolls out, got \"v1.21.1\". " +
      "Fix: remove 'cert-manager' from the rollout");
    expect(errorOf(() => certManagerFleet({ addOnVersions: { 'cert-mgr': 'v1.21.0' }, throughWave: 'canary' })))
      .toMatch(/^test: 'rollout\.addOnVersions\.cert-mgr' names 'cert-mgr', which is not an add-on of the catalogue, got "v1\.21\.0"\. Fix: use one of /);
    expect(errorOf(() => certManagerFleet({ throughWave: 'canary' }))).toBe(
      "test: 'rollout' rolls out nothing, got {\"throughWave\":\"canary\"}. " +
      "Fix: give the next Kubernetes version (kubernetesVersion: '1.36'), add-on versions (addOnVersions: { '<add-on id>': '<version>' }), or both");
    const { app, fleet } = emptyFleet({ waves: WAVES, gitOps: GITOPS, rollout: { addOnVersions: { 'cert-manager': 'v1.21.0' }, throughWave: 'canary' } });
    addAws(fleet, 'canary-use1', 'us-east-1', '10.1.0.0/16', { wave: 'canary' });
    expect(errorOf(() => app.synth())).toContain(
      "test: 'rollout.addOnVersions.cert-manager' names 'cert-manager', which is not in the fleet standard, got \"v1.21.0\". " +
      'Fix: add it with fleet.addAddOn(...) or remove it from the rollout');
  });
});

describe('versions that cannot be applied are refused before anything is written', () => {
  test('a rollout two minors ahead names the step in between', () => {
    expect(errorOf(() => awsFleet({ kubernetesVersion: '1.36', throughWave: 'canary' }))).toBe(
      "test: 'rollout.kubernetesVersion' is 2 minors after the fleet's kubernetesVersion 1.34; a control plane upgrades one minor at a time " +
      "(Kubernetes version skew policy; EKS and AKS refuse to skip one), got \"1.36\". Fix: roll out 1.35 through every wave first, make it the fleet's kubernetesVersion, then roll out 1.36");
  });

  test('a rollout to the same or an older version, to no wave, or in the wrong shape', () => {
    expect(errorOf(() => awsFleet({ kubernetesVersion: '1.34', throughWave: 'canary' }))).toBe(
      "test: 'rollout.kubernetesVersion' is already the fleet's kubernetesVersion, so nothing rolls out, got \"1.34\". Fix: remove the rollout");
    expect(errorOf(() => awsFleet({ kubernetesVersion: '1.33', throughWave: 'canary' }))).toBe(
      "test: 'rollout.kubernetesVersion' is older than the fleet's kubernetesVersion 1.34; EKS and AKS cannot downgrade a control plane, got \"1.33\". " +
      'Fix: roll out 1.35, or keep a cluster back with its own kubernetesVersion and a reason');
    expect(errorOf(() => awsFleet({ kubernetesVersion: '1.35', throughWave: 'canaries' }))).toBe(
      "test: 'rollout.throughWave' is not a wave of the fleet, got \"canaries\". Fix: use one of 'canary', 'early', 'main'; start with the first");
    expect(errorOf(() => awsFleet({ kubernetesVersion: 1.35 as any, throughWave: 'canary' }))).toBe(
      "test: 'rollout.kubernetesVersion' must be a Kubernetes minor version like '1.36', got 1.35. Fix: set the minor after the fleet's 1.34: '1.35'");
    expect(errorOf(() => awsFleet('1.35' as any))).toBe(
      "test: 'rollout' must be an object of options, got \"1.35\". Fix: pass them, e.g. rollout: { kubernetesVersion: '1.36', throughWave: 'canary' }");
  });

  test('a cluster two minors ahead of its wave is refused', () => {
    const { fleet } = emptyFleet({ kubernetesVersion: '1.33' });
    expect(errorOf(() => addAws(fleet, 'jumpy', 'us-east-1', '10.1.0.0/16', { kubernetesVersion: '1.35', kubernetesVersionReason: 'try the new one' }))).toBe(
      "test/aws-us-east-1/jumpy: 'kubernetesVersion' is 2 minors after its wave's version 1.33; a control plane upgrades one minor at a time " +
      "(Kubernetes version skew policy; EKS and AKS refuse to skip one), got \"1.35\". Fix: use 1.34 first, or roll versions out with the Fleet's rollout");
  });

  test('a later wave ahead of an earlier one is a fleet problem, reported with every other', () => {
    const { app, fleet } = emptyFleet({ kubernetesVersion: '1.34', waves: WAVES });
    addAws(fleet, 'canary-use1', 'us-east-1', '10.1.0.0/16', { wave: 'canary' });
    addAws(fleet, 'main-use1', 'us-east-1', '10.2.0.0/16', { wave: 'main', kubernetesVersion: '1.35', kubernetesVersionReason: 'wants the new scheduler' });
    const message = errorOf(() => app.synth());
    expect(message).toContain(
      "test/aws-us-east-1/main-use1: 'kubernetesVersion' reaches wave 'main' before the earlier wave 'canary' has it (its clusters run 1.34 at most); " +
      "a later wave never gets a version before an earlier wave, got \"1.35\". Fix: roll the version out wave by wave with the Fleet's rollout: " +
      "{ kubernetesVersion: '1.35', throughWave: 'canary' } first, or keep this cluster on its wave's version");
    expect(message).toContain('nothing was written');
  });

  test('an earlier wave that has the version on one of its clusters lets later waves have it; waves without clusters do not count', () => {
    const { app, fleet } = emptyFleet({ kubernetesVersion: '1.35', waves: WAVES });
    addAzure(fleet, 'canary-weu', 'westeurope', '10.1.0.0/16', { wave: 'canary', kubernetesVersion: '1.36', kubernetesVersionReason: 'canary for 1.36' });
    addAws(fleet, 'canary-use1', 'us-east-1', '10.2.0.0/16', { wave: 'canary' });
    addAttached(fleet, 'store', { wave: 'main', kubernetesVersion: '1.36', kubernetesVersionReason: 'the store image ships 1.36' });
    expect(() => FleetTesting.synth(app)).not.toThrow();
  });
});
