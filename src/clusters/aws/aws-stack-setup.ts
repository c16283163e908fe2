import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { S3Backend, TerraformStack } from 'cdktf';
import type { AwsStateBackendOptions } from '../../fleet/state-backend';

/** What an AWS region stack needs from the fleet. */
export interface AwsStackSetup {
  readonly region: string;
  readonly stateKey: string;
  readonly backend: AwsStateBackendOptions;
  readonly defaultTags: { [key: string]: string };
  /** The only account the provider may act in. */
  readonly accountId?: string;
}

/**
 * The oldest Terraform whose S3 backend locks with a lock file next to the
 * state (`use_lockfile`); DynamoDB locking is deprecated
 * (https://developer.hashicorp.com/terraform/language/backend/s3, "State Locking").
 */
export const TERRAFORM_S3_LOCKFILE_VERSION = '>= 1.10';

/**
 * Configures an AWS region stack: the provider for its region with the
 * fleet's default tags, and an S3 state backend that is encrypted and
 * locked by S3 itself. A DynamoDB table, when the fleet still names one,
 * locks as well: Terraform takes both locks, which lets runs of the old
 * and the new configuration exclude each other while a team migrates.
 */
export function setUpAwsStack(stack: TerraformStack, setup: AwsStackSetup): void {
  new AwsProvider(stack, 'aws', {
    region: setup.region,
    defaultTags: [{ tags: setup.defaultTags }],
    allowedAccountIds: setup.accountId ? [setup.accountId] : undefined,
  });
  new S3Backend(stack, {
    bucket: setup.backend.bucket,
    region: setup.backend.region,
    key: setup.stateKey,
    encrypt: true,
    kmsKeyId: setup.backend.kmsKeyArn,
    dynamodbTable: setup.backend.lockTable,
    ...(setup.backend.roleArn ? { assumeRole: { roleArn: setup.backend.roleArn } } : {}),
  });
  // cdktf 0.21's S3Backend predates Terraform's native S3 locking.
  stack.addOverride('terraform.backend.s3.use_lockfile', true);
  stack.addOverride('terraform.required_version', TERRAFORM_S3_LOCKFILE_VERSION);
}
