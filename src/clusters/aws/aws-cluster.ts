import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { EksAccessEntry } from '@cdktf/provider-aws/lib/eks-access-entry';
import { EksAccessPolicyAssociation } from '@cdktf/provider-aws/lib/eks-access-policy-association';
import { EksCluster } from '@cdktf/provider-aws/lib/eks-cluster';
import { IamOpenidConnectProvider } from '@cdktf/provider-aws/lib/iam-openid-connect-provider';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { IamRolePolicyAttachment } from '@cdktf/provider-aws/lib/iam-role-policy-attachment';
import { SecurityGroup } from '@cdktf/provider-aws/lib/security-group';
import { VpcSecurityGroupIngressRule } from '@cdktf/provider-aws/lib/vpc-security-group-ingress-rule';
import { TerraformOutput } from 'cdktf';
import { Construct } from 'constructs';
import { AwsBackupStorage } from './aws-backup-storage';
import { AwsClusterKey } from './aws-encryption';
import { AwsManagedAddOns } from './aws-managed-addons';
import { AwsNetwork } from './aws-network';
import { AwsNodeGroup } from './aws-node-group';
import { addEncryptedStorageClass } from './aws-storage-class';
import { AwsWorkloadIdentity, checkAwsPermissions } from './aws-workload-identity';
import { suspendCreationStacks, withoutCreationStacks } from '../../_internal/creation-stacks';
import { FleetError } from '../../_internal/fleet-error';
import { requirePropsOf } from '../../_internal/input';
import { checkRoleArns } from '../../_internal/rules';
import { BackupStorage, ResolvedBackupStorageOptions } from '../backup-storage';
import type { EksAddonName } from '../catalogue/eks-addons';
import { acceleratedFamilies, EksAmiType, eksAmiType } from '../catalogue/eks-ami-types';
import { Cloud } from '../cloud';
import { NodePoolSummary } from '../cluster';
import { ClusterAccessGrant } from '../cluster-access';
import { ClusterBase, ClusterProps, placeCluster } from '../cluster-base';
import type { BundledComponent } from '../distribution';
import { NodePoolOptions, NodePoolSpec, resolveNodePools } from '../node-pool';
import { WorkloadIdentityBinding, WorkloadIdentityOptions } from '../workload-identity';

/** An existing VPC to place the cluster in, instead of creating one. */
export interface AwsExistingNetwork {
  /** The VPC id, e.g. `vpc-0abc…`. */
  readonly vpcId: string;
  /** Private subnets (2 or more zones) for the control plane's interfaces and the nodes. */
  readonly privateSubnetIds: string[];
}

/** Properties of an EKS cluster. */
export interface AwsClusterProps extends ClusterProps {
  /** AWS region, e.g. `us-east-1`. */
  readonly region: string;
  /** The VPC's IPv4 range, /16 to /20, unique in the fleet (with an existing VPC: that VPC's range). */
  readonly cidr: string;
  /** Worker node pools (managed node groups). */
  readonly nodePools: NodePoolOptions[];
  /**
   * Availability zone IDs to spread over (2 or 3), e.g. `use1-az1`. IDs, not
   * names: zone names map to different physical zones in each account.
   * @default - the first three zone IDs of the region in the catalogue
   */
  readonly availabilityZoneIds?: string[];
  /** Use an existing VPC and subnets instead of creating the network. @default - a new VPC */
  readonly existingNetwork?: AwsExistingNetwork;
  /**
   * Opt-in to a public API endpoint, reachable only from these CIDRs
   * (`0.0.0.0/0` is refused). The private endpoint stays on.
   * @default - private endpoint only
   */
  readonly publicAccessCidrs?: string[];
  /**
   * IAM role ARNs (SSO permission-set roles included) granted cluster admin
   * through EKS access entries, in addition to the fleet's `awsAdminRoleArns`.
   * @default - the fleet's admins only
   */
  readonly adminRoleArns?: string[];
  /** Days the control-plane log group keeps logs (a CloudWatch retention value). @default 365 */
  readonly logRetentionDays?: number;
}

/** The five EKS control-plane log types; all are on. */
const CONTROL_PLANE_LOG_TYPES = ['api', 'audit', 'authenticator', 'controllerManager', 'scheduler'];
const CLOUDWATCH_RETENTION_DAYS = [1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653];
const VPC_PREFIX = { min: 16, max: 20, suggested: 16 };
const CLUSTER_ADMIN_POLICY = 'arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy';
const NAMESPACE_EDIT_POLICY = 'arn:aws:eks::aws:cluster-access-policy/AmazonEKSEditPolicy';

/**
 * An Amazon EKS cluster in its AWS region stack, secure by default: its own
 * VPC over three zones with NAT and an S3 endpoint, a customer-managed KMS
 * key for secrets, logs and volumes, a private API endpoint with access
 * entries only, all control-plane logs, an IAM OIDC provider for workload
 * identity, and hardened managed node groups.
 */
export class AwsCluster extends ClusterBase {
  /** The EKS cluster resource. */
  public readonly eksCluster: EksCluster;
  /** The cluster's KMS key. */
  public readonly key: AwsClusterKey;
  /** The IAM OIDC provider of the cluster (IRSA). */
  public readonly oidcProvider: IamOpenidConnectProvider;
  /** The network the cluster created; undefined with an existing network. */
  public readonly network?: AwsNetwork;
  /** The EKS managed add-ons (vpc-cni, kube-proxy, coredns, EBS CSI driver, pod identity agent). */
  public readonly managedAddOns: AwsManagedAddOns;
  private readonly pools: NodePoolSpec[];
  private readonly backupOptions: ResolvedBackupStorageOptions;
  private backupBucket?: AwsBackupStorage;
  /** Roles with an access entry on this cluster, and who they were granted to. */
  private readonly accessPrincipals = new Map<string, string>();

  constructor(scope: Construct, id: string, props: AwsClusterProps) {
    props = requirePropsOf(scope, id, props, `new AwsCluster(fleet, '${id}', { region: 'us-east-1', cidr: '10.10.0.0/16', nodePools: [...] })`);
    const placement = withoutCreationStacks(() => placeCluster(scope, id, Cloud.AWS, props.region));
    super(placement.stack, id, props, { ...placement, cloud: Cloud.AWS, region: props.region, cidr: props.cidr });
    // cdktf's creation stacks stay empty while the cluster is built (_internal/creation-stacks: half of a large synth's time).
    const resumeCreationStacks = suspendCreationStacks();
    try {
      this.requireCidr('10.10.0.0/16');
      this.pools = resolveNodePools(this, Cloud.AWS, props.nodePools);
      const amiTypes = this.pools.map((pool, index) => this.resolveAmiType(pool, index));
      const zones = this.resolveZones(props);
      const publicAccessCidrs = this.resolvePublicAccessCidrs(props.publicAccessCidrs);
      const admins = this.resolveAdmins(props.adminRoleArns);
      this.backupOptions = this.resolveBackupStorage(props.backupStorage);
      const logRetentionDays = props.logRetentionDays ?? 365;
      if (!CLOUDWATCH_RETENTION_DAYS.includes(logRetentionDays)) {
        throw FleetError.invalidProperty(this, 'logRetentionDays', logRetentionDays, 'is not a CloudWatch Logs retention period',
          `use one of ${CLOUDWATCH_RETENTION_DAYS.join(', ')}`);
      }

      const name = this.clusterName;
      let privateSubnetIds: string[];
      if (props.existingNetwork) {
        privateSubnetIds = this.resolveExistingNetwork(props.existingNetwork);
      } else {
        this.requireCidrSize(VPC_PREFIX, 'pods take VPC addresses, and three private and three public subnets must fit');
        this.network = new AwsNetwork(this, 'network', {
          clusterName: name, region: props.region, cidr: props.cidr, zones, singleNatGateway: this.disposable, tags: this.tags,
        });
        privateSubnetIds = this.network.privateSubnets.map((s) => s.id);
      }

      const logGroupName = `/aws/eks/${name}/cluster`;
      this.key = new AwsClusterKey(this, 'encryption', { clusterName: name, region: props.region, logGroupName, disposable: this.disposable, tags: this.tags });
      // Created before the cluster so that EKS writes into it instead of creating
      // an unencrypted group with unlimited retention.
      const logGroup = new CloudwatchLogGroup(this, 'control-plane-logs', {
        name: logGroupName,
        retentionInDays: logRetentionDays,
        kmsKeyId: this.key.key.arn,
        tags: this.tags,
      });

      const clusterRole = new IamRole(this, 'cluster-role', {
        name: `${name}-eks-cluster`,
        assumeRolePolicy: servicePrincipalTrust('eks.amazonaws.com', ['sts:AssumeRole', 'sts:TagSession']),
        tags: this.tags,
      });
      const clusterPolicy = new IamRolePolicyAttachment(this, 'cluster-policy', {
        role: clusterRole.name,
        policyArn: 'arn:aws:iam::aws:policy/AmazonEKSClusterPolicy',
      });
      const clusterKeyUse = new IamRolePolicy(this, 'cluster-key-use', {
        name: 'secrets-encryption',
        role: clusterRole.id,
        policy: JSON.stringify({
          Version: '2012-10-17',
          Statement: [{ Effect: 'Allow', Action: ['kms:Encrypt', 'kms:Decrypt', 'kms:DescribeKey', 'kms:CreateGrant', 'kms:ListGrants'], Resource: this.key.key.arn }],
        }),
      });

      const endpointAccess = this.deployerEndpointAccess(props.existingNetwork?.vpcId ?? this.network!.vpc.id);

      this.eksCluster = new EksCluster(this, 'cluster', {
        name,
        version: this.kubernetesVersion,
        roleArn: clusterRole.arn,
        vpcConfig: {
          subnetIds: privateSubnetIds,
          endpointPrivateAccess: true,
          endpointPublicAccess: publicAccessCidrs.length > 0,
          publicAccessCidrs: publicAccessCidrs.length > 0 ? publicAccessCidrs : undefined,
          securityGroupIds: endpointAccess ? [endpointAccess.id] : undefined,
        },
        accessConfig: {
          authenticationMode: 'API',
          bootstrapClusterCreatorAdminPermissions: false,
        },
        encryptionConfig: { resources: ['secrets'], provider: { keyArn: this.key.key.arn } },
        // vpc-cni, kube-proxy and coredns come as managed add-ons (AwsManagedAddOns),
        // not as unmanaged copies that the managed ones must then take over.
        bootstrapSelfManagedAddons: false,
        enabledClusterLogTypes: CONTROL_PLANE_LOG_TYPES,
        // Production clusters are not force-upgraded when standard support ends
        // (the report warns instead); disposable ones take the cheaper standard support.
        upgradePolicy: { supportType: this.disposable ? 'STANDARD' : 'EXTENDED' },
        deletionProtection: !this.disposable,
        tags: this.tags,
        dependsOn: [clusterPolicy, clusterKeyUse, logGroup],
        // Both settings only apply at creation and force a new cluster when
        // changed (the cluster has deletion protection); a cluster created
        // before either was set must not be rebuilt for it (terraform-aws-eks does the same).
        lifecycle: { ignoreChanges: ['bootstrap_self_managed_addons', 'access_config[0].bootstrap_cluster_creator_admin_permissions'] },
      });

      this.oidcProvider = new IamOpenidConnectProvider(this, 'oidc-provider', {
        url: this.eksCluster.identity.get(0).oidc.get(0).issuer,
        clientIdList: ['sts.amazonaws.com'],
        tags: this.tags,
      });

      admins.forEach((arn) => this.addAccessEntry('admin', arn, [], undefined));
      this.addDeployerAccess();

      const nodeRole = new IamRole(this, 'node-role', {
        name: `${name}-eks-node`,
        assumeRolePolicy: servicePrincipalTrust('ec2.amazonaws.com', ['sts:AssumeRole']),
        tags: this.tags,
      });
      const nodePolicies = ['AmazonEKSWorkerNodePolicy', 'AmazonEC2ContainerRegistryReadOnly', 'AmazonEKS_CNI_Policy']
        .map((policy) => new IamRolePolicyAttachment(this, `node-${policy}`, {
          role: nodeRole.name,
          policyArn: `arn:aws:iam::aws:policy/${policy}`,
        }));

      // Managed node groups would create this entry themselves, outside Terraform:
      // left behind when the group goes, and stale when the role is recreated
      // under the same name (terraform-aws-eks#3329). Managed here, it is
      // replaced with the role, and the node groups wait for it.
      const nodeAccess = new EksAccessEntry(this, 'node-access', {
        clusterName: this.eksCluster.name,
        principalArn: nodeRole.arn,
        type: 'EC2_LINUX',
        tags: this.tags,
        lifecycle: { replaceTriggeredBy: [`${nodeRole.terraformResourceType}.${nodeRole.friendlyUniqueId}.unique_id`] },
      });

      this.managedAddOns = new AwsManagedAddOns(this, 'managed-addons', {
        clusterName: this.eksCluster.name,
        versions: this.resolveEksAddOnVersions(),
        ebsCsiIdentity: this.ebsCsiIdentity(),
        tags: this.tags,
      });
      const nodeGroups = this.pools.map((pool, index) => new AwsNodeGroup(this, `pool-${pool.name}`, {
        pool,
        amiType: amiTypes[index],
        clusterName: this.eksCluster.name,
        kubernetesVersion: this.kubernetesVersion,
        nodeRoleArn: nodeRole.arn,
        subnetIds: privateSubnetIds,
        kmsKeyArn: this.key.key.arn,
        tags: this.tags,
        dependsOn: [...nodePolicies, nodeAccess, ...this.managedAddOns.beforeNodes],
      }));
      this.managedAddOns.addAfterNodes(nodeGroups.map((g) => g.nodeGroup));
      addEncryptedStorageClass(this, `alias/eks/${name}`);

      this.addOutputs();
    } finally {
      resumeCreationStacks();
    }
  }

  public get nodePools(): NodePoolSummary[] {
    return this.pools;
  }

  public get supportsWorkloadIdentity(): boolean {
    return true;
  }

  /**
   * An IAM role (IRSA) whose trust admits exactly
   * `system:serviceaccount:<namespace>:<serviceAccount>` from this cluster's
   * OIDC provider, with `policyArns` and `policyStatements` attached; the
   * binding carries the `eks.amazonaws.com/role-arn` annotation. Needs the
   * fleet's `awsAccountId`: the annotation names the role ARN literally.
   */
  protected createWorkloadIdentity(options: WorkloadIdentityOptions, subject: string): WorkloadIdentityBinding {
    const accountId = this.requireAccountId(`to bind workload identities on EKS (${this.clusterName}: ${subject})`, 'the ServiceAccount annotation names the role ARN literally');
    checkAwsPermissions(this, options.policyArns ?? [], options.policyStatements ?? []);
    const identity = this.workloadIdentity(`workload-identity-${options.namespace}-${options.serviceAccount}`, options);
    const roleArn = `arn:aws:iam::${accountId}:role/${identity.roleName}`;
    return {
      namespace: options.namespace,
      serviceAccount: options.serviceAccount,
      serviceAccountAnnotations: { 'eks.amazonaws.com/role-arn': roleArn },
      podLabels: {},
      identity: roleArn,
    };
  }

  /**
   * An access entry per role, mapped to the grant's Kubernetes groups, with
   * `AmazonEKSEditPolicy` scoped to its namespaces, or cluster admin. A role
   * has one entry per cluster, so a role already granted is refused.
   */
  public grantAccess(grant: ClusterAccessGrant): void {
    checkRoleArns(this, `access.${grant.name}.awsRoleArns`, grant.awsRoleArns, "the SSO permission set's role");
    for (const arn of grant.awsRoleArns) {
      if (this.accessPrincipals.has(arn)) {
        throw FleetError.invalidProperty(this, `access.${grant.name}.awsRoleArns`, arn,
          `already has an access entry on this cluster (${this.accessPrincipals.get(arn)}); EKS allows one per role`,
          'give each team its own SSO role, or grant the role once');
      }
      this.addAccessEntry(grant.name, arn, grant.kubernetesGroups, grant.namespaces);
    }
  }

  /**
   * The fleet's deployer applies the cluster's bootstrap YAML (CRDs,
   * cluster roles, the GitOps engine): its roles get cluster admin, unless
   * they are admins already.
   */
  private addDeployerAccess(): void {
    this.fleet.deployer.awsRoleArns.filter((arn) => !this.accessPrincipals.has(arn)).forEach((arn) => this.addAccessEntry('deployer', arn, [], undefined));
  }

  /**
   * The deployer's private ranges reach the private endpoint over HTTPS
   * through a security group of their own on the control plane's network
   * interfaces (`vpc_config.security_group_ids`). Not the cluster security
   * group, which the nodes carry too: the runners would reach every node.
   */
  private deployerEndpointAccess(vpcId: string): SecurityGroup | undefined {
    const cidrs = this.fleet.deployer.awsPrivateCidrs;
    if (cidrs.length === 0) {
      return undefined;
    }
    const group = new SecurityGroup(this, 'deployer-endpoint-access', {
      namePrefix: `${this.clusterName}-api-deployer-`,
      description: `Deployer runners to the private Kubernetes API endpoint of EKS cluster ${this.clusterName}`,
      vpcId,
      tags: this.tags,
      lifecycle: { createBeforeDestroy: true },
    });
    cidrs.forEach((cidr, index) => new VpcSecurityGroupIngressRule(this, `deployer-endpoint-access-${index}`, {
      securityGroupId: group.id,
      description: `Deployer runners (${cidr}) to the Kubernetes API`,
      ipProtocol: 'tcp',
      fromPort: 443,
      toPort: 443,
      cidrIpv4: cidr,
      tags: this.tags,
    }));
    return group;
  }

  /** One access entry and its policy: cluster admin when `namespaces` is undefined. */
  private addAccessEntry(owner: string, arn: string, kubernetesGroups: string[], namespaces: string[] | undefined): void {
    // <owner>-<account>-<role name>: unique per role, short enough to read in plans.
    const [, , , , account, resource] = arn.split(':');
    const entryId = `${owner}-${account}-${resource.split('/').pop()!.replace(/[^A-Za-z0-9_-]/g, '-')}`;
    const entry = new EksAccessEntry(this, entryId, {
      clusterName: this.eksCluster.name,
      principalArn: arn,
      type: 'STANDARD',
      kubernetesGroups: kubernetesGroups.length > 0 ? kubernetesGroups : undefined,
      tags: this.tags,
    });
    new EksAccessPolicyAssociation(this, `${entryId}-policy`, {
      clusterName: this.eksCluster.name,
      principalArn: arn,
      policyArn: namespaces ? NAMESPACE_EDIT_POLICY : CLUSTER_ADMIN_POLICY,
      accessScope: namespaces ? { type: 'namespace', namespaces } : { type: 'cluster' },
      dependsOn: [entry],
    });
    this.accessPrincipals.set(arn, owner);
  }

  /** EKS brings nothing the add-ons install. */
  public get bundledComponents(): BundledComponent[] {
    return [];
  }

  public get supportsBackupStorage(): boolean {
    return true;
  }

  /** A prefix of an encrypted, versioned S3 bucket with its own KMS key (see `AwsBackupStorage`). */
  protected createBackupLocation(location: string): BackupStorage {
    const accountId = this.requireAccountId(`for backup storage on EKS (${this.clusterName})`, 'the Kubernetes side names the resource literally');
    this.backupBucket ??= new AwsBackupStorage(this, 'backup-storage', {
      ...this.backupOptions, clusterName: this.clusterName, accountId, disposable: this.disposable, tags: this.tags,
    });
    return this.backupBucket.location(location);
  }

  /** The fleet's AWS account, which `purpose` needs because `why`. */
  private requireAccountId(purpose: string, why: string): string {
    const accountId = this.fleet.awsAccountId;
    if (accountId === undefined) {
      throw FleetError.invalidProperty(this.fleet, 'awsAccountId', accountId, `must be set ${purpose}; ${why}`,
        "give the Fleet awsAccountId: '<12-digit account of the EKS clusters>'");
    }
    return accountId;
  }

  /**
   * The EBS CSI controller's role: the AWS-managed driver policy, and use of
   * the cluster key, whose grants the driver needs to attach encrypted volumes.
   */
  private ebsCsiIdentity(): AwsWorkloadIdentity {
    this.reserveServiceAccount('kube-system', 'ebs-csi-controller-sa');
    return this.workloadIdentity('ebs-csi-identity', {
      namespace: 'kube-system',
      serviceAccount: 'ebs-csi-controller-sa',
      policyArns: ['arn:aws:iam::aws:policy/service-role/AmazonEBSCSIDriverPolicy'],
      policyStatements: [
        { actions: ['kms:Encrypt', 'kms:Decrypt', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:DescribeKey'], resources: [this.key.key.arn] },
        {
          actions: ['kms:CreateGrant', 'kms:ListGrants', 'kms:RevokeGrant'],
          resources: [this.key.key.arn],
          conditions: [{ test: 'Bool', variable: 'kms:GrantIsForAWSResource', values: ['true'] }],
        },
      ],
    });
  }

  private workloadIdentity(id: string, options: WorkloadIdentityOptions): AwsWorkloadIdentity {
    const identity = new AwsWorkloadIdentity(this, id, {
      clusterName: this.clusterName,
      oidcIssuerUrl: this.eksCluster.identity.get(0).oidc.get(0).issuer,
      oidcProvider: this.oidcProvider,
      namespace: options.namespace,
      serviceAccount: options.serviceAccount,
      policyArns: options.policyArns ?? [],
      policyStatements: options.policyStatements ?? [],
      tags: this.tags,
    });
    return identity;
  }

  /** Outputs with stable names (`<cluster>_<what>`) that pipelines read. */
  private addOutputs(): void {
    const outputs: Record<string, { value: string; description: string }> = {
      name: { value: this.eksCluster.name, description: 'EKS cluster name' },
      endpoint: { value: this.eksCluster.endpoint, description: 'Kubernetes API endpoint (private unless public access was opted in)' },
      certificate_authority: { value: this.eksCluster.certificateAuthority.get(0).data, description: 'Cluster CA certificate, base64' },
      oidc_issuer_url: { value: this.eksCluster.identity.get(0).oidc.get(0).issuer, description: 'OIDC issuer URL of the cluster' },
      oidc_provider_arn: { value: this.oidcProvider.arn, description: 'IAM OIDC provider ARN for workload identity (IRSA)' },
    };
    for (const [what, output] of Object.entries(outputs)) {
      new TerraformOutput(this, `${this.clusterName}_${what}`, { ...output, staticId: true });
    }
  }

  /** The EKS managed add-on builds for the cluster's version, from the catalogue. */
  private resolveEksAddOnVersions(): Record<EksAddonName, string> {
    const versions = this.fleet._catalogue.eksAddOnVersions(this.kubernetesVersion);
    if (!versions) {
      throw FleetError.invalidProperty(this, 'kubernetesVersion', this.kubernetesVersion, 'has no EKS managed add-on builds in the catalogue',
        "add them to the Fleet's catalogue: { eksAddOnVersions: [{ kubernetesVersion, vpcCni, kubeProxy, coredns, awsEbsCsiDriver, eksPodIdentityAgent, source, checked }] }");
    }
    return versions;
  }

  /** The AL2023 AMI type for a pool's instance family; a family no AMI type serves is refused. */
  private resolveAmiType(pool: NodePoolSpec, index: number): EksAmiType {
    const type = eksAmiType(pool.size);
    if (type === undefined) {
      throw FleetError.invalidProperty(this, `nodePools[${index}].size`, pool.size,
        'is an instance family with accelerators or special hardware that no Amazon Linux 2023 EKS AMI type is known to serve',
        `use a general-purpose family, or one of the accelerated families EKS documents: ${acceleratedFamilies().join(', ')}`);
    }
    return type;
  }

  private resolveZones(props: AwsClusterProps): string[] {
    const catalogued = this.fleet._catalogue.awsAvailabilityZoneIds(props.region);
    const zones = props.availabilityZoneIds ?? catalogued.slice(0, 3);
    if (zones.length < 2 || zones.length > 3) {
      throw FleetError.invalidProperty(this, 'availabilityZoneIds', zones, 'must name 2 or 3 availability zones (fewer than 2 gives no zone redundancy)',
        `choose 2 or 3 of ${catalogued.join(', ')}`);
    }
    const unknown = zones.find((z) => !catalogued.includes(z));
    if (unknown !== undefined || new Set(zones).size !== zones.length) {
      throw FleetError.invalidProperty(this, 'availabilityZoneIds', zones, `must be distinct zone IDs of ${props.region} that EKS supports`, `choose from ${catalogued.join(', ')}`);
    }
    return zones;
  }

  private resolveAdmins(own: string[] | undefined): string[] {
    const all = [...new Set([...this.fleet.awsAdminRoleArns, ...(own ?? [])])];
    checkRoleArns(this, 'adminRoleArns', all, "'arn:aws:iam::111122223333:role/platform-admin'");
    return all.sort();
  }

  private resolveExistingNetwork(network: AwsExistingNetwork): string[] {
    if (!/^vpc-[0-9a-f]{8,17}$/.test(network.vpcId ?? '')) {
      throw FleetError.invalidProperty(this, 'existingNetwork.vpcId', network.vpcId, 'is not a VPC id', "use the id of the VPC, e.g. 'vpc-0123456789abcdef0'");
    }
    const subnets = network.privateSubnetIds ?? [];
    if (subnets.length < 2 || subnets.some((s) => !/^subnet-[0-9a-f]{8,17}$/.test(s))) {
      throw FleetError.invalidProperty(this, 'existingNetwork.privateSubnetIds', subnets, 'must list at least 2 subnet ids in different zones',
        "give the private subnets, e.g. ['subnet-0aaa…', 'subnet-0bbb…']");
    }
    return [...subnets];
  }
}

function servicePrincipalTrust(service: string, actions: string[]): string {
  return JSON.stringify({
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Principal: { Service: service }, Action: actions }],
  });
}
