import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { runCli } from '../../src/cli/main';

/** Runs the CLI in-process, with `env` added to the process's environment, collecting what it prints. */
export async function cli(args: string[], env: { [name: string]: string | undefined } = {}): Promise<{ code: number; out: string[]; err: string[] }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(args, { out: (l) => out.push(l), err: (l) => err.push(l), cwd: process.cwd(), env: { ...process.env, ...env } });
  return { code, out, err };
}

/**
 * A stand-in for a command on PATH (put `bin` first): it records each call
 * as `<name> <args>` in `log`, then runs `body` (bash lines, `$*` the
 * arguments), which plays the part of the real command.
 */
export function fakeCommand(name: string, body: string[]): { bin: string; log: string } {
  const bin = fs.mkdtempSync(path.join(os.tmpdir(), `cdk-fleet-${name}-`));
  const log = path.join(bin, 'calls.log');
  fs.writeFileSync(path.join(bin, name), ['#!/usr/bin/env bash', `echo "${name} $*" >> "${log}"`, ...body].join('\n'), { mode: 0o755 });
  return { bin, log };
}
