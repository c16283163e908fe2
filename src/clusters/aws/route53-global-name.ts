import { Route53HealthCheck } from '@cdktf/provider-aws/lib/route53-health-check';
import { Route53Record } from '@cdktf/provider-aws/lib/route53-record';
import { Construct } from 'constructs';
import type { GlobalFailoverTiming } from '../../fleet/global-dns';
import type { GlobalName, GlobalNameEndpoint } from '../../fleet/global-name';
import { GlobalRoutingPolicy } from '../../teams/route';

/**
 * A global name in Route 53: an HTTPS health check per cluster on its
 * regional name and the route's health path (with SNI; Route 53 sends the
 * regional name as the Host header and does not validate the certificate),
 * and CNAME records of the policy, each carrying its cluster's check.
 *
 * Failover has two roles only (PRIMARY, SECONDARY): with more than two
 * clusters the secondary answer is a standby name, `<first label>-standby.<rest>`,
 * whose equally weighted, health-checked records spread the load over the
 * remaining clusters. The secondary record has no check of its own: it
 * answers whenever the primary is unhealthy. When every check fails,
 * Route 53 answers as if all were healthy.
 */
export class Route53GlobalName extends Construct {
  constructor(scope: Construct, id: string, name: GlobalName, hostedZoneId: string, timing: GlobalFailoverTiming) {
    super(scope, id);
    const checks = new Map(name.endpoints.map((e) => [e.cluster, new Route53HealthCheck(this, `health-${e.cluster}`, {
      type: 'HTTPS',
      fqdn: e.regionalHost,
      port: 443,
      resourcePath: name.healthPath,
      enableSni: true,
      requestInterval: timing.probeIntervalSeconds,
      failureThreshold: timing.failedProbes,
      tags: { Name: `${name.host} on ${e.cluster}` },
    })]));
    const record = (recordId: string, host: string, identifier: string, target: string, healthCheckId: string | undefined, policy: object) =>
      new Route53Record(this, recordId, {
        zoneId: hostedZoneId,
        name: host,
        type: 'CNAME',
        ttl: timing.ttlSeconds,
        records: [target],
        setIdentifier: identifier,
        ...(healthCheckId ? { healthCheckId } : {}),
        ...policy,
      });
    const checked = (e: GlobalNameEndpoint, recordId: string, host: string, policy: object) =>
      record(recordId, host, e.cluster, e.regionalHost, checks.get(e.cluster)!.id, policy);

    switch (name.policy) {
      case GlobalRoutingPolicy.FAILOVER: {
        const [primary, ...others] = name.endpoints;
        checked(primary, `primary-${primary.cluster}`, name.host, { failoverRoutingPolicy: { type: 'PRIMARY' } });
        if (others.length === 1) {
          checked(others[0], `secondary-${others[0].cluster}`, name.host, { failoverRoutingPolicy: { type: 'SECONDARY' } });
          break;
        }
        const standby = standbyHost(name.host);
        record('secondary-standby', name.host, 'standby', standby, undefined, { failoverRoutingPolicy: { type: 'SECONDARY' } });
        for (const e of others) {
          checked(e, `standby-${e.cluster}`, standby, { weightedRoutingPolicy: { weight: 1 } });
        }
        break;
      }
      case GlobalRoutingPolicy.WEIGHTED:
        for (const e of name.endpoints) {
          checked(e, `weighted-${e.cluster}`, name.host, { weightedRoutingPolicy: { weight: e.weight! } });
        }
        break;
      case GlobalRoutingPolicy.LATENCY:
        for (const e of name.endpoints) {
          checked(e, `latency-${e.cluster}`, name.host, { latencyRoutingPolicy: { region: e.latencyRegion! } });
        }
        break;
    }
  }
}

/** The name the standby clusters of a failover share: `checkout.apps.acme.example` → `checkout-standby.apps.acme.example`. */
export function standbyHost(host: string): string {
  const dot = host.indexOf('.');
  return `${host.slice(0, dot)}-standby${host.slice(dot)}`;
}
