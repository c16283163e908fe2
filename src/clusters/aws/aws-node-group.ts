import { DataAwsSsmParameter } from '@cdktf/provider-aws/lib/data-aws-ssm-parameter';
import { EksNodeGroup } from '@cdktf/provider-aws/lib/eks-node-group';
import { LaunchTemplate } from '@cdktf/provider-aws/lib/launch-template';
import { Construct } from 'constructs';
import { EksAmiType, eksRecommendedReleaseParameter } from '../catalogue/eks-ami-types';
import { NodePoolSpec, TaintEffect } from '../node-pool';

/** EKS's spelling of taint effects. */
const EKS_TAINT_EFFECT: Record<TaintEffect, string> = {
  [TaintEffect.NO_SCHEDULE]: 'NO_SCHEDULE',
  [TaintEffect.PREFER_NO_SCHEDULE]: 'PREFER_NO_SCHEDULE',
  [TaintEffect.NO_EXECUTE]: 'NO_EXECUTE',
};

/** What one node group needs from its cluster. */
export interface AwsNodeGroupProps {
  readonly pool: NodePoolSpec;
  /** The AL2023 AMI type for the pool's instance family. */
  readonly amiType: EksAmiType;
  readonly clusterName: string;
  readonly kubernetesVersion: string;
  readonly nodeRoleArn: string;
  readonly subnetIds: string[];
  readonly kmsKeyArn: string;
  readonly tags: { [key: string]: string };
  readonly dependsOn: any[];
}

/**
 * One node pool on EKS: a launch template that hardens the instances
 * (IMDSv2 only, hop limit 1 so pods cannot borrow the node's credentials,
 * encrypted gp3 root volume with the cluster key) and a managed node group
 * that follows the control plane's version and EKS's recommended AMI
 * release for it.
 *
 * With a launch template that names no image, EKS picks the newest AMI at
 * creation and never moves it; pinning `release_version` to the SSM
 * parameter of the recommended release makes every plan after a new AMI
 * show the rolling update (node OS patches), as terraform-aws-eks does.
 */
export class AwsNodeGroup extends Construct {
  public readonly launchTemplate: LaunchTemplate;
  public readonly nodeGroup: EksNodeGroup;

  constructor(scope: Construct, id: string, props: AwsNodeGroupProps) {
    super(scope, id);
    const { pool } = props;
    const nodeTags = { ...props.tags, 'Name': `${props.clusterName}-${pool.name}`, 'fleet-pool': pool.name };

    this.launchTemplate = new LaunchTemplate(this, 'launch-template', {
      // A prefix: the node group is created before the one it replaces, and
      // so is its template, which a fixed name would make fail (AlreadyExists).
      namePrefix: `${props.clusterName}-${pool.name}-`,
      description: `Nodes of pool ${pool.name} in EKS cluster ${props.clusterName}`,
      updateDefaultVersion: true,
      metadataOptions: {
        httpEndpoint: 'enabled',
        httpTokens: 'required',
        httpPutResponseHopLimit: pool.imdsHopLimit,
      },
      blockDeviceMappings: [{
        deviceName: '/dev/xvda',
        ebs: {
          volumeType: 'gp3',
          volumeSize: pool.diskSizeGiB,
          encrypted: 'true',
          kmsKeyId: props.kmsKeyArn,
          deleteOnTermination: 'true',
        },
      }],
      tagSpecifications: [
        { resourceType: 'instance', tags: nodeTags },
        { resourceType: 'volume', tags: nodeTags },
        { resourceType: 'network-interface', tags: nodeTags },
      ],
      tags: props.tags,
      lifecycle: { createBeforeDestroy: true },
    });

    const recommendedRelease = new DataAwsSsmParameter(this, 'recommended-ami-release', {
      name: eksRecommendedReleaseParameter(props.kubernetesVersion, props.amiType),
    });

    this.nodeGroup = new EksNodeGroup(this, 'node-group', {
      clusterName: props.clusterName,
      // A prefix, not a fixed name: changes that replace the group (instance
      // type, capacity type) bring up the new group before the old one goes.
      nodeGroupNamePrefix: `${pool.name}-`,
      amiType: props.amiType.amiType,
      // A String parameter: its value is not secret, and the plan should show the release it rolls to.
      releaseVersion: recommendedRelease.insecureValue,
      nodeRoleArn: props.nodeRoleArn,
      subnetIds: props.subnetIds,
      instanceTypes: [pool.size],
      capacityType: pool.spot ? 'SPOT' : 'ON_DEMAND',
      version: props.kubernetesVersion,
      launchTemplate: { id: this.launchTemplate.id, version: this.launchTemplate.latestVersion.toString() },
      scalingConfig: { minSize: pool.min, maxSize: pool.max, desiredSize: pool.desired },
      updateConfig: { maxUnavailable: pool.maxUnavailable },
      labels: { ...pool.labels, 'fleet.cdk-fleet.io/pool': pool.name },
      taint: pool.taints.map((t) => ({ key: t.key, value: t.value, effect: EKS_TAINT_EFFECT[t.effect] })),
      tags: props.tags,
      // The cluster autoscaler owns the node count once the group exists.
      lifecycle: { ignoreChanges: ['scaling_config[0].desired_size'], createBeforeDestroy: true },
      dependsOn: props.dependsOn,
    });
  }
}
