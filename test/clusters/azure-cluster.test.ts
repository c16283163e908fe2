import { AzureNetworkPolicy, AzureSkuTier, FleetTesting, keyVaultName, TaintEffect } from '../../src';
import { addAzure, emptyFleet, errorOf, resourceOf, resourcesOf } from '../support/fixtures';

function synthAzure(extra: object = {}, region = 'westeurope', fleetProps: object = {}) {
  const { app, fleet } = emptyFleet(fleetProps);
  addAzure(fleet, 'prod', region, '10.20.0.0/16', extra);
  return FleetTesting.synth(app).stacks[`azure-${region}`];
}

/** The Terraform address of the only resource of a type, e.g. `azurerm_key_vault.prod_…`. */
function addressOf(stack: any, type: string): string {
  const ids = Object.keys(stack.resource[type] ?? {});
  expect(ids).toHaveLength(1);
  return `${type}.${ids[0]}`;
}

const AZ = 'test/azure-westeurope/z1';
function azureError(extra: object, fleetProps: object = {}): string {
  const { fleet } = emptyFleet(fleetProps);
  return errorOf(() => addAzure(fleet, 'z1', 'westeurope', '10.20.0.0/16', extra));
}

const DEPLOYER = 'dddddddd-1111-2222-3333-444444444444';

describe('AzureCluster', () => {
  test('security defaults: private, Entra-only with Azure RBAC, KMS, workload identity, network policy, no run command', () => {
    const stack = synthAzure();
    const aks = resourceOf(stack, 'azurerm_kubernetes_cluster');
    expect(aks).toMatchObject({
      name: 'prod',
      location: 'westeurope',
      kubernetes_version: '1.35',
      private_cluster_enabled: true,
      local_account_disabled: true,
      role_based_access_control_enabled: true,
      oidc_issuer_enabled: true,
      workload_identity_enabled: true,
      azure_policy_enabled: true,
      run_command_enabled: false,
      image_cleaner_enabled: true,
      sku_tier: 'Standard',
      node_os_upgrade_channel: 'None',
    });
    // Upgrades come as Fleet Manager update runs, wave by wave (azure-upgrades.test.ts).
    expect(aks.automatic_upgrade_channel).toBeUndefined();
    expect(aks.azure_active_directory_role_based_access_control).toEqual({
      azure_rbac_enabled: true,
      tenant_id: expect.stringMatching(/^\$\{data\.azurerm_client_config\.[\w-]+\.tenant_id\}$/),
    });
    expect(aks.key_management_service).toEqual({ key_vault_key_id: `\${${addressOf(stack, 'azurerm_key_vault_key')}.id}`, key_vault_network_access: 'Private' });
    expect(aks.api_server_access_profile).toEqual({ virtual_network_integration_enabled: true, subnet_id: expect.stringContaining('azurerm_subnet.prod_network_apiserver') });
    expect(aks.network_profile).toEqual({
      network_plugin: 'azure',
      network_plugin_mode: 'overlay',
      network_data_plane: 'cilium',
      network_policy: 'cilium',
      pod_cidr: '100.64.0.0/16',
      service_cidr: '100.65.0.0/16',
      dns_service_ip: '100.65.0.10',
      outbound_type: 'userAssignedNATGateway',
    });
    expect(JSON.stringify(stack)).not.toMatch(/kube_config|kube_admin_config|client_key|client_certificate/);
  });

  test('Azure network policy on request', () => {
    const aks = resourceOf(synthAzure({ networkPolicy: AzureNetworkPolicy.AZURE }), 'azurerm_kubernetes_cluster');
    expect(aks.network_profile).toMatchObject({ network_data_plane: 'azure', network_policy: 'azure' });
  });

  test('the etcd key: a purge-protected RBAC vault that denies by default, a rotating key, neither destroyable', () => {
    const stack = synthAzure({}, 'westeurope', { deployer: { azurePrincipalId: DEPLOYER, azureIpRanges: ['203.0.113.0/28'] } });
    const vault = resourceOf(stack, 'azurerm_key_vault');
    expect(vault).toMatchObject({
      name: keyVaultName('test', 'prod'),
      rbac_authorization_enabled: true,
      purge_protection_enabled: true,
      soft_delete_retention_days: 90,
      sku_name: 'standard',
      network_acls: { default_action: 'Deny', bypass: 'AzureServices', ip_rules: ['203.0.113.0/28'] },
      lifecycle: { prevent_destroy: true },
    });
    expect(vault.enable_rbac_authorization).toBeUndefined();
    const key = resourceOf(stack, 'azurerm_key_vault_key');
    expect(key).toMatchObject({
      key_type: 'RSA',
      key_size: 2048,
      key_opts: ['encrypt', 'decrypt', 'wrapKey', 'unwrapKey'],
      rotation_policy: { automatic: { time_after_creation: 'P180D' } },
      lifecycle: { prevent_destroy: true },
    });
    // The named deployer gets the data-plane role it needs to create the key, first.
    const officer = resourcesOf(stack, 'azurerm_role_assignment').find((r) => r.role_definition_name === 'Key Vault Crypto Officer');
    expect(officer).toMatchObject({ scope: `\${${addressOf(stack, 'azurerm_key_vault')}.id}`, principal_id: DEPLOYER, principal_type: 'ServicePrincipal' });
  });

  test('a disposable cluster: vault and key may be destroyed, shorter soft delete, free tier', () => {
    const stack = synthAzure({ disposable: true });
    expect(resourceOf(stack, 'azurerm_key_vault')).toMatchObject({ soft_delete_retention_days: 7, purge_protection_enabled: true, lifecycle: { prevent_destroy: false } });
    expect(resourceOf(stack, 'azurerm_key_vault_key').lifecycle).toEqual({ prevent_destroy: false });
    expect(resourceOf(stack, 'azurerm_kubernetes_cluster').sku_tier).toBe('Free');
  });

  test('user-assigned identities for control plane and kubelet, with the roles the control plane needs granted first', () => {
    const stack = synthAzure();
    const aks = resourceOf(stack, 'azurerm_kubernetes_cluster');
    const identities = stack.resource.azurerm_user_assigned_identity;
    const [cpId] = Object.entries(identities).find(([, i]: [string, any]) => i.name === 'id-prod-control-plane')!;
    const [kubeletId] = Object.entries(identities).find(([, i]: [string, any]) => i.name === 'id-prod-kubelet')!;
    expect(aks.identity).toEqual({ type: 'UserAssigned', identity_ids: [`\${azurerm_user_assigned_identity.${cpId}.id}`] });
    expect(aks.kubelet_identity).toEqual({
      client_id: `\${azurerm_user_assigned_identity.${kubeletId}.client_id}`,
      object_id: `\${azurerm_user_assigned_identity.${kubeletId}.principal_id}`,
      user_assigned_identity_id: `\${azurerm_user_assigned_identity.${kubeletId}.id}`,
    });
    const grants = Object.entries(stack.resource.azurerm_role_assignment)
      .filter(([, r]: [string, any]) => r.principal_id === `\${azurerm_user_assigned_identity.${cpId}.principal_id}`);
    expect(grants.map(([, r]: [string, any]) => [r.role_definition_name, r.scope.split('.')[0].replace('${', '')]).sort()).toEqual([
      ['Key Vault Contributor', 'azurerm_key_vault'],
      ['Key Vault Crypto User', 'azurerm_key_vault'],
      ['Managed Identity Operator', 'azurerm_user_assigned_identity'],
      ['Network Contributor', 'azurerm_virtual_network'],
    ]);
    for (const [id] of grants) {
      expect(aks.depends_on).toContain(`azurerm_role_assignment.${id}`);
    }
  });

  test('network: VNet from the cidr, node subnet of its first half, a delegated /27 for the API server, NAT egress', () => {
    const stack = synthAzure();
    expect(resourceOf(stack, 'azurerm_resource_group')).toMatchObject({ name: 'rg-test-prod', location: 'westeurope' });
    expect(resourceOf(stack, 'azurerm_virtual_network').address_space).toEqual(['10.20.0.0/16']);
    const subnets = resourcesOf(stack, 'azurerm_subnet').sort((a, b) => a.address_prefixes[0].localeCompare(b.address_prefixes[0]));
    expect(subnets.map((s) => [s.name, s.address_prefixes[0], s.default_outbound_access_enabled])).toEqual([
      ['snet-nodes', '10.20.0.0/17', false],
      ['snet-apiserver', '10.20.128.0/27', false],
    ]);
    expect(subnets[1].delegation[0].service_delegation.name).toBe('Microsoft.ContainerService/managedClusters');
    expect(resourceOf(stack, 'azurerm_public_ip')).toMatchObject({ allocation_method: 'Static', sku: 'Standard' });
    expect(resourceOf(stack, 'azurerm_subnet_nat_gateway_association')).toMatchObject({
      subnet_id: expect.stringContaining('prod_network_nodes'),
      nat_gateway_id: `\${${addressOf(stack, 'azurerm_nat_gateway')}.id}`,
    });
    expect(resourceOf(stack, 'azurerm_kubernetes_cluster').depends_on).toContain(addressOf(stack, 'azurerm_subnet_nat_gateway_association'));
  });

  test('an existing network: nothing network is created; the cluster joins the given subnets', () => {
    const vnetId = '/subscriptions/00000000-1111-2222-3333-444444444444/resourceGroups/rg-net/providers/Microsoft.Network/virtualNetworks/vnet-hub';
    const stack = synthAzure({ existingNetwork: { vnetId, nodeSubnetId: `${vnetId}/subnets/aks`, apiServerSubnetId: `${vnetId}/subnets/aks-api`, outboundType: 'userDefinedRouting' } });
    for (const type of ['azurerm_virtual_network', 'azurerm_subnet', 'azurerm_nat_gateway', 'azurerm_public_ip']) {
      expect(resourcesOf(stack, type)).toEqual([]);
    }
    const aks = resourceOf(stack, 'azurerm_kubernetes_cluster');
    expect(aks.default_node_pool.vnet_subnet_id).toBe(`${vnetId}/subnets/aks`);
    expect(aks.api_server_access_profile.subnet_id).toBe(`${vnetId}/subnets/aks-api`);
    expect(aks.network_profile.outbound_type).toBe('userDefinedRouting');
    expect(resourcesOf(stack, 'azurerm_role_assignment').find((r) => r.role_definition_name === 'Network Contributor').scope).toBe(vnetId);
    expect(stack.output.prod_egress_ip).toBeUndefined();
  });

  test('the public API is an opt-in allowlist, never open to the internet', () => {
    const aks = resourceOf(synthAzure({ publicAccessCidrs: ['198.51.100.0/24'] }), 'azurerm_kubernetes_cluster');
    expect(aks.private_cluster_enabled).toBe(false);
    expect(aks.api_server_access_profile.authorized_ip_ranges).toEqual(['198.51.100.0/24']);
    expect(azureError({ publicAccessCidrs: ['0.0.0.0/0'] })).toBe(
      `${AZ}: 'publicAccessCidrs' opens the API endpoint to the whole internet, got "0.0.0.0/0". ` +
      'Fix: list the ranges of your offices, VPN or CI runners, or leave publicAccessCidrs out for a private endpoint');
  });

  test('fleet and cluster admin groups are the cluster admins', () => {
    const fleetGroup = '11111111-1111-1111-1111-111111111111';
    const clusterGroup = '22222222-2222-2222-2222-222222222222';
    const aks = resourceOf(synthAzure({ adminGroupObjectIds: [clusterGroup] }, 'westeurope', { azureAdminGroupObjectIds: [fleetGroup] }), 'azurerm_kubernetes_cluster');
    expect(aks.azure_active_directory_role_based_access_control.admin_group_object_ids).toEqual([fleetGroup, clusterGroup]);
  });

  test('logs: control-plane categories and Container Insights into a workspace with retention and no shared keys', () => {
    const stack = synthAzure({ logRetentionDays: 90 });
    const [workspaceName, workspace] = Object.entries<any>(stack.resource.azurerm_log_analytics_workspace).find(([, w]) => w.name === 'log-prod')!;
    expect(workspace).toMatchObject({ name: 'log-prod', retention_in_days: 90, sku: 'PerGB2018', local_authentication_enabled: false });
    const workspaceId = `\${azurerm_log_analytics_workspace.${workspaceName}.id}`;
    expect(resourceOf(stack, 'azurerm_kubernetes_cluster').oms_agent).toEqual({ log_analytics_workspace_id: workspaceId, msi_auth_for_monitoring_enabled: true });
    const diagnostics = resourceOf(stack, 'azurerm_monitor_diagnostic_setting');
    expect(diagnostics).toMatchObject({ target_resource_id: `\${${addressOf(stack, 'azurerm_kubernetes_cluster')}.id}`, log_analytics_workspace_id: workspaceId });
    expect(diagnostics.enabled_log.map((l: any) => l.category)).toEqual(
      ['kube-apiserver', 'kube-audit-admin', 'kube-controller-manager', 'kube-scheduler', 'cluster-autoscaler', 'guard']);
  });

  test('upgrades and node images in one weekly maintenance window', () => {
    const aks = resourceOf(synthAzure({ maintenanceWindow: { dayOfWeek: 'Saturday', startTime: '22:00', durationHours: 6, utcOffset: '+01:00' } }), 'azurerm_kubernetes_cluster');
    const window = { frequency: 'Weekly', interval: 1, day_of_week: 'Saturday', start_time: '22:00', duration: 6, utc_offset: '+01:00' };
    expect(aks.maintenance_window_auto_upgrade).toEqual(window);
    expect(aks.maintenance_window_node_os).toEqual(window);
    const defaults = resourceOf(synthAzure(), 'azurerm_kubernetes_cluster').maintenance_window_auto_upgrade;
    expect(defaults).toMatchObject({ day_of_week: 'Sunday', start_time: '02:00', duration: 4, utc_offset: '+00:00' });
  });

  test('the system pool takes critical add-ons only; user pools carry labels, taints, spot and surge', () => {
    const stack = synthAzure({
      systemPool: { name: 'system', size: 'Standard_D4s_v5', min: 2, max: 3 },
      nodePools: [
        { name: 'gpu', size: 'Standard_D8s_v5', min: 0, max: 2, taints: [{ key: 'sku', value: 'gpu', effect: TaintEffect.NO_SCHEDULE }], maxUnavailable: 2 },
        { name: 'spot', size: 'Standard_D8s_v5', min: 0, max: 4, spot: true },
      ],
      hostEncryption: true,
    });
    const aks = resourceOf(stack, 'azurerm_kubernetes_cluster');
    expect(aks.default_node_pool).toMatchObject({
      name: 'system',
      vm_size: 'Standard_D4s_v5',
      only_critical_addons_enabled: true,
      auto_scaling_enabled: true,
      min_count: 2,
      max_count: 3,
      zones: ['1', '2', '3'],
      os_disk_type: 'Managed',
      os_disk_size_gb: 50,
      host_encryption_enabled: true,
      temporary_name_for_rotation: 'systemtmp',
    });
    const [gpu, spot] = resourcesOf(stack, 'azurerm_kubernetes_cluster_node_pool');
    expect(gpu).toMatchObject({
      name: 'gpu',
      mode: 'User',
      min_count: 0,
      max_count: 2,
      node_taints: ['sku=gpu:NoSchedule'],
      orchestrator_version: '1.35',
      upgrade_settings: { max_surge: '2' },
      host_encryption_enabled: true,
      node_labels: { 'fleet.cdk-fleet.io/pool': 'gpu' },
    });
    expect(gpu.priority).toBeUndefined();
    expect(spot).toMatchObject({
      priority: 'Spot',
      eviction_policy: 'Delete',
      spot_max_price: -1,
      node_labels: { 'kubernetes.azure.com/scalesetpriority': 'spot', 'fleet.cdk-fleet.io/pool': 'spot' },
      node_taints: ['kubernetes.azure.com/scalesetpriority=spot:NoSchedule'],
    });
    // AKS refuses any surge on a Spot pool at apply ("Spot pools can't set max surge"): no upgrade settings there.
    expect(spot.upgrade_settings).toBeUndefined();
  });

  test('regions without availability zones get no zones', () => {
    expect(resourceOf(synthAzure({}, 'westus'), 'azurerm_kubernetes_cluster').default_node_pool.zones).toBeUndefined();
  });

  test('outputs with stable names, and no credentials', () => {
    const outputs = synthAzure().output;
    expect(Object.keys(outputs).sort()).toEqual([
      'prod_egress_ip', 'prod_etcd_key_latest_version', 'prod_host', 'prod_id', 'prod_kubelet_identity_client_id', 'prod_kubelet_identity_object_id', 'prod_name',
      'prod_oidc_issuer_url', 'prod_resource_group',
    ]);
    expect(outputs.prod_host.value).toMatch(/\.private_fqdn\}$/);
    expect(Object.values(outputs).some((o: any) => o.sensitive)).toBe(false);
  });

  test('key vault names fit Azure\'s 24 characters and stay apart for similar clusters', () => {
    expect(keyVaultName('acme', 'prod-neu')).toMatch(/^kv-prod-neu-[0-9a-f]{8}$/);
    const long = keyVaultName('acme', 'a-very-long-cluster-name-of-forty-chars-x');
    expect(long.length).toBeLessThanOrEqual(24);
    expect(long).toMatch(/^kv-a-very-long-[0-9a-f]{8}$/);
    expect(keyVaultName('acme', 'ab--cd')).not.toContain('--');
    expect(keyVaultName('acme', 'prod')).not.toBe(keyVaultName('other', 'prod'));
  });

  describe('bad input', () => {
    test('network ranges', () => {
      const { fleet } = emptyFleet();
      expect(errorOf(() => addAzure(fleet, 'tiny', 'westeurope', '10.20.0.0/26'))).toBe(
        "test/azure-westeurope/tiny: 'cidr' must be a /16 to /24: the node subnet takes half of it and must hold every node, got \"10.20.0.0/26\". " +
        "Fix: use a range from /16 to /24, e.g. '10.20.0.0/20'");
      expect(errorOf(() => addAzure(fleet, 'cgnat', 'westeurope', '100.64.0.0/16'))).toBe(
        "test/azure-westeurope/cgnat: 'cidr' overlaps 100.64.0.0/16, which AKS uses inside every cluster for pods or services, got \"100.64.0.0/16\". " +
        'Fix: choose a range outside 100.64.0.0/15, e.g. in 10.0.0.0/8');
    });

    test('the system pool: required, at least one node, no taints, no spot', () => {
      expect(azureError({ systemPool: undefined })).toBe(
        `${AZ}: 'systemPool' is required: AKS needs a system pool for its critical add-ons, got undefined. Fix: add systemPool: { name: 'system', size: 'Standard_D4s_v5', min: 2, max: 3 }`);
      expect(azureError({ systemPool: { name: 'system', size: 'Standard_D4s_v5', min: 0, max: 3 } })).toBe(
        `${AZ}: 'systemPool.min' must be at least 1 (AKS runs CoreDNS and other critical add-ons there), got 0. Fix: set min: 1 or more, 2 for production`);
      expect(azureError({ systemPool: { name: 'system', size: 'Standard_D4s_v5', taints: [{ key: 'a', effect: TaintEffect.NO_SCHEDULE }] } })).toBe(
        `${AZ}: 'systemPool.taints' cannot be set: the system pool is tainted CriticalAddonsOnly by AKS, got [{"key":"a","effect":"NoSchedule"}]. Fix: put tainted nodes in a user pool (nodePools)`);
      expect(azureError({ systemPool: { name: 'system', size: 'Standard_D4s_v5', spot: true } })).toBe(
        `${AZ}: 'systemPool.spot' cannot be set: evicting system nodes takes down CoreDNS and the cluster's own add-ons, got true. Fix: use spot capacity in a user pool`);
      expect(azureError({ systemPool: { name: 'System', size: 'Standard_D4s_v5' } })).toContain(`${AZ}: 'systemPool.name' must start with a lower-case letter`);
    });

    test('pool names AKS refuses, VM sizes, min above max, a user pool named like the system pool', () => {
      expect(azureError({ nodePools: [{ name: 'apps-pool-1', size: 'Standard_D4s_v5' }] })).toBe(
        `${AZ}: 'nodePools[0].name' must start with a lower-case letter and hold only lower-case letters and digits, at most 12 characters (AKS refuses longer pool names), got "apps-pool-1". Fix: rename the pool, e.g. 'general' or 'spot1'`);
      expect(azureError({ nodePools: [{ name: 'appsappsapps1', size: 'Standard_D4s_v5' }] })).toContain("'nodePools[0].name' must start with a lower-case letter");
      expect(azureError({ nodePools: [{ name: 'apps', size: 'D4s_v5' }] })).toBe(
        `${AZ}: 'nodePools[0].size' is not an Azure VM size, got "D4s_v5". Fix: use a size such as 'Standard_D4s_v5'`);
      expect(azureError({ nodePools: [{ name: 'apps', size: 'Standard_D4s_v5', min: 5, max: 3 }] })).toBe(
        `${AZ}: 'nodePools[0].max' must be >= 'min' (5), got 3. Fix: raise 'max' to at least 5 or lower 'min'`);
      expect(azureError({ nodePools: [{ name: 'system', size: 'Standard_D4s_v5' }] })).toBe(
        `${AZ}: 'nodePools[0].name' must be unique within the cluster, got "system". Fix: give each node pool its own name`);
    });

    test('an existing network given by something other than its resource ids', () => {
      const vnetId = '/subscriptions/00000000-1111-2222-3333-444444444444/resourceGroups/rg-net/providers/Microsoft.Network/virtualNetworks/vnet-hub';
      expect(azureError({ existingNetwork: { vnetId: 'vnet-hub', nodeSubnetId: 'a', apiServerSubnetId: 'b' } })).toBe(
        `${AZ}: 'existingNetwork.vnetId' is not a virtual network resource id, got "vnet-hub". Fix: use '/subscriptions/<id>/resourceGroups/<rg>/providers/Microsoft.Network/virtualNetworks/<name>'`);
      expect(azureError({ existingNetwork: { vnetId, nodeSubnetId: 'aks', apiServerSubnetId: `${vnetId}/subnets/api` } })).toBe(
        `${AZ}: 'existingNetwork.nodeSubnetId' is not a subnet of existingNetwork.vnetId, got "aks". Fix: use '${vnetId}/subnets/<name>'`);
      expect(azureError({ existingNetwork: { vnetId, nodeSubnetId: `${vnetId}/subnets/aks`, apiServerSubnetId: `${vnetId}/subnets/aks` } })).toContain(
        "'existingNetwork.apiServerSubnetId' must differ from the node subnet");
      expect(azureError({ existingNetwork: { vnetId, nodeSubnetId: `${vnetId}/subnets/aks`, apiServerSubnetId: `${vnetId}/subnets/api`, outboundType: 'loadBalancer' } })).toBe(
        `${AZ}: 'existingNetwork.outboundType' must be userAssignedNATGateway or userDefinedRouting (nodes have no public IPs), got "loadBalancer". ` +
        "Fix: use 'userAssignedNATGateway' for a NAT gateway on the subnet, 'userDefinedRouting' for a route to a firewall");
    });

    test('admin group ids that are not GUIDs', () => {
      expect(azureError({ adminGroupObjectIds: ['platform-admins'] })).toBe(
        `${AZ}: 'adminGroupObjectIds' is not an Entra ID group object id (a GUID), got "platform-admins". Fix: use the group's object id, e.g. '00000000-0000-0000-0000-000000000000', not its name`);
      expect(errorOf(() => emptyFleet({ azureAdminGroupObjectIds: ['admins'] }))).toBe(
        "test: 'azureAdminGroupObjectIds' is not an Entra ID group object id (a GUID), got \"admins\". Fix: use the group's object id, e.g. '00000000-0000-0000-0000-000000000000', not its name");
    });

    test('deployer ranges that are not CIDRs or open the vaults to everyone', () => {
      expect(errorOf(() => emptyFleet({ deployer: { azureIpRanges: ['0.0.0.0/0'] } }))).toBe(
        "test: 'deployer.azureIpRanges' opens the Key Vault firewalls to the whole internet, got \"0.0.0.0/0\". Fix: list the egress ranges of your CI runners, e.g. '203.0.113.0/28'");
      expect(errorOf(() => emptyFleet({ deployer: { azureIpRanges: ['runner-1'] } }))).toContain("test: 'deployer.azureIpRanges'");
    });

    test('a free tier on a production cluster, maintenance windows AKS refuses, log retention out of range', () => {
      expect(azureError({ skuTier: AzureSkuTier.FREE })).toBe(
        `${AZ}: 'skuTier' has no uptime SLA and is allowed only on disposable clusters, got "Free". Fix: use AzureSkuTier.STANDARD, or mark the cluster disposable: true`);
      expect(azureError({ maintenanceWindow: { dayOfWeek: 'Sun', startTime: '02:00' } })).toBe(
        `${AZ}: 'maintenanceWindow.dayOfWeek' is not a day of the week, got "Sun". Fix: use one of Monday, Tuesday, Wednesday, Thursday, Friday, Saturday, Sunday`);
      expect(azureError({ maintenanceWindow: { dayOfWeek: 'Sunday', startTime: '2am' } })).toBe(
        `${AZ}: 'maintenanceWindow.startTime' must be a time as 'HH:mm', got "2am". Fix: use e.g. '02:00'`);
      expect(azureError({ maintenanceWindow: { dayOfWeek: 'Sunday', startTime: '02:00', durationHours: 2 } })).toBe(
        `${AZ}: 'maintenanceWindow.durationHours' must be a whole number of hours from 4 to 24 (AKS needs at least 4), got 2. Fix: use e.g. 4`);
      expect(azureError({ maintenanceWindow: { dayOfWeek: 'Sunday', startTime: '02:00', utcOffset: 'CET' } })).toBe(
        `${AZ}: 'maintenanceWindow.utcOffset' must be an offset from UTC as '+HH:mm' or '-HH:mm', got "CET". Fix: use e.g. '+01:00'`);
      expect(azureError({ logRetentionDays: 7 })).toBe(
        `${AZ}: 'logRetentionDays' must be a whole number of days from 30 to 730 (Log Analytics retention), got 7. Fix: use e.g. 90 or 365`);
      expect(azureError({ networkPolicy: 'calico' })).toBe(
        `${AZ}: 'networkPolicy' is not a network policy engine AKS offers, got "calico". Fix: use AzureNetworkPolicy.CILIUM or AzureNetworkPolicy.AZURE`);
    });
  });
});
