import type { IConstruct } from 'constructs';
import { FleetError } from '../_internal/fleet-error';
import { parseQuantity, toGiB } from '../_internal/quantity';
import { addOnCatalogueEntry } from '../catalogue/add-ons';
import type { ICluster } from '../clusters/cluster';

/** How far the fleet lets teams' quotas exceed what the nodes offer. */
export interface CapacityPlanningOptions {
  /**
   * Committed requests (teams' quotas plus add-ons) may reach the node
   * pools' maximum capacity times this ratio; beyond it is a synth error.
   * Above 1 bets that not every team uses its whole quota at once. 0.5–4.
   * @default 1
   */
  readonly overcommitRatio?: number;
  /** Share of the allowed capacity above which the report warns. 0.5–1. @default 0.85 */
  readonly warningThreshold?: number;
}

/** The checked capacity planning options. */
export interface ResolvedCapacityPlanning {
  readonly overcommitRatio: number;
  readonly warningThreshold: number;
}

/** One team's share of a cluster. */
export interface TeamCommitment {
  readonly team: string;
  readonly vcpus: number;
  readonly memoryGiB: number;
}

/** A cluster's capacity, what is committed on it, and what is left. */
export interface ClusterCapacity {
  readonly cluster: string;
  /** The node pools' maximum. */
  readonly vcpus: number;
  readonly memoryGiB: number;
  /** The fleet's overcommit ratio. */
  readonly overcommitRatio: number;
  /** The maximum times the overcommit ratio. */
  readonly allowedVcpus: number;
  readonly allowedMemoryGiB: number;
  /** Requests set aside for the add-ons. */
  readonly addOnVcpus: number;
  readonly addOnMemoryGiB: number;
  /** The teams' quotas of CPU and memory requests, over all their namespaces. */
  readonly teams: TeamCommitment[];
  /** Add-ons plus teams. */
  readonly committedVcpus: number;
  readonly committedMemoryGiB: number;
}

/** Checks the fleet's capacity planning options. */
export function resolveCapacityPlanning(scope: IConstruct, options: CapacityPlanningOptions = {}): ResolvedCapacityPlanning {
  const overcommitRatio = options.overcommitRatio ?? 1;
  if (typeof overcommitRatio !== 'number' || !(overcommitRatio >= 0.5 && overcommitRatio <= 4)) {
    throw FleetError.invalidProperty(scope, 'capacityPlanning.overcommitRatio', options.overcommitRatio, 'must be a number from 0.5 to 4',
      'use 1 to commit no more than the nodes offer, or e.g. 1.5 to overcommit by half');
  }
  const warningThreshold = options.warningThreshold ?? 0.85;
  if (typeof warningThreshold !== 'number' || !(warningThreshold >= 0.5 && warningThreshold <= 1)) {
    throw FleetError.invalidProperty(scope, 'capacityPlanning.warningThreshold', options.warningThreshold, 'must be a number from 0.5 to 1', 'use e.g. 0.85');
  }
  return { overcommitRatio, warningThreshold };
}

/** What the add-ons bound to a cluster request: their catalogue reservation, per-node parts times the most nodes. */
export function addOnReservation(cluster: ICluster, addOnIds: string[]): { vcpus: number; memoryGiB: number } {
  const nodes = cluster.capacity.maxNodes;
  let vcpus = 0;
  let bytes = 0;
  for (const id of addOnIds) {
    const reserved = addOnCatalogueEntry(id).reserved;
    vcpus += parseQuantity(reserved.cpu)! + parseQuantity(reserved.perNodeCpu ?? '0')! * nodes;
    bytes += parseQuantity(reserved.memory)! + parseQuantity(reserved.perNodeMemory ?? '0')! * nodes;
  }
  return { vcpus, memoryGiB: toGiB(bytes) };
}

/** Sums a cluster's commitments against its allowed capacity. */
export function clusterCapacity(cluster: ICluster, addOns: { vcpus: number; memoryGiB: number }, teams: TeamCommitment[],
  planning: ResolvedCapacityPlanning): ClusterCapacity {
  const { vcpus, memoryGiB } = cluster.capacity;
  return {
    cluster: cluster.clusterName,
    vcpus,
    memoryGiB,
    overcommitRatio: planning.overcommitRatio,
    allowedVcpus: vcpus * planning.overcommitRatio,
    allowedMemoryGiB: memoryGiB * planning.overcommitRatio,
    addOnVcpus: addOns.vcpus,
    addOnMemoryGiB: addOns.memoryGiB,
    teams,
    committedVcpus: addOns.vcpus + teams.reduce((sum, t) => sum + t.vcpus, 0),
    committedMemoryGiB: addOns.memoryGiB + teams.reduce((sum, t) => sum + t.memoryGiB, 0),
  };
}

/** The problem (over capacity) or warning (near it) of a cluster, if any. */
export function capacityFindings(path: string, line: ClusterCapacity, planning: ResolvedCapacityPlanning): { problem?: string; warning?: string } {
  const over: string[] = [];
  const near: string[] = [];
  const teams = (pick: (t: TeamCommitment) => number) => line.teams.map((t) => `${t.team} ${round(pick(t))}`).join(', ') || 'none';
  type Pick = (t: TeamCommitment) => number;
  const check = (what: string, unit: string, committed: number, allowed: number, raw: number, addOns: number, pick: Pick) => {
    const detail = `${what} ${round(committed)} ${unit} committed (teams: ${teams(pick)}; add-ons ${round(addOns)}) `
      + `against ${round(allowed)} ${unit} allowed (${round(raw)} ${unit} × overcommit ${planning.overcommitRatio})`;
    if (committed > allowed) {
      over.push(detail);
    } else if (committed > allowed * planning.warningThreshold) {
      near.push(detail);
    }
  };
  check('CPU', 'vCPU', line.committedVcpus, line.allowedVcpus, line.vcpus, line.addOnVcpus, (t) => t.vcpus);
  check('memory', 'GiB', line.committedMemoryGiB, line.allowedMemoryGiB, line.memoryGiB, line.addOnMemoryGiB, (t) => t.memoryGiB);
  return {
    problem: over.length === 0 ? undefined
      : `${path}: the teams' quotas and the add-ons exceed the cluster's capacity: ${over.join('; ')}. `
        + 'Fix: raise the node pools\' max, lower the teams\' quotas, move a team to another cluster, '
        + 'or raise capacityPlanning.overcommitRatio',
    warning: near.length === 0 ? undefined
      : `close to capacity (over ${Math.round(planning.warningThreshold * 100)}% of what is allowed): ${near.join('; ')}`,
  };
}

/** One decimal, without a trailing `.0`. */
export function round(value: number): number {
  return Math.round(value * 10) / 10;
}
