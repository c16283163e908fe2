import { FleetTesting } from '../../src';
import { addAzure, emptyFleet, errorOf, resourceOf } from '../support/fixtures';

function synthAzure(extra: object = {}) {
  const { app, fleet } = emptyFleet();
  addAzure(fleet, 'prod', 'westeurope', '10.20.0.0/16', extra);
  return FleetTesting.synth(app).stacks['azure-westeurope'];
}

const KEY = (stack: any) => `azurerm_key_vault_key.${Object.keys(stack.resource.azurerm_key_vault_key)[0]}`;

describe('AzureCluster etcd key rotation', () => {
  // AKS KMS takes a versioned key id (azurerm v4.55.0 validates key_management_service.key_vault_key_id with
  // keyVaultValidate.NestedItemId, whose ParseNestedItemID refuses an id without a version), and the key rotates
  // itself every 180 days: each rotation changes the key's `id`, so a reference to it would move the cluster to the
  // new version on the next apply, whatever that apply was for, outside any maintenance window.
  test('a rotation of the key leaves the cluster alone: the cluster ignores changes of its key id', () => {
    const stack = synthAzure();
    const aks = resourceOf(stack, 'azurerm_kubernetes_cluster');
    expect(aks.key_management_service.key_vault_key_id).toBe(`\${${KEY(stack)}.id}`);
    expect(aks.lifecycle.ignore_changes).toContain('key_management_service[0].key_vault_key_id');
    // The newest version is an output, for the deliberate move below.
    expect(stack.output.prod_etcd_key_latest_version.value).toBe(`\${${KEY(stack)}.version}`);
  });

  test('moving to a newer key version is a deliberate change in code: etcdKeyVersion', () => {
    const version = '0123456789abcdef0123456789abcdef';
    const stack = synthAzure({ etcdKeyVersion: version });
    const aks = resourceOf(stack, 'azurerm_kubernetes_cluster');
    expect(aks.key_management_service.key_vault_key_id).toBe(`\${${KEY(stack)}.versionless_id}/${version}`);
    expect(aks.lifecycle.ignore_changes).not.toContain('key_management_service[0].key_vault_key_id');
  });

  test('an etcdKeyVersion that is not a Key Vault key version is refused', () => {
    const { fleet } = emptyFleet();
    expect(errorOf(() => addAzure(fleet, 'z1', 'westeurope', '10.20.0.0/16', { etcdKeyVersion: 'https://kv.vault.azure.net/keys/etcd-z1/abc' }))).toBe(
      "test/azure-westeurope/z1: 'etcdKeyVersion' is not a Key Vault key version (32 hexadecimal characters), got \"https://kv.vault.azure.net/keys/etcd-z1/abc\". " +
      'Fix: give the last segment of the key id, e.g. the stack output z1_etcd_key_latest_version');
  });
});
