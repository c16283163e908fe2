import { FleetTesting, TaintEffect } from '../../src';
import { addAws, emptyFleet, errorOf, resourceOf, resourcesOf } from '../support/fixtures';

function synthAws(extra: object = {}) {
  const { app, fleet } = emptyFleet();
  addAws(fleet, 'prod', 'us-east-1', '10.10.0.0/16', extra);
  return FleetTesting.synth(app).stacks['aws-us-east-1'];
}

describe('AwsCluster', () => {
  test('the control plane is private, API-authenticated, logs everything, and protected from deletion', () => {
    const eks = resourceOf(synthAws(), 'aws_eks_cluster');
    expect(eks.name).toBe('prod');
    expect(eks.version).toBe('1.34');
    expect(eks.vpc_config).toMatchObject({ endpoint_private_access: true, endpoint_public_access: false });
    expect(eks.access_config).toEqual({ authentication_mode: 'API', bootstrap_cluster_creator_admin_permissions: false });
    expect(eks.enabled_cluster_log_types).toEqual(['api', 'audit', 'authenticator', 'controllerManager', 'scheduler']);
    expect(eks.deletion_protection).toBe(true);
  });

  test('a disposable cluster may be deleted', () => {
    expect(resourceOf(synthAws({ disposable: true }), 'aws_eks_cluster').deletion_protection).toBe(false);
  });

  test('the VPC is split over three zones: private quarters for nodes, public subnets in the last quarter', () => {
    const stack = synthAws();
    expect(resourceOf(stack, 'aws_vpc')).toMatchObject({ cidr_block: '10.10.0.0/16', enable_dns_hostnames: true, enable_dns_support: true });
    const subnets = resourcesOf(stack, 'aws_subnet').map((s) => [s.availability_zone, s.cidr_block, s.tags['kubernetes.io/role/elb'] ? 'public' : 'private']);
    expect(subnets).toEqual([
      ['us-east-1a', '10.10.0.0/18', 'private'],
      ['us-east-1b', '10.10.64.0/18', 'private'],
      ['us-east-1c', '10.10.128.0/18', 'private'],
      ['us-east-1a', '10.10.192.0/20', 'public'],
      ['us-east-1b', '10.10.208.0/20', 'public'],
      ['us-east-1c', '10.10.224.0/20', 'public'],
    ]);
    const eks = resourceOf(stack, 'aws_eks_cluster');
    expect(eks.vpc_config.subnet_ids).toHaveLength(3);
    expect(eks.vpc_config.subnet_ids.every((id: string) => id.includes('private'))).toBe(true);
  });

  test('a VPC smaller than /20 or larger than /16 is refused', () => {
    const { fleet } = emptyFleet();
    expect(errorOf(() => addAws(fleet, 'small', 'us-east-1', '10.10.0.0/22'))).toBe(
      "test/aws-us-east-1/small: 'cidr' must be a /16 to /20: pods take VPC addresses, and three private and three public subnets must fit, got \"10.10.0.0/22\". " +
      "Fix: use a range from /16 to /20, e.g. '10.10.0.0/16'");
    expect(errorOf(() => addAws(fleet, 'huge', 'us-east-1', '10.0.0.0/8'))).toContain("'cidr' must be a /16 to /20");
  });

  test('a region with fewer than two zones in the catalogue is refused', () => {
    const { fleet } = emptyFleet();
    // us-west-1 has two usable zones, which is enough; every catalogued region has >= 2.
    expect(() => addAws(fleet, 'west', 'us-west-1', '10.10.0.0/16')).not.toThrow();
  });

  test('one managed node group per pool with sizes, labels, taints and the control plane version', () => {
    const stack = synthAws({
      nodePools: [
        { name: 'general', size: 'm6i.large', min: 2, max: 6, desired: 3 },
        { name: 'batch', size: 'c6i.xlarge', min: 0, max: 4, labels: { workload: 'batch' }, taints: [{ key: 'workload', value: 'batch', effect: TaintEffect.NO_EXECUTE }] },
      ],
    });
    const byName = Object.fromEntries(resourcesOf(stack, 'aws_eks_node_group').map((g) => [g.node_group_name, g]));
    expect(Object.keys(byName).sort()).toEqual(['batch', 'general']);
    const groups = [byName.general, byName.batch];
    expect(groups[0]).toMatchObject({
      instance_types: ['m6i.large'],
      scaling_config: { min_size: 2, max_size: 6, desired_size: 3 },
      capacity_type: 'ON_DEMAND',
      version: '1.34',
      update_config: { max_unavailable: 1 },
      lifecycle: { ignore_changes: ['scaling_config[0].desired_size'] },
    });
    expect(groups[1].labels).toEqual({ 'workload': 'batch', 'fleet.cdk-fleet.io/pool': 'batch' });
    expect(groups[1].taint).toEqual([{ key: 'workload', value: 'batch', effect: 'NO_EXECUTE' }]);
  });

  test('cluster and node roles trust only their AWS service and carry the managed policies EKS needs', () => {
    const stack = synthAws();
    const roles = resourcesOf(stack, 'aws_iam_role');
    const trust = roles.map((r) => [r.name, JSON.parse(r.assume_role_policy).Statement[0].Principal.Service]);
    expect(trust).toEqual([['prod-eks-cluster', 'eks.amazonaws.com'], ['prod-eks-node', 'ec2.amazonaws.com']]);
    expect(resourcesOf(stack, 'aws_iam_role_policy_attachment').map((a) => a.policy_arn.split('/').pop()).sort()).toEqual(
      ['AmazonEC2ContainerRegistryReadOnly', 'AmazonEKSClusterPolicy', 'AmazonEKSWorkerNodePolicy', 'AmazonEKS_CNI_Policy']);
  });
});
