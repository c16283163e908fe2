import type { IConstruct } from 'constructs';
import { FleetError } from '../_internal/fleet-error';

/** One statement of an IAM policy an AWS workload identity is granted. */
export interface AwsPolicyStatement {
  /** IAM actions, e.g. `route53:ChangeResourceRecordSets`. A bare `*` is refused. */
  readonly actions: string[];
  /** Resource ARNs the actions apply to, or `*` where the service has no resource-level permissions. */
  readonly resources: string[];
  /** `Allow` or `Deny`. @default 'Allow' */
  readonly effect?: string;
  /** Conditions, all of which must hold. @default - none */
  readonly conditions?: AwsPolicyCondition[];
}

/** A condition of an IAM policy statement, e.g. `Bool kms:GrantIsForAWSResource true`. */
export interface AwsPolicyCondition {
  /** The condition operator, e.g. `StringEquals`, `Bool`. */
  readonly test: string;
  /** The condition key, e.g. `kms:GrantIsForAWSResource`. */
  readonly variable: string;
  /** Values, any of which satisfies the condition. */
  readonly values: string[];
}

/** An Azure role granted to a workload identity on one scope. */
export interface AzureRoleAssignment {
  /** A built-in or custom role name, e.g. `DNS Zone Contributor`. */
  readonly roleDefinitionName: string;
  /** The Azure resource id the role applies on (a resource group, DNS zone, storage account…). */
  readonly scope: string;
}

/**
 * What a workload may do in the cloud. A cluster uses the part for its
 * cloud, so an add-on or a team states both and runs anywhere.
 */
export interface CloudPermissions {
  /** AWS: managed or customer policy ARNs attached to the role. @default - none */
  readonly policyArns?: string[];
  /** AWS: statements of an inline policy on the role. @default - none */
  readonly policyStatements?: AwsPolicyStatement[];
  /** Azure: role assignments of the managed identity. @default - none */
  readonly roleAssignments?: AzureRoleAssignment[];
}

/** A Kubernetes service account and what it may do in the cloud. */
export interface WorkloadIdentityOptions extends CloudPermissions {
  /** Namespace of the service account. */
  readonly namespace: string;
  /** Name of the service account. */
  readonly serviceAccount: string;
}

/**
 * What a workload identity binding gives the Kubernetes side: the service
 * account must carry the annotations, and its pods the labels.
 */
export interface WorkloadIdentityBinding {
  /** Namespace of the service account. */
  readonly namespace: string;
  /** Name of the service account. */
  readonly serviceAccount: string;
  /** Annotations the ServiceAccount must carry. */
  readonly serviceAccountAnnotations: { [key: string]: string };
  /** Labels the pods using the service account must carry. */
  readonly podLabels: { [key: string]: string };
  /** The cloud identity: an IAM role ARN on AWS, a managed identity's client id on Azure. */
  readonly identity: string;
}

const NAMESPACE = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;
const SERVICE_ACCOUNT = /^[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?$/;

/**
 * Checks the Kubernetes side of a binding and that the service account is
 * bound once per cluster; returns `namespace:serviceAccount`.
 */
export function checkWorkloadIdentitySubject(scope: IConstruct, options: WorkloadIdentityOptions, bound: ReadonlySet<string>): string {
  if (typeof options.namespace !== 'string' || !NAMESPACE.test(options.namespace)) {
    throw FleetError.invalidProperty(scope, 'bindWorkloadIdentity.namespace', options.namespace, 'is not a Kubernetes namespace name',
      "use a DNS label of at most 63 characters, e.g. 'external-dns'");
  }
  if (typeof options.serviceAccount !== 'string' || !SERVICE_ACCOUNT.test(options.serviceAccount)) {
    throw FleetError.invalidProperty(scope, 'bindWorkloadIdentity.serviceAccount', options.serviceAccount, 'is not a Kubernetes service account name',
      "use lower-case letters, digits, '-' and '.', e.g. 'external-dns'");
  }
  const subject = `${options.namespace}:${options.serviceAccount}`;
  if (bound.has(subject)) {
    throw FleetError.invalidProperty(scope, 'bindWorkloadIdentity', subject, 'is already bound to a cloud identity on this cluster',
      'bind each service account once, with all the permissions it needs');
  }
  return subject;
}
