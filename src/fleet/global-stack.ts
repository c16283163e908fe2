import type { Construct } from 'constructs';
import type { Fleet } from './fleet';
import { GLOBAL_FAILOVER_TIMING } from './global-dns';
import { trafficManagerProfileName } from './global-names';
import { RegionStack } from './region-stack';
import { withoutCreationStacks } from '../_internal/creation-stacks';
import { GLOBAL_REGION } from '../_internal/global-region';
import { Route53GlobalName } from '../clusters/aws/route53-global-name';
import { TrafficManagerGlobalName } from '../clusters/azure/traffic-manager-global-name';
import type { Cloud } from '../clusters/cloud';

/** The name of the fleet's global stack. */
export const GLOBAL_STACK = 'global';

/**
 * The fleet's global stack (`global`): the global names of the teams'
 * routes, each served by health-checked DNS across the route's clusters in
 * every region and cloud. It has its own state and deploys after the
 * region stacks of the clusters it points to (it depends on them, so
 * `cdktf deploy` and fleet.json both order it last). The fleet creates it
 * with the first global route; its records are built at synth, when the
 * teams know their clusters.
 */
export class GlobalStack extends RegionStack {
  private built = false;

  constructor(scope: Construct, fleet: Fleet, cloud: Cloud) {
    super(scope, GLOBAL_STACK, { fleet, cloud, region: GLOBAL_REGION });
  }

  public prepareStack(): void {
    withoutCreationStacks(() => {
      this.fleet._validateFleet();
      if (!this.built) {
        this.built = true;
        this.build();
      }
    });
    super.prepareStack();
  }

  private build(): void {
    const dns = this.fleet.globalDns!;
    for (const name of this.fleet._globalNames) {
      // The namespace names the team and environment: a route's name is unique only within its namespace.
      const id = `${name.namespace}-${name.route}`;
      if (dns.route53HostedZoneId) {
        new Route53GlobalName(this, id, name, dns.route53HostedZoneId, GLOBAL_FAILOVER_TIMING);
      } else {
        const profile = trafficManagerProfileName(this.fleet.fleetName, name.namespace, name.route);
        new TrafficManagerGlobalName(this, id, name, profile, dns.azureDnsZone!, GLOBAL_FAILOVER_TIMING, this.fleet.cloudTags);
      }
      for (const endpoint of name.endpoints) {
        const regionStack = this.fleet.clusters.find((c) => c.clusterName === endpoint.cluster)?.stack;
        if (regionStack && !this.dependencies.includes(regionStack)) {
          this.addDependency(regionStack);
        }
      }
    }
  }
}
