import { Cloud } from '../cloud';

/**
 * Kubernetes minor versions each platform accepts, with their support stage.
 *
 * Reviewed like code and updated by pull request when a platform adds or
 * retires a version: no look-ups at synth time. Last reviewed 2026-11-21
 * against the EKS version lifecycle (standard support 14 months, then 12
 * months of paid extended support) and the AKS supported-versions policy
 * (N-2 generally available minors).
 */
export interface KubernetesVersionSupport {
  /** Minor version, e.g. `1.34`. */
  readonly version: string;
  /**
   * `standard`, or `extended`: past standard support (paid extended support
   * on EKS; past the upstream end of patches for attached clusters, where the
   * distribution may still patch it). The report warns about `extended`.
   */
  readonly stage: 'standard' | 'extended';
  /** Last day of the current stage (ISO date), for the report. */
  readonly until: string;
}

const CATALOGUE: Record<Cloud, readonly KubernetesVersionSupport[]> = {
  [Cloud.AWS]: [
    { version: '1.31', stage: 'extended', until: '2026-11-26' },
    { version: '1.32', stage: 'extended', until: '2027-03-23' },
    { version: '1.33', stage: 'extended', until: '2027-07-29' },
    { version: '1.34', stage: 'standard', until: '2026-12-02' },
    { version: '1.35', stage: 'standard', until: '2027-03-27' },
  ],
  [Cloud.AZURE]: [
    { version: '1.33', stage: 'standard', until: '2026-12-31' },
    { version: '1.34', stage: 'standard', until: '2027-03-31' },
    { version: '1.35', stage: 'standard', until: '2027-06-30' },
  ],
  // Attached clusters run whatever distribution the site runs (k3s, RKE2,
  // kubeadm); the fleet accepts the upstream minor still patched and the two
  // before it, which distributions commonly patch for longer.
  [Cloud.ATTACHED]: [
    { version: '1.33', stage: 'extended', until: '2026-06-28' },
    { version: '1.34', stage: 'extended', until: '2026-10-27' },
    { version: '1.35', stage: 'standard', until: '2027-02-28' },
  ],
};

/** The versions a cloud accepts, oldest first. */
export function supportedKubernetesVersions(cloud: Cloud): readonly KubernetesVersionSupport[] {
  return CATALOGUE[cloud];
}

/** The catalogue entry of a version on a cloud, or undefined when it is not supported. */
export function kubernetesVersionSupport(cloud: Cloud, version: string): KubernetesVersionSupport | undefined {
  return CATALOGUE[cloud].find((v) => v.version === version);
}

/** The minor-version distance between two `1.NN` versions (b - a). */
export function minorVersionSkew(a: string, b: string): number {
  return minorOf(b) - minorOf(a);
}

function minorOf(version: string): number {
  return Number(version.split('.')[1]);
}
