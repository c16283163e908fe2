import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

/**
 * The package as a user gets it: packed, installed into an empty app the
 * way the README's Install section says, the README's examples compiled
 * against the shipped types and synthesized, and a FleetTesting snapshot
 * taken there. The peers come from this repository's own install (the same
 * versions, offline), linked in as npm would place them.
 */
const ROOT = path.join(__dirname, '..', '..');
const README = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf-8');
const built = fs.existsSync(path.join(ROOT, 'lib', 'index.js')) && fs.existsSync(path.join(ROOT, '.jsii'));
// CI compiles before it tests: there, an unbuilt package is a failure, not a reason to skip.
if (!built && process.env.CI) {
  throw new Error('lib/ and .jsii are missing: run npx projen compile before the tests');
}

/** The fenced blocks of a language in the README, in order. */
function blocks(language: string): string[] {
  return [...README.matchAll(new RegExp('```' + language + '\\n([\\s\\S]*?)```', 'g'))].map((m) => m[1]);
}

function run(command: string, args: string[], cwd: string): string {
  return execFileSync(command, args, { cwd, encoding: 'utf-8', env: { ...process.env, CI: 'true', CHECKPOINT_DISABLE: '1' }, stdio: ['ignore', 'pipe', 'pipe'] });
}

describe('the package, installed as the README says', () => {
  test('the Install section installs every peer at the range the package declares, and a TypeScript ts-node runs on', () => {
    const install = blocks('sh').find((b) => b.includes('npm install cdk-fleet'))!;
    const peers = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf-8')).peerDependencies as { [name: string]: string };
    for (const [name, range] of Object.entries(peers)) {
      expect(install).toContain(` ${name}@${range}`);
    }
    expect(install).toContain('typescript@~5.9.0');
  });

  (built ? test : test.skip)('packs cleanly, installs, compiles and synthesizes the README\'s examples, and snapshots through FleetTesting', () => {
    const work = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk-fleet-install-'));
    try {
      run('npm', ['pack', '--pack-destination', work, '--ignore-scripts'], ROOT);
      const tarball = fs.readdirSync(work).find((f) => f.endsWith('.tgz'))!;
      const listing = run('tar', ['-tzf', path.join(work, tarball)], work).split('\n').filter(Boolean);
      // Only what the package needs: no tests, bench output or scratch files (the sources, which stack traces name, do ship).
      expect(listing.filter((f) => !/^package\/(lib\/.*\.(js|d\.ts)|src\/.*\.ts|bin\/cdk-fleet|\.jsii|API\.md|README\.md|LICENSE|package\.json|node_modules\/.*)$/.test(f))).toEqual([]);

      const app = path.join(work, 'app');
      fs.mkdirSync(app);
      fs.writeFileSync(path.join(app, 'package.json'), JSON.stringify({ name: 'readme-app', version: '1.0.0', private: true }));
      run('npm', ['install', path.join(work, tarball), '--no-save', '--offline', '--legacy-peer-deps', '--ignore-scripts', '--no-audit', '--no-fund'], app);
      for (const name of ['cdktf', 'constructs', '@cdktf/provider-aws', '@cdktf/provider-azurerm', '@cdktf/provider-time', 'cdk8s', 'cdk8s-plus-28',
        'typescript', 'ts-node', '@types/node']) {
        const link = path.join(app, 'node_modules', name);
        fs.mkdirSync(path.dirname(link), { recursive: true });
        fs.symlinkSync(path.join(ROOT, 'node_modules', name), link, 'dir');
      }
      const setup = blocks('sh').find((b) => b.includes('npm install cdk-fleet'))!;
      for (const line of setup.split('\n').filter((l) => l.startsWith('echo '))) {
        const [, json, file] = /^echo '(.*)' > (\S+)$/.exec(line)!;
        fs.writeFileSync(path.join(app, file), json);
      }

      // The first example, with the Teams snippet added before app.synth(), as the README says.
      const example = blocks('ts')[0];
      const teams = blocks('ts').find((b) => b.includes('new Team('))!;
      const body = example.replace(/app\.synth\(\);\nconsole\.log\(fleet\.summary\(\)\);\n$/, '');
      const code = `${body}${teams}\napp.synth();\nconsole.log(fleet.summary());\n`;
      const lines = code.split('\n');
      fs.writeFileSync(path.join(app, 'main.ts'), [...lines.filter((l) => l.startsWith('import ')), ...lines.filter((l) => !l.startsWith('import '))].join('\n'));
      fs.writeFileSync(path.join(app, 'snapshot.ts'), [
        "import { AwsCluster, Fleet, FleetTesting } from 'cdk-fleet';",
        'const app = FleetTesting.app();',
        "const fleet = new Fleet(app, 'shop', { kubernetesVersion: '1.35', awsStateBackend: { bucket: 'shop-state', region: 'us-east-1' } });",
        "new AwsCluster(fleet, 'prod', { region: 'us-east-1', cidr: '10.10.0.0/16', nodePools: [{ name: 'general', size: 'm6i.large' }] });",
        'const out = FleetTesting.synth(app);',
        'console.log(JSON.stringify({ plan: out.plan, resources: Object.keys(out.stacks["aws-us-east-1"].resource).sort() }));',
      ].join('\n'));

      // Type-checked against the shipped declarations, then run.
      run('node', [path.join('node_modules', 'typescript', 'bin', 'tsc'), '-p', '.', '--noEmit'], app);
      const summary = run('node', [path.join('node_modules', 'ts-node', 'dist', 'bin.js'), 'main.ts'], app);
      expect(summary).toMatch(/^Fleet 'acme': 3 region stacks, 3 clusters, \d+ Kubernetes objects, 2 waves\./);
      expect(summary).not.toContain('warning');
      expect(JSON.parse(fs.readFileSync(path.join(app, 'cdktf.out', 'fleet.json'), 'utf-8')).clusters.map((c: any) => c.name)).toEqual(['canary-weu', 'prod-use1', 'store-0042']);
      // A mistake's stack trace, as ts-node prints it, points at files that shipped.
      fs.writeFileSync(path.join(app, 'mistake.ts'), [
        "import { App } from 'cdktf';",
        "import { AwsCluster, Fleet } from 'cdk-fleet';",
        "const fleet = new Fleet(new App({ outdir: 'mistake.out' }), 'shop', { kubernetesVersion: '1.35', awsStateBackend: { bucket: 'shop-state', region: 'us-east-1' } });",
        "try { new AwsCluster(fleet, 'prod', { region: 'us-east-1', cidr: 'nope', nodePools: [] }); } catch (e) { console.log((e as Error).stack); }",
      ].join('\n'));
      const stack = run('node', [path.join('node_modules', 'ts-node', 'dist', 'bin.js'), 'mistake.ts'], app);
      const frames = [...stack.matchAll(/\((\/[^():]+node_modules\/cdk-fleet\/[^():]+):\d+:\d+\)/g)].map((m) => m[1]);
      expect(frames.length).toBeGreaterThan(0);
      expect(frames.filter((file) => !fs.existsSync(file))).toEqual([]);

      const snapshot = JSON.parse(run('node', [path.join('node_modules', 'ts-node', 'dist', 'bin.js'), 'snapshot.ts'], app));
      expect(snapshot).toMatchSnapshot();
    } finally {
      fs.rmSync(work, { recursive: true, force: true });
    }
  }, 300_000);
});
