/**
 * Names of the fleet's Azure Kubernetes Fleet Manager set-up, apart from its
 * constructs so the report and plan read them without loading provider bindings.
 */

/** The name of the stack that holds the fleet's Azure Kubernetes Fleet Manager. */
export const AZURE_FLEET_MANAGER_STACK = 'azure-fleet-manager';

/** The update strategy every AKS upgrade runs through. */
export const AZURE_UPDATE_STRATEGY = 'fleet-waves';

/**
 * Time between two waves' stages of an update run: the earlier wave's
 * clusters run the new version or node image for an hour before the next
 * wave starts.
 */
export const AZURE_STAGE_SOAK_SECONDS = 3600;
