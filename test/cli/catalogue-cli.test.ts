import * as fs from 'fs';
import * as http from 'http';
import { AddressInfo } from 'net';
import * as os from 'os';
import * as path from 'path';
import { stringify } from 'yaml';
import { CatalogueFile, Fleet, FleetTesting } from '../../src';
import { addOnCatalogueEntry, catalogueIds } from '../../src/catalogue/add-ons';
import { runCli } from '../../src/cli/main';
import { compareVersions, newestStable } from '../../src/cli/upstream';
import { FLEET_PROPS } from '../support/fixtures';

/**
 * The CLI against recorded upstream answers served on loopback: each chart
 * repository's index.yaml lists the pinned versions (kyverno's without its
 * pin, cert-manager's with a newer release), GitHub answers for the engines.
 */
function recordedUpstream(): Map<string, { status: number; body: string }> {
  const answers = new Map<string, { status: number; body: string }>();
  const indexes = new Map<string, { [chart: string]: Array<{ version: string; appVersion: string }> }>();
  for (const id of catalogueIds()) {
    const entry = addOnCatalogueEntry(id);
    if (entry.repository && entry.chart) {
      const key = `/${entry.repository.url.replace(/^https:\/\//, '').replace(/\/$/, '')}/index.yaml`;
      const index = indexes.get(key) ?? {};
      index[entry.chart] = entry.versions.filter(() => id !== 'kyverno').map((v) => ({ version: v.version, appVersion: v.appVersion }));
      if (id === 'cert-manager') {
        index[entry.chart].push({ version: 'v1.22.0', appVersion: 'v1.22.0' }, { version: 'v1.23.0-alpha.1', appVersion: 'v1.23.0-alpha.1' });
      }
      indexes.set(key, index);
    }
  }
  for (const [key, entries] of indexes) {
    answers.set(key, { status: 200, body: stringify({ apiVersion: 'v1', entries }) });
  }
  answers.set('/api.github.com/repos/argoproj/argo-cd/releases/tags/v3.4.7', { status: 200, body: '{"tag_name":"v3.4.7"}' });
  answers.set('/api.github.com/repos/argoproj/argo-cd/releases/latest', { status: 200, body: '{"tag_name":"v3.5.1"}' });
  answers.set('/api.github.com/repos/fluxcd/flux2/releases/tags/v2.8.8', { status: 200, body: '{"tag_name":"v2.8.8"}' });
  answers.set('/api.github.com/repos/fluxcd/flux2/releases/latest', { status: 200, body: '{"tag_name":"v2.8.8"}' });
  return answers;
}

let server: http.Server;
let mirror: string;
let answers: Map<string, { status: number; body: string }>;
let dir: string;

beforeAll(async () => {
  answers = recordedUpstream();
  server = http.createServer((req, res) => {
    const answer = answers.get(req.url ?? '') ?? { status: 404, body: 'not found' };
    res.writeHead(answer.status, { 'content-type': 'text/plain' });
    res.end(answer.body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  mirror = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk-fleet-cli-'));
});

async function cli(...args: string[]): Promise<{ code: number; out: string[]; err: string[] }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(args, { out: (l) => out.push(l), err: (l) => err.push(l), cwd: dir, today: '2026-12-02', upstream: { fetch: (url) => fetch(url), mirror } });
  return { code, out, err };
}

describe('cdk-fleet catalogue', () => {
  test('--json prints the effective catalogue: built-in facts and the extension file\'s', async () => {
    fs.writeFileSync(path.join(dir, 'cdk-fleet.catalogue.json'), JSON.stringify({
      regions: [{ cloud: 'aws', region: 'mx-central-1', availabilityZoneIds: ['mxc1-az1', 'mxc1-az2'], source: 'https://docs.aws.amazon.com/x', checked: '2026-12-01' }],
    }));
    const { code, out } = await cli('catalogue', '--json');
    expect(code).toBe(0);
    const { entries } = JSON.parse(out.join('\n'));
    expect(entries.find((e: any) => e.kind === 'add-on-version' && e.id === 'cert-manager' && e.version === 'v1.21.1')).toMatchObject({
      kind: 'add-on-version',
      id: 'cert-manager',
      version: 'v1.21.1',
      origin: 'built-in',
      source: 'cert-manager/cert-manager@v1.21.1:deploy/charts/cert-manager/Chart.yaml',
      checked: '2026-12-02',
    });
    expect(entries.find((e: any) => e.id === 'aws/mx-central-1')).toMatchObject({ kind: 'region', origin: 'extension', checked: '2026-12-01' });
    expect(entries.every((e: any) => typeof e.kind === 'string' && typeof e.id === 'string' && typeof e.source === 'string')).toBe(true);
  });

  test('check reports a pin upstream never published, newer releases and support windows, and fails on the missing pin', async () => {
    const { code, out } = await cli('catalogue', 'check', '--today', '2027-01-15');
    expect(code).toBe(1);
    expect(out).toContain('missing\tkyverno 3.9.0: not published upstream (https://kyverno.github.io/kyverno/index.yaml)');
    expect(out).toContain('outdated\tcert-manager v1.21.1: upstream has v1.22.0');
    expect(out).toContain('outdated\targo-cd v3.4.7: upstream has v3.5.1');
    expect(out.filter((l) => l.startsWith('outdated'))).toHaveLength(2);
    expect(out).toContain('support\taws 1.35: standard support ends on 2027-03-26');
    expect(out).toContain('support\tazure 1.34: support ended on 2026-11-30');
    expect(out[out.length - 1]).toMatch(/^1 pinned versions missing upstream, 2 outdated, \d+ support windows to act on, 0 sources unreachable$/);
  });

  test('check says which upstream it could not read, and exits non-zero', async () => {
    const saved = answers.get('/charts.jetstack.io/index.yaml')!;
    answers.set('/charts.jetstack.io/index.yaml', { status: 503, body: 'unavailable' });
    try {
      const { code, out } = await cli('catalogue', 'check');
      expect(out).toContain('unreachable\tcert-manager v1.21.1: https://charts.jetstack.io/index.yaml could not be read');
      expect(code).toBe(1);
    } finally {
      answers.set('/charts.jetstack.io/index.yaml', saved);
    }
  });

  test('update writes the newer release into the extension file for review, which a fleet then accepts', async () => {
    const { code, out } = await cli('catalogue', 'update');
    expect(code).toBe(0);
    expect(out).toContain('argo-cd: upstream has v3.5.1; engines are pinned in the built-in catalogue only (a cdk-fleet release)');
    expect(out).toContain('Added to cdk-fleet.catalogue.json for review: cert-manager v1.22.0');
    const file = CatalogueFile.load(path.join(dir, 'cdk-fleet.catalogue.json'));
    expect(file.addOnVersions).toHaveLength(1);
    expect(file.addOnVersions![0]).toMatchObject({
      addOnId: 'cert-manager',
      version: 'v1.22.0',
      appVersion: 'v1.22.0',
      source: 'https://charts.jetstack.io/index.yaml',
      checked: '2026-12-02',
      note: 'installs copied from v1.21.1: check them against the chart at v1.22.0 before pinning it',
    });
    expect(file.addOnVersions![0].standard).toBeUndefined();
    // Validated like a built-in fact, and listed in the report.
    const app = FleetTesting.app();
    const fleet = new Fleet(app, 'test', { ...FLEET_PROPS, catalogue: file });
    expect(fleet._catalogue.addOn('cert-manager').versions.map((v) => v.version)).toEqual(['v1.21.1', 'v1.21.0', 'v1.22.0']);
    // A second run finds nothing new.
    expect((await cli('catalogue', 'update')).out).toEqual(['argo-cd: upstream has v3.5.1; engines are pinned in the built-in catalogue only (a cdk-fleet release)',
      'Nothing newer upstream; the extension file is unchanged.']);
  });

  test('only unreachable sources: exit 3, so a CI run notices it checked nothing', async () => {
    const saved = new Map(answers);
    for (const key of [...answers.keys()]) {
      answers.set(key, key.includes('kyverno') ? saved.get(key)! : { status: 503, body: 'unavailable' });
    }
    // kyverno's index still answers, now with its pin.
    answers.set('/kyverno.github.io/kyverno/index.yaml', { status: 200, body: stringify({ entries: { kyverno: [{ version: '3.9.0', appVersion: 'v1.19.0' }] } }) });
    try {
      const { code, out } = await cli('catalogue', 'check');
      expect(out.filter((l) => l.startsWith('missing'))).toEqual([]);
      expect(out.filter((l) => l.startsWith('unreachable')).length).toBeGreaterThan(10);
      expect(code).toBe(3);
    } finally {
      saved.forEach((v, k) => answers.set(k, v));
    }
  });

  test('a named extension file that is missing or broken is its own error (exit 4)', async () => {
    const missing = await cli('catalogue', '--file', 'nope.json');
    expect(missing.code).toBe(4);
    expect(missing.err[0]).toMatch(/nope\.json does not exist\. Fix: give the path of the fleet's catalogue extensions, or create the file with \{\}/);
    fs.writeFileSync(path.join(dir, 'bad.json'), JSON.stringify({ regions: [{ cloud: 'aws', region: 'mx-central-1' }] }));
    const bad = await cli('catalogue', '--file', 'bad.json');
    expect(bad.code).toBe(4);
    expect(bad.err[0]).toContain("'catalogue.regions[0].source' must say where the fact was read");
  });

  test('versions order as releases do: build metadata ignored, pre-releases numerically, before their release', () => {
    expect(['1.2.3', '1.2.3-rc.10', 'v1.2.3-rc.9', '1.2.3+build.1', '1.10.0', '1.2.3-alpha-2', '1.2.3-alpha-1'].sort(compareVersions))
      .toEqual(['1.2.3-alpha-1', '1.2.3-alpha-2', 'v1.2.3-rc.9', '1.2.3-rc.10', '1.2.3', '1.2.3+build.1', '1.10.0']);
    expect(newestStable(['2.5.31+up1.0.0', '2.5.17', '2.6.0-rc.1'])).toBe('2.5.31+up1.0.0');
  });

  test('bad arguments and an unknown command print the usage', async () => {
    const bad = await cli('catalogue', '--today', 'tomorrow');
    expect(bad.code).toBe(2);
    expect(bad.err[0]).toBe('--today must be YYYY-MM-DD, got tomorrow');
    expect((await cli('destroy')).err[0]).toBe('unknown command: destroy');
    expect((await cli('catalogue', '--yaml')).err[0]).toBe('unknown argument: --yaml');
  });

  test('the package installs the command', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(__dirname, '../../package.json'), 'utf-8'));
    expect(pkg.bin).toEqual({ 'cdk-fleet': 'bin/cdk-fleet' });
    expect(fs.readFileSync(path.join(__dirname, '../../bin/cdk-fleet'), 'utf-8')).toMatch(/^#!\/usr\/bin\/env node\n[\s\S]*require\('\.\.\/lib\/cli\/main'\)\.runCli/);
  });
});
