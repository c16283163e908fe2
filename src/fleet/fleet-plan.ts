import type { Fleet } from './fleet';
import { expectedShiftSeconds, GLOBAL_FAILOVER_TIMING } from './global-dns';
import type { GlobalName } from './global-name';
import { GLOBAL_STACK } from './global-stack';
import { byCodePoint } from '../_internal/describe';
import { GLOBAL_REGION } from '../_internal/global-region';
import { DELIVERY_SCRIPT, KUBERNETES_DIR } from '../_internal/output-layout';
import { resourceGroupName } from '../clusters/azure/azure-names';
import { Cloud } from '../clusters/cloud';
import type { DeployTimeValue, Deviation, ICluster } from '../clusters/cluster';
import type { DeliveryStep } from '../gitops/delivery-steps';
import { ClusterMove, MOVE_DIR, MOVE_SCRIPT } from '../recovery/move';
import { ClusterRestoreDrill, DRILL_DIR, DRILL_SCRIPT, DrillNamespace } from '../recovery/restore-drill';
import { TEARDOWN_SCRIPT } from '../recovery/teardown';
import { ClusterCapacity, round } from '../teams/capacity';

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
  /** Names of the teams on the cluster. */
  readonly teams: string[];
  /** Node capacity and what the teams and add-ons commit of it. */
  readonly capacity: FleetPlanCapacity;
  /** How the cluster comes up: the ordered steps from an empty cluster to healthy. */
  readonly delivery: FleetPlanDelivery;
  /** How a pipeline reaches the cluster's API server. */
  readonly access: FleetPlanAccess;
  /** Where the cluster departs from the fleet standard, each with its reason (the report lists them too). */
  readonly deviations: Deviation[];
  /** The cluster's restore drill, if anything on it backs up (`null` in fleet.json otherwise). */
  readonly restoreDrill?: FleetPlanRestoreDrill;
  /** Whether the cluster was declared disposable: only such a cluster is torn down without a reason. */
  readonly disposable: boolean;
  /** The cluster this one replaces (a move in progress; `null` in fleet.json otherwise). */
  readonly replaces?: string;
  /** The in-cluster half of its teardown (`cdk-fleet teardown --cluster <name>`), relative to the output directory; absent (`null`) without manifests. */
  readonly teardownScript?: string;
}

/** A cluster's restore drill in fleet.json: what `cdk-fleet deploy --cluster <name> --drill` runs. */
export interface FleetPlanRestoreDrill {
  /** The drill script, relative to the output directory. */
  readonly script: string;
  /** The Velero schedule whose newest backup is restored (absent when Velero is not on the cluster). */
  readonly schedule?: string;
  /** Each team namespace and the drill namespace it is restored into. */
  readonly namespaces: DrillNamespace[];
  /** Each database (`<namespace>/<name>`) and its drill Cluster. */
  readonly databases: FleetPlanDatabaseDrill[];
}

/** A database's drill in fleet.json. */
export interface FleetPlanDatabaseDrill {
  readonly namespace: string;
  /** The drill namespace the drill Cluster runs in. */
  readonly drillNamespace: string;
  readonly name: string;
  readonly drillCluster: string;
}

/**
 * How a pipeline gets a kubeconfig for a cluster: from EKS or AKS with the
 * pipeline's cloud identity, or, for an attached cluster, from an
 * environment variable that holds its kubeconfig.
 */
export interface FleetPlanAccess {
  /** `eks`, `aks` or `kubeconfig`. */
  readonly kind: string;
  /** eks, aks: the cluster's name in its cloud. */
  readonly name?: string;
  /** eks: the cluster's region. */
  readonly region?: string;
  /** aks: the cluster's resource group. */
  readonly resourceGroup?: string;
  /** aks: the subscription. */
  readonly subscriptionId?: string;
  /** kubeconfig: the environment variable holding the kubeconfig, e.g. `KUBECONFIG_STORE_0042`. */
  readonly variable?: string;
}

/** A cluster's delivery in fleet.json. */
export interface FleetPlanDelivery {
  /** `argo-cd`, `flux`, or absent (`null` in fleet.json) when the pipeline applies the layers itself. */
  readonly engine?: string;
  /** The script that runs the steps, relative to the output directory. */
  readonly script: string;
  readonly steps: DeliveryStep[];
}

/** A cluster's capacity in fleet.json: vCPU and GiB, rounded to one decimal. */
export interface FleetPlanCapacity {
  /** The node pools' maximum. */
  readonly vcpus: number;
  readonly memoryGiB: number;
  readonly overcommitRatio: number;
  /** Requests committed by the teams' quotas and the add-ons. */
  readonly committedVcpus: number;
  readonly committedMemoryGiB: number;
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

/** A rollout in fleet.json. */
export interface FleetPlanRollout {
  /** The Kubernetes version rolling out, if one is. */
  readonly kubernetesVersion?: string;
  /** Add-on versions rolling out, by add-on id, if any. */
  readonly addOnVersions?: { [addOnId: string]: string };
  /** The number of the last wave that runs it. */
  readonly throughWave: number;
}

/** A wave in fleet.json. */
export interface FleetPlanWave {
  readonly number: number;
  readonly name: string;
  /** Minutes the pipeline soaks the wave before the next one (0: none). */
  readonly soakMinutes: number;
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
  /** The version on its way through the waves, when the fleet has a rollout (absent otherwise). */
  readonly rollout?: FleetPlanRollout;
  readonly clusters: FleetPlanCluster[];
  readonly stacks: FleetPlanStack[];
  readonly waves: FleetPlanWave[];
  /** The global names of the teams' routes, in the global stack (absent when there are none). */
  readonly globalNames?: FleetPlanGlobalName[];
  /** Clusters moving to their replacements, each with its steps in order (absent when none is). */
  readonly moves?: FleetPlanMove[];
}

/** A move in fleet.json: a cluster and its replacement, and the steps the pipeline and the next change take, in order. */
export interface FleetPlanMove extends ClusterMove {
  /** The replacement's restore step, relative to the output directory, when Velero runs on both clusters. */
  readonly restoreScript?: string;
  /** `create`, `restore`, `shift` and `remove`, each with what it does. */
  readonly steps: FleetPlanMoveStep[];
}

/** One step of a move. */
export interface FleetPlanMoveStep {
  readonly step: string;
  readonly description: string;
}

/** A global name in fleet.json: where it points, how it is checked, how fast it shifts. */
export interface FleetPlanGlobalName extends GlobalName {
  /** The stack that holds it. */
  readonly stack: string;
  readonly timing: FleetPlanGlobalTiming;
}

/** The failover timing of a global name, as designed. */
export interface FleetPlanGlobalTiming {
  readonly probeIntervalSeconds: number;
  readonly failedProbes: number;
  readonly ttlSeconds: number;
  /** Seconds from a cluster failing to clients reaching another: detection, one probe timeout, one TTL. */
  readonly expectedShiftSeconds: number;
}

function globalTiming(): FleetPlanGlobalTiming {
  const t = GLOBAL_FAILOVER_TIMING;
  return {
    probeIntervalSeconds: t.probeIntervalSeconds,
    failedProbes: t.failedProbes,
    ttlSeconds: t.ttlSeconds,
    expectedShiftSeconds: expectedShiftSeconds(),
  };
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
    manifests: `${KUBERNETES_DIR}/${c.clusterName}`,
    wave: waveNumber(c.wave),
    addons: fleet.addOnsOf(c).map((a) => ({ id: a.id, version: a.version, appVersion: a.appVersion })),
    deployTimeValues: [...c.deployTimeValues].sort((a, b) => byCodePoint(a.variable, b.variable)),
    teams: fleet.teams.filter((t) => fleet.clustersOf(t).includes(c)).map((t) => t.teamName).sort(byCodePoint),
    capacity: planCapacity(c, fleet.capacityOf(c)),
    delivery: {
      engine: fleet._delivery.engine,
      script: `${KUBERNETES_DIR}/${c.clusterName}/${DELIVERY_SCRIPT}`,
      steps: fleet._delivery.of(c)?.steps ?? [],
    },
    access: clusterAccess(fleet, c),
    deviations: c.deviations,
    ...planRestoreDrill(c, fleet.restoreDrillOf(c)),
    disposable: c.disposable,
    ...(c.replaces ? { replaces: c.replaces } : {}),
    ...(fleet._delivery.of(c) ? { teardownScript: `${KUBERNETES_DIR}/${c.clusterName}/${TEARDOWN_SCRIPT}` } : {}),
  }));
  const clusterWave = (stackName: string) => {
    const waves = clusters.filter((c) => c.stack === stackName).map((c) => c.wave);
    return waves.length > 0 ? Math.min(...waves) : undefined;
  };
  const endpointWaves = fleet._globalNames.flatMap((n) => n.endpoints.map((e) => clusters.find((c) => c.name === e.cluster)?.wave ?? 1));
  const globalWave = endpointWaves.length > 0 ? Math.max(...endpointWaves) : 1;
  const stacks: FleetPlanStack[] = fleet.stacks.map((s) => {
    const members = clusters.filter((c) => c.stack === s.stackName);
    // A stack of clusters deploys in its earliest cluster's wave; a shared one
    // (the Azure Fleet Manager) in the earliest wave of the stacks that need
    // it; the global stack in the latest wave of the clusters its names point
    // at (after them); one whose only cluster failed construction first.
    const dependents = fleet.stacks.filter((d) => d.dependencies.includes(s)).map((d) => clusterWave(d.stackName) ?? 1);
    return {
      name: s.stackName,
      dir: `stacks/${s.stackName}`,
      cloud: s.cloud,
      region: s.region,
      wave: s.region === GLOBAL_REGION ? globalWave
        : clusterWave(s.stackName) ?? (dependents.length > 0 ? Math.min(...dependents) : 1),
      // cdktf's own stack dependencies, which `cdktf deploy` follows too.
      dependsOn: s.dependencies.map((d) => d.node.id).sort(byCodePoint),
      clusters: members.map((c) => c.name),
    };
  });
  const waves: FleetPlanWave[] = fleet.waves.map((w) => ({
    number: w.number,
    name: w.name,
    soakMinutes: w.soakMinutes,
    stacks: stacks.filter((s) => s.wave === w.number).map((s) => s.name),
    clusters: clusters.filter((c) => c.wave === w.number).map((c) => c.name),
  }));
  const rollout = fleet.rollout
    ? { ...fleet.rollout, throughWave: waveNumber(fleet.rollout.throughWave) }
    : undefined;
  const moves = fleet.clusters.map((c) => fleet.moveOf(c)).filter((m): m is ClusterMove => m !== undefined)
    .map((m) => planMove(m, clusters.find((c) => c.name === m.to)!));
  const globalNames = fleet._globalNames.map((n) => ({ ...n, stack: GLOBAL_STACK, timing: globalTiming() }));
  return {
    version: 1,
    fleet: fleet.fleetName,
    kubernetesVersion: fleet.kubernetesVersion,
    ...(rollout ? { rollout } : {}),
    clusters,
    stacks,
    waves,
    ...(globalNames.length > 0 ? { globalNames } : {}),
    ...(moves.length > 0 ? { moves } : {}),
  };
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
    teams: c.teams,
    capacity: c.capacity,
    delivery: { engine: c.delivery.engine ?? null, script: c.delivery.script, steps: c.delivery.steps },
    access: c.access,
    deviations: c.deviations,
    restoreDrill: c.restoreDrill ?? null,
    disposable: c.disposable,
    replaces: c.replaces ?? null,
    teardownScript: c.teardownScript ?? null,
  }));
  return `${JSON.stringify({ ...plan, clusters }, undefined, 2)}\n`;
}

function planMove(move: ClusterMove, to: FleetPlanCluster): FleetPlanMove {
  const restoreScript = move.veleroLocation ? `${KUBERNETES_DIR}/${move.to}/${MOVE_DIR}/${MOVE_SCRIPT}` : undefined;
  const databases = move.databases.length > 0 ? `; its databases start from ${move.from}'s backups: ${move.databases.join(', ')}` : '';
  return {
    ...move,
    ...(restoreScript ? { restoreScript } : {}),
    steps: [
      { step: 'create', description: `stack ${to.stack ?? '—'} and cluster ${move.to} come up in wave ${to.wave}${databases}` },
      {
        step: 'restore',
        description: restoreScript
          ? `Velero restores ${move.from}'s newest backup of ${move.namespaces.join(', ') || 'no team namespace'} into ${move.to} (${restoreScript}, run by cdk-fleet deploy --cluster ${move.to})`
          : 'nothing to restore with Velero (it does not run on both clusters)',
      },
      {
        step: 'shift',
        description: move.globalNames.length > 0
          ? `stack global points ${move.globalNames.join(', ')} at ${move.to} in place of ${move.from} (which leaves them), after ${move.to} serves`
          : 'no global name points at the cluster',
      },
      {
        step: 'remove',
        description: `once ${move.to} is confirmed: cdk-fleet teardown --cluster ${move.from}, then a change that removes ${move.from} together with replaces: '${move.from}'`,
      },
    ],
  };
}

function planRestoreDrill(cluster: ICluster, drill: ClusterRestoreDrill | undefined): { restoreDrill?: FleetPlanRestoreDrill } {
  if (!drill) {
    return {};
  }
  return {
    restoreDrill: {
      script: `${KUBERNETES_DIR}/${cluster.clusterName}/${DRILL_DIR}/${DRILL_SCRIPT}`,
      ...(drill.schedule ? { schedule: drill.schedule } : {}),
      namespaces: drill.namespaces,
      databases: drill.databases.map((d) => ({
        namespace: d.namespace, drillNamespace: d.drillNamespace, name: d.name, drillCluster: d.drillCluster,
      })),
    },
  };
}

function planCapacity(cluster: ICluster, line: ClusterCapacity | undefined): FleetPlanCapacity {
  return {
    vcpus: round(cluster.capacity.vcpus),
    memoryGiB: round(cluster.capacity.memoryGiB),
    overcommitRatio: line?.overcommitRatio ?? 1,
    committedVcpus: round(line?.committedVcpus ?? 0),
    committedMemoryGiB: round(line?.committedMemoryGiB ?? 0),
  };
}

/** The environment variable that holds an attached cluster's kubeconfig: `KUBECONFIG_<NAME>`. */
export function kubeconfigVariable(clusterName: string): string {
  return `KUBECONFIG_${clusterName.toUpperCase().replace(/-/g, '_')}`;
}

function clusterAccess(fleet: Fleet, cluster: ICluster): FleetPlanAccess {
  switch (cluster.cloud) {
    case Cloud.AWS:
      return { kind: 'eks', name: cluster.clusterName, region: cluster.region };
    case Cloud.AZURE:
      return { kind: 'aks', name: cluster.clusterName, resourceGroup: resourceGroupName(fleet.fleetName, cluster.clusterName), subscriptionId: fleet.azureSubscriptionId };
    default:
      return { kind: 'kubeconfig', variable: kubeconfigVariable(cluster.clusterName) };
  }
}
