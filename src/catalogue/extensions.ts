import type { ChartInstalls } from './crds';
import { Cloud } from '../clusters/cloud';

/**
 * Where a catalogue fact comes from. Every fact, built in or added by a
 * fleet, names its upstream source and the day someone checked it there.
 */
export interface CatalogueFactSource {
  /**
   * A URL (`https://…`), or a file at a release of a repository:
   * `<owner>/<repo>@<tag>:<path>`.
   */
  readonly source: string;
  /** The day the fact was checked against the source, `YYYY-MM-DD`. */
  readonly checked: string;
  /** What a reviewer should know, e.g. what is still to be checked. @default - none */
  readonly note?: string;
}

/** A cloud region clusters may be placed in. */
export interface RegionFact extends CatalogueFactSource {
  /** `Cloud.AWS` or `Cloud.AZURE`. */
  readonly cloud: Cloud;
  /** The region's name, e.g. `mx-central-1` or `mexicocentral`. */
  readonly region: string;
  /**
   * AWS: availability zone IDs EKS may use, e.g. `mxc1-az1` (IDs, not
   * names: names map to different zones per account). At least 2.
   * @default - required for AWS regions
   */
  readonly availabilityZoneIds?: string[];
  /**
   * Azure: whether the region has availability zones.
   * @default - required for Azure regions
   */
  readonly hasAvailabilityZones?: boolean;
  /**
   * Where production clusters of this region keep their backups by default:
   * another region of the same cloud (and jurisdiction), which must be in
   * the catalogue too.
   * @default - the built-in choice for the region, if it has one
   */
  readonly recoveryRegion?: string;
}

/** A Kubernetes minor version a platform offers, with its support window. */
export interface KubernetesVersionFact extends CatalogueFactSource {
  /** `Cloud.AWS`, `Cloud.AZURE` or `Cloud.ATTACHED` (upstream's window). */
  readonly cloud: Cloud;
  /** The minor version, e.g. `1.36`. */
  readonly version: string;
  /** Last day of standard support, `YYYY-MM-DD`; after it the report warns. */
  readonly endOfStandardSupport: string;
  /**
   * Last day of any support (EKS extended support, AKS long-term support),
   * `YYYY-MM-DD`; after it a cluster on the version is refused.
   * @default - no end the fleet enforces (attached clusters: the distribution decides)
   */
  readonly endOfSupport?: string;
}

/** What one node of an instance or VM size offers. */
export interface NodeSizeFact extends CatalogueFactSource {
  /** `Cloud.AWS` or `Cloud.AZURE`. */
  readonly cloud: Cloud;
  /** The size, e.g. `m8i.large` or `Standard_D4s_v6`. */
  readonly size: string;
  readonly vcpus: number;
  readonly memoryGiB: number;
}

/** A release of an add-on's chart (or a GitOps engine's install manifest). */
export interface AddOnVersionFact extends CatalogueFactSource {
  /** The add-on's id, e.g. `cert-manager`. */
  readonly addOnId: string;
  /** The chart version (for the engines: the release), as the repository publishes it. */
  readonly version: string;
  /** The application version the chart ships. */
  readonly appVersion: string;
  /** Further images the add-on pins with this version (plugins, operands). @default - the same names as the standard version's */
  readonly images?: { [name: string]: string };
  /**
   * The Kubernetes versions the chart says it installs on: its Chart.yaml
   * `kubeVersion`, a SemVer range such as `>=1.25.0-0`.
   * @default - the chart states none
   */
  readonly kubeVersion?: string;
  /**
   * What this version installs (its CRDs, cluster-scoped kinds, other
   * namespaces), read from each of the add-on's charts at this version and
   * keyed by chart name (Istio has several: base, istiod, cni, ztunnel,
   * gateway): the delivery orders and scopes the releases by these.
   */
  readonly installs: { [chart: string]: ChartInstalls };
  /**
   * Make this version the fleet standard of the add-on, instead of an extra
   * version that clusters may pin with an override.
   * @default false
   */
  readonly standard?: boolean;
}

/** The EKS managed add-on builds for one Kubernetes version. */
export interface EksAddOnVersionsFact extends CatalogueFactSource {
  /** The Kubernetes minor version, e.g. `1.36`. */
  readonly kubernetesVersion: string;
  readonly vpcCni: string;
  readonly kubeProxy: string;
  readonly coredns: string;
  readonly awsEbsCsiDriver: string;
  readonly eksPodIdentityAgent: string;
}

/**
 * Facts a fleet adds to the built-in catalogue, or that replace a built-in
 * fact of the same key: each validated like a built-in entry, with its
 * source, and listed in fleet-report.md as a deviation from the built-in
 * catalogue.
 */
export interface CatalogueExtensions {
  /** Regions the built-in catalogue lacks. @default - none */
  readonly regions?: RegionFact[];
  /** Kubernetes versions, or other support windows for catalogued ones. @default - none */
  readonly kubernetesVersions?: KubernetesVersionFact[];
  /** Node sizes, so capacity planning needs no per-pool `capacity`. @default - none */
  readonly nodeSizes?: NodeSizeFact[];
  /** Add-on chart versions. @default - none */
  readonly addOnVersions?: AddOnVersionFact[];
  /** EKS managed add-on builds per Kubernetes version. @default - none */
  readonly eksAddOnVersions?: EksAddOnVersionsFact[];
}
