import { ApiObject } from 'cdk8s';
import type { Construct, IConstruct } from 'constructs';
import { FleetError } from '../_internal/fleet-error';
import { NAME_LABEL } from '../_internal/rules';

/** Where a route's certificate comes from. */
export enum RouteTls {
  /** A public certificate from the fleet's ACME issuer (cert-manager with DNS zones for the cluster's cloud). */
  PUBLIC = 'public',
  /** A certificate of the cluster's internal CA: for hosts only the organisation resolves and trusts. */
  INTERNAL = 'internal',
}

/** A route from the standard ingress to one of a team's Services. */
export interface RouteOptions {
  /** The team environment (namespace) of the Service; required when the team has environments. @default - the team's only namespace */
  readonly environment?: string;
  /** The host name, e.g. `shop.apps.acme.example`. */
  readonly host: string;
  /** The Service's name. */
  readonly service: string;
  /** The Service's port. */
  readonly port: number;
  /** The path prefix. @default '/' */
  readonly path?: string;
  /** The certificate's issuer. @default RouteTls.PUBLIC */
  readonly tls?: RouteTls;
  /**
   * One global name for the route across all its clusters, served by
   * health-checked DNS in the fleet's global stack (the Fleet's `globalDns`).
   * Each cluster then publishes only its own regional name,
   * `<first label>.<cluster>.<rest of host>` (for a cluster of the other
   * cloud, `<first label>.<cluster>.<its regional zone>`), and the global
   * `host` points at the healthy ones. @default - none: every cluster serves `host`, and
   * whichever cluster's external-dns wrote the record first owns it
   */
  readonly global?: GlobalRouteOptions;
}

/** How a global name chooses among its clusters. */
export enum GlobalRoutingPolicy {
  /**
   * Active-passive: the primary cluster while it is healthy, else the others:
   * in their order on Traffic Manager; on Route 53, whose failover records
   * have two roles only, the others share the standby role equally.
   */
  FAILOVER = 'failover',
  /** Active-active: every healthy cluster, in proportion to its weight. */
  WEIGHTED = 'weighted',
  /** Active-active: the healthy cluster nearest the client, by measured network latency. */
  LATENCY = 'latency',
}

/** A route's global name: the policy, and the health path each cluster is probed on. */
export interface GlobalRouteOptions {
  /** How the global name chooses among the route's clusters. */
  readonly policy: GlobalRoutingPolicy;
  /**
   * The Service's own health path, probed over HTTPS through each cluster's
   * ingress at its regional name, e.g. `/healthz`; a 2xx or 3xx answer is healthy.
   */
  readonly healthPath: string;
  /**
   * The route's clusters the global name points at. The others serve the
   * route at their regional name only. @default - every cluster of the route
   */
  readonly clusters?: string[];
  /** FAILOVER: the cluster that serves while it is healthy. @default - the route's cluster of the earliest wave (then by name) */
  readonly primaryCluster?: string;
  /**
   * WEIGHTED: relative weights by cluster name, 0 to 255. A weight of 0 drains
   * a cluster: Route 53 answers with it only when no other is healthy; Traffic
   * Manager (whose weights start at 1) disables its endpoint. @default - 1 for every cluster
   */
  readonly weights?: { [cluster: string]: number };
  /**
   * LATENCY: for each cluster in the other cloud than the fleet's global DNS,
   * the region of the DNS's cloud nearest to it (latency is measured to the
   * DNS cloud's regions), e.g. `{ 'prod-neu': 'eu-west-1' }` for Route 53.
   * @default - none
   */
  readonly latencyRegions?: { [cluster: string]: string };
}

/** A checked global name of a route. */
export interface GlobalRouteRequest {
  readonly policy: GlobalRoutingPolicy;
  readonly healthPath: string;
  /** The clusters behind the global name, if not all of the route's. */
  readonly clusters?: string[];
  readonly primaryCluster?: string;
  readonly weights: { [cluster: string]: number };
  readonly latencyRegions: { [cluster: string]: string };
}

/** A checked route. */
export interface RouteRequest {
  readonly name: string;
  readonly namespace: string;
  readonly host: string;
  readonly service: string;
  readonly port: number;
  readonly path: string;
  readonly tls: RouteTls;
  /** The route's global name, if it has one. */
  readonly global?: GlobalRouteRequest;
}

const HOST = /^([a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;
const SERVICE = /^[a-z]([-a-z0-9]{0,61}[a-z0-9])?$/;

/** Checks a route on its own: host, Service, port, path. */
export function checkRouteRequest(scope: IConstruct, name: string, options: RouteOptions, namespace: string): RouteRequest {
  const where = `addRoute('${name}')`;
  if (typeof name !== 'string' || !NAME_LABEL.test(name)) {
    throw FleetError.invalidProperty(scope, `${where}.name`, name, 'must be a DNS label of at most 40 characters, starting with a letter', "use e.g. 'shop'");
  }
  if (typeof options?.host !== 'string' || !HOST.test(options.host) || options.host.length > 253) {
    throw FleetError.invalidProperty(scope, `${where}.host`, options?.host, 'is not a fully qualified DNS name (wildcards are not routes)', "use e.g. 'shop.apps.acme.example'");
  }
  if (typeof options.service !== 'string' || !SERVICE.test(options.service)) {
    throw FleetError.invalidProperty(scope, `${where}.service`, options.service, 'is not a Service name', "use the Service's metadata.name, e.g. 'shop-web'");
  }
  if (!Number.isInteger(options.port) || options.port < 1 || options.port > 65535) {
    throw FleetError.invalidProperty(scope, `${where}.port`, options.port, 'must be a port number from 1 to 65535', 'use the Service port, e.g. 8080');
  }
  const path = options.path ?? '/';
  if (typeof path !== 'string' || !/^\/[A-Za-z0-9._~\/-]*$/.test(path)) {
    throw FleetError.invalidProperty(scope, `${where}.path`, options.path, 'must be an absolute path prefix of plain characters', "use e.g. '/' or '/api'");
  }
  const tls = options.tls ?? RouteTls.PUBLIC;
  if (!Object.values(RouteTls).includes(tls)) {
    throw FleetError.invalidProperty(scope, `${where}.tls`, options.tls, 'is not a certificate source', 'use RouteTls.PUBLIC or RouteTls.INTERNAL');
  }
  const global = options.global === undefined ? undefined : checkGlobalRoute(scope, `${where}.global`, options.global);
  return { name, namespace, host: options.host, service: options.service, port: options.port, path, tls, ...(global ? { global } : {}) };
}

const CLUSTER_NAME = /^[a-z]([-a-z0-9]{0,38}[a-z0-9])?$/;

function checkGlobalRoute(scope: IConstruct, where: string, options: GlobalRouteOptions): GlobalRouteRequest {
  if (options === null || typeof options !== 'object') {
    throw FleetError.invalidProperty(scope, where, options, 'must be an object', "use e.g. { policy: GlobalRoutingPolicy.FAILOVER, healthPath: '/healthz' }");
  }
  if (!Object.values(GlobalRoutingPolicy).includes(options.policy)) {
    throw FleetError.invalidProperty(scope, `${where}.policy`, options.policy, 'is not a routing policy',
      'use GlobalRoutingPolicy.FAILOVER (active-passive), WEIGHTED (active-active) or LATENCY (nearest healthy cluster)');
  }
  if (typeof options.healthPath !== 'string' || !/^\/[A-Za-z0-9._~\/-]*$/.test(options.healthPath) || options.healthPath.length > 255) {
    throw FleetError.invalidProperty(scope, `${where}.healthPath`, options.healthPath, "must be the Service's health path: absolute, plain characters, at most 255",
      "use the path the Service answers 2xx on when it can serve, e.g. '/healthz'");
  }
  const only = (property: 'primaryCluster' | 'weights' | 'latencyRegions', policy: GlobalRoutingPolicy) => {
    if (options[property] !== undefined && options.policy !== policy) {
      throw FleetError.invalidProperty(scope, `${where}.${property}`, options[property], `applies to GlobalRoutingPolicy.${policy.toUpperCase()} only, not ${options.policy}`,
        `remove it, or use policy: GlobalRoutingPolicy.${policy.toUpperCase()}`);
    }
  };
  only('primaryCluster', GlobalRoutingPolicy.FAILOVER);
  only('weights', GlobalRoutingPolicy.WEIGHTED);
  only('latencyRegions', GlobalRoutingPolicy.LATENCY);
  if (options.primaryCluster !== undefined && (typeof options.primaryCluster !== 'string' || !CLUSTER_NAME.test(options.primaryCluster))) {
    throw FleetError.invalidProperty(scope, `${where}.primaryCluster`, options.primaryCluster, 'is not a cluster name', "name one of the route's clusters, e.g. 'prod-use1'");
  }
  if (options.clusters !== undefined && (!Array.isArray(options.clusters) || options.clusters.length === 0
    || options.clusters.some((c) => typeof c !== 'string' || !CLUSTER_NAME.test(c)) || new Set(options.clusters).size !== options.clusters.length)) {
    throw FleetError.invalidProperty(scope, `${where}.clusters`, options.clusters, 'must list cluster names, each once',
      "name the route's clusters the global name points at, e.g. ['prod-use1', 'prod-euc1'], or leave it out for all");
  }
  const weights = checkMap(scope, `${where}.weights`, options.weights, (w) => Number.isInteger(w) && (w as number) >= 0 && (w as number) <= 255,
    'must map cluster names to whole numbers from 0 to 255', "e.g. { 'prod-use1': 2, 'prod-neu': 1 }");
  const latencyRegions = checkMap(scope, `${where}.latencyRegions`, options.latencyRegions, (r) => typeof r === 'string' && /^[a-z0-9-]{2,30}$/.test(r as string),
    'must map cluster names to region names of the DNS cloud', "e.g. { 'prod-neu': 'eu-west-1' }");
  return {
    policy: options.policy,
    healthPath: options.healthPath,
    ...(options.clusters ? { clusters: [...options.clusters] } : {}),
    primaryCluster: options.primaryCluster,
    weights,
    latencyRegions,
  };
}

function checkMap<T>(
  scope: IConstruct, where: string, map: { [key: string]: T } | undefined, ok: (value: unknown) => boolean, what: string, fix: string,
): { [key: string]: T } {
  if (map === undefined) {
    return {};
  }
  if (map === null || typeof map !== 'object' || Array.isArray(map)) {
    throw FleetError.invalidProperty(scope, where, map, what, fix);
  }
  for (const [key, value] of Object.entries(map)) {
    if (!CLUSTER_NAME.test(key) || !ok(value)) {
      throw FleetError.invalidProperty(scope, `${where}.${key}`, value, what, fix);
    }
  }
  return { ...map };
}

/** A global route's name on one cluster. */
export interface RegionalName {
  /** The cluster's regional name for the route. */
  readonly host: string;
  /** Whether the cluster is behind the global name (and serves it too). */
  readonly behindGlobalName: boolean;
}

/** Whether a cluster of a global route is behind its global name. */
export function isGlobalEndpoint(request: RouteRequest, clusterName: string): boolean {
  return request.global !== undefined && (request.global.clusters === undefined || request.global.clusters.includes(clusterName));
}

/**
 * external-dns takes an Ingress's names from its rules unless told to take
 * them from the hostname annotation only (kubernetes-sigs/external-dns@v0.21.0:
 * source/annotations/annotations.go, source/ingress.go).
 */
export const EXTERNAL_DNS_HOSTNAME = 'external-dns.alpha.kubernetes.io/hostname';
export const EXTERNAL_DNS_INGRESS_HOSTNAME_SOURCE = 'external-dns.alpha.kubernetes.io/ingress-hostname-source';

/**
 * The route's Ingress: the fleet's standard class, TLS only, its certificate
 * from the given issuer. A global route's Ingress serves the cluster's
 * regional name (which the health checks probe) and, on a cluster behind
 * the global name, that name too, under one certificate; external-dns
 * publishes the regional name only, since the global one is the global stack's.
 */
export function addRouteObject(
  scope: Construct, request: RouteRequest, ingressClass: string, issuer: string, labels: { [key: string]: string }, regional?: RegionalName,
): void {
  const hosts = !regional ? [request.host] : regional.behindGlobalName ? [request.host, regional.host] : [regional.host];
  const backend = { service: { name: request.service, port: { number: request.port } } };
  new ApiObject(scope, `route-${request.namespace}-${request.name}`, {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'Ingress',
    metadata: {
      name: request.name,
      namespace: request.namespace,
      labels,
      annotations: {
        'cert-manager.io/cluster-issuer': issuer,
        ...(regional ? { [EXTERNAL_DNS_HOSTNAME]: regional.host, [EXTERNAL_DNS_INGRESS_HOSTNAME_SOURCE]: 'annotation-only' } : {}),
      },
    },
    spec: {
      ingressClassName: ingressClass,
      tls: [{ hosts, secretName: `${request.name}-tls` }],
      rules: hosts.map((host) => ({ host, http: { paths: [{ path: request.path, pathType: 'Prefix', backend }] } })),
    },
  });
}
