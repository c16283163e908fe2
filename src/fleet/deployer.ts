import { IConstruct } from 'constructs';
import { FleetError } from '../_internal/fleet-error';
import { checkAllowlist, checkRoleArns, GUID } from '../_internal/rules';
import type { FleetCatalogue } from '../catalogue/fleet-catalogue';
import { Cloud } from '../clusters/cloud';

/**
 * Who applies the fleet, and how their runners reach what they apply to.
 *
 * The pipeline (or a person) runs Terraform for the region stacks and then
 * applies each cluster's bootstrap YAML. Everything it talks to is private
 * or firewalled by default, so it gets exactly the access named here, and
 * the same access whichever machine runs the apply.
 */
export interface FleetDeployerOptions {
  /**
   * IAM role ARNs the pipeline applies with. Each gets an EKS access entry
   * with cluster admin on every EKS cluster: the bootstrap installs CRDs,
   * cluster roles and the GitOps engine, which namespace-scoped access
   * cannot.
   * @default - none: only the admins can apply a cluster's YAML
   */
  readonly awsRoleArns?: string[];
  /**
   * Private ranges the runners reach EKS API endpoints from (a runner in a
   * VPC peered with the cluster's, over a Transit Gateway or a VPN). The
   * endpoint is private, so a runner needs such a path and DNS resolution
   * of the endpoint inside the cluster's VPC; these ranges get HTTPS through
   * a security group on the control plane's network interfaces only (the
   * cluster security group is on every node too).
   * @default - none: only the cluster's own VPC reaches the endpoint
   */
  readonly awsPrivateCidrs?: string[];
  /**
   * Object id (a GUID) of the Entra service principal or managed identity
   * that runs Terraform for the Azure stacks. It gets Key Vault Crypto
   * Officer on each cluster's vault (to create the etcd key) and Azure
   * Kubernetes Service RBAC Cluster Admin on each AKS cluster (to apply its
   * YAML). Named, not taken from whoever runs the apply: a laptop's apply
   * and the pipeline's would replace each other's role assignments.
   * Required with Azure clusters.
   * @default - none
   */
  readonly azurePrincipalId?: string;
  /**
   * Public egress ranges of the runners, admitted by each cluster's Key
   * Vault firewall. Azure routes traffic from inside the same region over
   * its backbone, so a runner in an Azure region does not match these:
   * give its subnet in `azureSubnetIds` instead.
   * @default - none
   */
  readonly azureIpRanges?: string[];
  /**
   * Resource ids of subnets of runners inside Azure, admitted by each Key
   * Vault firewall through the `Microsoft.KeyVault` service endpoint, which
   * must be enabled on them.
   * @default - none
   */
  readonly azureSubnetIds?: string[];
  /**
   * The runners' private path to each Key Vault: every vault gets a private
   * endpoint in this subnet, registered in this private DNS zone, created
   * before its key; the vaults then turn public network access off
   * altogether.
   * @default - none: the vaults admit the runners through their firewalls
   */
  readonly azurePrivateEndpoint?: DeployerPrivateEndpoint;
}

/** Where the deployer's private endpoints to the Key Vaults go. */
export interface DeployerPrivateEndpoint {
  /** Resource id of a subnet the runners reach (their own, or a peered hub's). */
  readonly subnetId: string;
  /** Azure region of that subnet's virtual network, where the endpoints live. */
  readonly region: string;
  /** Resource id of the `privatelink.vaultcore.azure.net` private DNS zone the runners resolve through. */
  readonly privateDnsZoneId: string;
}

/** The deployer settings, checked, with defaults applied. */
export interface ResolvedDeployer {
  readonly awsRoleArns: string[];
  readonly awsPrivateCidrs: string[];
  readonly azurePrincipalId?: string;
  readonly azureIpRanges: string[];
  readonly azureSubnetIds: string[];
  readonly azurePrivateEndpoint?: DeployerPrivateEndpoint;
}

const SUBNET_ID = /^\/subscriptions\/[0-9a-f-]{36}\/resourceGroups\/[^/]+\/providers\/Microsoft\.Network\/virtualNetworks\/[^/]+\/subnets\/[^/]+$/i;
const VAULT_DNS_ZONE_ID = /^\/subscriptions\/[0-9a-f-]{36}\/resourceGroups\/[^/]+\/providers\/Microsoft\.Network\/privateDnsZones\/privatelink\.vaultcore\.azure\.net$/i;
const SUBNET_ID_FIX = 'use /subscriptions/<id>/resourceGroups/<group>/providers/Microsoft.Network/virtualNetworks/<vnet>/subnets/<subnet>';

/** Checks the fleet's `deployer` settings when the fleet is created. */
export function resolveDeployer(scope: IConstruct, options: FleetDeployerOptions | undefined, catalogue: FleetCatalogue): ResolvedDeployer {
  const deployer = options ?? {};
  const list = (property: keyof FleetDeployerOptions): string[] => {
    const value = deployer[property];
    if (value === undefined || value === null) {
      return [];
    }
    if (!Array.isArray(value)) {
      throw FleetError.invalidProperty(scope, `deployer.${property}`, value, 'must be a list', `give a list, e.g. ${property}: [...]`);
    }
    return [...value];
  };
  const awsRoleArns = list('awsRoleArns');
  checkRoleArns(scope, 'deployer.awsRoleArns', awsRoleArns, "the pipeline's role 'arn:aws:iam::111122223333:role/fleet-deployer'");
  const awsPrivateCidrs = list('awsPrivateCidrs');
  checkAllowlist(scope, 'deployer.awsPrivateCidrs', awsPrivateCidrs, 'the EKS API endpoints',
    "list the private ranges of your runners, e.g. '10.200.0.0/24'");
  const azureIpRanges = list('azureIpRanges');
  checkAllowlist(scope, 'deployer.azureIpRanges', azureIpRanges, 'the Key Vault firewalls',
    "list the egress ranges of your CI runners, e.g. '203.0.113.0/28'");
  const azureSubnetIds = list('azureSubnetIds');
  const badSubnet = azureSubnetIds.find((id) => typeof id !== 'string' || !SUBNET_ID.test(id));
  if (badSubnet !== undefined) {
    throw FleetError.invalidProperty(scope, 'deployer.azureSubnetIds', badSubnet, 'is not a subnet resource id', SUBNET_ID_FIX);
  }
  const endpoint = deployer.azurePrivateEndpoint ?? undefined;
  if (endpoint !== undefined) {
    if (typeof endpoint.subnetId !== 'string' || !SUBNET_ID.test(endpoint.subnetId)) {
      throw FleetError.invalidProperty(scope, 'deployer.azurePrivateEndpoint.subnetId', endpoint.subnetId, 'is not a subnet resource id', SUBNET_ID_FIX);
    }
    if (typeof endpoint.region !== 'string' || !catalogue.isKnownRegion(Cloud.AZURE, endpoint.region)) {
      throw FleetError.invalidProperty(scope, 'deployer.azurePrivateEndpoint.region', endpoint.region, 'is not an Azure region in the catalogue',
        "give the region of the subnet's virtual network, e.g. 'westeurope', or add the region to the Fleet's catalogue: { regions: [...] }");
    }
    if (typeof endpoint.privateDnsZoneId !== 'string' || !VAULT_DNS_ZONE_ID.test(endpoint.privateDnsZoneId)) {
      throw FleetError.invalidProperty(scope, 'deployer.azurePrivateEndpoint.privateDnsZoneId', endpoint.privateDnsZoneId,
        'is not the resource id of a privatelink.vaultcore.azure.net private DNS zone',
        'use /subscriptions/<id>/resourceGroups/<group>/providers/Microsoft.Network/privateDnsZones/privatelink.vaultcore.azure.net');
    }
  }
  const principal = deployer.azurePrincipalId;
  if (principal !== undefined && (typeof principal !== 'string' || !GUID.test(principal))) {
    throw FleetError.invalidProperty(scope, 'deployer.azurePrincipalId', principal, 'is not an Entra object id (a GUID)',
      "use the object id of the pipeline's service principal or managed identity, not its name or client id, e.g. '00000000-0000-0000-0000-000000000000'");
  }
  return { awsRoleArns, awsPrivateCidrs, azurePrincipalId: principal, azureIpRanges, azureSubnetIds, azurePrivateEndpoint: endpoint };
}

/**
 * What an Azure cluster needs of the deployer: a named principal, and a
 * way to the Key Vault's data plane. Refused at synth, with the fix,
 * rather than as a 403 in the middle of the first apply.
 */
export function requireAzureDeployer(scope: IConstruct, deployer: ResolvedDeployer): string {
  if (deployer.azurePrincipalId === undefined) {
    throw FleetError.invalidProperty(scope, 'deployer.azurePrincipalId', undefined,
      'must name the identity that runs Terraform for Azure stacks: it gets the Key Vault data-plane role that creates the etcd key, and AKS cluster admin to apply the YAML',
      "give the Fleet deployer: { azurePrincipalId: '<object id of the pipeline's service principal or managed identity>' }");
  }
  if (deployer.azureIpRanges.length === 0 && deployer.azureSubnetIds.length === 0 && deployer.azurePrivateEndpoint === undefined) {
    throw FleetError.invalidProperty(scope, 'deployer', 'no azureIpRanges, azureSubnetIds or azurePrivateEndpoint',
      'leaves Terraform no way through the Key Vault firewall (deny by default) to create the etcd key',
      'give deployer.azureIpRanges (public egress of runners outside Azure), deployer.azureSubnetIds (runners inside Azure, with the ' +
      'Microsoft.KeyVault service endpoint), or deployer.azurePrivateEndpoint (a private endpoint per vault in a subnet the runners reach)');
  }
  return deployer.azurePrincipalId;
}
