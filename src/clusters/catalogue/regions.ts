import { Cloud } from '../cloud';

/**
 * Regions clusters may be placed in, per cloud. Reviewed like code: a new
 * region is a one-line pull request. AWS regions carry the availability-zone
 * suffixes the network layout spreads over (the first three are used unless a
 * cluster overrides them); Azure regions say whether they have availability zones.
 */
const AWS_REGIONS: Record<string, readonly string[]> = {
  'us-east-1': ['a', 'b', 'c', 'd', 'f'],
  'us-east-2': ['a', 'b', 'c'],
  'us-west-1': ['a', 'c'],
  'us-west-2': ['a', 'b', 'c', 'd'],
  'ca-central-1': ['a', 'b', 'd'],
  'sa-east-1': ['a', 'b', 'c'],
  'eu-west-1': ['a', 'b', 'c'],
  'eu-west-2': ['a', 'b', 'c'],
  'eu-west-3': ['a', 'b', 'c'],
  'eu-central-1': ['a', 'b', 'c'],
  'eu-central-2': ['a', 'b', 'c'],
  'eu-north-1': ['a', 'b', 'c'],
  'eu-south-1': ['a', 'b', 'c'],
  'eu-south-2': ['a', 'b', 'c'],
  'ap-south-1': ['a', 'b', 'c'],
  'ap-south-2': ['a', 'b', 'c'],
  'ap-southeast-1': ['a', 'b', 'c'],
  'ap-southeast-2': ['a', 'b', 'c'],
  'ap-southeast-3': ['a', 'b', 'c'],
  'ap-southeast-4': ['a', 'b', 'c'],
  'ap-northeast-1': ['a', 'c', 'd'],
  'ap-northeast-2': ['a', 'b', 'c', 'd'],
  'ap-northeast-3': ['a', 'b', 'c'],
  'ap-east-1': ['a', 'b', 'c'],
  'me-south-1': ['a', 'b', 'c'],
  'me-central-1': ['a', 'b', 'c'],
  'il-central-1': ['a', 'b', 'c'],
  'af-south-1': ['a', 'b', 'c'],
};

/** Azure regions, with whether they offer availability zones. */
const AZURE_REGIONS: Record<string, boolean> = {
  eastus: true,
  eastus2: true,
  centralus: true,
  northcentralus: false,
  southcentralus: true,
  westus: false,
  westus2: true,
  westus3: true,
  canadacentral: true,
  brazilsouth: true,
  northeurope: true,
  westeurope: true,
  uksouth: true,
  ukwest: false,
  francecentral: true,
  germanywestcentral: true,
  swedencentral: true,
  switzerlandnorth: true,
  norwayeast: true,
  polandcentral: true,
  italynorth: true,
  spaincentral: true,
  australiaeast: true,
  southeastasia: true,
  eastasia: true,
  japaneast: true,
  koreacentral: true,
  centralindia: true,
  southafricanorth: true,
  uaenorth: true,
  qatarcentral: true,
  israelcentral: true,
};

/** Whether a cloud region is in the catalogue. Attached clusters take any location. */
export function isKnownRegion(cloud: Cloud, region: string): boolean {
  switch (cloud) {
    case Cloud.AWS: return Object.prototype.hasOwnProperty.call(AWS_REGIONS, region);
    case Cloud.AZURE: return Object.prototype.hasOwnProperty.call(AZURE_REGIONS, region);
    case Cloud.ATTACHED: return true;
  }
}

/** The catalogue's regions of a cloud, sorted, for "choose one of" hints. */
export function knownRegions(cloud: Cloud): string[] {
  switch (cloud) {
    case Cloud.AWS: return Object.keys(AWS_REGIONS).sort();
    case Cloud.AZURE: return Object.keys(AZURE_REGIONS).sort();
    case Cloud.ATTACHED: return [];
  }
}

/** Full availability-zone names of an AWS region, e.g. `us-east-1a`. */
export function awsAvailabilityZones(region: string): string[] {
  return (AWS_REGIONS[region] ?? []).map((suffix) => `${region}${suffix}`);
}

/** Whether an Azure region offers availability zones. */
export function azureRegionHasZones(region: string): boolean {
  return AZURE_REGIONS[region] === true;
}
