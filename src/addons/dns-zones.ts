import { FleetError } from '../_internal/fleet-error';

/** An Azure DNS zone resource id; groups: subscription, resource group, zone name. */
const AZURE_DNS_ZONE_ID = /^\/subscriptions\/([0-9a-f-]{36})\/resourceGroups\/([^/]+)\/providers\/Microsoft\.Network\/dnszones\/([^/]+)$/i;
const ROUTE53_HOSTED_ZONE_ID = /^Z[A-Z0-9]{1,31}$/;

/** The parts of an Azure DNS zone resource id. */
export interface AzureDnsZone {
  readonly subscriptionId: string;
  readonly resourceGroup: string;
  readonly zoneName: string;
}

/**
 * Checks the DNS zones an add-on writes in (Route 53 hosted zone ids, Azure
 * DNS zone resource ids); `property` prefixes the option names in messages.
 */
export function checkDnsZones(addOnId: string, property: string, route53: string[] | undefined, azure: string[] | undefined): void {
  for (const zone of route53 ?? []) {
    if (typeof zone !== 'string' || !ROUTE53_HOSTED_ZONE_ID.test(zone)) {
      throw FleetError.invalidAddOnOption(addOnId, `${property}route53HostedZoneIds`, zone, 'is not a Route 53 hosted zone id', "use the zone's id, e.g. 'Z0123456789ABCDEFGHIJ'");
    }
  }
  for (const zone of azure ?? []) {
    if (typeof zone !== 'string' || !AZURE_DNS_ZONE_ID.test(zone)) {
      throw FleetError.invalidAddOnOption(addOnId, `${property}azureDnsZoneIds`, zone, 'is not an Azure DNS zone resource id',
        "use '/subscriptions/<id>/resourceGroups/<rg>/providers/Microsoft.Network/dnszones/<zone>'");
    }
  }
}

/** The parts of a checked Azure DNS zone resource id. */
export function parseAzureDnsZone(id: string): AzureDnsZone {
  const [, subscriptionId, resourceGroup, zoneName] = AZURE_DNS_ZONE_ID.exec(id)!;
  return { subscriptionId, resourceGroup, zoneName };
}

/** ARNs of Route 53 hosted zones, for IAM statements. */
export function route53ZoneArns(hostedZoneIds: string[]): string[] {
  return hostedZoneIds.map((z) => `arn:aws:route53:::hostedzone/${z}`);
}
