import { IConstruct } from 'constructs';
import { NODE_SIZE_PATTERNS, NodeSizeCapacity } from './catalogue/node-sizes';
import { Cloud } from './cloud';
import { NodePoolSummary } from './cluster';
import { FleetError } from '../_internal/fleet-error';
import { checkOptionalBoolean, requireOptions } from '../_internal/input';
import { Fleet } from '../fleet/fleet';

/** What a taint does to pods that do not tolerate it. */
export enum TaintEffect {
  NO_SCHEDULE = 'NoSchedule',
  PREFER_NO_SCHEDULE = 'PreferNoSchedule',
  NO_EXECUTE = 'NoExecute',
}

/** A Kubernetes taint put on every node of a pool. */
export interface NodeTaint {
  /** Taint key, a qualified name such as `dedicated` or `example.com/gpu`. */
  readonly key: string;
  /** Taint value. @default - no value */
  readonly value?: string;
  /** What the taint does. */
  readonly effect: TaintEffect;
}

/** Options for a pool of worker nodes. */
export interface NodePoolOptions {
  /** Pool name, unique within the cluster (a DNS label; at most 12 characters, which AKS allows). */
  readonly name: string;
  /** Instance / VM size, e.g. `m6i.large` on AWS or `Standard_D4s_v5` on Azure. */
  readonly size: string;
  /** Fewest nodes. @default 1 */
  readonly min?: number;
  /** Most nodes; must be >= min. @default 3 */
  readonly max?: number;
  /** Nodes at creation; within [min, max]. @default - min */
  readonly desired?: number;
  /** Kubernetes labels on every node. @default - none */
  readonly labels?: { [key: string]: string };
  /** Taints on every node. @default - none */
  readonly taints?: NodeTaint[];
  /** Spot / low-priority capacity: cheaper, may be reclaimed. @default false */
  readonly spot?: boolean;
  /** Root (OS) disk size of each node, in GiB. @default 50 */
  readonly diskSizeGiB?: number;
  /**
   * AWS: the instance metadata hop limit. 1 keeps pods from reaching the
   * node's IMDS credentials; 2 is an explicit opt-in for pods that need IMDS.
   * @default 1
   */
  readonly imdsHopLimit?: number;
  /** Nodes that may be unavailable at once while the pool updates. @default 1 */
  readonly maxUnavailable?: number;
  /**
   * Capacity of one node, for sizes not in the library's size catalogue.
   * @default - from the catalogue of sizes
   */
  readonly capacity?: NodeSizeCapacity;
}

/** A validated node pool with every default applied. */
export interface NodePoolSpec extends NodePoolSummary {
  readonly desired: number;
  readonly spot: boolean;
  readonly diskSizeGiB: number;
  readonly imdsHopLimit: number;
  readonly maxUnavailable: number;
  readonly labels: { [key: string]: string };
  readonly taints: NodeTaint[];
}

const POOL_NAME = /^[a-z][a-z0-9]{0,11}$/;
const LABEL_KEY = /^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\/)?[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$/;
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]{0,61})?[A-Za-z0-9])?$/;

/** Validates node pools against the rules every cloud shares, and applies defaults. */
export function resolveNodePools(
  scope: IConstruct, cloud: Cloud.AWS | Cloud.AZURE, pools: NodePoolOptions[] | undefined, reservedNames: string[] = [],
): NodePoolSpec[] {
  if (!Array.isArray(pools) || pools.length === 0) {
    throw FleetError.invalidProperty(scope, 'nodePools', pools, 'must list at least one node pool',
      "add a pool, e.g. nodePools: [{ name: 'general', size: '" + NODE_SIZE_PATTERNS[cloud].example + "', min: 2, max: 6 }]");
  }
  const seen = new Set<string>(reservedNames);
  return pools.map((pool, index) => {
    const where = `nodePools[${index}]`;
    const spec = resolveNodePool(scope, cloud, pool, where);
    if (seen.has(spec.name)) {
      throw FleetError.invalidProperty(scope, `${where}.name`, spec.name, 'must be unique within the cluster', 'give each node pool its own name');
    }
    seen.add(spec.name);
    return spec;
  });
}

/** Validates one node pool; `where` names it in messages, e.g. `nodePools[1]` or `systemPool`. */
export function resolveNodePool(scope: IConstruct, cloud: Cloud.AWS | Cloud.AZURE, pool: NodePoolOptions, where: string): NodePoolSpec {
  pool = requireOptions(scope, where, pool, "{ name: 'general', size: 'm6i.large', min: 2, max: 6 }");
  if (typeof pool.name !== 'string' || !POOL_NAME.test(pool.name)) {
    throw FleetError.invalidProperty(scope, `${where}.name`, pool.name,
      'must start with a lower-case letter and hold only lower-case letters and digits, at most 12 characters (AKS refuses longer pool names)',
      "rename the pool, e.g. 'general' or 'spot1'");
  }

  const shape = NODE_SIZE_PATTERNS[cloud];
  if (typeof pool.size !== 'string' || !shape.pattern.test(pool.size)) {
    throw FleetError.invalidProperty(scope, `${where}.size`, pool.size, `is not ${cloud === Cloud.AWS ? 'an EC2 instance type' : 'an Azure VM size'}`,
      `use a size such as '${shape.example}'`);
  }
  checkOptionalBoolean(scope, `${where}.spot`, pool.spot);
  const min = pool.min ?? 1;
  const max = pool.max ?? Math.max(3, min);
  for (const [prop, value] of [['min', min], ['max', max]] as const) {
    if (!Number.isInteger(value) || value < 0 || value > 1000) {
      throw FleetError.invalidProperty(scope, `${where}.${prop}`, value, 'must be a whole number between 0 and 1000', `set '${prop}' to a node count`);
    }
  }
  if (max < 1) {
    throw FleetError.invalidProperty(scope, `${where}.max`, max, 'must be at least 1', 'allow the pool at least one node');
  }
  if (min > max) {
    throw FleetError.invalidProperty(scope, `${where}.max`, max, `must be >= 'min' (${min})`, `raise 'max' to at least ${min} or lower 'min'`);
  }
  const desired = pool.desired ?? min;
  if (!Number.isInteger(desired) || desired < min || desired > max) {
    throw FleetError.invalidProperty(scope, `${where}.desired`, desired, `must be a whole number within [min, max] = [${min}, ${max}]`,
      `set 'desired' between ${min} and ${max}, or leave it out to start at 'min'`);
  }
  const labels = pool.labels ?? {};
  for (const [key, value] of Object.entries(labels)) {
    if (!LABEL_KEY.test(key)) {
      throw FleetError.invalidProperty(scope, `${where}.labels`, key, 'has a key that is not a Kubernetes label key', "use keys like 'workload' or 'example.com/tier'");
    }
    if (typeof value !== 'string' || !LABEL_VALUE.test(value)) {
      throw FleetError.invalidProperty(scope, `${where}.labels.${key}`, value, 'is not a Kubernetes label value (63 characters of [A-Za-z0-9-_.], alphanumeric at both ends)', 'shorten or simplify the value');
    }
  }
  const taints = pool.taints ?? [];
  taints.forEach((taint, t) => {
    if (!Object.values(TaintEffect).includes(taint.effect)) {
      throw FleetError.invalidProperty(scope, `${where}.taints[${t}].effect`, taint.effect, 'is not a taint effect',
        `use TaintEffect.NO_SCHEDULE, PREFER_NO_SCHEDULE or NO_EXECUTE ('${Object.values(TaintEffect).join("', '")}')`);
    }
    if (typeof taint.key !== 'string' || !LABEL_KEY.test(taint.key)) {
      throw FleetError.invalidProperty(scope, `${where}.taints[${t}].key`, taint.key, 'is not a valid taint key', "use a qualified name such as 'dedicated' or 'example.com/gpu'");
    }
    if (taint.value !== undefined && !LABEL_VALUE.test(taint.value)) {
      throw FleetError.invalidProperty(scope, `${where}.taints[${t}].value`, taint.value, 'is not a valid taint value', 'use at most 63 characters of [A-Za-z0-9-_.]');
    }
  });
  const nodeCapacity = pool.capacity ?? Fleet.of(scope)._catalogue.nodeSize(cloud, pool.size);
  if (!nodeCapacity) {
    throw FleetError.invalidProperty(scope, `${where}.size`, pool.size, 'is not in the size catalogue, so the fleet cannot plan its capacity',
      "give the pool's capacity explicitly (capacity: { vcpus: 4, memoryGiB: 16 }), or add the size to the Fleet's catalogue: { nodeSizes: [...] }");
  }
  if (!(nodeCapacity.vcpus > 0) || !(nodeCapacity.memoryGiB > 0)) {
    throw FleetError.invalidProperty(scope, `${where}.capacity`, nodeCapacity, 'must have positive vcpus and memoryGiB', 'give the capacity of one node');
  }
  const diskSizeGiB = pool.diskSizeGiB ?? 50;
  if (!Number.isInteger(diskSizeGiB) || diskSizeGiB < 20 || diskSizeGiB > 16384) {
    throw FleetError.invalidProperty(scope, `${where}.diskSizeGiB`, diskSizeGiB, 'must be a whole number of GiB from 20 to 16384', 'give the root disk size in GiB, e.g. 100');
  }
  const imdsHopLimit = pool.imdsHopLimit ?? 1;
  if (imdsHopLimit !== 1 && imdsHopLimit !== 2) {
    throw FleetError.invalidProperty(scope, `${where}.imdsHopLimit`, imdsHopLimit, 'must be 1 (pods cannot reach the node\'s metadata) or 2 (explicit opt-in)', 'leave it out for 1');
  }
  const maxUnavailable = pool.maxUnavailable ?? 1;
  if (!Number.isInteger(maxUnavailable) || maxUnavailable < 1 || maxUnavailable > 100) {
    throw FleetError.invalidProperty(scope, `${where}.maxUnavailable`, maxUnavailable, 'must be a whole number of nodes from 1 to 100', 'leave it out to update one node at a time');
  }
  return {
    name: pool.name,
    size: pool.size,
    min,
    max,
    desired,
    labels,
    taints,
    nodeCapacity,
    spot: pool.spot ?? false,
    diskSizeGiB,
    imdsHopLimit,
    maxUnavailable,
  };
}
