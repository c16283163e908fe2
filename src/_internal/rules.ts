import type { IConstruct } from 'constructs';
import { cidrProblem } from './cidr';
import { FleetError } from './fleet-error';

/** A DNS label short enough to prefix derived cloud resource names: fleet, cluster and wave names. */
export const NAME_LABEL = /^[a-z]([-a-z0-9]{0,38}[a-z0-9])?$/;

/** An IAM role ARN (SSO permission-set roles included). */
export const ROLE_ARN = /^arn:aws(-[a-z]+)*:iam::\d{12}:role\/[\w+=,.@\/-]+$/;

/** An Azure subscription / tenant / object id. */
export const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

// Tags go to AWS and Azure alike: AWS's characters (letters, digits, spaces and _.:/=+-@), without the
// ones Azure refuses in names (< > % & \ ? /); values in AWS's characters, at most 256.
const TAG_KEY = /^[A-Za-z0-9_.:=+\-@ ]{1,128}$/;
const TAG_VALUE = /^[A-Za-z0-9_.:/=+\-@ ]{0,256}$/;

/**
 * Checks tags the fleet or a cluster puts on cloud resources; `property`
 * names the prop in the message (`tags`).
 */
export function checkTags(scope: IConstruct, property: string, tags: { [key: string]: string }): void {
  for (const [key, value] of Object.entries(tags)) {
    if (!TAG_KEY.test(key) || key.toLowerCase().startsWith('aws:')) {
      throw FleetError.invalidProperty(scope, property, key,
        "has a key AWS or Azure refuses (1–128 characters of letters, digits, spaces and _.:=+-@; no '/', which Azure refuses; no 'aws:' prefix)",
        "rename the tag key, e.g. 'cost-center' instead of 'acme/cost-center'");
    }
    if (typeof value !== 'string' || !TAG_VALUE.test(value)) {
      throw FleetError.invalidProperty(scope, `${property}.${key}`, value, 'must be a string of at most 256 letters, digits, spaces and _.:/=+-@ (what AWS accepts)',
        'use a plain string, e.g. a team name or a cost center code');
    }
  }
}

/** Checks Entra ID group object ids (admin groups); `property` names the prop in the message. */
export function checkGroupObjectIds(scope: IConstruct, property: string, ids: string[]): void {
  const bad = ids.find((id) => typeof id !== 'string' || !GUID.test(id));
  if (bad !== undefined) {
    throw FleetError.invalidProperty(scope, property, bad, 'is not an Entra ID group object id (a GUID)',
      "use the group's object id, e.g. '00000000-0000-0000-0000-000000000000', not its name");
  }
}

/**
 * Checks an IP allowlist: valid CIDRs, none of them `/0`. `opens` names what
 * a `/0` would open (in the message), `fix` says what to list instead.
 */
export function checkAllowlist(scope: IConstruct, property: string, cidrs: string[], opens: string, fix: string): void {
  for (const cidr of cidrs) {
    const problem = cidrProblem(cidr);
    if (problem) {
      throw FleetError.invalidProperty(scope, property, cidr, problem.problem, problem.fix);
    }
    if (Number(cidr.split('/')[1]) === 0) {
      throw FleetError.invalidProperty(scope, property, cidr, `opens ${opens} to the whole internet`, fix);
    }
  }
}

/** Checks IAM role ARNs; `example` completes the fix, e.g. `the SSO permission set's role`. */
export function checkRoleArns(scope: IConstruct, property: string, arns: string[], example: string): void {
  const bad = arns.find((arn) => typeof arn !== 'string' || !ROLE_ARN.test(arn));
  if (bad !== undefined) {
    throw FleetError.invalidProperty(scope, property, bad, 'is not an IAM role ARN', `use arn:aws:iam::<12-digit account>:role/<name>, e.g. ${example}`);
  }
}
