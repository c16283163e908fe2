import { createHash } from 'node:crypto';
import { StorageAccount } from '@cdktf/provider-azurerm/lib/storage-account';
import { StorageContainer } from '@cdktf/provider-azurerm/lib/storage-container';
import { StorageManagementPolicy } from '@cdktf/provider-azurerm/lib/storage-management-policy';
import { Construct } from 'constructs';
import { BackupStorage, BackupStorageProvider, ResolvedBackupStorageOptions } from '../backup-storage';

/** What a cluster's backup storage account needs to know. */
export interface AzureBackupStorageProps extends ResolvedBackupStorageOptions {
  readonly fleetName: string;
  readonly clusterName: string;
  readonly subscriptionId: string;
  /** The resource group (a Terraform reference, so the account waits for it). */
  readonly resourceGroupName: string;
  /** The same resource group's name as a literal, for the Kubernetes side. */
  readonly resourceGroupNameLiteral: string;
  /** Subnets whose workloads reach the account (through a `Microsoft.Storage.Global` service endpoint). */
  readonly subnetIds: string[];
  readonly disposable: boolean;
  readonly tags: { [key: string]: string };
}

/**
 * The most days blob and container soft delete keep deleted data ("between 1 and 365 days",
 * MicrosoftDocs/azure-docs articles/storage/blobs/soft-delete-blob-overview.md), and so the longest
 * `retentionDays` Azure backup storage can keep its promise for.
 */
export const AZURE_MAX_BACKUP_RETENTION_DAYS = 365;

/**
 * A cluster's backup storage account, in the cluster's region or another,
 * with a blob container per backup location:
 * Entra ID only (shared keys off), TLS 1.2, no public blobs, infrastructure
 * (double) encryption, geo-redundant unless the cluster is disposable, a
 * firewall that admits the cluster's node subnet only (Terraform manages
 * the account and its containers through Azure Resource Manager, with the
 * provider's storage data plane off, so it needs no way through),
 * blob versioning, and a deleted or replaced backup recoverable for at least
 * `retentionDays` after its deletion. Survives `terraform destroy` unless disposable.
 *
 * Azure's lifecycle counts a previous version's age from its creation, not
 * from the delete or overwrite that made it previous, so on its own it would
 * purge a deleted backup older than `retentionDays` at its next run. Soft
 * delete closes that gap: a version the lifecycle (or anyone) deletes is
 * soft-deleted, and the soft-delete clock starts at that deletion
 * (MicrosoftDocs/azure-docs articles/storage/blobs/lifecycle-management-policy-delete.md,
 * soft-delete-blob-overview.md). So a deleted backup is readable as a
 * previous version until `retentionDays` after it was written, then
 * restorable with Undelete Blob for `retentionDays` more: at least
 * `retentionDays` after the deletion, at most twice that. Permanent delete of
 * soft-deleted data stays off.
 */
export class AzureBackupStorage extends Construct {
  public readonly account: StorageAccount;
  private readonly props: AzureBackupStorageProps;
  private readonly accountName: string;

  constructor(scope: Construct, id: string, props: AzureBackupStorageProps) {
    super(scope, id);
    const name = azureBackupAccountName(props.fleetName, props.clusterName);
    this.account = new StorageAccount(this, 'account', {
      name,
      location: props.region,
      resourceGroupName: props.resourceGroupName,
      accountKind: 'StorageV2',
      accountTier: 'Standard',
      accountReplicationType: props.disposable ? 'LRS' : 'GRS',
      httpsTrafficOnlyEnabled: true,
      minTlsVersion: 'TLS1_2',
      allowNestedItemsToBePublic: false,
      sharedAccessKeyEnabled: false,
      defaultToOauthAuthentication: true,
      infrastructureEncryptionEnabled: true,
      crossTenantReplicationEnabled: false,
      networkRules: {
        defaultAction: 'Deny',
        bypass: ['AzureServices'],
        virtualNetworkSubnetIds: props.subnetIds,
      },
      blobProperties: {
        versioningEnabled: true,
        deleteRetentionPolicy: { days: props.retentionDays, permanentDeleteEnabled: false },
        containerDeleteRetentionPolicy: { days: props.retentionDays },
      },
      tags: props.tags,
      lifecycle: { preventDestroy: !props.disposable },
    });
    new StorageManagementPolicy(this, 'lifecycle', {
      storageAccountId: this.account.id,
      rule: [{
        // Current blobs are the tools' to expire; previous versions go
        // retentionDays after they were written, into soft delete (above).
        name: 'expire-deleted-backups',
        enabled: true,
        filters: { blobTypes: ['blockBlob'] },
        actions: { version: { deleteAfterDaysSinceCreation: props.retentionDays } },
      }],
    });

    this.props = props;
    this.accountName = name;
  }

  /**
   * A blob container of its own for one tool, named after the location,
   * with `Storage Blob Data Contributor` on that container only.
   */
  public location(location: string): BackupStorage {
    const container = new StorageContainer(this, `container-${location}`, {
      name: location,
      storageAccountId: this.account.id,
      containerAccessType: 'private',
    });
    return {
      provider: BackupStorageProvider.AZURE_BLOB,
      region: this.props.region,
      bucket: location,
      prefix: '',
      storageAccount: this.accountName,
      resourceGroup: this.props.resourceGroupNameLiteral,
      subscriptionId: this.props.subscriptionId,
      endpoint: `https://${this.accountName}.blob.core.windows.net/`,
      retentionDays: this.props.retentionDays,
      policyStatements: [],
      roleAssignments: [{ roleDefinitionName: 'Storage Blob Data Contributor', scope: container.id }],
      readOnlyPolicyStatements: [],
      readOnlyRoleAssignments: [{ roleDefinitionName: 'Storage Blob Data Reader', scope: container.id }],
    };
  }
}

/**
 * `stbk<cluster stem><hash>`: storage account names are global, 3–24
 * lower-case letters and digits; the hash of fleet and cluster keeps them
 * unique.
 */
export function azureBackupAccountName(fleetName: string, clusterName: string): string {
  const hash = createHash('sha256').update(`${fleetName}/${clusterName}/backups`).digest('hex').slice(0, 8);
  return `stbk${clusterName.replace(/-/g, '').slice(0, 12)}${hash}`;
}
