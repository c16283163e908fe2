import { FleetTesting } from '../../src';
import { addAzure, emptyFleet, errorOf, resourceOf, resourcesOf } from '../support/fixtures';

function synthBackups(backupStorage: object = {}) {
  const { app, fleet } = emptyFleet();
  const cluster = addAzure(fleet, 'prod', 'westeurope', '10.20.0.0/16', { backupStorage });
  const location = cluster.backupStorage('velero');
  cluster.bindWorkloadIdentity({ namespace: 'velero', serviceAccount: 'velero', roleAssignments: location.roleAssignments });
  return FleetTesting.synth(app).stacks['azure-westeurope'];
}

describe('AzureCluster backup storage', () => {
  test('a location is granted on the container by its resource id (resource_manager_id is deprecated for id)', () => {
    // azurerm v4.55.0 internal/services/storage/storage_container_resource.go: with storage_account_id the
    // container's id is its Resource Manager id; resource_manager_id is "deprecated in favour of `id`".
    const stack = synthBackups();
    const address = Object.keys(stack.resource.azurerm_storage_container)[0];
    const grant = resourcesOf(stack, 'azurerm_role_assignment').find((r) => r.role_definition_name === 'Storage Blob Data Contributor');
    expect(grant.scope).toBe(`\${azurerm_storage_container.${address}.id}`);
    expect(JSON.stringify(stack)).not.toContain('resource_manager_id');
  });

  test('a deleted or replaced backup stays recoverable retentionDays after its deletion, however old it was', () => {
    // The lifecycle counts a previous version's age from its creation ("The version age is determined by evaluating
    // the version creation time"), so a backup older than retentionDays goes at the next run after its deletion.
    // A version the lifecycle deletes is soft-deleted and kept for the soft-delete retention ("Lifecycle management
    // policies that delete blobs in a storage account with soft-delete enabled will put the blob in a soft-deleted
    // state"; MicrosoftDocs/azure-docs articles/storage/blobs/lifecycle-management-policy-delete.md), whose clock
    // "starts ... as soon as an object is deleted" (soft-delete-blob-overview.md). Soft delete of retentionDays
    // therefore keeps every deleted version restorable (Undelete Blob) that long after the deletion.
    const stack = synthBackups({ retentionDays: 45 });
    const account = resourceOf(stack, 'azurerm_storage_account');
    expect(account.blob_properties).toMatchObject({
      versioning_enabled: true,
      delete_retention_policy: { days: 45, permanent_delete_enabled: false },
      container_delete_retention_policy: { days: 45 },
    });
    expect(resourceOf(stack, 'azurerm_storage_management_policy').rule[0].actions).toEqual({ version: { delete_after_days_since_creation: 45 } });
  });

  test('retention beyond what blob soft delete keeps (365 days) is refused on Azure', () => {
    const { fleet } = emptyFleet();
    expect(errorOf(() => addAzure(fleet, 'z1', 'westeurope', '10.20.0.0/16', { backupStorage: { retentionDays: 400 } }))).toBe(
      "test/azure-westeurope/z1: 'backupStorage.retentionDays' must be at most 365 on Azure: a deleted backup stays recoverable through blob soft delete, " +
      'which keeps deleted versions 1 to 365 days, got 400. Fix: use 365 or fewer days');
  });
});
