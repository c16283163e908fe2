import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { buildExampleFleet } from '../../examples/multi-cloud-fleet/fleet';
import { FleetTesting, GitOpsEngine, SynthesizedFleet } from '../../src';

/**
 * Runs a cluster's generated deliver.sh with bash, against a stand-in
 * kubectl that records every call (and what it reads on stdin), so the
 * script's own shell (quoting, heredoc, the checks of its variables) is
 * tested, not only the steps it was made from.
 */
interface ScriptRun {
  readonly status: number;
  /** The arguments of every kubectl call, in order. */
  readonly calls: string[];
  /** What `kubectl apply -f -` read. */
  readonly stdin: string[];
  readonly stderr: string;
}

function runScript(out: SynthesizedFleet, cluster: string, env: { [key: string]: string }): ScriptRun {
  const bin = fs.mkdtempSync(path.join(os.tmpdir(), 'kubectl-'));
  const log = path.join(bin, 'calls.log');
  fs.writeFileSync(path.join(bin, 'kubectl'), [
    '#!/usr/bin/env bash',
    `echo "$*" >> "${log}"`,
    // `apply -f -` reads the object from stdin.
    `if [[ " $* " == *" -f - "* ]]; then cat > "${bin}/stdin-$(date +%s%N).json"; fi`,
    'exit 0',
  ].join('\n'), { mode: 0o755 });
  const script = path.join(out.outdir, 'kubernetes', cluster, 'deliver.sh');
  const result = spawnSync('bash', [script], { encoding: 'utf-8', env: { PATH: `${bin}:/usr/bin:/bin`, ...env } });
  const stdin = fs.readdirSync(bin).filter((f) => f.startsWith('stdin-')).sort().map((f) => fs.readFileSync(path.join(bin, f), 'utf-8'));
  return { status: result.status ?? -1, calls: fs.existsSync(log) ? fs.readFileSync(log, 'utf-8').trim().split('\n') : [], stdin, stderr: result.stderr };
}

const bash = spawnSync('bash', ['--version']).status === 0;

describe.each([GitOpsEngine.ARGO_CD, GitOpsEngine.FLUX])('deliver.sh under %s, run by bash against a recording kubectl', (engine) => {
  let out: SynthesizedFleet;
  let values: { [variable: string]: string };
  beforeAll(() => {
    const app = FleetTesting.app();
    buildExampleFleet(app, { engine });
    out = FleetTesting.synth(app);
    values = Object.fromEntries(out.plan.clusters.find((c: any) => c.name === 'prod-neu').deployTimeValues
      .map((v: any, i: number) => [v.variable, `00000000-0000-4000-8000-00000000000${i}`]));
  });

  (bash ? test : test.skip)('runs the steps in order and writes the values object with the pipeline\'s values', () => {
    const { status, calls, stdin, stderr } = runScript(out, 'prod-neu', values);
    expect([status, stderr]).toEqual([0, '']);
    const namespace = engine === GitOpsEngine.ARGO_CD ? 'argocd' : 'flux-system';
    expect(calls[0]).toBe('apply --server-side --force-conflicts -k bootstrap');
    expect(calls[1]).toMatch(/^wait --for=condition=Established --timeout=10m crd\//);
    expect(calls[2]).toBe(`-n ${namespace} wait --for=condition=Available --timeout=10m deployment --all`);
    expect(calls[3]).toBe('apply --server-side --force-conflicts -f -');
    expect(calls[4]).toBe('apply --server-side --force-conflicts -k engine');
    expect(calls.slice(5).every((c) => c.startsWith(`-n ${namespace} `))).toBe(true);
    // The object the values step wrote, as the API server would receive it.
    const object = JSON.parse(stdin[0]);
    const written = engine === GitOpsEngine.ARGO_CD ? object.metadata.annotations : object.data;
    expect(Object.values(written).sort()).toEqual(Object.values(values).sort());
    expect(JSON.stringify(object)).not.toContain('${');
  });

  (bash ? test : test.skip)('stops before touching the cluster when a value is missing', () => {
    const missing = Object.keys(values)[0];
    const { status, calls, stderr } = runScript(out, 'prod-neu', { ...values, [missing]: '' });
    expect(status).not.toBe(0);
    expect(calls).toEqual([]);
    expect(stderr).toContain(`${missing}: set ${missing} to the output ${missing} of stack azure-northeurope`);
  });

  (bash ? test : test.skip)('a cluster without deploy-time values needs none', () => {
    const { status, calls } = runScript(out, 'store-0042', {});
    expect(status).toBe(0);
    expect(calls.length).toBeGreaterThan(5);
  });
});
