/** `rg-<fleet>-<cluster>`: the cluster's resource group (pipelines read it from fleet.json). */
export function resourceGroupName(fleetName: string, clusterName: string): string {
  return `rg-${fleetName}-${clusterName}`;
}
