import type { IConstruct } from 'constructs';
import { FleetError } from '../_internal/fleet-error';
import { isPlainObject } from '../_internal/input';
import { Cloud } from '../clusters/cloud';

/**
 * Where the fleet's global names live: one DNS zone, served either by
 * Route 53 (records with a routing policy and a health check per cluster)
 * or by Azure DNS in front of Azure Traffic Manager (a profile per name,
 * whose endpoints are the clusters). Give exactly one of the two.
 */
export interface GlobalDnsOptions {
  /** The zone every global route's host is in, e.g. `apps.acme.example`. */
  readonly zoneName: string;
  /** Route 53: the zone's hosted zone id. @default - none */
  readonly route53HostedZoneId?: string;
  /** Azure DNS: the zone's resource id; the Traffic Manager profiles go to its resource group. @default - none */
  readonly azureDnsZoneId?: string;
  /**
   * Where EKS clusters publish their regional names when the global zone is
   * in Azure DNS: a zone of Route 53 that resolvers reach (e.g.
   * `aws.apps.acme.example`, delegated from the global zone) and that the
   * EKS clusters' external-dns writes. @default - none: EKS clusters cannot be behind an Azure global name
   */
  readonly awsRegionalZoneName?: string;
  /**
   * Where AKS clusters publish their regional names when the global zone is
   * in Route 53: an Azure DNS zone that resolvers reach (e.g.
   * `azure.apps.acme.example`, delegated from the global zone) and that the
   * AKS clusters' external-dns writes. @default - none: AKS clusters cannot be behind a Route 53 global name
   */
  readonly azureRegionalZoneName?: string;
}

/** Checked global DNS settings. */
export interface ResolvedGlobalDns {
  readonly zoneName: string;
  /** The cloud of the DNS service, and so of the global stack. */
  readonly cloud: Cloud;
  readonly route53HostedZoneId?: string;
  readonly azureDnsZone?: GlobalAzureDnsZone;
  /** The zone each cloud's clusters publish regional names in, where it is not the global zone (the other cloud's). */
  readonly regionalZoneNames: { [cloud: string]: string };
}

/** The parts of the global Azure DNS zone's resource id. */
export interface GlobalAzureDnsZone {
  readonly subscriptionId: string;
  readonly resourceGroup: string;
  readonly zoneName: string;
}

/** How a global name's clusters are probed and its answers cached. */
export interface GlobalFailoverTiming {
  /** Seconds between probes from each checking location. */
  readonly probeIntervalSeconds: number;
  /** Failed probes in a row that make a cluster unhealthy. */
  readonly failedProbes: number;
  /** Traffic Manager's probe timeout (Route 53's are fixed: 4 s to connect, 2 s to answer). */
  readonly probeTimeoutSeconds: number;
  /** Seconds resolvers keep a global name's answer. */
  readonly ttlSeconds: number;
}

/**
 * The failover timing the global names are designed for, the same on both
 * DNS services: a probe every 10 seconds (the fast interval both offer),
 * unhealthy after 3 failed probes in a row, answers cached for 60 seconds.
 * A cluster that stops answering is out of the answers after about 30
 * seconds plus one probe's timeout, and clients follow within one TTL more.
 * Sources: Route 53, "How Amazon Route 53 determines whether a health check
 * is healthy" (10 or 30 s; 4 s to connect and 2 s to answer; unhealthy when
 * 18% or fewer of the checkers see it healthy) and the provider's
 * `request_interval` (10 or 30, replaces the check when changed) and
 * `failure_threshold` (1-10); Traffic Manager, "Traffic Manager endpoint
 * monitoring" (10 s fast probing, timeout 5-9 s at 10 s, 0-9 tolerated
 * failures: the probe after the tolerated ones marks it degraded) and
 * azurerm v4.55.0 traffic_manager_profile (timeout 5-9 at interval 10).
 */
export const GLOBAL_FAILOVER_TIMING: GlobalFailoverTiming = { probeIntervalSeconds: 10, failedProbes: 3, probeTimeoutSeconds: 6, ttlSeconds: 60 };

/** The expected seconds from a cluster failing to clients reaching another: detection, one probe timeout, one TTL. */
export function expectedShiftSeconds(): number {
  const t = GLOBAL_FAILOVER_TIMING;
  return t.probeIntervalSeconds * t.failedProbes + t.probeTimeoutSeconds + t.ttlSeconds;
}

const ZONE = /^([a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;
const ROUTE53_ZONE_ID = /^Z[A-Z0-9]{1,31}$/;
const AZURE_DNS_ZONE_ID = /^\/subscriptions\/([0-9a-f-]{36})\/resourceGroups\/([^/]+)\/providers\/Microsoft\.Network\/dnszones\/([^/]+)$/i;

/**
 * A cluster's own name for a global route: the cluster's name after the
 * host's first label, in the global zone for clusters of its cloud
 * (`checkout.apps.acme.example` on `prod-use1` is
 * `checkout.prod-use1.apps.acme.example`), in the cloud's regional zone for
 * the others (`checkout.prod-neu.azure.apps.acme.example`): in a zone the
 * cluster's external-dns writes and resolvers reach.
 */
export function regionalHost(host: string, clusterName: string, cloud: string, dns: ResolvedGlobalDns): string {
  const dot = host.indexOf('.');
  const zone = cloud === dns.cloud ? undefined : dns.regionalZoneNames[cloud];
  return `${host.slice(0, dot)}.${clusterName}${zone ? `.${zone}` : host.slice(dot)}`;
}

/** Checks the Fleet's `globalDns`. */
export function resolveGlobalDns(scope: IConstruct, options: GlobalDnsOptions | undefined): ResolvedGlobalDns | undefined {
  if (options === undefined) {
    return undefined;
  }
  const example = "globalDns: { zoneName: 'apps.acme.example', route53HostedZoneId: 'Z0123456789ABCDEFGHIJ' }";
  if (!isPlainObject(options)) {
    throw FleetError.invalidProperty(scope, 'globalDns', options, 'must be an object', `use e.g. ${example}`);
  }
  if (typeof options.zoneName !== 'string' || !ZONE.test(options.zoneName)) {
    throw FleetError.invalidProperty(scope, 'globalDns.zoneName', options.zoneName, 'is not a DNS zone name', "use the zone's name, e.g. 'apps.acme.example'");
  }
  const route53 = options.route53HostedZoneId;
  const azure = options.azureDnsZoneId;
  if ((route53 === undefined) === (azure === undefined)) {
    throw FleetError.invalidProperty(scope, 'globalDns', { route53HostedZoneId: route53, azureDnsZoneId: azure },
      'must name exactly one DNS service for the global names', `give route53HostedZoneId (Route 53 health checks and records) or azureDnsZoneId (Traffic Manager), e.g. ${example}`);
  }
  const cloud = route53 !== undefined ? Cloud.AWS : Cloud.AZURE;
  const regionalZoneNames: { [cloud: string]: string } = {};
  for (const [property, zoneCloud] of [['awsRegionalZoneName', Cloud.AWS], ['azureRegionalZoneName', Cloud.AZURE]] as const) {
    const zone = options[property];
    if (zone === undefined) {
      continue;
    }
    if (zoneCloud === cloud) {
      throw FleetError.invalidProperty(scope, `globalDns.${property}`, zone, `is for the cloud whose clusters are not in the global zone's, but the global zone is in ${cloud}`,
        `leave it out: ${cloud} clusters publish their regional names in ${options.zoneName}`);
    }
    if (typeof zone !== 'string' || !ZONE.test(zone)) {
      throw FleetError.invalidProperty(scope, `globalDns.${property}`, zone, 'is not a DNS zone name', `use a zone delegated to the cloud's DNS, e.g. '${zoneCloud}.${options.zoneName}'`);
    }
    regionalZoneNames[zoneCloud] = zone;
  }
  if (route53 !== undefined) {
    if (typeof route53 !== 'string' || !ROUTE53_ZONE_ID.test(route53)) {
      throw FleetError.invalidProperty(scope, 'globalDns.route53HostedZoneId', route53, 'is not a Route 53 hosted zone id', "use the zone's id, e.g. 'Z0123456789ABCDEFGHIJ'");
    }
    return { zoneName: options.zoneName, cloud, route53HostedZoneId: route53, regionalZoneNames };
  }
  const parts = typeof azure === 'string' ? AZURE_DNS_ZONE_ID.exec(azure) : null;
  if (!parts) {
    throw FleetError.invalidProperty(scope, 'globalDns.azureDnsZoneId', azure, 'is not an Azure DNS zone resource id',
      "use '/subscriptions/<id>/resourceGroups/<rg>/providers/Microsoft.Network/dnszones/<zone>'");
  }
  const [, subscriptionId, resourceGroup, zoneName] = parts;
  if (zoneName.toLowerCase() !== options.zoneName) {
    throw FleetError.invalidProperty(scope, 'globalDns.zoneName', options.zoneName, `is not the zone of azureDnsZoneId, which is '${zoneName}'`,
      'give the zone name of the zone the id names');
  }
  return { zoneName: options.zoneName, cloud, azureDnsZone: { subscriptionId, resourceGroup, zoneName: options.zoneName }, regionalZoneNames };
}
