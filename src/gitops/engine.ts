/** The GitOps engine a fleet delivers its Kubernetes objects with; one per fleet. */
export enum GitOpsEngine {
  /** Argo CD: Applications in health-gated sync waves. */
  ARGO_CD = 'argo-cd',
  /** Flux: Kustomizations per layer with `dependsOn` and `wait`, HelmReleases with `dependsOn`. */
  FLUX = 'flux',
}

/** Single sign-on to the Argo CD UI and CLI through an OIDC provider. */
export interface ArgoCdSsoOptions {
  /**
   * The URL people reach Argo CD at (Argo CD's `url`, needed for the OIDC
   * redirect). `{cluster}` stands for the cluster's name, e.g.
   * `https://argocd.{cluster}.acme.example`.
   */
  readonly url: string;
  /** The OIDC issuer, e.g. `https://login.microsoftonline.com/<tenant>/v2.0`. */
  readonly issuer: string;
  /** The client (application) id registered with the issuer. */
  readonly clientId: string;
  /**
   * A key of the `argocd-secret` Secret that holds the client secret (it is
   * never written to Git). Without it, Argo CD signs in as a public client
   * with PKCE.
   * @default - a public client with PKCE
   */
  readonly clientSecretKey?: string;
  /** Groups (the `groups` claim) that administer Argo CD. */
  readonly adminGroups: string[];
  /**
   * Scopes asked of the issuer; `groups` must bring the groups claim.
   * @default ['openid', 'profile', 'email', 'groups']
   */
  readonly requestedScopes?: string[];
}

/** How the fleet configures Argo CD. */
export interface ArgoCdOptions {
  /**
   * Sign-in through OIDC. Argo CD's local admin is always off; without SSO
   * nobody signs in to the UI, and operators use `argocd --core` with their
   * cluster access. Signed-in users get read-only access, admin groups
   * administer.
   * @default - no sign-in to the UI
   */
  readonly sso?: ArgoCdSsoOptions;
}

/** Where GitOps finds the fleet's synthesized output, and with which engine. */
export interface GitOpsOptions {
  /** The Git repository the synthesized cluster folders are committed to, e.g. `https://github.com/acme/fleet.git`. */
  readonly repoUrl: string;
  /** Branch the clusters follow. @default 'main' */
  readonly revision?: string;
  /**
   * The folder of the repository that holds the cluster folders as
   * committed: the contents of `cdktf.out/kubernetes/`, so that
   * `<path>/<cluster>/layers` exists in Git. There is no default, because
   * `cdktf.out` itself is ignored by Git in cdktf projects: the pipeline
   * copies `cdktf.out/kubernetes/` there and commits it (see the README).
   */
  readonly path: string;
  /** @default GitOpsEngine.ARGO_CD */
  readonly engine?: GitOpsEngine;
  /** Argo CD settings (sign-in). @default - no sign-in to the UI */
  readonly argoCd?: ArgoCdOptions;
}

/** Namespaces the engines run in. */
export const GITOPS_NAMESPACE: Record<GitOpsEngine, string> = {
  [GitOpsEngine.ARGO_CD]: 'argocd',
  [GitOpsEngine.FLUX]: 'flux-system',
};

/** The Argo CD project the platform's applications belong to. */
export const ARGO_PROJECT = 'fleet-platform';

/** Where the cluster's folders are in the fleet repository. */
export function clusterRepoPath(options: GitOpsOptions, clusterName: string): string {
  return `${options.path.replace(/^\.\/|\/+$/g, '')}/${clusterName}`;
}
