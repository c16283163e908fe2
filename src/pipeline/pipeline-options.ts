import type { IConstruct } from 'constructs';
import { FleetError } from '../_internal/fleet-error';
import { requireOptions } from '../_internal/input';
import { checkRoleArns } from '../_internal/rules';

/**
 * How the generated pipeline (`pipelines/github/fleet.yml`) signs in and
 * where it runs. Every credential comes from OIDC federation: the workflow
 * holds no long-lived secret apart from the kubeconfigs of attached clusters.
 */
export interface FleetPipelineOptions {
  /**
   * The IAM role the workflow assumes through GitHub's OIDC provider. It
   * must be one of the deployer's `awsRoleArns`, which are the roles with
   * access entries on every EKS cluster.
   * @default - the deployer's first `awsRoleArns` entry, else the repository variable `AWS_ROLE_ARN`
   */
  readonly awsRoleArn?: string;
  /**
   * Client id of the Entra application (or user-assigned identity) with a
   * federated credential for the repository's branch.
   * @default - the repository variable `AZURE_CLIENT_ID`
   */
  readonly azureClientId?: string;
  /**
   * The Entra tenant id.
   * @default - the repository variable `AZURE_TENANT_ID`
   */
  readonly azureTenantId?: string;
  /**
   * Runner labels of every job that reaches a cloud or a cluster. The
   * clusters' API servers are private by default, which GitHub-hosted
   * runners cannot reach: runners in the deployer's network can.
   * @default ['self-hosted']
   */
  readonly runsOn?: string[];
  /**
   * The command that synthesizes the app in the repository.
   * @default 'npx cdktf synth'
   */
  readonly synthCommand?: string;
  /**
   * The output directory the synth command writes, relative to the repository root.
   * @default 'cdktf.out'
   */
  readonly outdir?: string;
  /**
   * The branch whose pushes deploy. The cloud trust policies should admit
   * only this branch's workflow runs (`repo:<owner>/<repo>:ref:refs/heads/<branch>`).
   * @default 'main'
   */
  readonly branch?: string;
  /**
   * When the restore drills run (`pipelines/github/restore-drills.yml`), as a
   * GitHub Actions schedule: five cron fields, in UTC.
   * @default '0 4 * * 1' (Mondays 04:00 UTC)
   */
  readonly restoreDrillSchedule?: string;
}

/** The pipeline options with their defaults. */
export interface ResolvedPipeline {
  /** A role ARN, or a workflow expression that reads a repository variable. */
  readonly awsRoleArn: string;
  readonly azureClientId: string;
  readonly azureTenantId: string;
  readonly runsOn: string[];
  readonly synthCommand: string;
  readonly outdir: string;
  readonly branch: string;
  readonly restoreDrillSchedule: string;
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const LABEL = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;
const BRANCH = /^[A-Za-z0-9][A-Za-z0-9._/-]*$/;
const RELATIVE_DIR = /^(?!\/)(?!.*\.\.)[A-Za-z0-9._/-]+$/;

/** Checks the fleet's `pipeline` settings when the fleet is created. */
export function resolvePipeline(scope: IConstruct, options: FleetPipelineOptions | undefined, deployerRoleArns: string[]): ResolvedPipeline {
  const pipeline = options === undefined ? {} : requireOptions(scope, 'pipeline', options,
    "pipeline: { awsRoleArn: 'arn:aws:iam::111122223333:role/fleet-deployer', runsOn: ['self-hosted', 'fleet'] }");
  if (pipeline.awsRoleArn !== undefined) {
    checkRoleArns(scope, 'pipeline.awsRoleArn', [pipeline.awsRoleArn], "'arn:aws:iam::111122223333:role/fleet-deployer'");
    if (!deployerRoleArns.includes(pipeline.awsRoleArn)) {
      throw FleetError.invalidProperty(scope, 'pipeline.awsRoleArn', pipeline.awsRoleArn,
        'is not one of the deployer\'s awsRoleArns, so it would have no access entry on the EKS clusters it deploys to',
        `add it to deployer: { awsRoleArns: ['${pipeline.awsRoleArn}'] }, or use one of ${deployerRoleArns.length > 0 ? deployerRoleArns.join(', ') : 'them'}`);
    }
  }
  for (const [property, value] of [['azureClientId', pipeline.azureClientId], ['azureTenantId', pipeline.azureTenantId]] as const) {
    if (value !== undefined && (typeof value !== 'string' || !GUID.test(value))) {
      throw FleetError.invalidProperty(scope, `pipeline.${property}`, value, 'must be a GUID', "use the id Entra shows, e.g. '00000000-0000-0000-0000-000000000000'");
    }
  }
  const runsOn = pipeline.runsOn ?? ['self-hosted'];
  if (!Array.isArray(runsOn) || runsOn.length === 0 || !runsOn.every((l) => typeof l === 'string' && LABEL.test(l))) {
    throw FleetError.invalidProperty(scope, 'pipeline.runsOn', runsOn, 'must list one or more runner labels',
      "use the labels of runners that reach the clusters' private endpoints, e.g. ['self-hosted', 'fleet']");
  }
  const synthCommand = pipeline.synthCommand ?? 'npx cdktf synth';
  if (typeof synthCommand !== 'string' || synthCommand.trim() === '' || synthCommand.includes('\n')) {
    throw FleetError.invalidProperty(scope, 'pipeline.synthCommand', synthCommand, 'must be one command line', "use e.g. 'npx cdktf synth' or 'npm run synth'");
  }
  const outdir = pipeline.outdir ?? 'cdktf.out';
  if (typeof outdir !== 'string' || !RELATIVE_DIR.test(outdir)) {
    throw FleetError.invalidProperty(scope, 'pipeline.outdir', outdir, 'must be a folder relative to the repository root', "use e.g. 'cdktf.out'");
  }
  const branch = pipeline.branch ?? 'main';
  if (typeof branch !== 'string' || !BRANCH.test(branch)) {
    throw FleetError.invalidProperty(scope, 'pipeline.branch', branch, 'must be a branch name', "use e.g. 'main'");
  }
  const restoreDrillSchedule = pipeline.restoreDrillSchedule ?? '0 4 * * 1';
  if (typeof restoreDrillSchedule !== 'string' || !CRON.test(restoreDrillSchedule)) {
    throw FleetError.invalidProperty(scope, 'pipeline.restoreDrillSchedule', restoreDrillSchedule, 'must be a cron schedule of five fields (minute hour day month weekday, UTC)',
      "use e.g. '0 4 * * 1' for Mondays 04:00 UTC");
  }
  return {
    awsRoleArn: pipeline.awsRoleArn ?? deployerRoleArns[0] ?? '${{ vars.AWS_ROLE_ARN }}',
    azureClientId: pipeline.azureClientId ?? '${{ vars.AZURE_CLIENT_ID }}',
    azureTenantId: pipeline.azureTenantId ?? '${{ vars.AZURE_TENANT_ID }}',
    runsOn: [...runsOn],
    synthCommand,
    outdir,
    branch,
    restoreDrillSchedule,
  };
}

/** Five cron fields of numbers, ranges, steps, lists and `*` (GitHub's schedule takes POSIX cron). */
const CRON = /^(\*|\d+(-\d+)?)(\/\d+)?(,(\*|\d+(-\d+)?)(\/\d+)?)*( (\*|\d+(-\d+)?)(\/\d+)?(,(\*|\d+(-\d+)?)(\/\d+)?)*){4}$/;
