import type { NodeSizeFact } from '../../catalogue/extensions';
import { Cloud } from '../cloud';

/** What one node of a size offers: the basis of capacity planning. */
export interface NodeSizeCapacity {
  /** Virtual CPUs of one node. */
  readonly vcpus: number;
  /** Memory of one node, in GiB. */
  readonly memoryGiB: number;
}

/**
 * vCPU and memory per instance / VM size. Reviewed like code; a size missing
 * here can still be used by giving the pool's `capacity` explicitly.
 */
const AWS_SIZES: Record<string, NodeSizeCapacity> = {
  't3.medium': { vcpus: 2, memoryGiB: 4 },
  't3.large': { vcpus: 2, memoryGiB: 8 },
  'm6i.large': { vcpus: 2, memoryGiB: 8 },
  'm6i.xlarge': { vcpus: 4, memoryGiB: 16 },
  'm6i.2xlarge': { vcpus: 8, memoryGiB: 32 },
  'm6i.4xlarge': { vcpus: 16, memoryGiB: 64 },
  'm7i.large': { vcpus: 2, memoryGiB: 8 },
  'm7i.xlarge': { vcpus: 4, memoryGiB: 16 },
  'm7i.2xlarge': { vcpus: 8, memoryGiB: 32 },
  'm7g.large': { vcpus: 2, memoryGiB: 8 },
  'm7g.xlarge': { vcpus: 4, memoryGiB: 16 },
  'm7g.2xlarge': { vcpus: 8, memoryGiB: 32 },
  'c6i.large': { vcpus: 2, memoryGiB: 4 },
  'c6i.xlarge': { vcpus: 4, memoryGiB: 8 },
  'c6i.2xlarge': { vcpus: 8, memoryGiB: 16 },
  'c7i.xlarge': { vcpus: 4, memoryGiB: 8 },
  'r6i.large': { vcpus: 2, memoryGiB: 16 },
  'r6i.xlarge': { vcpus: 4, memoryGiB: 32 },
  'r6i.2xlarge': { vcpus: 8, memoryGiB: 64 },
};

const AZURE_SIZES: Record<string, NodeSizeCapacity> = {
  Standard_B2s: { vcpus: 2, memoryGiB: 4 },
  Standard_B4ms: { vcpus: 4, memoryGiB: 16 },
  Standard_D2s_v5: { vcpus: 2, memoryGiB: 8 },
  Standard_D4s_v5: { vcpus: 4, memoryGiB: 16 },
  Standard_D8s_v5: { vcpus: 8, memoryGiB: 32 },
  Standard_D16s_v5: { vcpus: 16, memoryGiB: 64 },
  Standard_D2ds_v5: { vcpus: 2, memoryGiB: 8 },
  Standard_D4ds_v5: { vcpus: 4, memoryGiB: 16 },
  Standard_D8ds_v5: { vcpus: 8, memoryGiB: 32 },
  Standard_D4as_v5: { vcpus: 4, memoryGiB: 16 },
  Standard_D8as_v5: { vcpus: 8, memoryGiB: 32 },
  Standard_D4ps_v5: { vcpus: 4, memoryGiB: 16 },
  Standard_E4s_v5: { vcpus: 4, memoryGiB: 32 },
  Standard_E8s_v5: { vcpus: 8, memoryGiB: 64 },
  Standard_F4s_v2: { vcpus: 4, memoryGiB: 8 },
  Standard_F8s_v2: { vcpus: 8, memoryGiB: 16 },
};

/** The EC2 instance type page of a family: general purpose, compute optimized, memory optimized. */
const awsSizeSource = (size: string): string =>
  `https://docs.aws.amazon.com/ec2/latest/instancetypes/${({ c: 'co', r: 'mo' } as { [k: string]: string })[size[0]] ?? 'gp'}.html`;
const AZURE_SIZE_SOURCE = 'https://learn.microsoft.com/en-us/azure/virtual-machines/sizes/overview';
const CHECKED = '2026-12-02';

/** The built-in node sizes as catalogue facts. */
export const BUILT_IN_NODE_SIZES: readonly NodeSizeFact[] = [
  ...Object.entries(AWS_SIZES).map(([size, c]): NodeSizeFact => ({ cloud: Cloud.AWS, size, ...c, source: awsSizeSource(size), checked: CHECKED })),
  ...Object.entries(AZURE_SIZES).map(([size, c]): NodeSizeFact => ({
    cloud: Cloud.AZURE, size, ...c, source: AZURE_SIZE_SOURCE, checked: CHECKED, note: "the size's series page, linked from the overview",
  })),
];

/**
 * The shape a size name must have on a cloud (`family.size` on AWS,
 * `Standard_…` on Azure), so that typos fail at synth rather than at apply.
 */
export const NODE_SIZE_PATTERNS: Record<Cloud.AWS | Cloud.AZURE, { pattern: RegExp; example: string }> = {
  [Cloud.AWS]: { pattern: /^[a-z][a-z0-9-]*\d[a-z0-9-]*\.(nano|micro|small|medium|large|metal|\d*xlarge)$/, example: 'm6i.large' },
  [Cloud.AZURE]: { pattern: /^(Standard|Basic)_[A-Za-z0-9_]+$/, example: 'Standard_D4s_v5' },
};
