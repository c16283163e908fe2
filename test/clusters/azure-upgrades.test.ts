import { buildExampleFleet } from '../../examples/multi-cloud-fleet/fleet';
import { FleetTesting, SynthesizedFleet } from '../../src';
import { AZURE_STAGE_SOAK_SECONDS } from '../../src/clusters/azure/azure-fleet-manager-names';
import { addAzure, emptyFleet, errorOf } from '../support/fixtures';

/**
 * How AKS clusters of a synthesized fleet get upgraded, replayed as AKS and
 * Fleet Manager would: a cluster with an automatic channel upgrades on its
 * own schedule whenever a release reaches its region; a Fleet Manager
 * update run upgrades members stage by stage of its strategy, each stage
 * the members whose update group the stage names.
 *
 * Returns, per AKS cluster, the order in which it can be upgraded: the
 * stage index, or 0 for "at any time, on its own".
 */
function upgradeOrder(out: SynthesizedFleet): Map<string, number> {
  const manager = out.stacks['azure-fleet-manager']?.resource ?? {};
  const fleetManager = Object.values<any>(manager.azurerm_kubernetes_fleet_manager ?? {})[0];
  const group = Object.values<any>(manager.azurerm_resource_group ?? {})[0];
  const strategy = Object.values<any>(manager.azurerm_kubernetes_fleet_update_strategy ?? {})[0];
  const order = new Map<string, number>();
  for (const stack of Object.values<any>(out.stacks)) {
    for (const [address, cluster] of Object.entries<any>(stack.resource?.azurerm_kubernetes_cluster ?? {})) {
      const automatic = cluster.automatic_upgrade_channel !== undefined && cluster.automatic_upgrade_channel !== 'none';
      // The provider's default node OS channel is NodeImage.
      const osAutomatic = cluster.node_os_upgrade_channel !== 'None';
      if (automatic || osAutomatic) {
        order.set(cluster.name, 0);
        continue;
      }
      const member = Object.values<any>(stack.resource.azurerm_kubernetes_fleet_member ?? {})
        .find((m) => m.kubernetes_cluster_id === `\${azurerm_kubernetes_cluster.${address}.id}`);
      // The member must join this fleet's Fleet Manager, by the id it will have.
      expect(member.kubernetes_fleet_id).toMatch(new RegExp(`/resourceGroups/${group.name}/providers/Microsoft\\.ContainerService/fleets/${fleetManager.name}$`));
      const stage = strategy.stage.findIndex((s: any) => s.group.some((g: any) => g.name === member.group));
      expect(stage).toBeGreaterThanOrEqual(0);
      order.set(cluster.name, stage + 1);
    }
  }
  return order;
}

/** No cluster of a later wave can be upgraded before every cluster of an earlier wave. */
function expectWaveOrder(out: SynthesizedFleet): void {
  const order = upgradeOrder(out);
  const aks = out.plan.clusters.filter((c: any) => c.cloud === 'azure');
  expect(aks.length).toBeGreaterThan(0);
  for (const earlier of aks) {
    for (const later of aks.filter((c: any) => c.wave > earlier.wave)) {
      const [a, b] = [order.get(earlier.name)!, order.get(later.name)!];
      expect({ earlier: earlier.name, later: later.name, upgradeableFirst: a > 0 && b > 0 && a < b }).toEqual(
        { earlier: earlier.name, later: later.name, upgradeableFirst: true });
    }
  }
}

describe('AKS upgrades follow the waves', () => {
  test('in the example (whose main-wave window comes before the canary\'s), no later wave can be upgraded before an earlier one', () => {
    const app = FleetTesting.app();
    buildExampleFleet(app);
    expectWaveOrder(FleetTesting.synth(app));
  });

  test('one Fleet Manager, a stage per wave with AKS clusters in wave order, an hour apart (no wait after the last); its stack is applied first', () => {
    const { app, fleet } = emptyFleet({ waves: [{ name: 'canary' }, { name: 'early' }, { name: 'main' }] });
    addAzure(fleet, 'prod', 'westeurope', '10.20.0.0/16', { wave: 'main' });
    addAzure(fleet, 'canary', 'northeurope', '10.21.0.0/16', { wave: 'canary' });
    const out = FleetTesting.synth(app);
    expectWaveOrder(out);
    const strategy = Object.values<any>(out.stacks['azure-fleet-manager'].resource.azurerm_kubernetes_fleet_update_strategy)[0];
    expect(strategy.stage).toEqual([
      { name: 'canary', group: [{ name: 'canary' }], after_stage_wait_in_seconds: AZURE_STAGE_SOAK_SECONDS },
      { name: 'main', group: [{ name: 'main' }] },
    ]);
    // The time provider only where something waits.
    expect(out.stacks['azure-fleet-manager'].provider.time).toBeUndefined();
    const manager = Object.values<any>(out.stacks['azure-fleet-manager'].resource.azurerm_kubernetes_fleet_manager)[0];
    expect(manager).toMatchObject({ name: 'test', location: 'westeurope' });
    const hub = out.plan.stacks.find((s: any) => s.name === 'azure-fleet-manager');
    expect(hub).toMatchObject({ cloud: 'azure', region: 'westeurope', wave: 1, clusters: [], dependsOn: [] });
    for (const stack of out.plan.stacks.filter((s: any) => s.name.startsWith('azure-') && s.name !== 'azure-fleet-manager')) {
      expect(stack.dependsOn).toEqual(['azure-fleet-manager']);
    }
    expect(Object.keys(out.stacks['azure-fleet-manager'].output).sort()).toEqual(['fleet_manager_name', 'fleet_manager_resource_group', 'update_strategy_name']);
    // The report says where upgrades come from, and that node patches need the runs.
    expect(out.report).toContain('## AKS upgrades');
    expect(out.report).toContain('strategy `fleet-waves`, stage by stage: canary (canary) → main (prod)');
    expect(out.report).toContain('Nodes get OS patches only through these runs: start a NodeImageOnly run every week.');
    // Unpinned, the Fleet Manager follows the first Azure cluster, and the fleet is told to pin it.
    expect(fleet.warnings.map((w) => w.message)).toContainEqual(expect.stringMatching(/^azureFleetManagerRegion is not set, so the Azure Fleet Manager goes to westeurope/));
  });

  test('a cluster with an automatic channel would upgrade on its own: the replay sees it', () => {
    const { app, fleet } = emptyFleet();
    addAzure(fleet, 'prod', 'westeurope', '10.20.0.0/16', { wave: 'main' });
    addAzure(fleet, 'canary', 'westeurope', '10.21.0.0/16', { wave: 'canary' });
    const out = FleetTesting.synth(app);
    const cluster = Object.values<any>(out.stacks['azure-westeurope'].resource.azurerm_kubernetes_cluster).find((c) => c.name === 'prod');
    cluster.node_os_upgrade_channel = 'NodeImage';
    expect(upgradeOrder(out).get('prod')).toBe(0);
    expect(() => expectWaveOrder(out)).toThrow();
  });

  test('the Fleet Manager may be pinned to a region; an unknown one is refused', () => {
    const { app, fleet } = emptyFleet({ azureFleetManagerRegion: 'swedencentral' });
    addAzure(fleet, 'prod', 'westeurope', '10.20.0.0/16');
    expect(FleetTesting.synth(app).plan.stacks.find((s: any) => s.name === 'azure-fleet-manager').region).toBe('swedencentral');
    expect(errorOf(() => emptyFleet({ azureFleetManagerRegion: 'Sweden Central' }))).toBe(
      "test: 'azureFleetManagerRegion' is not an Azure region in the catalogue, got \"Sweden Central\". " +
      "Fix: use a region name such as 'westeurope', or add the region to the Fleet's catalogue: { regions: [...] }");
  });
});
