import { Cloud } from '../cloud';

/**
 * Regions clusters may be placed in, per cloud. Reviewed like code: a new
 * region is a one-line pull request. AWS regions carry their availability
 * zone IDs (`use1-az1`), which name the same physical zone in every account,
 * unlike zone names (`us-east-1a`), which AWS maps differently per account;
 * the network layout uses the first three unless a cluster overrides them.
 * Azure regions say whether they have availability zones.
 */
const AWS_REGIONS: Record<string, { prefix: string; zones: readonly number[] }> = {
  // use1-az3 is left out: EKS does not place control planes there.
  'us-east-1': { prefix: 'use1', zones: [1, 2, 4, 5, 6] },
  'us-east-2': { prefix: 'use2', zones: [1, 2, 3] },
  'us-west-1': { prefix: 'usw1', zones: [1, 3] },
  'us-west-2': { prefix: 'usw2', zones: [1, 2, 3, 4] },
  // cac1-az3 is left out: EKS does not place control planes there.
  'ca-central-1': { prefix: 'cac1', zones: [1, 2, 4] },
  'sa-east-1': { prefix: 'sae1', zones: [1, 2, 3] },
  'eu-west-1': { prefix: 'euw1', zones: [1, 2, 3] },
  'eu-west-2': { prefix: 'euw2', zones: [1, 2, 3] },
  'eu-west-3': { prefix: 'euw3', zones: [1, 2, 3] },
  'eu-central-1': { prefix: 'euc1', zones: [1, 2, 3] },
  'eu-central-2': { prefix: 'euc2', zones: [1, 2, 3] },
  'eu-north-1': { prefix: 'eun1', zones: [1, 2, 3] },
  'eu-south-1': { prefix: 'eus1', zones: [1, 2, 3] },
  'eu-south-2': { prefix: 'eus2', zones: [1, 2, 3] },
  'ap-south-1': { prefix: 'aps1', zones: [1, 2, 3] },
  'ap-south-2': { prefix: 'aps2', zones: [1, 2, 3] },
  'ap-southeast-1': { prefix: 'apse1', zones: [1, 2, 3] },
  'ap-southeast-2': { prefix: 'apse2', zones: [1, 2, 3] },
  'ap-southeast-3': { prefix: 'apse3', zones: [1, 2, 3] },
  'ap-southeast-4': { prefix: 'apse4', zones: [1, 2, 3] },
  // apne1-az3 is left out: it no longer takes new capacity.
  'ap-northeast-1': { prefix: 'apne1', zones: [1, 2, 4] },
  'ap-northeast-2': { prefix: 'apne2', zones: [1, 2, 3, 4] },
  'ap-northeast-3': { prefix: 'apne3', zones: [1, 2, 3] },
  'ap-east-1': { prefix: 'ape1', zones: [1, 2, 3] },
  'me-south-1': { prefix: 'mes1', zones: [1, 2, 3] },
  'me-central-1': { prefix: 'mec1', zones: [1, 2, 3] },
  'il-central-1': { prefix: 'ilc1', zones: [1, 2, 3] },
  'af-south-1': { prefix: 'afs1', zones: [1, 2, 3] },
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

/** Availability zone IDs of an AWS region usable for EKS, e.g. `use1-az1`. */
export function awsAvailabilityZoneIds(region: string): string[] {
  const entry = AWS_REGIONS[region];
  return entry ? entry.zones.map((n) => `${entry.prefix}-az${n}`) : [];
}

/** Whether an Azure region offers availability zones. */
export function azureRegionHasZones(region: string): boolean {
  return AZURE_REGIONS[region] === true;
}
