import { DataAwsCallerIdentity } from '@cdktf/provider-aws/lib/data-aws-caller-identity';
import { DataAwsIamPolicyDocument } from '@cdktf/provider-aws/lib/data-aws-iam-policy-document';
import { DataAwsIamRoles } from '@cdktf/provider-aws/lib/data-aws-iam-roles';
import { DataAwsPartition } from '@cdktf/provider-aws/lib/data-aws-partition';
import { KmsAlias } from '@cdktf/provider-aws/lib/kms-alias';
import { KmsKey } from '@cdktf/provider-aws/lib/kms-key';
import { Fn, Op } from 'cdktf';
import { Construct } from 'constructs';

/** EC2 Auto Scaling's service-linked role, which encrypts node volumes with the key. */
const AUTO_SCALING_SERVICE_ROLE = 'AWSServiceRoleForAutoScaling';

/** The plan's message when the account has no Auto Scaling service-linked role yet. */
export const AUTO_SCALING_ROLE_MISSING =
  'This AWS account has no AWSServiceRoleForAutoScaling service-linked role yet, and KMS refuses a key policy that names a missing role. ' +
  'Create it once per account, then plan again: aws iam create-service-linked-role --aws-service-name autoscaling.amazonaws.com';

/** What the cluster key needs to know. */
export interface AwsClusterKeyProps {
  readonly clusterName: string;
  readonly region: string;
  /** Name of the control-plane log group the key encrypts. */
  readonly logGroupName: string;
  readonly disposable: boolean;
  readonly tags: { [key: string]: string };
}

/**
 * The cluster's customer-managed KMS key: envelope encryption of Kubernetes
 * secrets, the control-plane log group and the nodes' volumes. Rotation is
 * on; the key cannot be destroyed by Terraform unless the cluster is
 * disposable (losing it makes every secret and volume unreadable).
 */
export class AwsClusterKey extends Construct {
  public readonly key: KmsKey;
  public readonly alias: KmsAlias;
  public readonly accountId: string;
  public readonly partition: string;

  constructor(scope: Construct, id: string, props: AwsClusterKeyProps) {
    super(scope, id);
    const account = new DataAwsCallerIdentity(this, 'account');
    const partition = new DataAwsPartition(this, 'partition');
    this.accountId = account.accountId;
    this.partition = partition.partition;
    const arnPrefix = `arn:${partition.partition}`;
    // KMS refuses a key policy naming a principal that does not exist, and
    // EC2 Auto Scaling's service-linked role appears only with an account's
    // first Auto Scaling group, which the node groups would create after this
    // key (terraform-aws-eks#3013). The role is account-wide, so no region
    // stack may create it; the plan looks it up and stops with the fix instead.
    const autoScalingRole = new DataAwsIamRoles(this, 'autoscaling-service-role', {
      pathPrefix: '/aws-service-role/autoscaling.amazonaws.com/',
      nameRegex: `^${AUTO_SCALING_SERVICE_ROLE}$`,
    });
    const autoScalingRoleArn = `${arnPrefix}:iam::${account.accountId}:role/aws-service-role/autoscaling.amazonaws.com/${AUTO_SCALING_SERVICE_ROLE}`;

    const policy = new DataAwsIamPolicyDocument(this, 'policy', {
      statement: [
        {
          sid: 'AccountAdministersTheKeyThroughIam',
          principals: [{ type: 'AWS', identifiers: [`${arnPrefix}:iam::${account.accountId}:root`] }],
          actions: ['kms:*'],
          resources: ['*'],
        },
        {
          sid: 'ControlPlaneLogsEncryptWithTheKey',
          principals: [{ type: 'Service', identifiers: [`logs.${props.region}.amazonaws.com`] }],
          actions: ['kms:Encrypt*', 'kms:Decrypt*', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:Describe*'],
          resources: ['*'],
          condition: [{
            test: 'ArnEquals',
            variable: 'kms:EncryptionContext:aws:logs:arn',
            values: [`${arnPrefix}:logs:${props.region}:${account.accountId}:log-group:${props.logGroupName}`],
          }],
        },
        {
          // Node volumes are created by EC2 Auto Scaling on the node groups' behalf.
          sid: 'AutoScalingUsesTheKeyForNodeVolumes',
          principals: [{ type: 'AWS', identifiers: [autoScalingRoleArn] }],
          actions: ['kms:Encrypt', 'kms:Decrypt', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:DescribeKey'],
          resources: ['*'],
        },
        {
          sid: 'AutoScalingGrantsForAttachedVolumes',
          principals: [{ type: 'AWS', identifiers: [autoScalingRoleArn] }],
          actions: ['kms:CreateGrant'],
          resources: ['*'],
          condition: [{ test: 'Bool', variable: 'kms:GrantIsForAWSResource', values: ['true'] }],
        },
      ],
    });

    this.key = new KmsKey(this, 'key', {
      description: `EKS cluster ${props.clusterName}: Kubernetes secrets, control-plane logs, node volumes`,
      enableKeyRotation: true,
      deletionWindowInDays: props.disposable ? 7 : 30,
      policy: policy.json,
      tags: props.tags,
      lifecycle: {
        preventDestroy: !props.disposable,
        precondition: [{
          condition: Op.eq(Fn.lengthOf(autoScalingRole.arns), 1),
          errorMessage: AUTO_SCALING_ROLE_MISSING,
        }],
      },
    });
    this.alias = new KmsAlias(this, 'alias', { name: `alias/eks/${props.clusterName}`, targetKeyId: this.key.keyId });
  }
}
