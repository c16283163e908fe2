import type { GlobalRoutingPolicy } from '../teams/route';

/** One cluster behind a global name. */
export interface GlobalNameEndpoint {
  readonly cluster: string;
  readonly cloud: string;
  readonly region: string;
  /** The cluster's own name for the route, which its external-dns publishes and the health checks probe. */
  readonly regionalHost: string;
  /** FAILOVER: 1 is the primary, then in the order the others take over. */
  readonly priority?: number;
  /** WEIGHTED: the relative share of answers (0: only when no other is healthy). */
  readonly weight?: number;
  /** LATENCY: the DNS cloud's region latency is measured to. */
  readonly latencyRegion?: string;
}

/** A global name: one host in front of a route's clusters, in the global stack. */
export interface GlobalName {
  readonly host: string;
  readonly team: string;
  readonly route: string;
  readonly namespace: string;
  readonly policy: GlobalRoutingPolicy;
  readonly healthPath: string;
  /** `route53` or `traffic-manager`. */
  readonly dns: string;
  readonly endpoints: GlobalNameEndpoint[];
}
