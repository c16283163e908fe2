import { createHash } from 'node:crypto';
import { DataAwsIamPolicyDocument } from '@cdktf/provider-aws/lib/data-aws-iam-policy-document';
import { IamOpenidConnectProvider } from '@cdktf/provider-aws/lib/iam-openid-connect-provider';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { IamRolePolicyAttachment } from '@cdktf/provider-aws/lib/iam-role-policy-attachment';
import { Fn, ITerraformDependable, Token } from 'cdktf';
import { Construct, IConstruct } from 'constructs';
import { FleetError } from '../../_internal/fleet-error';
import { AwsPolicyCondition, AwsPolicyStatement } from '../workload-identity';

/** What an IRSA role needs to know. */
export interface AwsWorkloadIdentityProps {
  /** The cluster's name; the role is named `<cluster>-<namespace>-<service account>`. */
  readonly clusterName: string;
  /** The cluster's OIDC issuer URL (`https://oidc.eks…`). */
  readonly oidcIssuerUrl: string;
  /** The cluster's IAM OIDC provider. */
  readonly oidcProvider: IamOpenidConnectProvider;
  readonly namespace: string;
  readonly serviceAccount: string;
  readonly policyArns: string[];
  readonly policyStatements: AwsPolicyStatement[];
  readonly tags: { [key: string]: string };
}

const POLICY_ARN = /^arn:aws(-[a-z]+)*:iam::(aws|\d{12}):policy\/[\w+=,.@/-]+$/;
const ACTION = /^[a-z0-9-]+:[A-Za-z0-9*]+$/;
const MAX_ROLE_NAME = 64;

/**
 * An IAM role for one Kubernetes service account (IRSA): its trust admits
 * web identities from the cluster's OIDC provider whose subject is exactly
 * `system:serviceaccount:<namespace>:<service account>` and whose audience
 * is STS, and nothing else.
 */
export class AwsWorkloadIdentity extends Construct {
  /** The role name, deterministic so the annotation can name its ARN before apply. */
  public readonly roleName: string;
  public readonly role: IamRole;
  /** The role's policy attachments and inline policy: what a consumer of the role should wait for. */
  public readonly policies: ITerraformDependable[] = [];

  constructor(scope: Construct, id: string, props: AwsWorkloadIdentityProps) {
    super(scope, id);
    this.roleName = awsWorkloadRoleName(props.clusterName, props.namespace, props.serviceAccount);

    // The condition keys are the issuer without its scheme, e.g.
    // oidc.eks.us-east-1.amazonaws.com/id/ABC…:sub
    const issuer = Fn.replace(props.oidcIssuerUrl, 'https://', '');
    const trust = new DataAwsIamPolicyDocument(this, 'trust', {
      statement: [{
        effect: 'Allow',
        actions: ['sts:AssumeRoleWithWebIdentity'],
        principals: [{ type: 'Federated', identifiers: [props.oidcProvider.arn] }],
        condition: [
          { test: 'StringEquals', variable: `${issuer}:sub`, values: [`system:serviceaccount:${props.namespace}:${props.serviceAccount}`] },
          { test: 'StringEquals', variable: `${issuer}:aud`, values: ['sts.amazonaws.com'] },
        ],
      }],
    });
    this.role = new IamRole(this, 'role', {
      name: this.roleName,
      description: `Workload identity of ${props.namespace}/${props.serviceAccount} on EKS cluster ${props.clusterName}`,
      assumeRolePolicy: trust.json,
      tags: props.tags,
    });
    [...new Set(props.policyArns)].sort().forEach((policyArn, index) => {
      this.policies.push(new IamRolePolicyAttachment(this, `policy-${index}`, { role: this.role.name, policyArn }));
    });
    if (props.policyStatements.length > 0) {
      this.policies.push(new IamRolePolicy(this, 'inline-policy', {
        name: 'workload',
        role: this.role.id,
        policy: JSON.stringify({
          Version: '2012-10-17',
          Statement: props.policyStatements.map((s) => ({
            Effect: s.effect ?? 'Allow',
            Action: s.actions,
            Resource: s.resources,
            ...(s.conditions?.length ? { Condition: conditionBlock(s.conditions) } : {}),
          })),
        }),
      }));
    }
  }
}

/**
 * `<cluster>-<namespace>-<service account>`, or, beyond IAM's 64 characters,
 * its first 55 characters and a hash of the whole, so names stay unique.
 */
export function awsWorkloadRoleName(clusterName: string, namespace: string, serviceAccount: string): string {
  const full = `${clusterName}-${namespace}-${serviceAccount}`;
  if (full.length <= MAX_ROLE_NAME) {
    return full;
  }
  const hash = createHash('sha256').update(full).digest('hex').slice(0, 8);
  return `${full.slice(0, MAX_ROLE_NAME - hash.length - 1)}-${hash}`;
}

/**
 * Checks the permissions of a workload identity; called before anything is
 * created, so a bad binding leaves no half-built role behind.
 */
export function checkAwsPermissions(scope: IConstruct, policyArns: string[], policyStatements: AwsPolicyStatement[]): void {
  checkPolicyArns(scope, policyArns);
  checkPolicyStatements(scope, policyStatements);
}

function checkPolicyArns(scope: IConstruct, arns: string[]): void {
  for (const arn of arns) {
    // Policies created in the same stack are references, checked by Terraform.
    if (typeof arn !== 'string' || (!Token.isUnresolved(arn) && !POLICY_ARN.test(arn))) {
      throw FleetError.invalidProperty(scope, 'bindWorkloadIdentity.policyArns', arn, 'is not an IAM policy ARN',
        "use e.g. 'arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess' or 'arn:aws:iam::111122223333:policy/my-policy'");
    }
  }
}

function checkPolicyStatements(scope: IConstruct, statements: AwsPolicyStatement[]): void {
  statements.forEach((statement, index) => {
    const property = `bindWorkloadIdentity.policyStatements[${index}]`;
    const actions = statement.actions ?? [];
    const badAction = actions.find((a) => typeof a !== 'string' || !ACTION.test(a));
    if (actions.length === 0 || badAction !== undefined) {
      throw FleetError.invalidProperty(scope, `${property}.actions`, badAction ?? actions, "must list IAM actions as 'service:Action' (a bare '*' grants everything)",
        "name the actions the workload needs, e.g. ['s3:GetObject', 's3:PutObject']");
    }
    const resources = statement.resources ?? [];
    const badResource = resources.find((r) => typeof r !== 'string' || (r !== '*' && !r.startsWith('arn:') && !Token.isUnresolved(r)));
    if (resources.length === 0 || badResource !== undefined) {
      throw FleetError.invalidProperty(scope, `${property}.resources`, badResource ?? resources, "must list resource ARNs (or '*' for actions without resource-level permissions)",
        "e.g. ['arn:aws:s3:::my-bucket/*']");
    }
    (statement.conditions ?? []).forEach((c, i) => {
      if (!/^[A-Za-z]+$/.test(c.test ?? '') || !c.variable || !(c.values?.length > 0)) {
        throw FleetError.invalidProperty(scope, `${property}.conditions[${i}]`, c, 'must have an operator, a condition key and at least one value',
          "e.g. { test: 'StringEquals', variable: 'aws:ResourceTag/team', values: ['payments'] }");
      }
    });
    if (statement.effect !== undefined && statement.effect !== 'Allow' && statement.effect !== 'Deny') {
      throw FleetError.invalidProperty(scope, `${property}.effect`, statement.effect, "must be 'Allow' or 'Deny'", "leave it out for 'Allow'");
    }
  });
}

/** IAM's `Condition` block: operator → key → values. */
function conditionBlock(conditions: AwsPolicyCondition[]): Record<string, Record<string, string[]>> {
  const block: Record<string, Record<string, string[]>> = {};
  for (const c of conditions) {
    block[c.test] = { ...(block[c.test] ?? {}), [c.variable]: c.values };
  }
  return block;
}
