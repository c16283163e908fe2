import { addDays } from '../../_internal/days';
import type { KubernetesVersionFact } from '../../catalogue/extensions';
import { Cloud } from '../cloud';

/**
 * Kubernetes minor versions each platform offers, with their support
 * windows. Reviewed like code and updated by pull request when a platform
 * adds or retires a version: no look-ups at synth time. The support stage
 * of a cluster is measured against a fixed day (the fleet's
 * `supportDate`, by default the day this catalogue was reviewed), so the
 * output never depends on the day synth runs.
 *
 * - EKS: 14 months of standard support, then 12 of paid extended support
 *   (`endOfSupport`).
 * - AKS: a minor is supported until its end of life; long-term support
 *   needs the Premium tier, which the fleet does not assume, so standard
 *   support and support end together.
 * - Attached clusters: upstream's end of patches; the distribution (k3s,
 *   RKE2, kubeadm) may patch longer, so the fleet only warns.
 */
// EKS: the release calendar of the user guide (awsdocs/amazon-eks-user-guide@0138560441:latest/ug/versioning/kubernetes-versions.adoc)
// for 1.32–1.34. The calendar's end dates are the first day of the next stage ("billing for extended support starts at the
// beginning of the day that the version reaches end of standard support"); the facts hold the last day of each stage.
// 1.35 is newer than that copy: its dates follow the page's policy (standard support 14 months after the EKS release,
// extended 12 more), as secondary copies of the table show. EKS 1.36 is available, but its vpc-cni, EBS CSI and pod
// identity builds could not be verified offline, so it is not offered yet: add it with the catalogue's eksAddOnVersions.
const EKS_LIFECYCLE = 'https://docs.aws.amazon.com/eks/latest/userguide/kubernetes-versions.html';
const AKS_CALENDAR = 'MicrosoftDocs/azure-aks-docs@f988e7e8b:articles/aks/supported-kubernetes-versions.md';
const UPSTREAM_RELEASES = 'https://kubernetes.io/releases/';
const CHECKED = '2026-12-02';

const eks = (version: string, standardEnds: string, extendedEnds: string, note?: string): KubernetesVersionFact =>
  ({
    cloud: Cloud.AWS,
    version,
    endOfStandardSupport: addDays(standardEnds, -1),
    endOfSupport: addDays(extendedEnds, -1),
    source: EKS_LIFECYCLE,
    checked: CHECKED,
    note,
  });
const aks = (version: string, endOfLife: string): KubernetesVersionFact =>
  ({ cloud: Cloud.AZURE, version, endOfStandardSupport: endOfLife, endOfSupport: endOfLife, source: AKS_CALENDAR, checked: CHECKED });
const upstream = (version: string, endOfLife: string): KubernetesVersionFact =>
  ({ cloud: Cloud.ATTACHED, version, endOfStandardSupport: endOfLife, source: UPSTREAM_RELEASES, checked: CHECKED });

/**
 * The built-in support windows. Versions past any support on the day of
 * review are gone (EKS 1.31, AKS 1.33); a fleet that still runs one gets
 * an error saying so once the fleet's supportDate passes its end.
 */
export const BUILT_IN_KUBERNETES_VERSIONS: readonly KubernetesVersionFact[] = [
  eks('1.32', '2026-03-23', '2027-03-23'),
  eks('1.33', '2026-07-29', '2027-07-29'),
  eks('1.34', '2026-12-02', '2027-12-02'),
  eks('1.35', '2027-03-27', '2028-03-27', 'dates from secondary copies of the AWS table; the page read lists 1.34 as newest'),
  // AKS ends a minor at the end of the month its calendar names.
  aks('1.34', '2026-11-30'),
  aks('1.35', '2027-03-31'),
  aks('1.36', '2027-06-30'),
  upstream('1.34', '2026-10-27'),
  upstream('1.35', '2027-02-28'),
  upstream('1.36', '2027-06-28'),
  upstream('1.37', '2027-10-28'),
];

/** Where a version stands on a day. */
export enum SupportStage {
  /** In standard support. */
  STANDARD = 'standard',
  /** Past standard support, within extended or distribution support. */
  EXTENDED = 'extended',
  /** Past any support: refused. */
  ENDED = 'ended',
}

/** The stage of a version on `day` (`YYYY-MM-DD`); the end dates are the last days of each stage. */
export function supportStage(fact: KubernetesVersionFact, day: string): SupportStage {
  if (day <= fact.endOfStandardSupport) {
    return SupportStage.STANDARD;
  }
  return fact.endOfSupport !== undefined && day > fact.endOfSupport ? SupportStage.ENDED : SupportStage.EXTENDED;
}
