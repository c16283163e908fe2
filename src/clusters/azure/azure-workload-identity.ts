import { FederatedIdentityCredential } from '@cdktf/provider-azurerm/lib/federated-identity-credential';
import { RoleAssignment } from '@cdktf/provider-azurerm/lib/role-assignment';
import { UserAssignedIdentity } from '@cdktf/provider-azurerm/lib/user-assigned-identity';
import { Token } from 'cdktf';
import { Construct, IConstruct } from 'constructs';
import { FleetError } from '../../_internal/fleet-error';
import { AzureRoleAssignment } from '../workload-identity';

/** What a workload identity on AKS needs to know. */
export interface AzureWorkloadIdentityProps {
  readonly clusterName: string;
  readonly region: string;
  readonly resourceGroupName: string;
  /** The cluster's OIDC issuer URL. */
  readonly oidcIssuerUrl: string;
  readonly namespace: string;
  readonly serviceAccount: string;
  readonly roleAssignments: AzureRoleAssignment[];
  readonly tags: { [key: string]: string };
}

/** The audience Entra ID expects in Kubernetes service account tokens. */
export const AZURE_TOKEN_AUDIENCE = 'api://AzureADTokenExchange';
const RESOURCE_ID = /^\/subscriptions\/[0-9a-f-]{36}(\/.+)?$/i;

/**
 * A user-assigned managed identity for one Kubernetes service account: a
 * federated credential admits tokens of the cluster's OIDC issuer whose
 * subject is exactly `system:serviceaccount:<namespace>:<service account>`,
 * and the identity holds only the role assignments asked for.
 */
export class AzureWorkloadIdentity extends Construct {
  public readonly identity: UserAssignedIdentity;

  constructor(scope: Construct, id: string, props: AzureWorkloadIdentityProps) {
    super(scope, id);
    this.identity = new UserAssignedIdentity(this, 'identity', {
      name: `id-${props.clusterName}-${props.namespace}-${props.serviceAccount}`.slice(0, 128),
      location: props.region,
      resourceGroupName: props.resourceGroupName,
      tags: props.tags,
    });
    new FederatedIdentityCredential(this, 'federation', {
      name: `${props.clusterName}-${props.namespace}-${props.serviceAccount}`.slice(0, 120),
      resourceGroupName: props.resourceGroupName,
      parentId: this.identity.id,
      issuer: props.oidcIssuerUrl,
      subject: `system:serviceaccount:${props.namespace}:${props.serviceAccount}`,
      audience: [AZURE_TOKEN_AUDIENCE],
    });
    props.roleAssignments.forEach((assignment, index) => {
      new RoleAssignment(this, `role-${index}`, {
        scope: assignment.scope,
        roleDefinitionName: assignment.roleDefinitionName,
        principalId: this.identity.principalId,
        principalType: 'ServicePrincipal',
      });
    });
  }
}

/**
 * Checks the role assignments of a workload identity; called before anything
 * is created, so a bad binding leaves no half-built identity behind.
 */
export function checkRoleAssignments(scope: IConstruct, assignments: AzureRoleAssignment[]): void {
  assignments.forEach((assignment, index) => {
    const property = `bindWorkloadIdentity.roleAssignments[${index}]`;
    if (typeof assignment.roleDefinitionName !== 'string' || assignment.roleDefinitionName.trim() === '') {
      throw FleetError.invalidProperty(scope, `${property}.roleDefinitionName`, assignment.roleDefinitionName, 'must name an Azure role',
        "use a built-in or custom role name, e.g. 'DNS Zone Contributor'");
    }
    // Scopes created in the same stack are references, checked by Azure at apply.
    if (typeof assignment.scope !== 'string' || (!Token.isUnresolved(assignment.scope) && !RESOURCE_ID.test(assignment.scope))) {
      throw FleetError.invalidProperty(scope, `${property}.scope`, assignment.scope, 'is not an Azure resource id',
        "use e.g. '/subscriptions/<id>/resourceGroups/rg-dns/providers/Microsoft.Network/dnszones/example.com'; a whole subscription is '/subscriptions/<id>'");
    }
  });
}
