/**
 * Which Amazon Linux 2023 EKS-optimized AMI a node group runs, chosen from
 * its instance family: the processor architecture and, for accelerated
 * families, the drivers the AMI carries. A wrong choice fails late and
 * quietly (an x86 image on Graviton never boots; a GPU node without the
 * NVIDIA drivers joins but schedules no GPU work), so an accelerated family
 * not listed here is refused rather than guessed.
 */

/** An AL2023 AMI type of EKS managed node groups, and where EKS publishes its recommended release. */
export interface EksAmiType {
  /** The node group's `ami_type`. */
  readonly amiType: string;
  /**
   * The path of the recommended release under
   * `/aws/service/eks/optimized-ami/<kubernetes version>/`, read from SSM
   * Parameter Store at plan time.
   */
  readonly ssmVariant: string;
}

const X86_STANDARD: EksAmiType = { amiType: 'AL2023_x86_64_STANDARD', ssmVariant: 'amazon-linux-2023/x86_64/standard' };
const ARM_STANDARD: EksAmiType = { amiType: 'AL2023_ARM_64_STANDARD', ssmVariant: 'amazon-linux-2023/arm64/standard' };
const X86_NVIDIA: EksAmiType = { amiType: 'AL2023_x86_64_NVIDIA', ssmVariant: 'amazon-linux-2023/x86_64/nvidia' };
const ARM_NVIDIA: EksAmiType = { amiType: 'AL2023_ARM_64_NVIDIA', ssmVariant: 'amazon-linux-2023/arm64/nvidia' };
const X86_NEURON: EksAmiType = { amiType: 'AL2023_x86_64_NEURON', ssmVariant: 'amazon-linux-2023/x86_64/neuron' };

/**
 * Accelerated families per AMI variant, as the EKS user guide's table of
 * accelerated AMIs lists them. The SSM paths follow the same guide's
 * "Retrieve recommended Amazon Linux AMI IDs" and terraform-aws-eks's
 * node-group module (`ssm_ami_type_to_ssm_param`).
 */
export const EKS_AMI_TYPE_SOURCES = {
  accelerated: 'https://docs.aws.amazon.com/eks/latest/userguide/ml-eks-optimized-ami.html',
  ssmPaths: 'https://docs.aws.amazon.com/eks/latest/userguide/retrieve-ami-id.html; terraform-aws-modules/terraform-aws-eks@v21.19.0:modules/eks-managed-node-group/main.tf',
  checked: '2026-12-02',
};

const ACCELERATED_FAMILIES: Record<string, EksAmiType> = {
  ...Object.fromEntries(['p6-b300', 'p6-b200', 'p5', 'p5e', 'p5en', 'p4d', 'p4de', 'p3', 'p3dn', 'g7e', 'gr6', 'g6', 'g6e', 'g6f', 'gr6f', 'g5', 'g4dn']
    .map((family) => [family, X86_NVIDIA])),
  ...Object.fromEntries(['p6e-gb200', 'p6e-gb300', 'g5g'].map((family) => [family, ARM_NVIDIA])),
  ...Object.fromEntries(['inf1', 'inf2', 'trn1', 'trn2'].map((family) => [family, X86_NEURON])),
};

/**
 * Families with accelerators or special hardware: GPUs (g, p), Inferentia,
 * Trainium, Gaudi (dl), FPGAs (f), video transcoders (vt), and Mac hosts,
 * which no standard AMI serves.
 */
const SPECIAL_HARDWARE = /^(p\d|g\d|gr\d|inf\d|trn\d|dl\d|f\d|vt\d|mac)/;

/** Graviton (arm64): `a1`, and a `g` right after the generation (m7g, c7gn, r6gd, t4g, im4gn, hpc7g). */
const GRAVITON = /^(a1|[a-z]+\d+g[a-z]*)$/;

/** The AMI type for an instance size such as `m7g.large`, or undefined for a family with hardware no AL2023 AMI serves. */
export function eksAmiType(size: string): EksAmiType | undefined {
  const family = size.split('.')[0];
  if (Object.prototype.hasOwnProperty.call(ACCELERATED_FAMILIES, family)) {
    return ACCELERATED_FAMILIES[family];
  }
  if (SPECIAL_HARDWARE.test(family)) {
    return undefined;
  }
  return GRAVITON.test(family) ? ARM_STANDARD : X86_STANDARD;
}

/** The SSM parameter holding the recommended AMI release of a type for a Kubernetes version. */
export function eksRecommendedReleaseParameter(kubernetesVersion: string, type: EksAmiType): string {
  return `/aws/service/eks/optimized-ami/${kubernetesVersion}/${type.ssmVariant}/recommended/release_version`;
}

/** Accelerated families the table knows, for error messages. */
export function acceleratedFamilies(): string[] {
  return Object.keys(ACCELERATED_FAMILIES).sort();
}
