import { NodePoolSpec } from '../node-pool';

/** What every AKS pool takes from its cluster. */
export interface AksPoolContext {
  readonly kubernetesVersion: string;
  readonly subnetId: string;
  readonly zones?: string[];
  readonly hostEncryption: boolean;
  readonly tags: { [key: string]: string };
}

/** The label and taint AKS puts on spot nodes itself; declared so plans show no drift. */
const SPOT_KEY = 'kubernetes.azure.com/scalesetpriority';

/**
 * Settings shared by the system pool (AKS's default node pool) and user
 * pools: autoscaling between min and max, zones, the control plane's
 * version, managed OS disks of the pool's size (ephemeral disks depend on
 * the VM's cache size, which the catalogue does not know), optional host
 * encryption, and `maxUnavailable` nodes surged at a time on upgrade (not
 * on Spot pools, where AKS allows no surge).
 * Taints go only on user pools: the default pool has none in azurerm 4
 * (the system pool is tainted through `onlyCriticalAddonsEnabled`).
 */
export function aksPoolSettings(pool: NodePoolSpec, context: AksPoolContext) {
  const spotLabels: { [key: string]: string } = pool.spot ? { [SPOT_KEY]: 'spot' } : {};
  return {
    vmSize: pool.size,
    autoScalingEnabled: true,
    minCount: pool.min,
    maxCount: pool.max,
    nodeCount: pool.desired,
    vnetSubnetId: context.subnetId,
    zones: context.zones,
    orchestratorVersion: context.kubernetesVersion,
    nodeLabels: { ...pool.labels, ...spotLabels, 'fleet.cdk-fleet.io/pool': pool.name },
    osDiskType: 'Managed',
    osDiskSizeGb: pool.diskSizeGiB,
    hostEncryptionEnabled: context.hostEncryption,
    // AKS refuses surge settings on Spot pools ("Spot pools can't set max surge"); it upgrades them in place.
    ...(pool.spot ? {} : { upgradeSettings: { maxSurge: String(pool.maxUnavailable) } }),
    tags: context.tags,
  };
}

/** A user pool's taints in AKS syntax (`key=value:Effect`), spot's own taint included. */
export function aksNodeTaints(pool: NodePoolSpec): string[] {
  const taints = pool.taints.map((t) => `${t.key}${t.value !== undefined ? `=${t.value}` : ''}:${t.effect}`);
  return pool.spot ? [...taints, `${SPOT_KEY}=spot:NoSchedule`] : taints;
}
