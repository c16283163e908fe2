import type { Fleet } from './fleet';
import { AwsStateBackendOptions, AzureStateBackendOptions } from './state-backend';
import { FleetError } from '../_internal/fleet-error';
import { GUID, ROLE_ARN } from '../_internal/rules';
import { Cloud } from '../clusters/cloud';

const KEY_PREFIX = /^[A-Za-z0-9._-]+(\/[A-Za-z0-9._-]+)*$/;

/**
 * Checks state backend settings when the fleet is created, so that a typo
 * fails at synth rather than at `terraform init` in a pipeline.
 */
export function validateStateBackends(fleet: Fleet, aws?: AwsStateBackendOptions, azure?: AzureStateBackendOptions): void {
  const fail = (prop: string, value: unknown, problem: string, fix: string) => {
    throw FleetError.invalidProperty(fleet, prop, value, problem, fix);
  };
  if (aws) {
    if (typeof aws.bucket !== 'string' || !/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(aws.bucket)) {
      fail('awsStateBackend.bucket', aws.bucket, 'is not an S3 bucket name (3–63 lower-case letters, digits, dots and hyphens)', "name the state bucket, e.g. 'acme-terraform-state'");
    }
    if (typeof aws.region !== 'string' || !fleet._catalogue.isKnownRegion(Cloud.AWS, aws.region)) {
      fail('awsStateBackend.region', aws.region, 'is not an AWS region in the catalogue', "give the bucket's region, e.g. 'us-east-1', or add the region to the Fleet's catalogue: { regions: [...] }");
    }
    if (aws.lockTable !== undefined && !/^[A-Za-z0-9_.-]{3,255}$/.test(aws.lockTable)) {
      fail('awsStateBackend.lockTable', aws.lockTable, 'is not a DynamoDB table name', 'use 3–255 letters, digits, _ . -, or leave it out for S3 native locking');
    }
    if (aws.kmsKeyArn !== undefined && !/^arn:aws(-[a-z]+)*:kms:[a-z0-9-]+:\d{12}:(key|alias)\/.+$/.test(aws.kmsKeyArn)) {
      fail('awsStateBackend.kmsKeyArn', aws.kmsKeyArn, 'is not a KMS key or alias ARN', 'use arn:aws:kms:<region>:<account>:key/<id>');
    }
    if (aws.roleArn !== undefined && (typeof aws.roleArn !== 'string' || !ROLE_ARN.test(aws.roleArn))) {
      fail('awsStateBackend.roleArn', aws.roleArn, 'is not an IAM role ARN', "use the role's ARN, e.g. 'arn:aws:iam::111122223333:role/terraform-state'");
    }
    if (aws.keyPrefix !== undefined && !KEY_PREFIX.test(aws.keyPrefix)) {
      fail('awsStateBackend.keyPrefix', aws.keyPrefix, 'must be a path of letters, digits and ._- without leading or trailing /', "use e.g. 'fleets/acme'");
    }
  }
  if (azure) {
    if (typeof azure.storageAccountName !== 'string' || !/^[a-z0-9]{3,24}$/.test(azure.storageAccountName)) {
      fail('azureStateBackend.storageAccountName', azure.storageAccountName, 'is not a storage account name (3–24 lower-case letters and digits)', "e.g. 'acmetfstate'");
    }
    if (typeof azure.containerName !== 'string' || !/^[a-z0-9](?!.*--)[a-z0-9-]{1,61}[a-z0-9]$/.test(azure.containerName)) {
      fail('azureStateBackend.containerName', azure.containerName, 'is not a blob container name (3–63 lower-case letters, digits and single hyphens)', "e.g. 'tfstate'");
    }
    if (typeof azure.resourceGroupName !== 'string' || !/^[-\w.()]{1,89}[-\w()]$/.test(azure.resourceGroupName)) {
      fail('azureStateBackend.resourceGroupName', azure.resourceGroupName, 'is not a resource group name', "e.g. 'rg-terraform-state'");
    }
    if (azure.subscriptionId !== undefined && !GUID.test(azure.subscriptionId)) {
      fail('azureStateBackend.subscriptionId', azure.subscriptionId, 'must be a subscription GUID', 'use the id of the subscription that holds the storage account');
    }
    if (azure.keyPrefix !== undefined && !KEY_PREFIX.test(azure.keyPrefix)) {
      fail('azureStateBackend.keyPrefix', azure.keyPrefix, 'must be a path of letters, digits and ._- without leading or trailing /', "use e.g. 'fleets/acme'");
    }
  }
}
