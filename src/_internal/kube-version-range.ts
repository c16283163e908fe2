import * as semver from 'semver';

/**
 * A chart's `kubeVersion` as node-semver reads it. Helm checks it with
 * Masterminds/semver, whose constraints may join ranges with commas
 * (`>= 1.22.0-0, < 1.36.0-0`), where node-semver uses spaces.
 */
function normalized(range: string): string {
  return range.replace(/,/g, ' ');
}

/** Whether `range` is a constraint Helm and node-semver both read. */
export function isKubeVersionRange(range: unknown): range is string {
  return typeof range === 'string' && range.trim() !== '' && semver.validRange(normalized(range), { includePrerelease: true }) !== null;
}

/**
 * Whether a cluster of this Kubernetes minor (`1.36`) satisfies a chart's
 * range. The `-0` in charts' ranges admits the providers' builds
 * (`v1.36.2-eks-…`); every patch of the minor counts from `.0`.
 */
export function minorSatisfies(minor: string, range: string): boolean {
  return semver.satisfies(`${minor}.0`, normalized(range), { includePrerelease: true });
}
