import type { IConstruct } from 'constructs';
import type { TeamQuota } from './team';
import { FleetError } from '../_internal/fleet-error';
import { parseQuantity } from '../_internal/quantity';

/** A team's quota per namespace, as numbers (cores, bytes) and as the ResourceQuota's `hard` map. */
export interface ResolvedQuota {
  /** CPU requests in cores. */
  readonly cpu: number;
  /** Memory requests in bytes. */
  readonly memory: number;
  readonly limitsCpu: number;
  readonly limitsMemory: number;
  readonly pods: number;
  /** Storage requests in bytes. */
  readonly storage: number;
  readonly loadBalancers: number;
  /** The ResourceQuota's `spec.hard`, in the quantities the team gave. */
  readonly hard: { [resource: string]: string };
}

/** Checks a quota the way the API server would, and that requests fit within limits. */
export function checkQuota(scope: IConstruct, quota: TeamQuota | undefined): ResolvedQuota {
  if (quota === undefined || typeof quota !== 'object') {
    throw FleetError.invalidProperty(scope, 'quota', quota, 'is required', "give e.g. quota: { cpu: '4', memory: '8Gi' }");
  }
  const quantity = (prop: keyof TeamQuota, text: unknown, example: string): number => {
    const value = parseQuantity(text);
    if (value === undefined || value <= 0) {
      throw FleetError.invalidProperty(scope, `quota.${prop}`, text, 'is not a positive Kubernetes quantity; the API server would refuse the ResourceQuota', `use e.g. '${example}'`);
    }
    return value;
  };
  const count = (prop: keyof TeamQuota, value: unknown, fallback: number, min: number): number => {
    const resolved = value ?? fallback;
    if (typeof resolved !== 'number' || !Number.isInteger(resolved) || resolved < min) {
      throw FleetError.invalidProperty(scope, `quota.${prop}`, value, `must be a whole number of at least ${min}`, `use e.g. ${Math.max(min, fallback)}`);
    }
    return resolved;
  };
  const cpu = quantity('cpu', quota.cpu, '4');
  const memory = quantity('memory', quota.memory, '8Gi');
  const limitsCpuText = quota.limitsCpu ?? formatCores(cpu * 2);
  const limitsMemoryText = quota.limitsMemory ?? quota.memory;
  const limitsCpu = quantity('limitsCpu', limitsCpuText, '8');
  const limitsMemory = quantity('limitsMemory', limitsMemoryText, '8Gi');
  if (limitsCpu < cpu) {
    throw FleetError.invalidProperty(scope, 'quota.limitsCpu', quota.limitsCpu, `is below the CPU requests quota (${quota.cpu}); requests may not exceed limits`, `set it to at least '${quota.cpu}'`);
  }
  if (limitsMemory < memory) {
    throw FleetError.invalidProperty(scope, 'quota.limitsMemory', quota.limitsMemory, `is below the memory requests quota (${quota.memory}); requests may not exceed limits`,
      `set it to at least '${quota.memory}'`);
  }
  const storageText = quota.storage ?? '100Gi';
  const storage = quantity('storage', storageText, '100Gi');
  const pods = count('pods', quota.pods, 50, 1);
  const loadBalancers = count('loadBalancers', quota.loadBalancers, 0, 0);
  return {
    cpu,
    memory,
    limitsCpu,
    limitsMemory,
    pods,
    storage,
    loadBalancers,
    hard: {
      'requests.cpu': quota.cpu,
      'requests.memory': quota.memory,
      'limits.cpu': limitsCpuText,
      'limits.memory': limitsMemoryText,
      'pods': String(pods),
      'requests.storage': storageText,
      'services.loadbalancers': String(loadBalancers),
      // NodePorts open every node's address: teams use the ingress. A LoadBalancer
      // Service counts its node ports here too, so the limit holds only without them.
      ...(loadBalancers === 0 ? { 'services.nodeports': '0' } : {}),
    },
  };
}

/** Cores as a quantity: whole cores plainly, fractions in millicores. */
function formatCores(cores: number): string {
  return Number.isInteger(cores) ? String(cores) : `${Math.round(cores * 1000)}m`;
}
