import { EksCluster } from '@cdktf/provider-aws/lib/eks-cluster';
import { EksNodeGroup } from '@cdktf/provider-aws/lib/eks-node-group';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicyAttachment } from '@cdktf/provider-aws/lib/iam-role-policy-attachment';
import { Subnet } from '@cdktf/provider-aws/lib/subnet';
import { Vpc } from '@cdktf/provider-aws/lib/vpc';
import { Construct } from 'constructs';
import { subnetOf } from '../../_internal/cidr';
import { FleetError } from '../../_internal/fleet-error';
import { awsAvailabilityZones } from '../catalogue/regions';
import { Cloud } from '../cloud';
import { NodePoolSummary } from '../cluster';
import { ClusterBase, ClusterProps, placeCluster } from '../cluster-base';
import { NodePoolOptions, NodePoolSpec, resolveNodePools, TaintEffect } from '../node-pool';

/** Properties of an EKS cluster. */
export interface AwsClusterProps extends ClusterProps {
  /** AWS region, e.g. `us-east-1`. */
  readonly region: string;
  /** The VPC's IPv4 range, /16 to /20, unique in the fleet. */
  readonly cidr: string;
  /** Worker node pools (managed node groups). */
  readonly nodePools: NodePoolOptions[];
}

/** The five EKS control-plane log types; all are on. */
const CONTROL_PLANE_LOG_TYPES = ['api', 'audit', 'authenticator', 'controllerManager', 'scheduler'];
const AZ_COUNT = 3;
/** Largest and smallest VPC the subnet layout is designed for. */
const VPC_PREFIX = { min: 16, max: 20 };

/** EKS's spelling of taint effects. */
const EKS_TAINT_EFFECT: Record<TaintEffect, string> = {
  [TaintEffect.NO_SCHEDULE]: 'NO_SCHEDULE',
  [TaintEffect.PREFER_NO_SCHEDULE]: 'PREFER_NO_SCHEDULE',
  [TaintEffect.NO_EXECUTE]: 'NO_EXECUTE',
};

/**
 * An Amazon EKS cluster in its AWS region stack: VPC and subnets over three
 * availability zones, IAM roles, a private control plane with API
 * authentication and all control-plane logs, and one managed node group
 * per node pool.
 */
export class AwsCluster extends ClusterBase {
  /** The EKS cluster resource. */
  public readonly eksCluster: EksCluster;
  /** The cluster's VPC. */
  public readonly vpc: Vpc;
  private readonly pools: NodePoolSpec[];

  constructor(scope: Construct, id: string, props: AwsClusterProps) {
    const placement = placeCluster(scope, id, Cloud.AWS, props.region);
    super(placement.stack, id, props, { ...placement, cloud: Cloud.AWS, region: props.region, cidr: props.cidr });
    if (props.cidr === undefined) {
      throw FleetError.invalidProperty(this, 'cidr', props.cidr, 'is required', "give the VPC its own range, e.g. cidr: '10.10.0.0/16'");
    }
    this.pools = resolveNodePools(this, Cloud.AWS, props.nodePools);

    const prefix = Number(props.cidr.split('/')[1]);
    if (prefix > VPC_PREFIX.max || prefix < VPC_PREFIX.min) {
      throw FleetError.invalidProperty(this, 'cidr', props.cidr,
        `must be a /${VPC_PREFIX.min} to /${VPC_PREFIX.max}: pods take VPC addresses, and three private and three public subnets must fit`,
        `use a range from /${VPC_PREFIX.min} to /${VPC_PREFIX.max}, e.g. '${props.cidr.split('/')[0]}/${VPC_PREFIX.min}'`);
    }
    const zones = awsAvailabilityZones(props.region).slice(0, AZ_COUNT);
    if (zones.length < 2) {
      throw FleetError.invalidProperty(this, 'region', props.region, 'has fewer than 2 availability zones in the catalogue', 'choose a region with at least 2 zones');
    }

    const name = this.clusterName;
    this.vpc = new Vpc(this, 'vpc', {
      cidrBlock: props.cidr,
      enableDnsHostnames: true,
      enableDnsSupport: true,
      tags: { ...this.tags, Name: name },
    });
    // Layout: the range in quarters; three private quarters (one per zone) for
    // nodes and pods, the fourth split again for the public load-balancer subnets.
    const privateSubnets = zones.map((zone, i) => new Subnet(this, `private-${zone}`, {
      vpcId: this.vpc.id,
      availabilityZone: zone,
      cidrBlock: subnetOf(props.cidr, prefix + 2, i)!,
      tags: { ...this.tags, 'Name': `${name}-private-${zone}`, 'kubernetes.io/role/internal-elb': '1', [`kubernetes.io/cluster/${name}`]: 'shared' },
    }));
    const publicRange = subnetOf(props.cidr, prefix + 2, 3)!;
    zones.forEach((zone, i) => new Subnet(this, `public-${zone}`, {
      vpcId: this.vpc.id,
      availabilityZone: zone,
      cidrBlock: subnetOf(publicRange, prefix + 4, i)!,
      mapPublicIpOnLaunch: false,
      tags: { ...this.tags, 'Name': `${name}-public-${zone}`, 'kubernetes.io/role/elb': '1', [`kubernetes.io/cluster/${name}`]: 'shared' },
    }));

    const clusterRole = new IamRole(this, 'cluster-role', {
      name: `${name}-eks-cluster`,
      assumeRolePolicy: servicePrincipalTrust('eks.amazonaws.com', ['sts:AssumeRole', 'sts:TagSession']),
      tags: this.tags,
    });
    const clusterPolicy = new IamRolePolicyAttachment(this, 'cluster-policy', {
      role: clusterRole.name,
      policyArn: 'arn:aws:iam::aws:policy/AmazonEKSClusterPolicy',
    });

    this.eksCluster = new EksCluster(this, 'cluster', {
      name,
      version: this.kubernetesVersion,
      roleArn: clusterRole.arn,
      vpcConfig: {
        subnetIds: privateSubnets.map((s) => s.id),
        endpointPrivateAccess: true,
        endpointPublicAccess: false,
      },
      accessConfig: {
        authenticationMode: 'API',
        bootstrapClusterCreatorAdminPermissions: false,
      },
      enabledClusterLogTypes: CONTROL_PLANE_LOG_TYPES,
      deletionProtection: !this.disposable,
      tags: this.tags,
      dependsOn: [clusterPolicy],
    });

    const nodeRole = new IamRole(this, 'node-role', {
      name: `${name}-eks-node`,
      assumeRolePolicy: servicePrincipalTrust('ec2.amazonaws.com', ['sts:AssumeRole']),
      tags: this.tags,
    });
    const nodePolicies = ['AmazonEKSWorkerNodePolicy', 'AmazonEC2ContainerRegistryReadOnly', 'AmazonEKS_CNI_Policy']
      .map((policy) => new IamRolePolicyAttachment(this, `node-${policy}`, {
        role: nodeRole.name,
        policyArn: `arn:aws:iam::aws:policy/${policy}`,
      }));

    for (const pool of this.pools) {
      new EksNodeGroup(this, `pool-${pool.name}`, {
        clusterName: this.eksCluster.name,
        nodeGroupName: pool.name,
        nodeRoleArn: nodeRole.arn,
        subnetIds: privateSubnets.map((s) => s.id),
        instanceTypes: [pool.size],
        capacityType: 'ON_DEMAND',
        version: this.kubernetesVersion,
        scalingConfig: { minSize: pool.min, maxSize: pool.max, desiredSize: pool.desired },
        updateConfig: { maxUnavailable: 1 },
        labels: { ...pool.labels, 'fleet.cdk-fleet.io/pool': pool.name },
        taint: pool.taints.map((t) => ({ key: t.key, value: t.value, effect: EKS_TAINT_EFFECT[t.effect] })),
        tags: this.tags,
        // The cluster autoscaler owns the node count once the group exists.
        lifecycle: { ignoreChanges: ['scaling_config[0].desired_size'] },
        dependsOn: nodePolicies,
      });
    }
  }

  public get nodePools(): NodePoolSummary[] {
    return this.pools;
  }
}

function servicePrincipalTrust(service: string, actions: string[]): string {
  return JSON.stringify({
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Principal: { Service: service }, Action: actions }],
  });
}
