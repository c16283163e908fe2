import { spawnSync } from 'child_process';
import * as path from 'path';

const root = path.join(__dirname, '..', '..');
const example = path.join(root, 'examples', 'multi-cloud-fleet');

describe('cdktf CLI in the example folder', () => {
  test('`cdktf list` synthesizes the app and shows one stack per region', () => {
    const run = spawnSync(path.join(root, 'node_modules', '.bin', 'cdktf'), ['list'], {
      cwd: example,
      encoding: 'utf-8',
      env: { ...process.env, CHECKPOINT_DISABLE: '1', CI: 'true', FORCE_COLOR: '0' },
      timeout: 240_000,
    });
    expect(run.stderr.replace(/npm warn.*\n/g, '')).not.toMatch(/error/i);
    expect(run.status).toBe(0);
    const stacks = [...run.stdout.matchAll(/^(\S+)\s+cdktf\.out\/stacks\/(\S+)$/gm)].map((m) => [m[1], m[2]]);
    expect(stacks).toEqual([
      ['aws-eu-central-1', 'aws-eu-central-1'],
      ['aws-us-east-1', 'aws-us-east-1'],
      ['aws-us-west-2', 'aws-us-west-2'],
      ['azure-fleet-manager', 'azure-fleet-manager'],
      ['azure-northeurope', 'azure-northeurope'],
      ['azure-westeurope', 'azure-westeurope'],
      ['global', 'global'],
    ]);
  });
});
