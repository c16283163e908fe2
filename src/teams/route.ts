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
  return { name, namespace, host: options.host, service: options.service, port: options.port, path, tls };
}

/** The route's Ingress: the fleet's standard class, TLS only, its certificate from the given issuer. */
export function addRouteObject(
  scope: Construct, request: RouteRequest, ingressClass: string, issuer: string, labels: { [key: string]: string },
): void {
  new ApiObject(scope, `route-${request.namespace}-${request.name}`, {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'Ingress',
    metadata: {
      name: request.name,
      namespace: request.namespace,
      labels,
      annotations: { 'cert-manager.io/cluster-issuer': issuer },
    },
    spec: {
      ingressClassName: ingressClass,
      tls: [{ hosts: [request.host], secretName: `${request.name}-tls` }],
      rules: [{
        host: request.host,
        http: { paths: [{ path: request.path, pathType: 'Prefix', backend: { service: { name: request.service, port: { number: request.port } } } }] },
      }],
    },
  });
}
