import { AzurermProvider } from '@cdktf/provider-azurerm/lib/provider';
import { AzurermBackend, TerraformStack } from 'cdktf';
import type { AzureStateBackendOptions } from '../../fleet/state-backend';

/** What an Azure region stack needs from the fleet. */
export interface AzureStackSetup {
  readonly subscriptionId: string;
  readonly stateKey: string;
  readonly backend: AzureStateBackendOptions;
}

/**
 * Configures an Azure region stack: the azurerm provider for the fleet's
 * subscription, and a blob-storage state backend reached with Entra ID
 * (no storage account keys). Blob leases lock the state.
 */
export function setUpAzureStack(stack: TerraformStack, setup: AzureStackSetup): void {
  new AzurermProvider(stack, 'azurerm', {
    // The storage firewalls admit only the clusters' subnets: the provider
    // must not call the storage data plane (blob, queue, file endpoints)
    // when it creates or refreshes an account. Containers are created
    // through Resource Manager (storage_account_id). See the provider's
    // features-block guide, `storage.data_plane_available` (azurerm 4.55.0).
    features: [{ storage: [{ dataPlaneAvailable: false }] }],
    subscriptionId: setup.subscriptionId,
    storageUseAzuread: true,
  });
  new AzurermBackend(stack, {
    resourceGroupName: setup.backend.resourceGroupName,
    storageAccountName: setup.backend.storageAccountName,
    containerName: setup.backend.containerName,
    key: setup.stateKey,
    subscriptionId: setup.backend.subscriptionId ?? setup.subscriptionId,
    useAzureadAuth: true,
  });
}
