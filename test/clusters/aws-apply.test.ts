import { FleetTesting } from '../../src';
import { AUTO_SCALING_ROLE_MISSING } from '../../src/clusters/aws/aws-encryption';
import { addAws, emptyFleet, errorOf, resourceOf, resourcesOf } from '../support/fixtures';

/**
 * What EKS, IAM, KMS and S3 do when the synthesized stack is applied to a
 * fresh account, and on the day after: each test replays one rule of the
 * real system over the Terraform JSON.
 */
function synthAws(extra: object = {}) {
  const { app, fleet } = emptyFleet();
  addAws(fleet, 'prod', 'us-east-1', '10.10.0.0/16', extra);
  return FleetTesting.synth(app).stacks['aws-us-east-1'];
}

/** The first address in an expression: `${aws_x.name.attr}` → `aws_x.name`. */
function addressIn(reference: string): string {
  const match = /((?:data\.)?aws_[a-z0-9_]+\.[A-Za-z0-9_-]+)/.exec(reference);
  if (!match) {
    throw new Error(`no Terraform reference in ${reference}`);
  }
  return match[1];
}

function resourceAt(stack: any, address: string): any {
  const [first, ...rest] = address.split('.');
  const [type, name] = first === 'data' ? rest : [first, ...rest];
  const block = first === 'data' ? stack.data : stack.resource;
  return block?.[type]?.[name];
}

function addressesOf(stack: any, type: string): string[] {
  return Object.keys(stack.resource[type] ?? {}).map((name) => `${type}.${name}`);
}

describe('an EKS region stack applied to a fresh account', () => {
  test('KMS validates key-policy principals at creation: the Auto Scaling service-linked role is checked at plan, with the fix', () => {
    const stack = synthAws();
    const document = Object.values<any>(stack.data.aws_iam_policy_document).find((d) => d.statement?.some((s: any) => s.sid === 'AutoScalingUsesTheKeyForNodeVolumes'));
    const named = document.statement.flatMap((s: any) => s.principals.flatMap((p: any) => p.identifiers)).filter((id: string) => id.includes('AWSServiceRoleForAutoScaling'));
    expect(named.length).toBeGreaterThan(0);
    // Named in the policy, so the key must refuse to plan without it.
    const key = resourceOf(stack, 'aws_kms_key');
    expect(key.lifecycle.precondition).toHaveLength(1);
    const check = key.lifecycle.precondition[0];
    const lookup = resourceAt(stack, addressIn(check.condition));
    expect(lookup).toMatchObject({ path_prefix: '/aws-service-role/autoscaling.amazonaws.com/', name_regex: '^AWSServiceRoleForAutoScaling$' });
    expect(check.condition).toMatch(/^\$\{\(length\(tolist\(data\.aws_iam_roles\.[\w-]+\.arns\)\) == 1\)\}$/);
    expect(check.error_message).toBe(AUTO_SCALING_ROLE_MISSING);
    expect(check.error_message).toContain('aws iam create-service-linked-role --aws-service-name autoscaling.amazonaws.com');
    // The role is account-wide: no region stack may try to create it.
    expect(stack.resource.aws_iam_service_linked_role).toBeUndefined();
  });

  test('EKS installs no unmanaged add-ons: every one it would bootstrap is a managed add-on, and the setting never forces a rebuild', () => {
    const stack = synthAws();
    const eks = resourceOf(stack, 'aws_eks_cluster');
    expect(eks.bootstrap_self_managed_addons).toBe(false);
    expect(eks.lifecycle.ignore_changes).toEqual(expect.arrayContaining(['bootstrap_self_managed_addons']));
    const managed = resourcesOf(stack, 'aws_eks_addon').map((a) => a.addon_name);
    expect(managed).toEqual(expect.arrayContaining(['vpc-cni', 'kube-proxy', 'coredns']));
  });

  test('node groups follow the recommended AMI release of their AMI type and version, so a new AMI shows as a roll in the plan', () => {
    const stack = synthAws({ nodePools: [{ name: 'general', size: 'm6i.large' }, { name: 'arm', size: 'm7g.large' }] });
    for (const group of resourcesOf(stack, 'aws_eks_node_group')) {
      expect(group.release_version).toMatch(/^\$\{data\.aws_ssm_parameter\.[\w-]+\.insecure_value\}$/);
      const parameter = resourceAt(stack, addressIn(group.release_version));
      const variant = group.ami_type === 'AL2023_ARM_64_STANDARD' ? 'arm64' : 'x86_64';
      expect(parameter.name).toBe(`/aws/service/eks/optimized-ami/${group.version}/amazon-linux-2023/${variant}/standard/recommended/release_version`);
    }
    expect(resourcesOf(stack, 'aws_eks_node_group').map((g) => g.ami_type).sort()).toEqual(['AL2023_ARM_64_STANDARD', 'AL2023_x86_64_STANDARD']);
  });

  test('a replaced node group is created before the old one goes, so nothing it depends on may carry a fixed unique name', () => {
    const stack = synthAws();
    for (const group of resourcesOf(stack, 'aws_eks_node_group')) {
      expect(group.lifecycle.create_before_destroy).toBe(true);
      // Terraform makes every dependency of a create-before-destroy resource create-before-destroy too.
      const template = resourceAt(stack, addressIn(group.launch_template.id));
      expect(template.name).toBeUndefined();
      expect(template.name_prefix).toMatch(/-general-$/);
      expect(template.tag_specifications.map((t: any) => t.resource_type)).toEqual(['instance', 'volume', 'network-interface']);
    }
  });

  test('the node role\'s access entry is managed here, replaced with the role, and exists before any node group', () => {
    const stack = synthAws();
    const entries = Object.entries<any>(stack.resource.aws_eks_access_entry).filter(([, e]) => e.type === 'EC2_LINUX');
    expect(entries).toHaveLength(1);
    const [name, entry] = entries[0];
    const role = addressIn(entry.principal_arn);
    expect(resourceAt(stack, role).name).toBe('prod-eks-node');
    expect(entry.lifecycle.replace_triggered_by).toEqual([`${role}.unique_id`]);
    for (const group of resourcesOf(stack, 'aws_eks_node_group')) {
      expect(addressIn(group.node_role_arn)).toBe(role);
      expect(group.depends_on).toContain(`aws_eks_access_entry.${name}`);
    }
  });

  test('the EBS CSI add-on waits for every policy of its role; the bucket lifecycle waits for versioning', () => {
    const { app, fleet } = emptyFleet({ awsAccountId: '111122223333' });
    const cluster = addAws(fleet, 'prod', 'us-east-1', '10.10.0.0/16');
    cluster.backupStorage('velero');
    const stack = FleetTesting.synth(app).stacks['aws-us-east-1'];
    const csi = resourcesOf(stack, 'aws_eks_addon').find((a) => a.addon_name === 'aws-ebs-csi-driver');
    const role = addressIn(csi.service_account_role_arn);
    const rolePolicies = [...addressesOf(stack, 'aws_iam_role_policy_attachment'), ...addressesOf(stack, 'aws_iam_role_policy')]
      .filter((address) => addressIn(resourceAt(stack, address).role) === role);
    expect(rolePolicies).toHaveLength(2);
    expect(csi.depends_on).toEqual(expect.arrayContaining(rolePolicies));
    const lifecycle = resourceOf(stack, 'aws_s3_bucket_lifecycle_configuration');
    expect(lifecycle.rule[0].noncurrent_version_expiration).toBeDefined();
    expect(lifecycle.depends_on).toEqual(addressesOf(stack, 'aws_s3_bucket_versioning'));
  });

  test.each([
    ['m6i.large', 'AL2023_x86_64_STANDARD'],
    ['t3.medium', 'AL2023_x86_64_STANDARD'],
    ['m7g.large', 'AL2023_ARM_64_STANDARD'],
    ['a1.large', 'AL2023_ARM_64_STANDARD'],
    ['c7gn.xlarge', 'AL2023_ARM_64_STANDARD'],
    ['g5.xlarge', 'AL2023_x86_64_NVIDIA'],
    ['p5.48xlarge', 'AL2023_x86_64_NVIDIA'],
    ['g5g.xlarge', 'AL2023_ARM_64_NVIDIA'],
    ['inf2.xlarge', 'AL2023_x86_64_NEURON'],
    ['trn1.2xlarge', 'AL2023_x86_64_NEURON'],
  ])('%s boots the AMI type that carries its architecture and drivers: %s', (size, amiType) => {
    const stack = synthAws({ nodePools: [{ name: 'pool', size, capacity: { vcpus: 4, memoryGiB: 16 } }] });
    const group = resourceOf(stack, 'aws_eks_node_group');
    expect(group.ami_type).toBe(amiType);
    const variant = amiType.replace('AL2023_', '').replace('ARM_64', 'arm64').replace(/_/g, '/').toLowerCase().replace('x86/64', 'x86_64');
    expect(resourceAt(stack, addressIn(group.release_version)).name).toContain(`/amazon-linux-2023/${variant}/recommended/`);
  });

  test('an accelerated family no AMI type is documented for is refused with the families that are', () => {
    const { fleet } = emptyFleet();
    expect(errorOf(() => addAws(fleet, 'gaudi', 'us-east-1', '10.10.0.0/16', { nodePools: [{ name: 'ml', size: 'dl1.24xlarge', capacity: { vcpus: 96, memoryGiB: 768 } }] })))
      .toMatch(/^test\/aws-us-east-1\/gaudi: 'nodePools\[0\]\.size' is an instance family with accelerators or special hardware that no Amazon Linux 2023 EKS AMI type is known to serve, got "dl1\.24xlarge"\. Fix: use a general-purpose family, or one of the accelerated families EKS documents: g4dn, g5, g5g, .*trn2$/);
  });
});
