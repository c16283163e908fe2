import type { IConstruct } from 'constructs';
import { FleetError } from '../_internal/fleet-error';
import { isPlainObject } from '../_internal/input';

/**
 * Where one environment's application configuration comes from: the team's
 * repository (or one of its own), a folder in it, and the revision it
 * follows: a branch that moves, or a tag or commit that only a change to
 * this code moves (a promotion).
 */
export interface TeamEnvironmentSource {
  /** The repository, when it is not the team's. @default - the team's `repoUrl` */
  readonly repoUrl?: string;
  /** The folder. @default - the team's `path` with `{environment}` replaced */
  readonly path?: string;
  /** A branch to follow. @default - the team's `branch` (when no tag or commit is given) */
  readonly branch?: string;
  /** A tag to stay at. @default - none */
  readonly tag?: string;
  /** A commit (40 hex digits) to stay at. @default - none */
  readonly commit?: string;
  /**
   * The environment whose tested revision this one takes (e.g. `prod`
   * promoted from `dev`): it must then stay at a tag or commit. The report
   * shows the promotion. @default - none
   */
  readonly promotedFrom?: string;
}

/** A team's own application delivery: its repository, synced into its namespaces only. */
export interface TeamGitOpsOptions {
  /** The team's repository (HTTPS), e.g. `https://github.com/acme/payments-apps.git`. */
  readonly repoUrl: string;
  /** The folder of each environment, `{environment}` standing for its name. @default 'deploy/{environment}' */
  readonly path?: string;
  /** The branch environments follow unless they say otherwise. @default 'main' */
  readonly branch?: string;
  /** Per environment (by name; `default` for a team without environments), what differs from the above. @default - none */
  readonly environments?: { [environment: string]: TeamEnvironmentSource };
}

/** One environment's checked source. */
export interface ResolvedTeamSource {
  /** The environment (`default` for a team without environments). */
  readonly environment: string;
  /** The namespace it is synced into. */
  readonly namespace: string;
  readonly repoUrl: string;
  readonly path: string;
  /** `branch`, `tag` or `commit`. */
  readonly revisionKind: string;
  readonly revision: string;
  readonly promotedFrom?: string;
}

const REPO_URL = /^https:\/\/[A-Za-z0-9.-]+(:\d+)?\/[A-Za-z0-9._~\/-]+$/;
const PATH = /^[A-Za-z0-9._-]+(\/[A-Za-z0-9._-]+)*$/;
const REF = /^[A-Za-z0-9._\/-]{1,200}$/;
const COMMIT = /^[0-9a-f]{40}$/;

/**
 * Checks a team's GitOps options against its environments and namespaces;
 * returns one source per environment, in the team's environment order.
 */
export function resolveTeamGitOps(scope: IConstruct, options: TeamGitOpsOptions, environments: string[], namespaces: string[]): ResolvedTeamSource[] {
  const where = 'gitOps';
  if (!isPlainObject(options)) {
    throw FleetError.invalidProperty(scope, where, options, 'must be an object', "use e.g. gitOps: { repoUrl: 'https://github.com/acme/payments-apps.git' }");
  }
  const repoUrl = checkRepo(scope, `${where}.repoUrl`, options.repoUrl);
  const pathTemplate = options.path ?? 'deploy/{environment}';
  const names = environments.length === 0 ? ['default'] : environments;
  const given = options.environments ?? {};
  if (!isPlainObject(given)) {
    throw FleetError.invalidProperty(scope, `${where}.environments`, given, 'must map environment names to their sources', "use e.g. { prod: { tag: 'v1.4.2', promotedFrom: 'dev' } }");
  }
  for (const name of Object.keys(given)) {
    if (!names.includes(name)) {
      throw FleetError.invalidProperty(scope, `${where}.environments.${name}`, given[name], `is not an environment of the team (${names.join(', ')})`,
        'name one of the team\'s environments');
    }
  }
  return names.map((environment, index) => {
    const at = `${where}.environments.${environment}`;
    const own = given[environment] ?? {};
    if (!isPlainObject(own)) {
      throw FleetError.invalidProperty(scope, at, own, 'must be an object', "use e.g. { tag: 'v1.4.2' }");
    }
    const refs = (['branch', 'tag', 'commit'] as const).filter((k) => own[k] !== undefined);
    if (refs.length > 1) {
      throw FleetError.invalidProperty(scope, at, own, `names ${refs.join(' and ')}; an environment follows one revision`, 'give one of branch, tag or commit');
    }
    const kind = refs[0] ?? 'branch';
    const revision = own[kind] ?? options.branch ?? 'main';
    if (typeof revision !== 'string' || !(kind === 'commit' ? COMMIT : REF).test(revision) || revision.includes('..')) {
      throw FleetError.invalidProperty(scope, `${refs[0] ? at : where}.${kind}`, revision, kind === 'commit' ? 'is not a full commit id (40 hex digits)' : `is not a ${kind} name`,
        kind === 'commit' ? 'give the whole commit id' : `use e.g. '${kind === 'tag' ? 'v1.4.2' : 'main'}'`);
    }
    const path = own.path ?? pathTemplate.replace(/\{environment\}/g, environment);
    if (typeof path !== 'string' || !PATH.test(path) || path.split('/').some((segment) => segment === '.' || segment === '..')) {
      throw FleetError.invalidProperty(scope, own.path !== undefined ? `${at}.path` : `${where}.path`, own.path ?? pathTemplate,
        'must be a folder of the repository: relative, plain characters, no ..', "use e.g. 'deploy/{environment}'");
    }
    if (own.promotedFrom !== undefined) {
      if (typeof own.promotedFrom !== 'string' || !names.includes(own.promotedFrom) || own.promotedFrom === environment) {
        throw FleetError.invalidProperty(scope, `${at}.promotedFrom`, own.promotedFrom, 'is not another environment of the team', `name one of ${names.filter((n) => n !== environment).join(', ') || '(none)'}`);
      }
      // A promotion stays where it was promoted to: a moving branch would take whatever lands on it.
      if (kind === 'branch') {
        throw FleetError.invalidProperty(scope, `${at}.promotedFrom`, own.promotedFrom, 'needs the environment to stay at a tag or commit, but it follows a branch',
          `give ${environment} the tag or commit that passed in ${own.promotedFrom}, e.g. tag: 'v1.4.2'`);
      }
    }
    return {
      environment,
      namespace: namespaces[index],
      repoUrl: own.repoUrl === undefined ? repoUrl : checkRepo(scope, `${at}.repoUrl`, own.repoUrl),
      path,
      revisionKind: kind,
      revision,
      ...(own.promotedFrom ? { promotedFrom: own.promotedFrom } : {}),
    };
  });
}

function checkRepo(scope: IConstruct, where: string, url: unknown): string {
  if (typeof url !== 'string' || !REPO_URL.test(url)) {
    throw FleetError.invalidProperty(scope, where, url, 'is not an HTTPS repository URL', "use e.g. 'https://github.com/acme/payments-apps.git'");
  }
  return url;
}
