import { awsWorkloadRoleName, FleetTesting } from '../../src';
import { addAws, emptyFleet, errorOf, resourcesOf } from '../support/fixtures';

const ACCOUNT = '111122223333';

function fleetWithEks(props: object = { awsAccountId: ACCOUNT }) {
  const { app, fleet } = emptyFleet(props);
  const cluster = addAws(fleet, 'prod', 'us-east-1', '10.10.0.0/16');
  return { app, fleet, cluster };
}

function workloadRole(stack: any, name: string): any {
  const role = resourcesOf(stack, 'aws_iam_role').find((r) => r.name === name);
  if (!role) {
    throw new Error(`no role ${name}`);
  }
  return role;
}

describe('AwsCluster.bindWorkloadIdentity', () => {
  test('the role trusts exactly one service account through the cluster\'s OIDC provider', () => {
    const { app, cluster } = fleetWithEks();
    cluster.bindWorkloadIdentity({ namespace: 'external-dns', serviceAccount: 'external-dns', policyArns: ['arn:aws:iam::aws:policy/AmazonRoute53ReadOnlyAccess'] });
    const stack = FleetTesting.synth(app).stacks['aws-us-east-1'];

    const role = workloadRole(stack, 'prod-external-dns-external-dns');
    const trustRef = role.assume_role_policy.match(/^\$\{data\.aws_iam_policy_document\.([\w-]+)\.json\}$/);
    expect(trustRef).not.toBeNull();
    const trust = stack.data.aws_iam_policy_document[trustRef[1]];
    // The cluster has exactly one EKS cluster and one OIDC provider; the trust names those.
    const [eksId] = Object.keys(stack.resource.aws_eks_cluster);
    const [providerId] = Object.keys(stack.resource.aws_iam_openid_connect_provider);
    expect(Object.keys(stack.resource.aws_eks_cluster)).toHaveLength(1);
    expect(Object.keys(stack.resource.aws_iam_openid_connect_provider)).toHaveLength(1);
    const issuer = `\${replace(aws_eks_cluster.${eksId}.identity[0].oidc[0].issuer, "https://", "")}`;
    expect(trust.statement).toEqual([{
      effect: 'Allow',
      actions: ['sts:AssumeRoleWithWebIdentity'],
      principals: [{ type: 'Federated', identifiers: [`\${aws_iam_openid_connect_provider.${providerId}.arn}`] }],
      condition: [
        { test: 'StringEquals', variable: `${issuer}:sub`, values: ['system:serviceaccount:external-dns:external-dns'] },
        { test: 'StringEquals', variable: `${issuer}:aud`, values: ['sts.amazonaws.com'] },
      ],
    }]);
  });

  test('returns the role-arn annotation with the literal ARN of the role it creates', () => {
    const { cluster } = fleetWithEks();
    const binding = cluster.bindWorkloadIdentity({ namespace: 'velero', serviceAccount: 'velero' });
    expect(binding).toEqual({
      namespace: 'velero',
      serviceAccount: 'velero',
      serviceAccountAnnotations: { 'eks.amazonaws.com/role-arn': 'arn:aws:iam::111122223333:role/prod-velero-velero' },
      podLabels: {},
      identity: 'arn:aws:iam::111122223333:role/prod-velero-velero',
    });
  });

  test('policy ARNs are attached and statements become one inline policy', () => {
    const { app, cluster } = fleetWithEks();
    cluster.bindWorkloadIdentity({
      namespace: 'apps',
      serviceAccount: 'uploader',
      policyArns: ['arn:aws:iam::111122223333:policy/uploads', 'arn:aws:iam::aws:policy/AmazonSQSReadOnlyAccess'],
      policyStatements: [{ actions: ['s3:PutObject'], resources: ['arn:aws:s3:::uploads/*'] }, { effect: 'Deny', actions: ['s3:DeleteObject'], resources: ['*'] }],
    });
    const stack = FleetTesting.synth(app).stacks['aws-us-east-1'];
    const roleRef = (r: any) => typeof r.role === 'string' && r.role.includes('workload-identity-apps-uploader');
    expect(resourcesOf(stack, 'aws_iam_role_policy_attachment').filter(roleRef).map((a) => a.policy_arn)).toEqual(
      ['arn:aws:iam::111122223333:policy/uploads', 'arn:aws:iam::aws:policy/AmazonSQSReadOnlyAccess']);
    const inline = resourcesOf(stack, 'aws_iam_role_policy').filter(roleRef);
    expect(inline).toHaveLength(1);
    expect(JSON.parse(inline[0].policy).Statement).toEqual([
      { Effect: 'Allow', Action: ['s3:PutObject'], Resource: ['arn:aws:s3:::uploads/*'] },
      { Effect: 'Deny', Action: ['s3:DeleteObject'], Resource: ['*'] },
    ]);
  });

  test('long role names are cut to IAM\'s 64 characters and stay unique', () => {
    const a = awsWorkloadRoleName('a-cluster-name-of-forty-characters-xxxxx', 'a-long-namespace', 'service-account-one');
    const b = awsWorkloadRoleName('a-cluster-name-of-forty-characters-xxxxx', 'a-long-namespace', 'service-account-two');
    expect(a).toHaveLength(64);
    expect(b).toHaveLength(64);
    expect(a).not.toBe(b);
    expect(a.startsWith('a-cluster-name-of-forty-characters-xxxxx-a-long-name')).toBe(true);
  });

  test('the AWS provider refuses accounts other than the fleet\'s', () => {
    const { app } = fleetWithEks();
    const stack = FleetTesting.synth(app).stacks['aws-us-east-1'];
    expect(stack.provider.aws[0].allowed_account_ids).toEqual([ACCOUNT]);
  });

  test('a rejected binding leaves nothing behind, and the service account can then be bound', () => {
    const { app, cluster } = fleetWithEks();
    expect(() => cluster.bindWorkloadIdentity({ namespace: 'apps', serviceAccount: 'api', policyArns: ['not-an-arn'] })).toThrow(/policyArns/);
    cluster.bindWorkloadIdentity({ namespace: 'apps', serviceAccount: 'api' });
    const stack = FleetTesting.synth(app).stacks['aws-us-east-1'];
    expect(resourcesOf(stack, 'aws_iam_role').filter((r) => r.name === 'prod-apps-api')).toHaveLength(1);
  });

  describe('bad input', () => {
    test('without the fleet\'s account id', () => {
      const { cluster } = fleetWithEks({});
      expect(errorOf(() => cluster.bindWorkloadIdentity({ namespace: 'apps', serviceAccount: 'api' }))).toBe(
        "test: 'awsAccountId' must be set to bind workload identities on EKS (prod: apps:api); the ServiceAccount annotation names the role ARN literally, got undefined. Fix: give the Fleet awsAccountId: '<12-digit account of the EKS clusters>'");
    });

    test('a malformed account id', () => {
      expect(errorOf(() => emptyFleet({ awsAccountId: '1111-2222-3333' }))).toBe(
        "test: 'awsAccountId' must be a 12-digit AWS account id, got \"1111-2222-3333\". Fix: use the account id as a string, e.g. '111122223333'");
    });

    test('a namespace or service account Kubernetes refuses', () => {
      const { cluster } = fleetWithEks();
      expect(errorOf(() => cluster.bindWorkloadIdentity({ namespace: 'Apps', serviceAccount: 'api' }))).toBe(
        "test/aws-us-east-1/prod: 'bindWorkloadIdentity.namespace' is not a Kubernetes namespace name, got \"Apps\". Fix: use a DNS label of at most 63 characters, e.g. 'external-dns'");
      expect(errorOf(() => cluster.bindWorkloadIdentity({ namespace: 'apps', serviceAccount: 'api_server' }))).toBe(
        "test/aws-us-east-1/prod: 'bindWorkloadIdentity.serviceAccount' is not a Kubernetes service account name, got \"api_server\". Fix: use lower-case letters, digits, '-' and '.', e.g. 'external-dns'");
    });

    test('the same service account twice', () => {
      const { cluster } = fleetWithEks();
      cluster.bindWorkloadIdentity({ namespace: 'apps', serviceAccount: 'api' });
      expect(errorOf(() => cluster.bindWorkloadIdentity({ namespace: 'apps', serviceAccount: 'api' }))).toBe(
        "test/aws-us-east-1/prod: 'bindWorkloadIdentity' is already bound to a cloud identity on this cluster, got \"apps:api\". Fix: bind each service account once, with all the permissions it needs");
    });

    test('a policy ARN, an action, a resource or an effect IAM refuses', () => {
      const { cluster } = fleetWithEks();
      expect(errorOf(() => cluster.bindWorkloadIdentity({ namespace: 'a', serviceAccount: 'a', policyArns: ['AmazonS3ReadOnlyAccess'] }))).toBe(
        "test/aws-us-east-1/prod: 'bindWorkloadIdentity.policyArns' is not an IAM policy ARN, got \"AmazonS3ReadOnlyAccess\". Fix: use e.g. 'arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess' or 'arn:aws:iam::111122223333:policy/my-policy'");
      expect(errorOf(() => cluster.bindWorkloadIdentity({ namespace: 'b', serviceAccount: 'b', policyStatements: [{ actions: ['*'], resources: ['*'] }] }))).toBe(
        "test/aws-us-east-1/prod: 'bindWorkloadIdentity.policyStatements[0].actions' must list IAM actions as 'service:Action' (a bare '*' grants everything), got \"*\". Fix: name the actions the workload needs, e.g. ['s3:GetObject', 's3:PutObject']");
      expect(errorOf(() => cluster.bindWorkloadIdentity({ namespace: 'c', serviceAccount: 'c', policyStatements: [{ actions: ['s3:GetObject'], resources: ['my-bucket'] }] }))).toBe(
        "test/aws-us-east-1/prod: 'bindWorkloadIdentity.policyStatements[0].resources' must list resource ARNs (or '*' for actions without resource-level permissions), got \"my-bucket\". Fix: e.g. ['arn:aws:s3:::my-bucket/*']");
      expect(errorOf(() => cluster.bindWorkloadIdentity({ namespace: 'd', serviceAccount: 'd', policyStatements: [{ effect: 'allow', actions: ['s3:GetObject'], resources: ['*'] }] }))).toBe(
        "test/aws-us-east-1/prod: 'bindWorkloadIdentity.policyStatements[0].effect' must be 'Allow' or 'Deny', got \"allow\". Fix: leave it out for 'Allow'");
    });
  });
});
