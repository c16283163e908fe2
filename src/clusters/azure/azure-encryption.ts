import { createHash } from 'node:crypto';
import { DataAzurermClientConfig } from '@cdktf/provider-azurerm/lib/data-azurerm-client-config';
import { KeyVault } from '@cdktf/provider-azurerm/lib/key-vault';
import { KeyVaultKey } from '@cdktf/provider-azurerm/lib/key-vault-key';
import { RoleAssignment } from '@cdktf/provider-azurerm/lib/role-assignment';
import { Construct } from 'constructs';

/** What the cluster key needs to know. */
export interface AzureClusterKeyProps {
  readonly fleetName: string;
  readonly clusterName: string;
  readonly region: string;
  readonly resourceGroupName: string;
  readonly disposable: boolean;
  /** Egress ranges of the machines that run Terraform; the vault's firewall admits only these (and trusted Azure services). */
  readonly deployerIpRanges: string[];
  readonly tags: { [key: string]: string };
}

/**
 * The cluster's Key Vault and key for envelope encryption of Kubernetes
 * secrets in etcd (AKS KMS). The vault authorizes with Azure RBAC only, keeps
 * deleted keys (soft delete) and refuses to purge them early (purge
 * protection), and its firewall denies by default: AKS reaches it through a
 * private endpoint of its own (`Private` KMS network access), Terraform from
 * `deployerIpRanges`. The key rotates itself every 180 days; the cluster
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
    this.vault = new KeyVault(this, 'vault', {
      name: keyVaultName(props.fleetName, props.clusterName),
      location: props.region,
      resourceGroupName: props.resourceGroupName,
      tenantId: client.tenantId,
      skuName: 'standard',
      rbacAuthorizationEnabled: true,
      purgeProtectionEnabled: true,
      softDeleteRetentionDays: props.disposable ? 7 : 90,
      publicNetworkAccessEnabled: true,
      networkAcls: { defaultAction: 'Deny', bypass: 'AzureServices', ipRules: props.deployerIpRanges },
      tags: props.tags,
      lifecycle,
    });
    // With RBAC authorization, whoever runs Terraform needs a data-plane role to create the key.
    const deployerCanManageKeys = new RoleAssignment(this, 'deployer-crypto-officer', {
      scope: this.vault.id,
      roleDefinitionName: 'Key Vault Crypto Officer',
      principalId: client.objectId,
    });
    this.key = new KeyVaultKey(this, 'key', {
      name: `etcd-${props.clusterName}`,
      keyVaultId: this.vault.id,
      keyType: 'RSA',
      keySize: 2048,
      keyOpts: ['encrypt', 'decrypt', 'wrapKey', 'unwrapKey'],
      rotationPolicy: { automatic: { timeAfterCreation: 'P180D' } },
      tags: props.tags,
      lifecycle,
      dependsOn: [deployerCanManageKeys],
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
