/** Where AWS region stacks keep their Terraform state: S3, encrypted, with locking. */
export interface AwsStateBackendOptions {
  /** S3 bucket holding the state files. */
  readonly bucket: string;
  /** Region of the bucket. */
  readonly region: string;
  /**
   * A DynamoDB lock table, only while migrating away from it. State is
   * always locked by S3 itself (`use_lockfile`, Terraform >= 1.10); with a
   * table, Terraform also takes the DynamoDB lock, so runs still on the old
   * configuration and runs on this one exclude each other. Remove it once
   * every run uses this configuration: DynamoDB locking is deprecated.
   * @default - S3 native locking only
   * @deprecated DynamoDB state locking is deprecated by Terraform; use it only to migrate to S3 native locking.
   */
  readonly lockTable?: string;
  /** KMS key (ARN) that encrypts state objects. @default - the bucket's default encryption (SSE-S3) */
  readonly kmsKeyArn?: string;
  /** Role the backend assumes to reach the bucket. @default - the caller's credentials */
  readonly roleArn?: string;
  /** Prefix of every state key; the key is `<prefix>/<stack>.tfstate`. @default - the fleet name */
  readonly keyPrefix?: string;
}

/** Where Azure region stacks keep their Terraform state: a blob container, Entra ID auth. */
export interface AzureStateBackendOptions {
  /** Resource group of the storage account. */
  readonly resourceGroupName: string;
  /** Storage account holding the state blobs. */
  readonly storageAccountName: string;
  /** Blob container in that account. */
  readonly containerName: string;
  /** Subscription of the storage account. @default - the fleet's Azure subscription */
  readonly subscriptionId?: string;
  /** Prefix of every state key; the key is `<prefix>/<stack>.tfstate`. @default - the fleet name */
  readonly keyPrefix?: string;
}
