import { DataAwsIamPolicyDocument } from '@cdktf/provider-aws/lib/data-aws-iam-policy-document';
import { KmsAlias } from '@cdktf/provider-aws/lib/kms-alias';
import { KmsKey } from '@cdktf/provider-aws/lib/kms-key';
import { S3Bucket } from '@cdktf/provider-aws/lib/s3-bucket';
import { S3BucketLifecycleConfiguration } from '@cdktf/provider-aws/lib/s3-bucket-lifecycle-configuration';
import { S3BucketOwnershipControls } from '@cdktf/provider-aws/lib/s3-bucket-ownership-controls';
import { S3BucketPolicy } from '@cdktf/provider-aws/lib/s3-bucket-policy';
import { S3BucketPublicAccessBlock } from '@cdktf/provider-aws/lib/s3-bucket-public-access-block';
import { S3BucketServerSideEncryptionConfigurationA } from '@cdktf/provider-aws/lib/s3-bucket-server-side-encryption-configuration';
import { S3BucketVersioningA } from '@cdktf/provider-aws/lib/s3-bucket-versioning';
import { Construct } from 'constructs';
import { BackupStorage, BackupStorageProvider, ResolvedBackupStorageOptions } from '../backup-storage';

/** What a cluster's backup bucket needs to know. */
export interface AwsBackupStorageProps extends ResolvedBackupStorageOptions {
  readonly clusterName: string;
  /** The fleet's AWS account: bucket names are global, so the account makes them unique. */
  readonly accountId: string;
  readonly disposable: boolean;
  readonly tags: { [key: string]: string };
}

/**
 * A cluster's backup bucket, in the cluster's region or another one (the
 * AWS provider places each resource by its own `region`): its own KMS key
 * with rotation, versioning, every public access path blocked, bucket-owner
 * object ownership (no ACLs), TLS-only access, and a lifecycle that keeps
 * deleted or replaced objects `retentionDays` before removing them. The bucket
 * and key survive `terraform destroy` unless the cluster is disposable.
 */
export class AwsBackupStorage extends Construct {
  public readonly bucket: S3Bucket;
  public readonly key: KmsKey;
  private readonly bucketName: string;
  private readonly region: string;
  private readonly retentionDays: number;

  constructor(scope: Construct, id: string, props: AwsBackupStorageProps) {
    super(scope, id);
    const region = props.region;
    const keep = { preventDestroy: !props.disposable };
    this.key = new KmsKey(this, 'key', {
      region,
      description: `Backups of EKS cluster ${props.clusterName}`,
      enableKeyRotation: true,
      deletionWindowInDays: props.disposable ? 7 : 30,
      tags: props.tags,
      lifecycle: keep,
    });
    new KmsAlias(this, 'alias', { region, name: `alias/backup/${props.clusterName}`, targetKeyId: this.key.keyId });

    // The name is computed here, not read back from Terraform: the Kubernetes YAML names it literally.
    const bucketName = awsBackupBucketName(props.clusterName, props.accountId);
    this.bucket = new S3Bucket(this, 'bucket', {
      region,
      bucket: bucketName,
      forceDestroy: props.disposable,
      tags: props.tags,
      lifecycle: keep,
    });
    const bucket = this.bucket.id;
    new S3BucketOwnershipControls(this, 'ownership', { region, bucket, rule: { objectOwnership: 'BucketOwnerEnforced' } });
    const publicAccess = new S3BucketPublicAccessBlock(this, 'public-access', {
      region, bucket, blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: true,
    });
    const versioning = new S3BucketVersioningA(this, 'versioning', { region, bucket, versioningConfiguration: { status: 'Enabled' } });
    new S3BucketServerSideEncryptionConfigurationA(this, 'encryption', {
      region,
      bucket,
      rule: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: 'aws:kms', kmsMasterKeyId: this.key.arn }, bucketKeyEnabled: true }],
    });
    new S3BucketLifecycleConfiguration(this, 'lifecycle', {
      region,
      bucket,
      rule: [{
        // Current objects are never expired by age: the tools expire their own
        // backups, and a kopia repository (Velero) or a base backup's WAL keeps
        // old objects alive that new backups depend on. What the lifecycle
        // removes is what the tools deleted or replaced, after retentionDays.
        id: 'expire-deleted-backups',
        status: 'Enabled',
        filter: [{ prefix: '' }],
        expiration: [{ expiredObjectDeleteMarker: true }],
        noncurrentVersionExpiration: [{ noncurrentDays: props.retentionDays }],
        abortIncompleteMultipartUpload: [{ daysAfterInitiation: 7 }],
      }],
      // Rules on noncurrent versions need versioning on first: S3 may refuse
      // them, and the provider documents this dependency.
      dependsOn: [versioning],
    });
    const tlsOnly = new DataAwsIamPolicyDocument(this, 'tls-only', {
      statement: [{
        sid: 'DenyInsecureTransport',
        effect: 'Deny',
        principals: [{ type: '*', identifiers: ['*'] }],
        actions: ['s3:*'],
        resources: [this.bucket.arn, `${this.bucket.arn}/*`],
        condition: [{ test: 'Bool', variable: 'aws:SecureTransport', values: ['false'] }],
      }],
    });
    // After the public access block, which S3 checks every bucket policy against.
    new S3BucketPolicy(this, 'policy', { region, bucket, policy: tlsOnly.json, dependsOn: [publicAccess] });

    this.bucketName = bucketName;
    this.region = region;
    this.retentionDays = props.retentionDays;
  }

  /**
   * A prefix of the bucket for one tool, with statements that read and
   * write objects under `<location>/` only (and list key names), and use
   * the key; and statements that only read them.
   */
  public location(location: string): BackupStorage {
    return {
      provider: BackupStorageProvider.AWS_S3,
      region: this.region,
      bucket: this.bucketName,
      prefix: location,
      retentionDays: this.retentionDays,
      policyStatements: [
        // Listing shows key names only; tools check the bucket with an unprefixed
        // request and tell a missing object (404) from a forbidden one only with it.
        { actions: ['s3:GetBucketLocation', 's3:ListBucket', 's3:ListBucketMultipartUploads'], resources: [this.bucket.arn] },
        {
          actions: ['s3:GetObject', 's3:PutObject', 's3:DeleteObject', 's3:AbortMultipartUpload', 's3:ListMultipartUploadParts'],
          resources: [`${this.bucket.arn}/${location}/*`],
        },
        { actions: ['kms:Encrypt', 'kms:Decrypt', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:DescribeKey'], resources: [this.key.arn] },
      ],
      roleAssignments: [],
      readOnlyPolicyStatements: [
        { actions: ['s3:GetBucketLocation', 's3:ListBucket'], resources: [this.bucket.arn] },
        { actions: ['s3:GetObject'], resources: [`${this.bucket.arn}/${location}/*`] },
        { actions: ['kms:Decrypt', 'kms:DescribeKey'], resources: [this.key.arn] },
      ],
      readOnlyRoleAssignments: [],
    };
  }
}

/**
 * `<cluster>-backups-<account>`: S3 names are global, and the account id
 * keeps two fleets' clusters of the same name apart. At most 40 + 9 + 12
 * characters, within S3's 63.
 */
export function awsBackupBucketName(clusterName: string, accountId: string): string {
  return `${clusterName}-backups-${accountId}`;
}
