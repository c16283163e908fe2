import type { IConstruct } from 'constructs';
import { FleetError } from './fleet-error';

/** A DNS label short enough to prefix derived cloud resource names: fleet, cluster and wave names. */
export const NAME_LABEL = /^[a-z]([-a-z0-9]{0,38}[a-z0-9])?$/;

/** An Azure subscription / tenant / object id. */
export const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const TAG_KEY = /^[A-Za-z0-9_.:/=+\-@ ]{1,128}$/;

/**
 * Checks tags the fleet or a cluster puts on cloud resources; `property`
 * names the prop in the message (`tags`).
 */
export function checkTags(scope: IConstruct, property: string, tags: { [key: string]: string }): void {
  for (const [key, value] of Object.entries(tags)) {
    if (!TAG_KEY.test(key) || key.toLowerCase().startsWith('aws:')) {
      throw FleetError.invalidProperty(scope, property, key, "has a key clouds refuse (1–128 characters of letters, digits, spaces and _.:/=+-@; no 'aws:' prefix)", 'rename the tag key');
    }
    if (typeof value !== 'string' || value.length > 256) {
      throw FleetError.invalidProperty(scope, `${property}.${key}`, value, 'must be a string of at most 256 characters', 'shorten the tag value');
    }
  }
}
