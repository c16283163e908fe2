import { ClusterDelivery, PinnedEngine } from './cluster-delivery';
import { GitOpsEngine, GitOpsOptions } from './engine';
import type { ICluster } from '../clusters/cluster';

/**
 * Every cluster's delivery, built once per synth after the add-ons and
 * teams are bound (the engine's objects follow from what the layers hold).
 */
export class FleetDelivery {
  private readonly byCluster = new Map<ICluster, ClusterDelivery>();
  private prepared = false;

  constructor(private readonly options: GitOpsOptions | undefined) {}

  /** The fleet's engine, when it has GitOps. */
  public get engine(): GitOpsEngine | undefined {
    return this.options ? this.options.engine ?? GitOpsEngine.ARGO_CD : undefined;
  }

  /**
   * Builds every cluster's delivery; `engineVersion` gives the engine
   * release pinned on a cluster. Returns the problems found.
   */
  public prepareAll(clusters: ICluster[], engineVersion: (cluster: ICluster) => string | undefined): string[] {
    if (this.prepared) {
      return [];
    }
    this.prepared = true;
    const problems: string[] = [];
    for (const cluster of clusters) {
      const version = engineVersion(cluster);
      const engine: PinnedEngine | undefined = this.engine && version ? { engine: this.engine, version } : undefined;
      const delivery = new ClusterDelivery(cluster, engine, this.options);
      this.byCluster.set(cluster, delivery);
      problems.push(...delivery.problems);
    }
    return problems;
  }

  /** A cluster's delivery (after synth). */
  public of(cluster: ICluster): ClusterDelivery | undefined {
    return this.byCluster.get(cluster);
  }
}
