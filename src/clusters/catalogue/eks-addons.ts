import type { EksAddOnVersionsFact } from '../../catalogue/extensions';

/** The EKS managed add-ons every cluster runs. */
export type EksAddonName = 'vpc-cni' | 'kube-proxy' | 'coredns' | 'aws-ebs-csi-driver' | 'eks-pod-identity-agent';

/**
 * EKS managed add-on versions per Kubernetes minor version: one reviewed
 * table, no look-ups at synth time. Updated by pull request; before
 * changing a cell, check it with
 * `aws eks describe-addon-versions --addon-name <name> --kubernetes-version <v>`.
 * Every version the EKS catalogue offers has a row; a fleet adds or
 * replaces rows with its catalogue's `eksAddOnVersions`.
 */
const EKS_ADDON_VERSIONS: Record<string, Record<EksAddonName, string>> = {
  1.32: {
    'vpc-cni': 'v1.21.1-eksbuild.7',
    'kube-proxy': 'v1.32.13-eksbuild.16',
    'coredns': 'v1.11.4-eksbuild.40',
    'aws-ebs-csi-driver': 'v1.58.0-eksbuild.1',
    'eks-pod-identity-agent': 'v1.3.10-eksbuild.3',
  },
  1.33: {
    'vpc-cni': 'v1.21.1-eksbuild.7',
    'kube-proxy': 'v1.33.10-eksbuild.13',
    'coredns': 'v1.13.2-eksbuild.4',
    'aws-ebs-csi-driver': 'v1.58.0-eksbuild.1',
    'eks-pod-identity-agent': 'v1.3.10-eksbuild.3',
  },
  1.34: {
    'vpc-cni': 'v1.21.1-eksbuild.7',
    'kube-proxy': 'v1.34.6-eksbuild.13',
    'coredns': 'v1.13.2-eksbuild.11',
    'aws-ebs-csi-driver': 'v1.58.0-eksbuild.1',
    'eks-pod-identity-agent': 'v1.3.10-eksbuild.3',
  },
  1.35: {
    'vpc-cni': 'v1.21.1-eksbuild.7',
    'kube-proxy': 'v1.35.3-eksbuild.13',
    'coredns': 'v1.14.3-eksbuild.3',
    'aws-ebs-csi-driver': 'v1.58.0-eksbuild.1',
    'eks-pod-identity-agent': 'v1.3.10-eksbuild.3',
  },
};

// kube-proxy and coredns: the EKS user guide's version tables, read in the Japanese edition, the newest
// copy reachable (managing-kube-proxy: the latest build per minor; managing-coredns: 1.33 keeps the
// v1.13.2 build of the earlier table, which the newer one lists below). vpc-cni, the EBS CSI driver and
// the pod identity agent have no published per-version table: their cells are the builds reviewed on
// 2026-11-21 against `aws eks describe-addon-versions`, which this review could not repeat offline.
const EKS_ADDON_SOURCE = 'https://docs.aws.amazon.com/ja_jp/eks/latest/userguide/managing-kube-proxy.md';
const CHECKED = '2026-12-02';

/** The built-in add-on builds as catalogue facts, one per Kubernetes version. */
export const BUILT_IN_EKS_ADDON_VERSIONS: readonly EksAddOnVersionsFact[] = Object.entries(EKS_ADDON_VERSIONS).map(([kubernetesVersion, row]) => ({
  note: 'coredns from managing-coredns.md of the same edition; vpc-cni, aws-ebs-csi-driver and eks-pod-identity-agent as reviewed on 2026-11-21 ' +
    'with aws eks describe-addon-versions, not repeatable offline on 2026-12-02',
  kubernetesVersion,
  vpcCni: row['vpc-cni'],
  kubeProxy: row['kube-proxy'],
  coredns: row.coredns,
  awsEbsCsiDriver: row['aws-ebs-csi-driver'],
  eksPodIdentityAgent: row['eks-pod-identity-agent'],
  source: EKS_ADDON_SOURCE,
  checked: CHECKED,
}));

/** A fact's builds by add-on name, as the EKS API names the add-ons. */
export function eksAddOnBuilds(fact: EksAddOnVersionsFact): Record<EksAddonName, string> {
  return {
    'vpc-cni': fact.vpcCni,
    'kube-proxy': fact.kubeProxy,
    'coredns': fact.coredns,
    'aws-ebs-csi-driver': fact.awsEbsCsiDriver,
    'eks-pod-identity-agent': fact.eksPodIdentityAgent,
  };
}
