/**
 * What the generated pipeline runs, pinned and with the evidence for each
 * pin. Actions are pinned by commit (a tag can be moved; a commit cannot),
 * with the tag they were released as. Checked on the day below against each
 * repository's tags and its action.yml at that tag (inputs the workflow
 * sets, and the runtime).
 */
const CHECKED = '2026-12-02';

/** A GitHub Action pinned by commit. */
export interface PinnedAction {
  /** `owner/repo`, as the workflow's `uses:` names it. */
  readonly repository: string;
  /** The release tag the commit carries. */
  readonly tag: string;
  /** The commit the tag points to. */
  readonly commit: string;
  /** The inputs the workflow sets, all present in action.yml at the tag. */
  readonly inputs: string[];
  readonly source: string;
  readonly checked: string;
}

const action = (repository: string, tag: string, commit: string, inputs: string[]): PinnedAction => ({
  repository, tag, commit, inputs, source: `${repository}@${tag}:action.yml (runs.using node24)`, checked: CHECKED,
});

/** The actions of the generated workflow. */
export const PIPELINE_ACTIONS = {
  checkout: action('actions/checkout', 'v7.0.1', '3d3c42e5aac5ba805825da76410c181273ba90b1', ['persist-credentials', 'ref', 'path', 'fetch-depth']),
  setupNode: action('actions/setup-node', 'v7.0.0', '820762786026740c76f36085b0efc47a31fe5020', ['node-version', 'cache']),
  uploadArtifact: action('actions/upload-artifact', 'v7.0.0', 'bbbca2ddaa5d8feaa63e36b76fdaad77386f024f', ['name', 'path', 'if-no-files-found', 'retention-days', 'overwrite']),
  downloadArtifact: action('actions/download-artifact', 'v8.0.1', '3e5f45b2cfb9172054b4087a40e8e0b5a5461e7c', ['name', 'path']),
  awsCredentials: action('aws-actions/configure-aws-credentials', 'v6.2.3', 'e6de054238d6b7531b4efff3b6587d9aade6a06c',
    ['role-to-assume', 'aws-region', 'role-session-name', 'role-duration-seconds']),
  azureLogin: action('Azure/login', 'v3.0.1', 'f5d393ae46f8fde4be8b75f32e3fc50e654ad0ca', ['client-id', 'tenant-id', 'subscription-id']),
  setupTerraform: action('hashicorp/setup-terraform', 'v4.0.1', 'dfe3c3f87815947d99a8997f908cb6525fc44e9e', ['terraform_version', 'terraform_wrapper']),
  useKubelogin: action('Azure/use-kubelogin', 'v1.3', '0ce7c36141aa27d4934872cf00b0120804c98a29', ['kubelogin-version']),
} as const;

/** A tool version the workflow installs. */
export interface PinnedTool {
  readonly version: string;
  readonly source: string;
  readonly checked: string;
  readonly note?: string;
}

/** The tools the workflow installs, by version. */
export const PIPELINE_TOOLS = {
  /** The newest stable 1.x; the stacks need >= 1.10 (S3 native locking). */
  terraform: { version: '1.15.9', source: 'hashicorp/terraform@v1.15.9 (commit 87488977, 2026-08-19)', checked: CHECKED },
  /** The AKS credentials plugin: `kubelogin convert-kubeconfig -l azurecli`. */
  kubelogin: { version: 'v0.2.19', source: 'Azure/kubelogin@v0.2.19:docs/book/src/concepts/login-modes/azurecli.md', checked: CHECKED },
  /** An LTS line supported until 2028-04-30 (maintenance since 2026-10-20). */
  node: {
    version: '24',
    source: 'nodejs/Release@e4bf922d:schedule.json',
    checked: CHECKED,
    note: 'Node 26 became LTS on 2026-10-28; 24 is the older LTS line, still supported',
  },
} as const;

/** The cloud CLI commands the deploy command runs, and where their flags are documented. */
export const PIPELINE_COMMAND_SOURCES = {
  eksKubeconfig: 'https://docs.aws.amazon.com/cli/latest/reference/eks/update-kubeconfig.html (--name, --region, --kubeconfig)',
  aksKubeconfig: 'https://learn.microsoft.com/cli/azure/aks#az-aks-get-credentials (--resource-group, --name, --file, --overwrite-existing)',
  terraformOidcAzure: 'hashicorp/terraform-provider-azurerm@v4.55.0:website/docs/guides/service_principal_oidc.html.markdown (ARM_USE_OIDC, ARM_CLIENT_ID, ' +
    'ARM_TENANT_ID, ARM_SUBSCRIPTION_ID; the GitHub token from ACTIONS_ID_TOKEN_REQUEST_URL/TOKEN)',
} as const;
