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
    expect(eks.version).toBe('1.35');
    expect(eks.vpc_config).toMatchObject({ endpoint_private_access: true, endpoint_public_access: false });
    expect(eks.access_config).toEqual({ authentication_mode: 'API', bootstrap_cluster_creator_admin_permissions: false });
    expect(eks.enabled_cluster_log_types).toEqual(['api', 'audit', 'authenticator', 'controllerManager', 'scheduler']);
    expect(eks.deletion_protection).toBe(true);
  });

  test('a disposable cluster may be deleted', () => {
    expect(resourceOf(synthAws({ disposable: true }), 'aws_eks_cluster').deletion_protection).toBe(false);
  });

  test('secrets are envelope-encrypted with a rotating customer key that Terraform may not destroy', () => {
    const stack = synthAws();
    const eks = resourceOf(stack, 'aws_eks_cluster');
    expect(eks.encryption_config).toEqual({ resources: ['secrets'], provider: { key_arn: expect.stringMatching(/^\$\{aws_kms_key\.prod_encryption_key_\w+\.arn\}$/) } });
    const key = resourceOf(stack, 'aws_kms_key');
    expect(key).toMatchObject({ enable_key_rotation: true, deletion_window_in_days: 30, lifecycle: { prevent_destroy: true } });
    expect(resourceOf(stack, 'aws_kms_alias').name).toBe('alias/eks/prod');
    const policy = resourceOf(stack, 'aws_iam_role_policy');
    expect(JSON.parse(policy.policy).Statement[0]).toMatchObject({ Action: expect.arrayContaining(['kms:Encrypt', 'kms:Decrypt']), Resource: expect.stringContaining('aws_kms_key.') });
  });

  test('a disposable cluster\'s key may be destroyed, and it gets one NAT gateway', () => {
    const stack = synthAws({ disposable: true });
    expect(resourceOf(stack, 'aws_kms_key')).toMatchObject({ deletion_window_in_days: 7, lifecycle: { prevent_destroy: false } });
    expect(resourcesOf(stack, 'aws_nat_gateway')).toHaveLength(1);
    expect(resourceOf(stack, 'aws_eks_cluster').upgrade_policy).toEqual({ support_type: 'STANDARD' });
  });

  test('control-plane logs go to a log group with retention, encrypted with the key, created before the cluster', () => {
    const stack = synthAws();
    const group = resourceOf(stack, 'aws_cloudwatch_log_group');
    expect(group).toMatchObject({ name: '/aws/eks/prod/cluster', retention_in_days: 365, kms_key_id: expect.stringContaining('aws_kms_key.') });
    expect(resourceOf(stack, 'aws_eks_cluster').depends_on).toEqual(expect.arrayContaining([expect.stringMatching(/^aws_cloudwatch_log_group\./)]));
    const keyPolicy = resourcesOf({ resource: stack.data }, 'aws_iam_policy_document').find((d) => d.statement[0].sid !== undefined);
    expect(keyPolicy.statement.map((s: any) => s.sid)).toEqual([
      'AccountAdministersTheKeyThroughIam', 'ControlPlaneLogsEncryptWithTheKey', 'AutoScalingUsesTheKeyForNodeVolumes', 'AutoScalingGrantsForAttachedVolumes',
    ]);
  });

  test('nodes: IMDSv2 only, hop limit 1, encrypted gp3 root volumes with the cluster key', () => {
    const template = resourceOf(synthAws(), 'aws_launch_template');
    expect(template.metadata_options).toEqual({ http_endpoint: 'enabled', http_tokens: 'required', http_put_response_hop_limit: 1 });
    expect(template.block_device_mappings).toEqual([{
      device_name: '/dev/xvda',
      ebs: { volume_type: 'gp3', volume_size: 50, encrypted: 'true', kms_key_id: expect.stringContaining('aws_kms_key.'), delete_on_termination: 'true' },
    }]);
  });

  test('a pool may opt in to IMDS hop limit 2, spot capacity and Graviton', () => {
    const stack = synthAws({ nodePools: [{ name: 'arm', size: 'm7g.large', min: 1, max: 3, spot: true, imdsHopLimit: 2 }] });
    expect(resourceOf(stack, 'aws_launch_template').metadata_options.http_put_response_hop_limit).toBe(2);
    expect(resourceOf(stack, 'aws_eks_node_group')).toMatchObject({ capacity_type: 'SPOT', ami_type: 'AL2023_ARM_64_STANDARD' });
  });

  test('the public endpoint is an opt-in with an allowlist, and never open to the internet', () => {
    const eks = resourceOf(synthAws({ publicAccessCidrs: ['203.0.113.0/24'] }), 'aws_eks_cluster');
    expect(eks.vpc_config).toMatchObject({ endpoint_private_access: true, endpoint_public_access: true, public_access_cidrs: ['203.0.113.0/24'] });
    const { fleet } = emptyFleet();
    expect(errorOf(() => addAws(fleet, 'open', 'us-east-1', '10.1.0.0/16', { publicAccessCidrs: ['0.0.0.0/0'] }))).toBe(
      "test/aws-us-east-1/open: 'publicAccessCidrs' opens the API endpoint to the whole internet, got \"0.0.0.0/0\". " +
      'Fix: list the ranges of your offices, VPN or CI runners, or leave publicAccessCidrs out for a private endpoint');
    expect(errorOf(() => addAws(fleet, 'bad', 'us-east-1', '10.2.0.0/16', { publicAccessCidrs: ['203.0.113.7/24'] }))).toContain(
      "'publicAccessCidrs' must be the network address of its range (host bits set), got \"203.0.113.7/24\"");
  });

  test('fleet and cluster admins get access entries with the cluster-admin policy', () => {
    const { app, fleet } = emptyFleet({ awsAdminRoleArns: ['arn:aws:iam::111122223333:role/platform-admin'] });
    addAws(fleet, 'prod', 'us-east-1', '10.10.0.0/16', { adminRoleArns: ['arn:aws:iam::111122223333:role/aws-reserved/sso.amazonaws.com/AWSReservedSSO_Admin_abc'] });
    const stack = FleetTesting.synth(app).stacks['aws-us-east-1'];
    expect(resourcesOf(stack, 'aws_eks_access_entry').filter((e) => e.type === 'STANDARD').map((e) => e.principal_arn).sort()).toEqual([
      'arn:aws:iam::111122223333:role/aws-reserved/sso.amazonaws.com/AWSReservedSSO_Admin_abc',
      'arn:aws:iam::111122223333:role/platform-admin',
    ]);
    expect(resourcesOf(stack, 'aws_eks_access_policy_association').map((a) => [a.policy_arn, a.access_scope])).toEqual([
      ['arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy', { type: 'cluster' }],
      ['arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy', { type: 'cluster' }],
    ]);
    expect(errorOf(() => addAws(fleet, 'x', 'us-east-1', '10.11.0.0/16', { adminRoleArns: ['platform-admin'] }))).toBe(
      "test/aws-us-east-1/x: 'adminRoleArns' is not an IAM role ARN, got \"platform-admin\". Fix: use arn:aws:iam::<12-digit account>:role/<name>, e.g. 'arn:aws:iam::111122223333:role/platform-admin'");
  });

  test('an IAM OIDC provider for workload identity, and outputs with stable names', () => {
    const stack = synthAws();
    expect(resourceOf(stack, 'aws_iam_openid_connect_provider')).toMatchObject({
      url: expect.stringMatching(/\.identity\[0\]\.oidc\[0\]\.issuer\}$/), client_id_list: ['sts.amazonaws.com'],
    });
    expect(Object.keys(stack.output).sort()).toEqual(['prod_certificate_authority', 'prod_endpoint', 'prod_name', 'prod_oidc_issuer_url', 'prod_oidc_provider_arn']);
  });

  test('private subnets route through a NAT gateway per zone; S3 traffic stays on a gateway endpoint', () => {
    const stack = synthAws();
    expect(resourcesOf(stack, 'aws_nat_gateway')).toHaveLength(3);
    expect(resourcesOf(stack, 'aws_internet_gateway')).toHaveLength(1);
    const routes = resourcesOf(stack, 'aws_route_table').map((t) => Object.keys(t.route[0]).filter((k) => k.endsWith('_id') && t.route[0][k]));
    expect(routes.flat().sort()).toEqual(['gateway_id', 'nat_gateway_id', 'nat_gateway_id', 'nat_gateway_id']);
    expect(resourceOf(stack, 'aws_vpc_endpoint')).toMatchObject({ service_name: 'com.amazonaws.us-east-1.s3', vpc_endpoint_type: 'Gateway' });
    expect(resourceOf(stack, 'aws_vpc_endpoint').route_table_ids).toHaveLength(3);
  });

  test('an existing VPC: no network is created and the cluster uses the given subnets', () => {
    const stack = synthAws({ existingNetwork: { vpcId: 'vpc-0123456789abcdef0', privateSubnetIds: ['subnet-0aaaaaaaaaaaaaaaa', 'subnet-0bbbbbbbbbbbbbbbb'] } });
    expect(resourcesOf(stack, 'aws_vpc')).toHaveLength(0);
    expect(resourceOf(stack, 'aws_eks_cluster').vpc_config.subnet_ids).toEqual(['subnet-0aaaaaaaaaaaaaaaa', 'subnet-0bbbbbbbbbbbbbbbb']);
    const { fleet } = emptyFleet();
    expect(errorOf(() => addAws(fleet, 'x', 'us-east-1', '10.1.0.0/16', { existingNetwork: { vpcId: 'vpc-0123456789abcdef0', privateSubnetIds: ['subnet-0aaaaaaaaaaaaaaaa'] } }))).toContain(
      "'existingNetwork.privateSubnetIds' must list at least 2 subnet ids in different zones");
    expect(errorOf(() => addAws(fleet, 'y', 'us-east-1', '10.2.0.0/16', { existingNetwork: { vpcId: 'my-vpc', privateSubnetIds: [] } }))).toContain("'existingNetwork.vpcId' is not a VPC id");
  });

  test('zones: 2 or 3 distinct zones of the region; log retention from CloudWatch\'s list', () => {
    const { fleet } = emptyFleet();
    expect(errorOf(() => addAws(fleet, 'x', 'us-east-1', '10.1.0.0/16', { availabilityZoneIds: ['use1-az1'] }))).toContain(
      "'availabilityZoneIds' must name 2 or 3 availability zones (fewer than 2 gives no zone redundancy)");
    expect(errorOf(() => addAws(fleet, 'y', 'us-east-1', '10.2.0.0/16', { availabilityZoneIds: ['use1-az1', 'use1-az3'] }))).toContain(
      "'availabilityZoneIds' must be distinct zone IDs of us-east-1 that EKS supports");
    expect(errorOf(() => addAws(fleet, 'z', 'us-east-1', '10.3.0.0/16', { logRetentionDays: 100 }))).toContain("'logRetentionDays' is not a CloudWatch Logs retention period, got 100");
  });

  test('the VPC is split over three zones: private quarters for nodes, public subnets in the last quarter', () => {
    const stack = synthAws();
    expect(resourceOf(stack, 'aws_vpc')).toMatchObject({ cidr_block: '10.10.0.0/16', enable_dns_hostnames: true, enable_dns_support: true });
    const subnets = resourcesOf(stack, 'aws_subnet').map((s) => [s.availability_zone_id, s.cidr_block, s.tags['kubernetes.io/role/elb'] ? 'public' : 'private']);
    expect(subnets).toEqual([
      ['use1-az1', '10.10.0.0/18', 'private'],
      ['use1-az2', '10.10.64.0/18', 'private'],
      ['use1-az4', '10.10.128.0/18', 'private'],
      ['use1-az1', '10.10.192.0/20', 'public'],
      ['use1-az2', '10.10.208.0/20', 'public'],
      ['use1-az4', '10.10.224.0/20', 'public'],
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
    // The suggestion is itself a valid network address.
    expect(errorOf(() => addAws(fleet, 'odd', 'us-east-1', '10.0.16.0/21'))).toContain("Fix: use a range from /16 to /20, e.g. '10.0.0.0/16'");
  });

  test('a region with two usable zones spreads over both', () => {
    const { app, fleet } = emptyFleet();
    addAws(fleet, 'west', 'us-west-1', '10.10.0.0/16');
    const subnets = resourcesOf(FleetTesting.synth(app).stacks['aws-us-west-1'], 'aws_subnet');
    expect([...new Set(subnets.map((s) => s.availability_zone_id))].sort()).toEqual(['usw1-az1', 'usw1-az3']);
    expect(subnets).toHaveLength(4);
  });

  test('one managed node group per pool with sizes, labels, taints and the control plane version', () => {
    const stack = synthAws({
      nodePools: [
        { name: 'general', size: 'm6i.large', min: 2, max: 6, desired: 3 },
        { name: 'batch', size: 'c6i.xlarge', min: 0, max: 4, labels: { workload: 'batch' }, taints: [{ key: 'workload', value: 'batch', effect: TaintEffect.NO_EXECUTE }] },
      ],
    });
    const byName = Object.fromEntries(resourcesOf(stack, 'aws_eks_node_group').map((g) => [g.node_group_name_prefix.replace(/-$/, ''), g]));
    expect(Object.keys(byName).sort()).toEqual(['batch', 'general']);
    const groups = [byName.general, byName.batch];
    expect(groups[0]).toMatchObject({
      instance_types: ['m6i.large'],
      scaling_config: { min_size: 2, max_size: 6, desired_size: 3 },
      capacity_type: 'ON_DEMAND',
      ami_type: 'AL2023_x86_64_STANDARD',
      version: '1.35',
      update_config: { max_unavailable: 1 },
      lifecycle: { ignore_changes: ['scaling_config[0].desired_size'], create_before_destroy: true },
    });
    expect(groups[1].labels).toEqual({ 'workload': 'batch', 'fleet.cdk-fleet.io/pool': 'batch' });
    expect(groups[1].taint).toEqual([{ key: 'workload', value: 'batch', effect: 'NO_EXECUTE' }]);
  });

  test('cluster and node roles trust only their AWS service and carry the managed policies EKS needs', () => {
    const stack = synthAws();
    // The third role is the EBS CSI driver's workload identity (tested with the managed add-ons).
    const roles = resourcesOf(stack, 'aws_iam_role').filter((r) => !r.name.endsWith('-ebs-csi-controller-sa'));
    const trust = roles.map((r) => [r.name, JSON.parse(r.assume_role_policy).Statement[0].Principal.Service]);
    expect(trust).toEqual([['prod-eks-cluster', 'eks.amazonaws.com'], ['prod-eks-node', 'ec2.amazonaws.com']]);
    expect(resourcesOf(stack, 'aws_iam_role_policy_attachment').map((a) => a.policy_arn.split('/').pop()).sort()).toEqual(
      ['AmazonEBSCSIDriverPolicy', 'AmazonEC2ContainerRegistryReadOnly', 'AmazonEKSClusterPolicy', 'AmazonEKSWorkerNodePolicy', 'AmazonEKS_CNI_Policy']);
  });

  test('EKS managed add-ons are pinned from the catalogue and take over without fighting existing configuration', () => {
    const stack = synthAws();
    const addons = resourcesOf(stack, 'aws_eks_addon');
    expect(addons.map((a) => [a.addon_name, a.addon_version]).sort()).toEqual([
      ['aws-ebs-csi-driver', 'v1.58.0-eksbuild.1'],
      ['coredns', 'v1.14.3-eksbuild.3'],
      ['eks-pod-identity-agent', 'v1.3.10-eksbuild.3'],
      ['kube-proxy', 'v1.35.3-eksbuild.13'],
      ['vpc-cni', 'v1.21.1-eksbuild.7'],
    ]);
    for (const addon of addons) {
      expect(addon).toMatchObject({ cluster_name: expect.stringMatching(/^\$\{aws_eks_cluster\./), resolve_conflicts_on_create: 'OVERWRITE', resolve_conflicts_on_update: 'PRESERVE' });
    }
  });

  test('networking add-ons exist before the nodes join; coredns and the EBS CSI driver wait for nodes', () => {
    const stack = synthAws();
    const addonRef = (name: string) => {
      const [id] = Object.entries(stack.resource.aws_eks_addon).find(([, a]: [string, any]) => a.addon_name === name)!;
      return `aws_eks_addon.${id}`;
    };
    const nodeGroup = resourceOf(stack, 'aws_eks_node_group');
    expect(nodeGroup.depends_on).toEqual(expect.arrayContaining([addonRef('vpc-cni'), addonRef('kube-proxy'), addonRef('eks-pod-identity-agent')]));
    const byName = (name: string) => resourcesOf(stack, 'aws_eks_addon').find((a) => a.addon_name === name);
    for (const name of ['coredns', 'aws-ebs-csi-driver']) {
      expect(byName(name).depends_on).toEqual(expect.arrayContaining([expect.stringMatching(/^aws_eks_node_group\./)]));
    }
    expect(byName('vpc-cni').depends_on).toBeUndefined();
  });

  test('the EBS CSI driver runs as its own workload identity that may use the cluster key', () => {
    const stack = synthAws();
    const ebs = resourcesOf(stack, 'aws_eks_addon').find((a) => a.addon_name === 'aws-ebs-csi-driver');
    const role = resourcesOf(stack, 'aws_iam_role').find((r) => r.name === 'prod-kube-system-ebs-csi-controller-sa');
    const [roleId] = Object.entries(stack.resource.aws_iam_role).find(([, r]: [string, any]) => r === role)!;
    expect(ebs.service_account_role_arn).toBe(`\${aws_iam_role.${roleId}.arn}`);
    const trustId = role.assume_role_policy.match(/aws_iam_policy_document\.([\w-]+)\.json/)[1];
    expect(stack.data.aws_iam_policy_document[trustId].statement[0].condition[0].values).toEqual(['system:serviceaccount:kube-system:ebs-csi-controller-sa']);
    const inline = resourcesOf(stack, 'aws_iam_role_policy').find((p) => p.role === `\${aws_iam_role.${roleId}.id}`);
    const statements = JSON.parse(inline.policy).Statement;
    expect(statements[1]).toEqual({
      Effect: 'Allow',
      Action: ['kms:CreateGrant', 'kms:ListGrants', 'kms:RevokeGrant'],
      Resource: [expect.stringMatching(/^\$\{aws_kms_key\.[\w-]+\.arn\}$/)],
      Condition: { Bool: { 'kms:GrantIsForAWSResource': ['true'] } },
    });
    expect(statements[0].Action).toContain('kms:GenerateDataKey*');
  });

  test('the default StorageClass is gp3, encrypted with the cluster key, bound where the pod lands', () => {
    const { app, fleet } = emptyFleet();
    addAws(fleet, 'prod', 'us-east-1', '10.10.0.0/16');
    const out = FleetTesting.synth(app);
    const classes = out.kubernetes.prod.filter((o: any) => o.kind === 'StorageClass');
    expect(classes).toEqual([expect.objectContaining({
      metadata: expect.objectContaining({ name: 'gp3-encrypted', annotations: { 'storageclass.kubernetes.io/is-default-class': 'true' } }),
      provisioner: 'ebs.csi.aws.com',
      parameters: { type: 'gp3', encrypted: 'true', kmsKeyId: 'alias/eks/prod' },
      reclaimPolicy: 'Delete',
      volumeBindingMode: 'WaitForFirstConsumer',
      allowVolumeExpansion: true,
    })]);
  });
});
