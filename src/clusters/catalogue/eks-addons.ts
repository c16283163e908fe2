import { supportedKubernetesVersions } from './kubernetes-versions';
import { Cloud } from '../cloud';

/** The EKS managed add-ons every cluster runs. */
export type EksAddonName = 'vpc-cni' | 'kube-proxy' | 'coredns' | 'aws-ebs-csi-driver' | 'eks-pod-identity-agent';

/**
 * EKS managed add-on versions per Kubernetes minor version: one reviewed
 * table, no look-ups at synth time. Updated by pull request; before
 * changing a cell, check it with
 * `aws eks describe-addon-versions --addon-name <name> --kubernetes-version <v>`.
 *
 * Last reviewed 2026-11-21. vpc-cni, coredns and kube-proxy follow the EKS
 * user guide's version tables (managing-vpc-cni, managing-coredns,
 * managing-kube-proxy); aws-ebs-csi-driver and eks-pod-identity-agent have no
 * published table and one build serves every version here, as
 * `describe-addon-versions` lists it compatible with 1.31–1.35. All cells are
 * one snapshot, so the set has been applied together. AWS publishes newer
 * builds regularly; moving to them is a reviewed change like any other.
 */
const EKS_ADDON_VERSIONS: Record<string, Record<EksAddonName, string>> = {
  1.31: {
    'vpc-cni': 'v1.21.1-eksbuild.7',
    'kube-proxy': 'v1.31.14-eksbuild.9',
    'coredns': 'v1.11.4-eksbuild.33',
    'aws-ebs-csi-driver': 'v1.58.0-eksbuild.1',
    'eks-pod-identity-agent': 'v1.3.10-eksbuild.3',
  },
  1.32: {
    'vpc-cni': 'v1.21.1-eksbuild.7',
    'kube-proxy': 'v1.32.13-eksbuild.5',
    'coredns': 'v1.11.4-eksbuild.33',
    'aws-ebs-csi-driver': 'v1.58.0-eksbuild.1',
    'eks-pod-identity-agent': 'v1.3.10-eksbuild.3',
  },
  1.33: {
    'vpc-cni': 'v1.21.1-eksbuild.7',
    'kube-proxy': 'v1.33.10-eksbuild.2',
    'coredns': 'v1.13.2-eksbuild.4',
    'aws-ebs-csi-driver': 'v1.58.0-eksbuild.1',
    'eks-pod-identity-agent': 'v1.3.10-eksbuild.3',
  },
  1.34: {
    'vpc-cni': 'v1.21.1-eksbuild.7',
    'kube-proxy': 'v1.34.6-eksbuild.2',
    'coredns': 'v1.13.2-eksbuild.4',
    'aws-ebs-csi-driver': 'v1.58.0-eksbuild.1',
    'eks-pod-identity-agent': 'v1.3.10-eksbuild.3',
  },
  1.35: {
    'vpc-cni': 'v1.21.1-eksbuild.7',
    'kube-proxy': 'v1.35.3-eksbuild.2',
    'coredns': 'v1.13.2-eksbuild.4',
    'aws-ebs-csi-driver': 'v1.58.0-eksbuild.1',
    'eks-pod-identity-agent': 'v1.3.10-eksbuild.3',
  },
};

/**
 * The pinned add-on versions for an EKS Kubernetes version. Every version the
 * EKS catalogue accepts has a row (a test holds the two catalogues together),
 * so a miss here is a catalogue bug, not user input.
 */
export function eksAddonVersions(kubernetesVersion: string): Record<EksAddonName, string> {
  const row = EKS_ADDON_VERSIONS[kubernetesVersion];
  if (!row) {
    const known = supportedKubernetesVersions(Cloud.AWS).map((v) => v.version).join(', ');
    throw new Error(`The EKS add-on catalogue has no row for Kubernetes ${kubernetesVersion} (EKS versions: ${known}); add one to src/clusters/catalogue/eks-addons.ts`);
  }
  return row;
}

/** Kubernetes versions the add-on catalogue covers. */
export function eksAddonCatalogueVersions(): string[] {
  return Object.keys(EKS_ADDON_VERSIONS);
}
