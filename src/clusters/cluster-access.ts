/**
 * People's access to a cluster, granted on the cloud side (EKS access
 * entries, Azure RBAC role assignments). Kubernetes RBAC inside the cluster
 * is the team's own objects; this is what lets the team's identities reach
 * the API server at all. No credentials are created: the identities are the
 * organisation's SSO roles and Entra groups.
 */
export interface ClusterAccessGrant {
  /** Who is granted, for resource names, e.g. the team name. A DNS label. */
  readonly name: string;
  /** AWS: IAM role ARNs (SSO permission-set roles included) of the members. */
  readonly awsRoleArns: string[];
  /** Azure: Entra ID group object ids of the members. */
  readonly azureGroupObjectIds: string[];
  /** Kubernetes groups the AWS roles are mapped to, so RoleBindings to those groups apply. */
  readonly kubernetesGroups: string[];
  /**
   * The namespaces of a namespace-scoped (edit) grant. Leave out for a
   * cluster-wide admin grant (the platform team).
   * @default - cluster-wide admin
   */
  readonly namespaces?: string[];
}
