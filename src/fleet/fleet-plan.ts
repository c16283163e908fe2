import type { Fleet } from './fleet';
import { byCodePoint } from '../_internal/describe';
import { Cloud } from '../clusters/cloud';
import type { DeployTimeValue } from '../clusters/cluster';

/** An add-on on a cluster, pinned. */
export interface FleetPlanAddOn {
  readonly id: string;
  /** Chart version. */
  readonly version: string;
  /** Application version the chart ships. */
  readonly appVersion: string;
}

/** A cluster in fleet.json. */
export interface FleetPlanCluster {
  readonly name: string;
  readonly cloud: string;
  readonly region: string;
  /** The region stack; absent for attached clusters (`null` in fleet.json). */
  readonly stack?: string;
  readonly kubernetesVersion: string;
  /** Folder of the cluster's YAML, relative to the output directory. */
  readonly manifests: string;
  /** Wave number (1 first). */
  readonly wave: number;
  readonly addons: FleetPlanAddOn[];
  /**
   * `${variable}` placeholders in the cluster's YAML and the stack outputs
   * that fill them after the cluster's stack is deployed.
   */
  readonly deployTimeValues: DeployTimeValue[];
}

/** A Terraform stack in fleet.json. */
export interface FleetPlanStack {
  readonly name: string;
  /** Folder of the stack, relative to the output directory. */
  readonly dir: string;
  readonly cloud: string;
  readonly region: string;
  /** The earliest wave of the stack's clusters: the stack deploys then. */
  readonly wave: number;
  readonly dependsOn: string[];
  /** The clusters the stack holds. */
  readonly clusters: string[];
}

/** A wave in fleet.json. */
export interface FleetPlanWave {
  readonly number: number;
  readonly name: string;
  readonly stacks: string[];
  readonly clusters: string[];
}

/**
 * fleet.json, version 1: what pipelines follow. Fields may be added, never
 * renamed (see DESIGN.md).
 */
export interface FleetPlan {
  readonly version: number;
  readonly fleet: string;
  readonly kubernetesVersion: string;
  readonly clusters: FleetPlanCluster[];
  readonly stacks: FleetPlanStack[];
  readonly waves: FleetPlanWave[];
}

/** Builds the fleet plan; sorted throughout so the output is byte-stable. */
export function buildFleetPlan(fleet: Fleet): FleetPlan {
  const waveNumber = (name: string) => fleet.findWave(name)?.number ?? 0;
  const clusters: FleetPlanCluster[] = fleet.clusters.map((c) => ({
    name: c.clusterName,
    cloud: c.cloud,
    region: c.region,
    stack: c.cloud === Cloud.ATTACHED ? undefined : c.stack?.stackName,
    kubernetesVersion: c.kubernetesVersion,
    manifests: `kubernetes/${c.clusterName}`,
    wave: waveNumber(c.wave),
    addons: fleet.addOnsOf(c).map((a) => ({ id: a.id, version: a.version, appVersion: a.appVersion })),
    deployTimeValues: [...c.deployTimeValues].sort((a, b) => byCodePoint(a.variable, b.variable)),
  }));
  const stacks: FleetPlanStack[] = fleet.stacks.map((s) => {
    const members = clusters.filter((c) => c.stack === s.stackName);
    return {
      name: s.stackName,
      dir: `stacks/${s.stackName}`,
      cloud: s.cloud,
      region: s.region,
      // A stack whose only cluster failed construction has none; it deploys first.
      wave: members.length > 0 ? Math.min(...members.map((c) => c.wave)) : 1,
      dependsOn: [],
      clusters: members.map((c) => c.name),
    };
  });
  const waves: FleetPlanWave[] = fleet.waves.map((w) => ({
    number: w.number,
    name: w.name,
    stacks: stacks.filter((s) => s.wave === w.number).map((s) => s.name),
    clusters: clusters.filter((c) => c.wave === w.number).map((c) => c.name),
  }));
  return { version: 1, fleet: fleet.fleetName, kubernetesVersion: fleet.kubernetesVersion, clusters, stacks, waves };
}

/** fleet.json text: the plan with every field present (`stack: null` for attached clusters). */
export function fleetPlanJson(plan: FleetPlan): string {
  const clusters = plan.clusters.map((c) => ({
    name: c.name,
    cloud: c.cloud,
    region: c.region,
    stack: c.stack ?? null,
    kubernetesVersion: c.kubernetesVersion,
    manifests: c.manifests,
    wave: c.wave,
    addons: c.addons,
    deployTimeValues: c.deployTimeValues,
  }));
  return `${JSON.stringify({ ...plan, clusters }, undefined, 2)}\n`;
}
