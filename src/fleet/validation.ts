import type { Fleet } from './fleet';
import { cidrsOverlap } from '../_internal/cidr';
import { describeProblem } from '../_internal/describe';
import { AKS_OVERLAY_RANGES } from '../clusters/azure/aks-network-ranges';
import { Cloud } from '../clusters/cloud';
import type { ICluster } from '../clusters/cluster';

/**
 * Whole-fleet rules seen from one cluster: facts it cannot check alone
 * because other clusters or later calls change them. Run at synth, with
 * every other validation of the fleet, so all problems are reported together.
 * A problem between two clusters is reported once, by the later one.
 */
export function validateClusterInFleet(cluster: ICluster, fleet: Fleet): string[] {
  const problems: string[] = [];
  const all = fleet.clusters;
  const earlier = all.slice(0, all.indexOf(cluster));

  const namesake = earlier.find((c) => c.clusterName === cluster.clusterName);
  if (namesake) {
    problems.push(describeProblem('name', cluster.clusterName, `is already the name of cluster ${namesake.node.path}; cluster names must be unique in the fleet`,
      'rename one of them, e.g. with a region suffix'));
  }

  if (cluster.cidr !== undefined) {
    for (const other of earlier) {
      if (other.cidr !== undefined && cidrsOverlap(cluster.cidr, other.cidr)) {
        problems.push(describeProblem('cidr', cluster.cidr, `overlaps the cidr ${other.cidr} of cluster '${other.clusterName}' (${other.node.path})`,
          'give every cluster its own address range so that networks can be peered and routed'));
      }
    }
  }

  // Every AKS cluster uses the same overlay ranges inside; a network of the
  // fleet that overlaps them cannot be reached from AKS pods.
  if (cluster.cidr !== undefined && cluster.cloud !== Cloud.AZURE && all.some((c) => c.cloud === Cloud.AZURE)) {
    for (const range of [AKS_OVERLAY_RANGES.podCidr, AKS_OVERLAY_RANGES.serviceCidr]) {
      if (cidrsOverlap(cluster.cidr, range)) {
        problems.push(describeProblem('cidr', cluster.cidr, `overlaps ${range}, which every AKS cluster of the fleet uses for its pods or services`,
          'choose a range outside 100.64.0.0/15'));
      }
    }
  }

  if (!fleet.findWave(cluster.wave)) {
    problems.push(describeProblem('wave', cluster.wave, 'is not a wave of the fleet, so the cluster is in no wave and would never roll out',
      `use one of the fleet's waves (${fleet.waves.map((w) => `'${w.name}'`).join(', ')}) or add it to the Fleet's 'waves'`));
  }
  return problems;
}
