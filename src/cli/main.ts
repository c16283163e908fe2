import { catalogueCommand, CommandIo } from './catalogue-command';

/** GitHub's API limits anonymous callers per address; a token (as CI runners have) lifts that. */
function githubHeaders(url: string): { [name: string]: string } {
  const token = process.env.GITHUB_TOKEN;
  return { 'user-agent': 'cdk-fleet', ...(token && url.startsWith('https://api.github.com/') ? { authorization: `Bearer ${token}` } : {}) };
}

/**
 * The `cdk-fleet` command: `cdk-fleet catalogue [--json] | check | update`.
 * Returns the exit code; `io` is injectable so tests run it in-process.
 */
export async function runCli(argv: string[], io?: Partial<CommandIo>): Promise<number> {
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
  full.err(command ? `unknown command: ${command}` : 'no command given');
  full.err('Usage: cdk-fleet catalogue [--json] | cdk-fleet catalogue check | cdk-fleet catalogue update');
  return 2;
}
