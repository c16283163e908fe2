import * as fs from 'fs';
import * as path from 'path';
import { App } from 'cdktf';
import { buildExampleFleet } from '../../examples/multi-cloud-fleet/fleet';
import { FleetTesting } from '../../src';
import { addAws } from '../support/fixtures';

/** A new cluster of the main wave takes the example's teams, so it needs the capacity for their quotas. */
const ROOM_FOR_TEAMS = { nodePools: [{ name: 'general', size: 'm6i.xlarge', min: 3, max: 9 }] };

/** Every file under a folder, as relative path → contents. */
function readTree(root: string): Map<string, string> {
  const files = new Map<string, string>();
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        walk(full);
      } else {
        files.set(path.relative(root, full), fs.readFileSync(full, 'utf-8'));
      }
    }
  };
  walk(root);
  return files;
}

function synthExample(change?: (app: App, fleet: ReturnType<typeof buildExampleFleet>) => void): Map<string, string> {
  const app = FleetTesting.app();
  const fleet = buildExampleFleet(app);
  change?.(app, fleet);
  app.synth();
  return readTree(app.outdir);
}

describe('determinism and isolation', () => {
  let base: Map<string, string>;
  beforeAll(() => {
    base = synthExample();
  });

  test('the same code synthesizes byte-identical output', () => {
    const again = synthExample();
    expect([...again.keys()].sort()).toEqual([...base.keys()].sort());
    for (const [file, content] of base) {
      expect({ file, same: again.get(file) === content }).toEqual({ file, same: true });
    }
  });

  test('adding a cluster in a new region changes no other stack and no other cluster\'s YAML', () => {
    const grown = synthExample((_app, fleet) => addAws(fleet, 'prod-apse2', 'ap-southeast-2', '10.40.0.0/16', ROOM_FOR_TEAMS));
    const added = [...grown.keys()].filter((f) => !base.has(f));
    expect(added.filter((f) => f.startsWith('stacks/'))).toEqual(['stacks/aws-ap-southeast-2/cdk.tf.json']);
    expect(added.filter((f) => f.startsWith('kubernetes/')).every((f) => f.startsWith('kubernetes/prod-apse2/'))).toBe(true);
    for (const [file, content] of base) {
      if (file.startsWith('stacks/') || file.startsWith('kubernetes/')) {
        expect({ file, same: grown.get(file) === content }).toEqual({ file, same: true });
      }
    }
  });

  test('adding a cluster to an existing region changes only that region\'s stack', () => {
    const grown = synthExample((_app, fleet) => addAws(fleet, 'prod-use1-b', 'us-east-1', '10.41.0.0/16', ROOM_FOR_TEAMS));
    const changed = [...base.keys()].filter((f) => f.startsWith('stacks/') && grown.get(f) !== base.get(f));
    expect(changed).toEqual(['stacks/aws-us-east-1/cdk.tf.json']);
  });

  test('removing a cluster removes its folder and changes no other region or cluster', () => {
    // GIVEN the example plus one cluster, synthesized
    const app = FleetTesting.app();
    addAws(buildExampleFleet(app), 'prod-apse2', 'ap-southeast-2', '10.40.0.0/16', ROOM_FOR_TEAMS);
    app.synth();
    // WHEN the example without it is synthesized into the same folder
    const smaller = new App({ outdir: app.outdir });
    buildExampleFleet(smaller);
    smaller.synth();
    // THEN its YAML is gone and every file of the example is as if it had never been there
    const after = readTree(app.outdir);
    expect([...after.keys()].filter((f) => f.startsWith('kubernetes/prod-apse2'))).toEqual([]);
    for (const [file, content] of base) {
      expect({ file, same: after.get(file) === content }).toEqual({ file, same: true });
    }
  });
});
