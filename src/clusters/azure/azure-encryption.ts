import { createHash } from 'node:crypto';
import { DataAzurermClientConfig } from '@cdktf/provider-azurerm/lib/data-azurerm-client-config';
import { KeyVault } from '@cdktf/provider-azurerm/lib/key-vault';
import { KeyVaultKey } from '@cdktf/provider-azurerm/lib/key-vault-key';
import { PrivateEndpoint } from '@cdktf/provider-azurerm/lib/private-endpoint';
import { RoleAssignment } from '@cdktf/provider-azurerm/lib/role-assignment';
import { TimeProvider } from '@cdktf/provider-time/lib/provider';
import { Sleep } from '@cdktf/provider-time/lib/sleep';
import { ITerraformDependable, TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import type { DeployerPrivateEndpoint } from '../../fleet/deployer';

/**
 * How long the first apply waits between granting the deployer its Key
 * Vault data-plane role and creating the key. Azure RBAC takes effect
 * after a delay, and the provider does not retry the 403 it gets before;
 * the Azure Verified Module for Key Vault waits the same way (`time_sleep`
 * `wait_for_rbac_before_key_operations`, 30s by default,
 * Azure/terraform-azurerm-avm-res-keyvault-vault@v0.11.0:main.keys.tf).
 * Two minutes covers the propagation times seen in practice with margin;
 * the wait happens only when the role assignment is created or replaced.
 */
export const RBAC_PROPAGATION_WAIT = '120s';

/** What the cluster key needs to know. */
export interface AzureClusterKeyProps {
  readonly fleetName: string;
  readonly clusterName: string;
  readonly region: string;
  readonly resourceGroupName: string;
  readonly disposable: boolean;
  /** Object id of the identity that runs Terraform: it gets Key Vault Crypto Officer on the vault. */
  readonly deployerPrincipalId: string;
  /** Public egress ranges of the runners; the vault's firewall admits only these, their subnets (and trusted Azure services). */
  readonly deployerIpRanges: string[];
  /** Subnets of runners inside Azure, admitted through the Microsoft.KeyVault service endpoint. */
  readonly deployerSubnetIds: string[];
  /** The runners' private path: a private endpoint per vault; public network access is then off. */
  readonly deployerPrivateEndpoint?: DeployerPrivateEndpoint;
  readonly tags: { [key: string]: string };
}

/**
 * The cluster's Key Vault and key for envelope encryption of Kubernetes
 * secrets in etcd (AKS KMS). The vault authorizes with Azure RBAC only, keeps
 * deleted keys (soft delete) and refuses to purge them early (purge
 * protection), and its firewall denies by default: AKS reaches it through a
 * private endpoint of its own (`Private` KMS network access), Terraform from
 * the deployer's ranges or subnets, or through a private endpoint of the
 * deployer's, in which case the vault has no public network access at all.
 * The key rotates itself every 180 days; the cluster
 * moves to a new version only when its `etcdKeyVersion` names it. Neither vault nor
 * key may be destroyed by Terraform unless the cluster is disposable.
 */
export class AzureClusterKey extends Construct {
  public readonly vault: KeyVault;
  public readonly key: KeyVaultKey;
  /** The Entra tenant of the deploying identity. */
  public readonly tenantId: string;

  constructor(scope: Construct, id: string, props: AzureClusterKeyProps) {
    super(scope, id);
    const client = new DataAzurermClientConfig(this, 'client');
    this.tenantId = client.tenantId;
    const lifecycle = { preventDestroy: !props.disposable };
    const vaultName = keyVaultName(props.fleetName, props.clusterName);
    this.vault = new KeyVault(this, 'vault', {
      name: vaultName,
      location: props.region,
      resourceGroupName: props.resourceGroupName,
      tenantId: client.tenantId,
      skuName: 'standard',
      rbacAuthorizationEnabled: true,
      purgeProtectionEnabled: true,
      softDeleteRetentionDays: props.disposable ? 7 : 90,
      publicNetworkAccessEnabled: props.deployerPrivateEndpoint === undefined,
      networkAcls: {
        defaultAction: 'Deny',
        bypass: 'AzureServices',
        ipRules: props.deployerIpRanges,
        virtualNetworkSubnetIds: props.deployerSubnetIds,
      },
      tags: props.tags,
      lifecycle,
    });
    // With RBAC authorization, the deployer needs a data-plane role to create
    // the key: the named deployer, so applies from different machines agree.
    const deployerCanManageKeys = new RoleAssignment(this, 'deployer-crypto-officer', {
      scope: this.vault.id,
      roleDefinitionName: 'Key Vault Crypto Officer',
      principalId: props.deployerPrincipalId,
      principalType: 'ServicePrincipal',
    });
    // One time provider per stack that waits, configured by the first key.
    const stack = TerraformStack.of(this);
    if (!stack.node.tryFindChild('time')) {
      new TimeProvider(stack, 'time');
    }
    const rbacPropagated = new Sleep(this, 'deployer-role-propagation', {
      createDuration: RBAC_PROPAGATION_WAIT,
      triggers: { role_assignment: deployerCanManageKeys.id },
    });
    const keyReachable: ITerraformDependable[] = [rbacPropagated];
    if (props.deployerPrivateEndpoint) {
      const endpoint = props.deployerPrivateEndpoint;
      keyReachable.push(new PrivateEndpoint(this, 'deployer-endpoint', {
        name: `pe-${vaultName}-deployer`,
        location: endpoint.region,
        resourceGroupName: props.resourceGroupName,
        subnetId: endpoint.subnetId,
        privateServiceConnection: {
          name: 'vault',
          privateConnectionResourceId: this.vault.id,
          subresourceNames: ['vault'],
          isManualConnection: false,
        },
        privateDnsZoneGroup: { name: 'vault', privateDnsZoneIds: [endpoint.privateDnsZoneId] },
        tags: props.tags,
      }));
    }
    this.key = new KeyVaultKey(this, 'key', {
      name: `etcd-${props.clusterName}`,
      keyVaultId: this.vault.id,
      keyType: 'RSA',
      keySize: 2048,
      keyOpts: ['encrypt', 'decrypt', 'wrapKey', 'unwrapKey'],
      rotationPolicy: { automatic: { timeAfterCreation: 'P180D' } },
      tags: props.tags,
      lifecycle,
      dependsOn: keyReachable,
    });
  }
}

/**
 * Key Vault names are global, 3–24 characters: `kv-<cluster prefix>-<hash>`,
 * the hash of fleet and cluster keeping names of long or similar clusters apart.
 */
export function keyVaultName(fleetName: string, clusterName: string): string {
  const hash = createHash('sha256').update(`${fleetName}/${clusterName}`).digest('hex').slice(0, 8);
  const stem = clusterName.slice(0, 12).replace(/-+/g, '-').replace(/-$/, '');
  return `kv-${stem}-${hash}`;
}
