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

  problems.push(...moveProblems(cluster, fleet));

  if (!fleet.findWave(cluster.wave)) {
    problems.push(describeProblem('wave', cluster.wave, 'is not a wave of the fleet, so the cluster is in no wave and would never roll out',
      `use one of the fleet's waves (${fleet.waves.map((w) => `'${w.name}'`).join(', ')}) or add it to the Fleet's 'waves'`));
  }
  return problems;
}

/**
 * A move is two changes: add the replacement (`replaces`), then, once it is
 * confirmed, remove the old cluster together with `replaces`. Refused: a
 * replacement of a cluster that is not (or no longer) in the fleet (the
 * one-step swap, which would drop the old cluster's state before the new
 * one holds it), of itself, of a cluster in another cloud (its backups are
 * reachable only from its own cloud's identities), of an attached cluster,
 * a chain of moves, two replacements of one cluster, and a replacement in
 * an earlier wave than the cluster it reads backups from.
 */
function moveProblems(cluster: ICluster, fleet: Fleet): string[] {
  const name = cluster.replaces;
  if (name === undefined) {
    return [];
  }
  const old = fleet.clusters.find((c) => c.clusterName === name);
  if (!old) {
    return [describeProblem('replaces', name, 'is not a cluster of the fleet: removing a cluster in the change that adds its replacement is a one-step swap, '
      + 'which drops its state before the replacement holds it', `keep '${name}' until ${cluster.clusterName} is confirmed, then remove it and 'replaces' together`)];
  }
  const problems: string[] = [];
  if (old === cluster) {
    problems.push(describeProblem('replaces', name, 'is the cluster itself', "name the cluster it replaces, or leave 'replaces' out"));
  }
  if (old.cloud !== cluster.cloud || cluster.cloud === Cloud.ATTACHED) {
    problems.push(describeProblem('replaces', name, `is ${old.cloud === Cloud.ATTACHED || cluster.cloud === Cloud.ATTACHED ? 'an attached cluster move' : `in ${old.cloud}`}, `
      + `and a replacement reads the old cluster's backups with its cloud's identities (${cluster.cloud} here)`,
    'replace it with a cluster of the same cloud; a move across clouds starts empty and copies data by other means'));
  }
  if (old.replaces !== undefined) {
    problems.push(describeProblem('replaces', name, `is itself replacing '${old.replaces}'`, `finish that move first (remove '${old.replaces}'), then move again`));
  }
  const rival = fleet.clusters.find((c) => c !== cluster && c.replaces === name);
  if (rival && fleet.clusters.indexOf(rival) < fleet.clusters.indexOf(cluster)) {
    problems.push(describeProblem('replaces', name, `is already replaced by '${rival.clusterName}'`, 'give a cluster one replacement at a time'));
  }
  const wave = (c: ICluster) => fleet.findWave(c.wave)?.number ?? 0;
  if (wave(cluster) < wave(old)) {
    problems.push(describeProblem('wave', cluster.wave, `comes before the wave of '${name}' (${old.wave}), whose backups the cluster restores`,
      `put the replacement in wave '${old.wave}' or later`));
  }
  return problems;
}
