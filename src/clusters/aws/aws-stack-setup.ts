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
 * Configures an AWS region stack: the provider for its region with the
 * fleet's default tags, and an S3 state backend that is encrypted and locked.
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
  if (!setup.backend.lockTable) {
    // cdktf 0.21's S3Backend predates Terraform's native S3 locking.
    stack.addOverride('terraform.backend.s3.use_lockfile', true);
  }
}
