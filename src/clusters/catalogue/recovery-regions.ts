import { Cloud } from '../cloud';

/**
 * Where a production cluster's backups go by default: another catalogued
 * region of the same cloud and the same jurisdiction, so that losing the
 * cluster's region does not lose its backups, and backups do not leave the
 * country (or the EU) the cluster was placed in. A region without one here
 * has no default: its production clusters name a backup region, or keep
 * backups in their region with a reason.
 */
export interface RecoveryRegions {
  /** Region to its recovery region. */
  readonly pairs: { [region: string]: string };
  readonly source: string;
  readonly checked: string;
  readonly note: string;
}

const CHECKED = '2026-12-02';

export const RECOVERY_REGIONS: { [cloud: string]: RecoveryRegions } = {
  [Cloud.AWS]: {
    // AWS publishes no region pairs: these are the library's choice, the nearest catalogued region in the same country (EU: in the EU).
    pairs: {
      'us-east-1': 'us-east-2',
      'us-east-2': 'us-east-1',
      'us-west-1': 'us-west-2',
      'us-west-2': 'us-west-1',
      'eu-west-1': 'eu-central-1',
      'eu-central-1': 'eu-west-1',
      'eu-west-3': 'eu-central-1',
      'eu-north-1': 'eu-central-1',
      'eu-south-1': 'eu-central-1',
      'eu-south-2': 'eu-west-3',
      'ap-south-1': 'ap-south-2',
      'ap-south-2': 'ap-south-1',
      'ap-southeast-2': 'ap-southeast-4',
      'ap-southeast-4': 'ap-southeast-2',
      'ap-northeast-1': 'ap-northeast-3',
      'ap-northeast-3': 'ap-northeast-1',
    },
    source: 'https://docs.aws.amazon.com/global-infrastructure/latest/regions/aws-regions.html',
    checked: CHECKED,
    note: 'AWS defines no region pairs; the nearest catalogued region of the same country, or of the EU for EU member states. ' +
      'None for regions alone in their country among the catalogued ones (ca-central-1, sa-east-1, eu-west-2, eu-central-2, ap-southeast-1, ' +
      'ap-southeast-3, ap-northeast-2, ap-east-1, me-south-1, me-central-1, il-central-1, af-south-1)',
  },
  [Cloud.AZURE]: {
    // Azure's region pairs, where the pair is a catalogued region in the same geography.
    pairs: {
      eastus: 'westus',
      westus: 'eastus',
      westus3: 'eastus',
      eastus2: 'centralus',
      centralus: 'eastus2',
      northcentralus: 'southcentralus',
      southcentralus: 'northcentralus',
      northeurope: 'westeurope',
      westeurope: 'northeurope',
      uksouth: 'ukwest',
      ukwest: 'uksouth',
      southeastasia: 'eastasia',
      eastasia: 'southeastasia',
    },
    source: 'MicrosoftDocs/azure-docs@09462cd47dca6612360efd94fb63924ba9e0a4fd:articles/reliability/regions-paired.md',
    checked: CHECKED,
    note: 'westus3 is paired one way with eastus; brazilsouth\'s pair (southcentralus) is outside its geography and left out; pairs in regions ' +
      'the catalogue does not offer (westcentralus, canadaeast, australiasoutheast, japanwest, southindia, and access-restricted ones such as ' +
      'francesouth or germanynorth) give no default; polandcentral, italynorth, spaincentral, qatarcentral and israelcentral are not paired',
  },
};

/** The default recovery region of a cloud region, if it has one. */
export function builtInRecoveryRegion(cloud: Cloud, region: string): string | undefined {
  return RECOVERY_REGIONS[cloud]?.pairs[region];
}
