import { EksAddon } from '@cdktf/provider-aws/lib/eks-addon';
import { ITerraformDependable } from 'cdktf';
import { Construct } from 'constructs';
import { AwsWorkloadIdentity } from './aws-workload-identity';
import type { EksAddonName } from '../catalogue/eks-addons';

/** What the managed add-ons need from their cluster. */
export interface AwsManagedAddOnsProps {
  readonly clusterName: string;
  /** The builds of each add-on for the cluster's Kubernetes version, from the catalogue. */
  readonly versions: { [name: string]: string };
  /** The EBS CSI controller's workload identity (kube-system/ebs-csi-controller-sa). */
  readonly ebsCsiIdentity: AwsWorkloadIdentity;
  readonly tags: { [key: string]: string };
}

/**
 * The EKS managed add-ons every cluster runs, pinned per Kubernetes version
 * in `catalogue/eks-addons.ts`. EKS installs self-managed copies of vpc-cni,
 * kube-proxy and coredns with a new cluster; creating the managed add-on
 * takes them over (conflicts on create are overwritten), and updates keep any
 * field someone changed on the cluster (`PRESERVE`) rather than fighting it.
 *
 * Networking and identity add-ons (`beforeNodes`) come up before the node
 * groups so that the first nodes join with them; coredns and the EBS CSI
 * driver run as pods and would sit degraded without nodes, so they follow
 * the node groups (`afterNodes`).
 */
export class AwsManagedAddOns extends Construct {
  /** vpc-cni, kube-proxy and eks-pod-identity-agent. */
  public readonly beforeNodes: EksAddon[];
  private readonly props: AwsManagedAddOnsProps;

  constructor(scope: Construct, id: string, props: AwsManagedAddOnsProps) {
    super(scope, id);
    this.props = props;
    this.beforeNodes = (['vpc-cni', 'kube-proxy', 'eks-pod-identity-agent'] as const).map((name) => this.addOn(name, []));
  }

  /** Adds the add-ons that run as pods on nodes, once the node groups exist. */
  public addAfterNodes(nodeGroups: ITerraformDependable[]): EksAddon[] {
    return [
      this.addOn('coredns', nodeGroups),
      // The driver's controller starts with its role's policies in place, or it
      // crash-loops on AccessDenied until they propagate.
      this.addOn('aws-ebs-csi-driver', [...nodeGroups, ...this.props.ebsCsiIdentity.policies], this.props.ebsCsiIdentity.role.arn),
    ];
  }

  private addOn(name: EksAddonName, dependsOn: ITerraformDependable[], serviceAccountRoleArn?: string): EksAddon {
    return new EksAddon(this, name, {
      clusterName: this.props.clusterName,
      addonName: name,
      addonVersion: this.props.versions[name],
      resolveConflictsOnCreate: 'OVERWRITE',
      resolveConflictsOnUpdate: 'PRESERVE',
      serviceAccountRoleArn,
      // The VPC CNI enforces NetworkPolicies only when asked: teams' namespaces rely on them.
      configurationValues: name === 'vpc-cni' ? JSON.stringify({ enableNetworkPolicy: 'true' }) : undefined,
      tags: this.props.tags,
      dependsOn: dependsOn.length > 0 ? dependsOn : undefined,
    });
  }
}
