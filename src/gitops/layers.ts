/**
 * Where a chart's objects reach a cluster. The bootstrap and the engine's
 * own objects are applied once by the pipeline; the three layers are synced
 * by the GitOps engine from Git, each one only after the one before it is
 * healthy.
 */
export enum DeliveryLayer {
  /** The engine's namespace and pinned install: built-in kinds and the engine's CRDs only. */
  BOOTSTRAP = 'bootstrap',
  /** The engine's own objects (project, root application or Kustomizations), after its CRDs are established. */
  ENGINE = 'engine',
  /** Add-on releases, which bring their CRDs and namespaces, and the platform's built-in objects. */
  RELEASES = 'releases',
  /** Each add-on's own configuration: issuers, policies, alert rules, schedules, mesh policy, collectors. */
  CONFIG = 'config',
  /** Teams' namespaces, policies and catalog services. */
  TEAMS = 'teams',
  /**
   * What delivers each team's own applications from the team's repository
   * (an Argo CD project and ApplicationSet, or Flux sources and
   * Kustomizations): after the teams' namespaces, and never gating the
   * platform: a team's broken application is the team's to see, not a
   * reason for the platform's delivery to stop.
   */
  TEAM_APPS = 'team-apps',
}

/** The layers the engine syncs, in order. */
export const SYNCED_LAYERS: readonly DeliveryLayer[] = [DeliveryLayer.RELEASES, DeliveryLayer.CONFIG, DeliveryLayer.TEAMS, DeliveryLayer.TEAM_APPS];

/** A layer's folder inside the cluster's folder. */
export function layerFolder(layer: DeliveryLayer): string {
  return SYNCED_LAYERS.includes(layer) ? `layers/${layer}` : layer;
}

/** Whether a value is one of the layers. */
export function isDeliveryLayer(value: unknown): value is DeliveryLayer {
  return Object.values(DeliveryLayer).includes(value as DeliveryLayer);
}
