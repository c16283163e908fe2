import type { IConstruct } from 'constructs';
import { GitOpsEngine, GitOpsOptions } from './engine';
import { FleetError } from '../_internal/fleet-error';

const REPO_PATH = /^[A-Za-z0-9._-]+(\/[A-Za-z0-9._-]+)*$/;

/** Checks the fleet's `gitOps` prop; soft problems go to `warn`. */
export function validateGitOpsOptions(scope: IConstruct, options: GitOpsOptions, warn: (message: string) => void): void {
  if (typeof options !== 'object') {
    throw FleetError.invalidProperty(scope, 'gitOps', options, 'must be an object', "give gitOps: { repoUrl: 'https://github.com/acme/fleet.git', path: 'clusters' }");
  }
  const engine = options.engine ?? GitOpsEngine.ARGO_CD;
  if (!Object.values(GitOpsEngine).includes(engine)) {
    throw FleetError.invalidProperty(scope, 'gitOps.engine', options.engine, 'is not a GitOps engine', 'use GitOpsEngine.ARGO_CD or GitOpsEngine.FLUX');
  }
  if (typeof options.repoUrl !== 'string' || !/^(https:\/\/|ssh:\/\/|git@)\S+$/.test(options.repoUrl)) {
    throw FleetError.invalidProperty(scope, 'gitOps.repoUrl', options.repoUrl, 'is not a Git repository URL', "use e.g. 'https://github.com/acme/fleet.git'");
  }
  if (engine === GitOpsEngine.FLUX && options.repoUrl.startsWith('git@')) {
    // Flux's GitRepository accepts http(s):// and ssh:// only (fluxcd/source-controller@v1.8.5:api/v1/gitrepository_types.go).
    throw FleetError.invalidProperty(scope, 'gitOps.repoUrl', options.repoUrl, 'is an scp-like address, which Flux does not accept',
      `write it as ssh://, e.g. '${options.repoUrl.replace(/^git@([^:]+):/, 'ssh://git@$1/')}'`);
  }
  if (typeof options.path !== 'string' || !REPO_PATH.test(options.path) || options.path.split('/').includes('..')) {
    throw FleetError.invalidProperty(scope, 'gitOps.path', options.path,
      'must name the folder of the repository where the cluster folders (cdktf.out/kubernetes/*) are committed, relative to its root',
      "give e.g. path: 'clusters', and have the pipeline copy cdktf.out/kubernetes/ there and commit it");
  }
  if (options.path === 'cdktf.out' || options.path.startsWith('cdktf.out/')) {
    warn(`gitOps.path '${options.path}' is inside cdktf.out, which cdktf projects keep out of Git: the clusters would find nothing to sync unless that folder is committed`);
  }
  if (options.revision !== undefined && (typeof options.revision !== 'string' || !/^[A-Za-z0-9._/-]+$/.test(options.revision))) {
    throw FleetError.invalidProperty(scope, 'gitOps.revision', options.revision, 'must be a branch name', "use e.g. 'main'");
  }
  const sso = options.argoCd?.sso;
  if (sso === undefined || sso === null) {
    if (engine === GitOpsEngine.ARGO_CD) {
      warn('Argo CD has no sign-in: its local admin is off and gitOps.argoCd.sso is not set, so only `argocd --core` with cluster access reaches it. Set gitOps.argoCd.sso for the UI');
    }
    return;
  }
  if (engine !== GitOpsEngine.ARGO_CD) {
    throw FleetError.invalidProperty(scope, 'gitOps.argoCd.sso', '…', 'configures Argo CD, but the fleet uses Flux', 'remove gitOps.argoCd, or use GitOpsEngine.ARGO_CD');
  }
  for (const key of ['url', 'issuer'] as const) {
    if (typeof sso[key] !== 'string' || !/^https:\/\/\S+$/.test(sso[key])) {
      throw FleetError.invalidProperty(scope, `gitOps.argoCd.sso.${key}`, sso[key], 'must be an https URL', key === 'url'
        ? "give the URL people open Argo CD at, e.g. 'https://argocd.{cluster}.acme.example'" : "give the OIDC issuer, e.g. 'https://login.microsoftonline.com/<tenant>/v2.0'");
    }
  }
  if (typeof sso.clientId !== 'string' || sso.clientId.trim() === '') {
    throw FleetError.invalidProperty(scope, 'gitOps.argoCd.sso.clientId', sso.clientId, 'must be the client id registered with the issuer', 'copy it from the OIDC application');
  }
  if (!Array.isArray(sso.adminGroups) || sso.adminGroups.length === 0 || !sso.adminGroups.every((g) => typeof g === 'string' && /^[^\s,]+$/.test(g))) {
    throw FleetError.invalidProperty(scope, 'gitOps.argoCd.sso.adminGroups', sso.adminGroups, 'must list at least one group (no spaces or commas)',
      "name the groups claim values that administer Argo CD, e.g. ['platform-engineers']");
  }
  if (sso.clientSecretKey !== undefined && (typeof sso.clientSecretKey !== 'string' || !/^[A-Za-z0-9._-]+$/.test(sso.clientSecretKey))) {
    throw FleetError.invalidProperty(scope, 'gitOps.argoCd.sso.clientSecretKey', sso.clientSecretKey, 'must be a key of the argocd-secret Secret',
      "use e.g. 'oidc.clientSecret', or leave it out for a public client with PKCE");
  }
  if (sso.requestedScopes !== undefined && (!Array.isArray(sso.requestedScopes) || !sso.requestedScopes.includes('openid'))) {
    throw FleetError.invalidProperty(scope, 'gitOps.argoCd.sso.requestedScopes', sso.requestedScopes, "must include 'openid'",
      "leave it out for ['openid', 'profile', 'email', 'groups']");
  }
}
