import type { AddOnContext } from './add-on';
import { AddOnRelease, HelmAddOn } from './helm-add-on';
import { Cloud } from '../clusters/cloud';
import type { ICluster } from '../clusters/cluster';

/**
 * The Kubernetes cluster autoscaler on EKS, discovering the cluster's node
 * groups by their tags and scaling them between each pool's min and max, as
 * its own workload identity. AKS scales its pools itself (autoscaling is on
 * in every pool), so the add-on applies to EKS only.
 */
export class ClusterAutoscaler extends HelmAddOn {
  public static readonly ID = 'cluster-autoscaler';

  constructor() {
    super({ id: ClusterAutoscaler.ID, conflictsWith: ['karpenter'] });
  }

  public appliesTo(cluster: ICluster): boolean {
    return cluster.cloud === Cloud.AWS;
  }

  protected releases(cluster: ICluster, _context: AddOnContext): AddOnRelease[] {
    const identity = cluster.bindWorkloadIdentity({
      namespace: 'kube-system',
      serviceAccount: 'cluster-autoscaler',
      policyStatements: [
        {
          actions: ['autoscaling:DescribeAutoScalingGroups', 'autoscaling:DescribeAutoScalingInstances', 'autoscaling:DescribeLaunchConfigurations',
            'autoscaling:DescribeScalingActivities', 'autoscaling:DescribeTags', 'ec2:DescribeImages', 'ec2:DescribeInstanceTypes',
            'ec2:DescribeLaunchTemplateVersions', 'ec2:GetInstanceTypesFromInstanceRequirements', 'eks:DescribeNodegroup'],
          resources: ['*'],
        },
        {
          actions: ['autoscaling:SetDesiredCapacity', 'autoscaling:TerminateInstanceInAutoScalingGroup'],
          resources: ['*'],
          conditions: [{ test: 'StringEquals', variable: `aws:ResourceTag/k8s.io/cluster-autoscaler/${cluster.clusterName}`, values: ['owned'] }],
        },
      ],
    });
    return [{
      name: this.id,
      namespace: 'kube-system',
      values: {
        cloudProvider: 'aws',
        awsRegion: cluster.region,
        autoDiscovery: { clusterName: cluster.clusterName },
        rbac: { serviceAccount: { name: 'cluster-autoscaler', annotations: identity.serviceAccountAnnotations } },
        extraArgs: { 'balance-similar-node-groups': true, 'skip-nodes-with-system-pods': false, 'expander': 'least-waste' },
        podDisruptionBudget: { maxUnavailable: 1 },
      },
    }];
  }
}
