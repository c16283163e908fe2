import { DnsCnameRecord } from '@cdktf/provider-azurerm/lib/dns-cname-record';
import { TrafficManagerExternalEndpoint } from '@cdktf/provider-azurerm/lib/traffic-manager-external-endpoint';
import { TrafficManagerProfile } from '@cdktf/provider-azurerm/lib/traffic-manager-profile';
import { Construct } from 'constructs';
import type { GlobalFailoverTiming } from '../../fleet/global-dns';
import type { GlobalName } from '../../fleet/global-name';
import { GlobalRoutingPolicy } from '../../teams/route';

/** Where the global name's zone is. */
export interface TrafficManagerZone {
  readonly resourceGroup: string;
  readonly zoneName: string;
}

const ROUTING_METHOD: Record<GlobalRoutingPolicy, string> = {
  [GlobalRoutingPolicy.FAILOVER]: 'Priority',
  [GlobalRoutingPolicy.WEIGHTED]: 'Weighted',
  [GlobalRoutingPolicy.LATENCY]: 'Performance',
};

/**
 * A global name through Azure Traffic Manager: a profile (in the DNS zone's
 * resource group) whose external endpoints are the clusters' regional names,
 * probed over HTTPS on the route's health path (Traffic Manager sends the
 * endpoint's target as the Host header and does not validate the
 * certificate), and a CNAME from the zone to the profile. Routing methods
 * and monitor rules are azurerm v4.55.0's (traffic_manager_profile_resource.go):
 * at a 10 s interval the timeout must be 5-9 s; `tolerated_number_of_failures`
 * counts the failures before the one that marks an endpoint degraded.
 * A weight of 0 (draining) is a disabled endpoint: Traffic Manager weights start at 1.
 */
export class TrafficManagerGlobalName extends Construct {
  constructor(scope: Construct, id: string, name: GlobalName, profileName: string, zone: TrafficManagerZone, timing: GlobalFailoverTiming,
    tags: { [key: string]: string }) {
    super(scope, id);
    const profile = new TrafficManagerProfile(this, 'profile', {
      name: profileName,
      resourceGroupName: zone.resourceGroup,
      trafficRoutingMethod: ROUTING_METHOD[name.policy],
      dnsConfig: { relativeName: profileName, ttl: timing.ttlSeconds },
      monitorConfig: {
        protocol: 'HTTPS',
        port: 443,
        path: name.healthPath,
        intervalInSeconds: timing.probeIntervalSeconds,
        timeoutInSeconds: timing.probeTimeoutSeconds,
        toleratedNumberOfFailures: timing.failedProbes - 1,
        // What Route 53's HTTPS checks count as healthy, so both DNS services agree.
        expectedStatusCodeRanges: ['200-399'],
      },
      tags,
    });
    for (const e of name.endpoints) {
      new TrafficManagerExternalEndpoint(this, `endpoint-${e.cluster}`, {
        name: e.cluster,
        profileId: profile.id,
        target: e.regionalHost,
        ...(e.priority !== undefined ? { priority: e.priority } : {}),
        ...(e.weight !== undefined ? { weight: Math.max(e.weight, 1), enabled: e.weight > 0 } : {}),
        ...(e.latencyRegion !== undefined ? { endpointLocation: e.latencyRegion } : {}),
      });
    }
    new DnsCnameRecord(this, 'cname', {
      name: name.host.slice(0, -(zone.zoneName.length + 1)),
      zoneName: zone.zoneName,
      resourceGroupName: zone.resourceGroup,
      ttl: timing.ttlSeconds,
      record: profile.fqdn,
      tags,
    });
  }
}
