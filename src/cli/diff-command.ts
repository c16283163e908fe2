import * as fs from 'fs';
import * as path from 'path';
import { diffOutputs } from '../diff/fleet-diff';
import { renderDiffMarkdown } from '../diff/render-diff';

const USAGE = [
  'Usage: cdk-fleet diff <before outdir> <after outdir> [--json] [--fail-on-data-loss]',
  '',
  'Compares two synthesized outputs (for example main and a pull request): per wave, per stack and per',
  'cluster, the Terraform resources created, updated, replaced or destroyed, the Kubernetes objects added,',
  'changed and removed, add-on versions moved and deviations added. Markdown by default, JSON with --json.',
  'Version changes the clouds refuse (a skipped minor, a downgrade) and destroyed or replaced stateful resources',
  'come first; --fail-on-data-loss exits 1 when there are any of either.',
];

/** `cdk-fleet diff …`: returns the exit code. */
export function diffCommand(args: string[], io: { out: (line: string) => void; err: (line: string) => void; cwd: string }): number {
  const flags = args.filter((a) => a.startsWith('--'));
  const dirs = args.filter((a) => !a.startsWith('--'));
  const unknown = flags.filter((f) => !['--json', '--fail-on-data-loss'].includes(f));
  if (unknown.length > 0 || dirs.length !== 2) {
    io.err(unknown.length > 0 ? `unknown argument: ${unknown[0]}` : 'give two output folders: the one before and the one after');
    USAGE.forEach((l) => io.err(l));
    return 2;
  }
  const [before, after] = dirs.map((d) => path.resolve(io.cwd, d));
  for (const dir of [before, after]) {
    if (!fs.existsSync(path.join(dir, 'fleet.json'))) {
      io.err(`${dir} has no fleet.json. Fix: give the folder a synth wrote (cdktf.out), e.g. cdk-fleet diff main.out cdktf.out`);
      return 4;
    }
  }
  const diff = diffOutputs(before, after);
  io.out(flags.includes('--json') ? JSON.stringify(diff, undefined, 2) : renderDiffMarkdown(diff));
  return flags.includes('--fail-on-data-loss') && diff.dataLoss.length + diff.refused.length > 0 ? 1 : 0;
}
