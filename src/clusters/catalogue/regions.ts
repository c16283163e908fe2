import type { RegionFact } from '../../catalogue/extensions';
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

const AWS_ZONE_SOURCE = 'https://docs.aws.amazon.com/global-infrastructure/latest/regions/aws-availability-zones.html';
const AWS_ZONE_NOTE = 'zones EKS does not place control planes in left out, per https://docs.aws.amazon.com/eks/latest/userguide/network-reqs.html';
const AZURE_ZONE_SOURCE = 'https://learn.microsoft.com/en-us/azure/reliability/regions-list';
const CHECKED = '2026-12-02';

/**
 * The built-in regions as catalogue facts. AWS zone IDs follow the EKS
 * subnet requirements (zones EKS does not place control planes in are left
 * out); Azure's zone support follows the list of regions with availability
 * zones.
 */
export const BUILT_IN_REGIONS: readonly RegionFact[] = [
  ...Object.entries(AWS_REGIONS).map(([region, { prefix, zones }]): RegionFact => ({
    cloud: Cloud.AWS, region, availabilityZoneIds: zones.map((n) => `${prefix}-az${n}`), source: AWS_ZONE_SOURCE, checked: CHECKED, note: AWS_ZONE_NOTE,
  })),
  ...Object.entries(AZURE_REGIONS).map(([region, hasAvailabilityZones]): RegionFact => ({
    cloud: Cloud.AZURE, region, hasAvailabilityZones, source: AZURE_ZONE_SOURCE, checked: CHECKED,
  })),
];
