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
    features: [{}],
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
