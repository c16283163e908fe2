import * as cdk8s from 'cdk8s';
import { IConstruct } from 'constructs';
import type { BackupStorage } from './backup-storage';
import { NodeSizeCapacity } from './catalogue/node-sizes';
import { Cloud } from './cloud';
import type { ClusterAccessGrant } from './cluster-access';
import type { BundledComponent, KubernetesDistribution } from './distribution';
import type { WorkloadIdentityBinding, WorkloadIdentityOptions } from './workload-identity';
import type { RegionStack } from '../fleet/region-stack';
import type { DeliveryLayer } from '../gitops/layers';

/** What a cluster's nodes offer at most: the sum over its pools of max nodes × node size. */
export interface NodeCapacity {
  /** Virtual CPUs. */
  readonly vcpus: number;
  /** Memory in GiB. */
  readonly memoryGiB: number;
  /** Most nodes the pools may scale to. */
  readonly maxNodes: number;
}

/** A group of nodes as capacity planning and the report see it. */
export interface NodePoolSummary {
  /** Pool name. */
  readonly name: string;
  /** Instance / VM size, or a description of the hardware of attached nodes. */
  readonly size: string;
  /** Fewest nodes. */
  readonly min: number;
  /** Most nodes. */
  readonly max: number;
  /** What one node offers. */
  readonly nodeCapacity: NodeSizeCapacity;
}

/** Where a chart goes in a cluster's delivery. */
export interface AddChartOptions {
  /**
   * The layer the chart's objects arrive in. A layer is synced only after
   * the one before it is healthy, so custom resources belong in `CONFIG` or
   * later: their CRDs come with the add-on releases.
   * @default DeliveryLayer.CONFIG
   */
  readonly layer?: DeliveryLayer;
  /**
   * Order of the file inside its layer's folder, 0–99; the file is named
   * `NN-<name>.k8s.yaml`. Ranges: 0–9 platform, 10–19 GitOps engine,
   * 20–79 add-ons, 80–99 teams.
   * @default 50
   */
  readonly order?: number;
}

/** A chart of a cluster, with its place in the delivery. */
export interface ClusterChart {
  /** Chart name (a DNS label), unique within its layer. */
  readonly name: string;
  /** The layer the chart's objects arrive in. */
  readonly layer: DeliveryLayer;
  /** Order inside the layer's folder, 0–99. */
  readonly order: number;
  /** The cdk8s chart. */
  readonly chart: cdk8s.Chart;
}

/** A place where a cluster departs from the fleet standard, and why. */
export interface Deviation {
  /** What deviates, e.g. `kubernetesVersion`. */
  readonly property: string;
  /** The fleet standard. */
  readonly standard: string;
  /** This cluster's value. */
  readonly value: string;
  /** Why the cluster deviates (required). */
  readonly reason: string;
}

/**
 * A value the Kubernetes YAML needs but the cloud only knows after
 * `cdktf deploy` (an Azure managed identity's client id). The YAML carries
 * `${variable}`; the pipeline fills it from the stack's Terraform output
 * (`cdktf output <stack>`), e.g. with Flux `postBuild.substituteFrom` or
 * envsubst. fleet.json lists every one per cluster.
 */
export interface DeployTimeValue {
  /** The placeholder's variable name in the YAML (`${variable}`). */
  readonly variable: string;
  /** The region stack whose output holds the value. */
  readonly stack: string;
  /** The Terraform output's name. */
  readonly output: string;
  /** What the value is. */
  readonly description: string;
}

/**
 * What every cluster of the fleet answers, whatever its cloud: add-ons and
 * teams use this and never test for a concrete cluster class.
 */
export interface ICluster extends IConstruct {
  /** The cluster's name: unique in the fleet, a DNS label. */
  readonly clusterName: string;
  /** Where the cluster runs. */
  readonly cloud: Cloud;
  /** Cloud region, or the site / location of an attached cluster. */
  readonly region: string;
  /** Kubernetes minor version, e.g. `1.34`. */
  readonly kubernetesVersion: string;
  /** Name of the rollout wave the cluster belongs to. */
  readonly wave: string;
  /** Whether the cluster may be destroyed with its data (test and preview clusters). */
  readonly disposable: boolean;
  /** The name of the cluster this one replaces (a move in progress), if any. */
  readonly replaces?: string;
  /** The cluster this one replaces, when it is in the fleet. */
  readonly replacedCluster?: ICluster;
  /** The cluster's network range, when it has one the fleet manages. */
  readonly cidr?: string;
  /** The cluster's node pools (attached clusters: its groups of nodes). */
  readonly nodePools: NodePoolSummary[];
  /** Most the cluster's nodes offer: the sum over its pools of max nodes × node size. */
  readonly capacity: NodeCapacity;
  /** The region stack holding the cluster's cloud resources; undefined for attached clusters. */
  readonly stack?: RegionStack;
  /** The cluster's own cdk8s App: every Kubernetes object of this cluster lives under it. */
  readonly manifests: cdk8s.App;
  /** The cluster's charts, by layer, then in order inside it. */
  readonly charts: ClusterChart[];
  /** Where the cluster departs from the fleet standard, with reasons. */
  readonly deviations: Deviation[];
  /** The backup locations tools on the cluster asked for (after synth: Velero, databases), by name. */
  readonly backupLocations: ClusterBackupLocation[];
  /** Resource tags / labels the cluster puts on everything it creates. */
  readonly tags: { [key: string]: string };

  /**
   * What the cluster brings itself (AKS its metrics-server, k3s and RKE2 an
   * ingress controller on ports 80 and 443): add-ons that would install it
   * again, or fight it for its ports, skip the cluster.
   */
  readonly bundledComponents: BundledComponent[];

  /**
   * The Kubernetes distribution of an attached cluster; add-ons adapt to
   * it (e.g. where it keeps its CNI configuration).
   * @default - none: a managed cluster (EKS, AKS)
   */
  readonly distribution?: KubernetesDistribution;

  /** Whether the cluster can give service accounts a cloud identity (`bindWorkloadIdentity`). */
  readonly supportsWorkloadIdentity: boolean;
  /** Values the cluster's YAML takes from Terraform outputs after deploy. */
  readonly deployTimeValues: DeployTimeValue[];

  /** Whether the cluster has backup storage in its cloud (`backupStorage()`). */
  readonly supportsBackupStorage: boolean;

  /**
   * A location (an S3 prefix, or an Azure blob container) in the cluster's
   * backup storage, for one backup tool. The storage is created in the
   * region stack on first use: private, encrypted, versioned, with a
   * lifecycle. The location's `policyStatements` / `roleAssignments` reach
   * it alone. Throws on clusters without backup storage
   * (`supportsBackupStorage` is false).
   * @param location a name of 3–63 lower-case letters, digits and '-', e.g. `velero`
   */
  backupStorage(location: string): BackupStorage;

  /**
   * Gives a Kubernetes service account a cloud identity limited to exactly
   * that service account, with the permissions asked for (each cloud uses
   * its part of the options), and returns what the ServiceAccount and its
   * pods must carry. Throws on clusters without workload identity
   * (`supportsWorkloadIdentity` is false).
   */
  bindWorkloadIdentity(options: WorkloadIdentityOptions): WorkloadIdentityBinding;

  /**
   * Lets people reach the cluster's API: an EKS access entry per AWS role
   * with the edit policy scoped to the grant's namespaces (or cluster
   * admin), or Azure RBAC role assignments of the Entra groups scoped to the
   * namespaces (or the cluster). Attached clusters have no cloud side: their
   * RBAC is the Kubernetes objects alone.
   */
  grantAccess(grant: ClusterAccessGrant): void;

  /**
   * Records a departure from the fleet standard; the report lists it with
   * its reason, which is required.
   */
  addDeviation(deviation: Deviation): void;

  /**
   * Adds a chart to the cluster's Kubernetes output, in a delivery layer.
   * Objects in it carry the fleet's standard labels (fleet, cluster, wave).
   */
  addChart(name: string, options?: AddChartOptions): cdk8s.Chart;
}

/** A backup location of a cluster, as a backup tool asked for it. */
export interface ClusterBackupLocation {
  /** The location's name, e.g. `velero` or `pg-payments-prod-ledger`. */
  readonly name: string;
  readonly storage: BackupStorage;
}
