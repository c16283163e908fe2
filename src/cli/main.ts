import { catalogueCommand, CommandIo } from './catalogue-command';
import { CommandRunner, deployCommand, PROCESS_RUNNER, publishCommand } from './deploy-command';
import { diffCommand } from './diff-command';
import { teardownCommand } from './teardown-command';

/** GitHub's API limits anonymous callers per address; a token (as CI runners have) lifts that. */
function githubHeaders(url: string): { [name: string]: string } {
  const token = process.env.GITHUB_TOKEN;
  return { 'user-agent': 'cdk-fleet', ...(token && url.startsWith('https://api.github.com/') ? { authorization: `Bearer ${token}` } : {}) };
}

/** What the CLI reads and runs; every part is injectable so tests run it in-process. */
export interface CliIo extends CommandIo {
  readonly env: { [name: string]: string | undefined };
  readonly runner: CommandRunner;
}

/**
 * The `cdk-fleet` command: `cdk-fleet catalogue [--json] | check | update`
 * `cdk-fleet deploy --wave N | --stack S | --cluster C` and
 * `cdk-fleet publish --wave N --to <folder>`, `cdk-fleet teardown --cluster C` and `cdk-fleet diff <before> <after>`.
 * Returns the exit code; `io` is injectable so tests run it in-process.
 */
export async function runCli(argv: string[], io?: Partial<CliIo>): Promise<number> {
  const full: CommandIo = {
    out: io?.out ?? ((line) => process.stdout.write(`${line}\n`)),
    err: io?.err ?? ((line) => process.stderr.write(`${line}\n`)),
    cwd: io?.cwd ?? process.cwd(),
    upstream: io?.upstream ?? { fetch: (url) => fetch(url, { headers: githubHeaders(url) }) },
    // The check command compares with today; synth never does.
    today: io?.today ?? new Date().toISOString().slice(0, 10),
  };
  const [command, ...rest] = argv;
  if (command === 'catalogue') {
    return catalogueCommand(rest, full);
  }
  if (command === 'diff') {
    return diffCommand(rest, full);
  }
  if (command === 'publish') {
    return publishCommand(rest, full);
  }
  if (command === 'deploy') {
    return deployCommand(rest, { ...full, env: io?.env ?? process.env, runner: io?.runner ?? PROCESS_RUNNER });
  }
  if (command === 'teardown') {
    return teardownCommand(rest, { ...full, env: io?.env ?? process.env, runner: io?.runner ?? PROCESS_RUNNER });
  }
  full.err(command ? `unknown command: ${command}` : 'no command given');
  full.err('Usage: cdk-fleet catalogue [--json] | cdk-fleet catalogue check | cdk-fleet catalogue update');
  full.err('       cdk-fleet deploy --wave <n> | --stack <name> | --cluster <name> [--check] [--dry-run] [--outdir cdktf.out]');
  full.err('       cdk-fleet deploy --cluster <name> --drill [--dry-run] [--outdir cdktf.out]');
  full.err('       cdk-fleet publish --wave <n> --to <gitOps folder> [--prune] [--outdir cdktf.out]');
  full.err('       cdk-fleet teardown --cluster <name> [--reason "<why>"] [--dry-run] [--outdir cdktf.out]');
  full.err('       cdk-fleet diff <before outdir> <after outdir> [--json] [--fail-on-data-loss]');
  return 2;
}
