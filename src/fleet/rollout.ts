import type { IConstruct } from 'constructs';
import type { Wave } from './wave';
import { describeProblem } from '../_internal/describe';
import { FleetError } from '../_internal/fleet-error';
import { isPlainObject, requireOptions } from '../_internal/input';
import { catalogueIds } from '../catalogue/add-ons';
import type { FleetCatalogue } from '../catalogue/fleet-catalogue';
import type { ICluster } from '../clusters/cluster';

/**
 * A Kubernetes version, or new add-on versions, on their way through the
 * waves. The clusters of every wave up to and including `throughWave` run
 * them; the clusters of later waves keep the fleet's standard.
 *
 * Moving them one wave further is a one-line change of `throughWave`. When
 * they have reached the last wave, make them the standard (the fleet's
 * `kubernetesVersion`; `standard: true` on the add-on version in the
 * catalogue) and remove the rollout.
 */
export interface FleetRollout {
  /**
   * The Kubernetes version being rolled out: the minor after the fleet's
   * `kubernetesVersion`. Control planes move one minor at a time.
   * @default - the fleet's kubernetesVersion everywhere
   */
  readonly kubernetesVersion?: string;
  /**
   * Add-on versions being rolled out, by add-on id, e.g.
   * `{ 'cert-manager': 'v1.22.0' }`: each a version of the catalogue (add
   * new ones with the Fleet's `catalogue.addOnVersions`).
   * @default - the standard versions everywhere
   */
  readonly addOnVersions?: { [addOnId: string]: string };
  /** The last wave that runs it, e.g. `canary`. */
  readonly throughWave: string;
}

/**
 * Where the upgrade rules the fleet enforces come from (checked 2026-12-02).
 * Control planes move one minor at a time and never back; nodes are never
 * newer than their control plane (the library sets every pool to its
 * control plane's version, which EKS also requires before the next upgrade).
 */
export const UPGRADE_RULE_SOURCES = {
  oneMinorAtATimeEks: 'https://docs.aws.amazon.com/eks/latest/eksctl/cluster-upgrade.html ("Upgrades of more than one Kubernetes version are not supported")',
  noDowngradeEks: "https://docs.aws.amazon.com/eks/latest/userguide/update-cluster.html (\"you can't downgrade to a previous version\")",
  nodeGroupsMatchEks: 'https://docs.aws.amazon.com/cli/latest/reference/eks/update-cluster-version.html (node groups must match the cluster version to update it)',
  oneMinorAtATimeAks: "https://learn.microsoft.com/azure/aks/upgrade-aks-cluster (\"you can't skip Kubernetes minor versions\")",
  nodeSkew: 'https://kubernetes.io/releases/version-skew-policy/ (kubelet must not be newer than kube-apiserver)',
} as const;

/** A Kubernetes minor version as a number: '1.35' is 35. */
export function minorOf(version: string): number {
  return Number(version.split('.')[1]);
}

const MINOR_VERSION = /^1\.\d{2}$/;

/**
 * Checks a rollout against the fleet's version and waves. Kubernetes
 * upgrades a control plane one minor at a time (version skew policy), and
 * EKS and AKS refuse to skip one. A downgrade is impossible on both.
 */
export function resolveRollout(
  fleet: IConstruct, rollout: FleetRollout | undefined, standard: string, waves: Wave[], catalogue: FleetCatalogue,
): FleetRollout | undefined {
  if (rollout === undefined || rollout === null) {
    return undefined;
  }
  requireOptions(fleet, 'rollout', rollout, "rollout: { kubernetesVersion: '1.36', throughWave: 'canary' }");
  if (rollout.kubernetesVersion === undefined && rollout.addOnVersions === undefined) {
    throw FleetError.invalidProperty(fleet, 'rollout', rollout, 'rolls out nothing',
      `give the next Kubernetes version (kubernetesVersion: '1.${minorOf(standard) + 1}'), add-on versions (addOnVersions: { '<add-on id>': '<version>' }), or both`);
  }
  const target = rollout.kubernetesVersion;
  if (target !== undefined) {
    checkKubernetesTarget(fleet, target, standard);
  }
  const addOnVersions = rollout.addOnVersions === undefined ? undefined : checkAddOnTargets(fleet, rollout.addOnVersions, catalogue);
  if (typeof rollout.throughWave !== 'string' || !waves.some((w) => w.name === rollout.throughWave)) {
    throw FleetError.invalidProperty(fleet, 'rollout.throughWave', rollout.throughWave, 'is not a wave of the fleet',
      `use one of ${waves.map((w) => `'${w.name}'`).join(', ')}; start with the first`);
  }
  return {
    ...(target !== undefined ? { kubernetesVersion: target } : {}),
    ...(addOnVersions ? { addOnVersions } : {}),
    throughWave: rollout.throughWave,
  };
}

function checkKubernetesTarget(fleet: IConstruct, target: string, standard: string): void {
  if (typeof target !== 'string' || !MINOR_VERSION.test(target)) {
    throw FleetError.invalidProperty(fleet, 'rollout.kubernetesVersion', target, "must be a Kubernetes minor version like '1.36'",
      `set the minor after the fleet's ${standard}: '1.${minorOf(standard) + 1}'`);
  }
  const next = `1.${minorOf(standard) + 1}`;
  const step = minorOf(target) - minorOf(standard);
  if (step <= 0) {
    throw FleetError.invalidProperty(fleet, 'rollout.kubernetesVersion', target,
      step === 0 ? 'is already the fleet\'s kubernetesVersion, so nothing rolls out' : `is older than the fleet's kubernetesVersion ${standard}; EKS and AKS cannot downgrade a control plane`,
      step === 0 ? 'remove the rollout' : `roll out ${next}, or keep a cluster back with its own kubernetesVersion and a reason`);
  }
  if (step > 1) {
    throw FleetError.invalidProperty(fleet, 'rollout.kubernetesVersion', target,
      `is ${step} minors after the fleet's kubernetesVersion ${standard}; a control plane upgrades one minor at a time (Kubernetes version skew policy; EKS and AKS refuse to skip one)`,
      `roll out ${next} through every wave first, make it the fleet's kubernetesVersion, then roll out ${target}`);
  }
}

/** Each add-on version of a rollout must be a catalogued version other than the standard. */
function checkAddOnTargets(fleet: IConstruct, versions: { [addOnId: string]: string }, catalogue: FleetCatalogue): { [addOnId: string]: string } {
  if (!isPlainObject(versions)) {
    throw FleetError.invalidProperty(fleet, 'rollout.addOnVersions', versions, 'must map add-on ids to versions', "e.g. addOnVersions: { 'cert-manager': 'v1.22.0' }");
  }
  const ids = catalogueIds();
  for (const [id, version] of Object.entries(versions)) {
    if (!ids.includes(id)) {
      throw FleetError.invalidProperty(fleet, `rollout.addOnVersions.${id}`, version, `names '${id}', which is not an add-on of the catalogue`, `use one of ${ids.join(', ')}`);
    }
    const catalogued = catalogue.addOn(id).versions.map((v) => v.version);
    if (typeof version !== 'string' || !catalogued.includes(version)) {
      throw FleetError.invalidProperty(fleet, `rollout.addOnVersions.${id}`, version, `is not a version of ${id} in the catalogue (${catalogued.join(', ')})`,
        "add it to the Fleet's catalogue: { addOnVersions: [{ addOnId, version, appVersion, installs, source, checked }] }");
    }
    if (version === catalogued[0]) {
      throw FleetError.invalidProperty(fleet, `rollout.addOnVersions.${id}`, version, `is already the standard version of ${id}, so nothing rolls out`,
        `remove '${id}' from the rollout`);
    }
  }
  return { ...versions };
}

/**
 * A later wave never runs a version before an earlier wave has it: for
 * each cluster, every earlier wave that has clusters must run that version
 * (or a newer one) on at least one of them. Reported once per cluster,
 * naming the earliest wave that lacks it.
 */
export function checkWaveOrder(clusters: ICluster[], waveNumber: (name: string) => number | undefined, waves: Wave[]): string[] {
  const newestByWave = new Map<number, number>();
  for (const c of clusters) {
    const number = waveNumber(c.wave);
    if (number !== undefined) {
      newestByWave.set(number, Math.max(newestByWave.get(number) ?? 0, minorOf(c.kubernetesVersion)));
    }
  }
  const problems: string[] = [];
  for (const c of clusters) {
    const number = waveNumber(c.wave);
    if (number === undefined) {
      continue;
    }
    const version = minorOf(c.kubernetesVersion);
    const behind = waves.find((w) => w.number < number && newestByWave.has(w.number) && newestByWave.get(w.number)! < version);
    if (behind) {
      problems.push(`${c.node.path}: ${describeProblem('kubernetesVersion', c.kubernetesVersion,
        `reaches wave '${c.wave}' before the earlier wave '${behind.name}' has it (its clusters run 1.${newestByWave.get(behind.number)} at most); ` +
        'a later wave never gets a version before an earlier wave',
        `roll the version out wave by wave with the Fleet's rollout: { kubernetesVersion: '${c.kubernetesVersion}', throughWave: '${behind.name}' } first, ` +
        'or keep this cluster on its wave\'s version')}`);
    }
  }
  return problems;
}
