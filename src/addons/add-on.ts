import type * as cdk8s from 'cdk8s';
import type { ICluster } from '../clusters/cluster';
import type { GitOps } from '../gitops/helm-release';

/**
 * A standard piece of cluster software. The fleet binds every add-on of its
 * standard to every cluster, in the order `requires` gives, synchronously.
 */
export interface IAddOn {
  /** Stable id, e.g. `cert-manager`: ordering, dependencies, overrides, fleet.json and the report use it. */
  readonly id: string;
  /** Ids of add-ons that must be on the same cluster, and bound first. */
  readonly requires: string[];
  /** Ids of add-ons that cannot be on the same cluster. */
  readonly conflictsWith: string[];
  /**
   * Ids of add-ons this one comes after when they are on the same cluster,
   * without needing them (e.g. an add-on that creates a ServiceMonitor when
   * the monitoring stack, which brings its CRD, is there).
   * @default - none
   */
  readonly orderAfter?: string[];
  /**
   * Whether the add-on belongs on this cluster (e.g. an EKS-only
   * controller); an add-on that does not apply is skipped, not an error.
   * @default - every cluster
   */
  appliesTo?(cluster: ICluster): boolean;
  /** Adds the add-on's charts (and, through the cluster, its cloud identity). */
  bind(cluster: ICluster, context: AddOnContext): void;
}

/** What the fleet resolved for one add-on on one cluster. */
export interface AddOnContext {
  /**
   * The add-on's configuration (issuers, policies, rules…), in the config
   * layer: synced only once every release is healthy, so the CRDs its
   * custom resources need exist.
   */
  readonly chart: cdk8s.Chart;
  /** The add-on's releases (GitOps objects of its charts), in the releases layer. */
  readonly releases: cdk8s.Chart;
  /** The pinned chart version (the standard, or the cluster's override). */
  readonly version: string;
  /** The application version that chart version ships. */
  readonly appVersion: string;
  /** Further images pinned with that version (plugins, operands), by name. */
  readonly images: { [name: string]: string };
  /** Values the cluster's override adds on top of the add-on's own (deep-merged). */
  readonly valueOverrides: { [key: string]: any };
  /** Position among the cluster's add-ons: 0 for those that require nothing, then one more per level. */
  readonly level: number;
  /** Writes GitOps objects for the fleet's engine. */
  readonly gitOps: GitOps;
  /** Ids of every add-on on this cluster (the engine's too). */
  readonly onCluster: string[];
}

/**
 * A cluster's departure from the fleet's standard for one add-on. Every
 * override carries its reason; the report lists it.
 */
export interface AddOnOverride {
  /** Another chart version from the add-on's catalogue entry. @default - the standard version */
  readonly version?: string;
  /**
   * Helm values deep-merged over the add-on's own. For an add-on of several
   * releases (istio), keyed by release name first.
   * @default - none
   */
  readonly values?: { [key: string]: any };
  /** Leave the add-on off this cluster. @default false */
  readonly remove?: boolean;
  /** Why this cluster departs from the standard (required). */
  readonly reason: string;
}

/** An add-on as bound to one cluster. */
export interface BoundAddOn {
  readonly id: string;
  /** Chart version. */
  readonly version: string;
  readonly appVersion: string;
  /** Why the cluster departs from the standard, if it does. */
  readonly overrideReason?: string;
  /** Position in the cluster's apply order: 0 the GitOps engine, then one more per level of `requires`. */
  readonly level: number;
}
