/**
 * Which changes replace a resource, from the providers' schemas at the
 * versions the stacks pin, for the arguments the library sets. A resource
 * type or an argument that is not listed is taken as updated in place: the
 * diff then says "changed", never "replaced", and Terraform's own plan has
 * the last word.
 */
export interface ReplacementFacts {
  /** Argument paths (dotted, block indexes left out) whose change replaces the resource; a block's path covers all of it. */
  readonly forceNew: string[];
  readonly source: string;
  readonly checked: string;
  readonly note?: string;
}

const CHECKED = '2026-12-02';
/**
 * The AWS provider's repository is too large to mirror here; its schema functions at
 * v6.25.0 were read from an index that checks out that tag and keeps one file per function.
 */
const AWS_INDEX = 'lonegunmanb/terraform-provider-aws-index@v6.25.0:index/internal/service';
const AWS = (file: string) => `${AWS_INDEX}/${file} (hashicorp/terraform-provider-aws@v6.25.0, one file per function)`;
const AZURERM = (file: string) => `hashicorp/terraform-provider-azurerm@v4.55.0:internal/services/${file}`;

const facts = (forceNew: string[], source: string, note?: string): ReplacementFacts =>
  ({ forceNew, source, checked: CHECKED, ...(note ? { note } : {}) });

/** By resource type. */
export const REPLACEMENT_FACTS: { [type: string]: ReplacementFacts } = {
  aws_eks_cluster: facts(['name', 'role_arn', 'bootstrap_self_managed_addons', 'access_config.bootstrap_cluster_creator_admin_permissions'],
    AWS('eks/func.resourceCluster.goindex'),
    'version, subnets, security groups, endpoint access, authentication mode, upgrade policy and deletion protection update in place; ' +
    'removing encryption_config replaces the cluster (ForceNewIfChange), changing its key is not applied at all'),
  aws_kms_key: facts(['key_usage', 'customer_master_key_spec'], AWS('kms/func.resourceKey.goindex')),
  aws_s3_bucket: facts(['bucket'], AWS('s3/func.resourceBucket.goindex')),
  aws_eks_node_group: facts(['node_group_name_prefix', 'node_role_arn', 'subnet_ids', 'ami_type', 'capacity_type', 'instance_types', 'cluster_name',
    'launch_template.id', 'launch_template.name'], AWS('eks/func.resourceNodeGroup.goindex')),
  aws_launch_template: facts(['name_prefix'], AWS('ec2/func.resourceLaunchTemplate.goindex')),
  aws_vpc: facts(['cidr_block'], AWS('ec2/func.resourceVPC.goindex'), 'unless the range comes from IPAM (ipv4_netmask_length), which the library never sets'),
  aws_subnet: facts(['cidr_block', 'vpc_id', 'availability_zone_id'], AWS('ec2/func.resourceSubnet.goindex')),
  aws_iam_role: facts(['name'], AWS('iam/func.resourceRole.goindex')),
  azurerm_kubernetes_cluster: facts([
    'name', 'location', 'resource_group_name', 'dns_prefix', 'private_cluster_enabled',
    'network_profile.network_plugin', 'network_profile.pod_cidr', 'network_profile.service_cidr', 'network_profile.dns_service_ip',
    // ForceNewIfChange when the old value is set, which the library always does:
    'network_profile.network_policy', 'network_profile.network_data_plane',
    // ForceNewIfChange when the new mode is not Overlay, the only one the library sets:
    'network_profile.network_plugin_mode',
    'default_node_pool.name',
    'kubelet_identity.client_id', 'kubelet_identity.object_id', 'kubelet_identity.user_assigned_identity_id',
  ], AZURERM('containers/kubernetes_cluster_resource.go'),
  'default pool size, subnet, zones and disks change in place by rotating the pool through temporary_name_for_rotation'),
  azurerm_kubernetes_cluster_node_pool: facts(['name', 'kubernetes_cluster_id', 'priority', 'eviction_policy', 'spot_max_price'],
    AZURERM('containers/kubernetes_cluster_node_pool_resource.go'), 'size, subnet, zones and disks change in place by rotating the pool'),
  azurerm_key_vault: facts(['name', 'location', 'resource_group_name'], AZURERM('keyvault/key_vault_resource.go'),
    'purge protection cannot be turned off and soft-delete retention cannot change once set: the update fails'),
  azurerm_key_vault_key: facts(['name', 'key_vault_id', 'key_type', 'key_size'], AZURERM('keyvault/key_vault_key_resource.go')),
  azurerm_storage_account: facts(['name', 'location', 'resource_group_name', 'account_tier', 'infrastructure_encryption_enabled',
    // CustomizeDiff: any change away from StorageV2, the only kind the library sets.
    'account_kind'], AZURERM('storage/storage_account_resource.go'), 'replication changes replace the account only between the LRS/GRS and ZRS/GZRS groups; not flagged'),
  azurerm_storage_container: facts(['name', 'storage_account_id'], AZURERM('storage/storage_container_resource.go')),
  azurerm_virtual_network: facts(['name', 'location', 'resource_group_name'], AZURERM('network/virtual_network_resource.go')),
  azurerm_subnet: facts(['name', 'resource_group_name', 'virtual_network_name'], AZURERM('network/subnet_resource.go')),
  azurerm_resource_group: facts(['name', 'location'], AZURERM('resource/resource_group_resource.go')),
  azurerm_user_assigned_identity: facts(['name', 'location', 'resource_group_name'], AZURERM('managedidentity/user_assigned_identity_resource.go')),
};

/** Resources whose loss is data loss: keys, vaults, buckets, storage accounts, clusters. */
export const STATEFUL_RESOURCE_TYPES = [
  'aws_eks_cluster', 'aws_kms_key', 'aws_s3_bucket',
  'azurerm_kubernetes_cluster', 'azurerm_key_vault', 'azurerm_key_vault_key', 'azurerm_storage_account', 'azurerm_storage_container',
];

/** Kubernetes kinds (`<group>/<kind>`) that hold a database: removing one removes its data. */
export const STATEFUL_KINDS = ['postgresql.cnpg.io/Cluster'];

export function isStatefulResource(type: string): boolean {
  return STATEFUL_RESOURCE_TYPES.includes(type);
}

/** Whether changing this argument replaces a resource of this type. */
export function forcesReplacement(type: string, argument: string): boolean {
  const known = REPLACEMENT_FACTS[type];
  return known !== undefined && known.forceNew.some((p) => argument === p || argument.startsWith(`${p}.`));
}
