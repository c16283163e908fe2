import * as fs from 'fs';
import * as path from 'path';
import { addAttached, addAws, addAzure, emptyFleet, errorOf } from '../support/fixtures';

describe('fleet-wide validation at synth', () => {
  test('every problem of the fleet is reported together, and nothing is written', () => {
    // GIVEN a fleet with a duplicate name, an overlapping range and a cluster in no wave
    const { app, fleet } = emptyFleet();
    addAws(fleet, 'a', 'us-east-1', '10.0.0.0/16', { name: 'prod' });
    addAzure(fleet, 'b', 'westeurope', '10.0.128.0/17', { name: 'prod' });
    addAttached(fleet, 'store-1', { wave: 'canray' });
    // WHEN
    const message = errorOf(() => app.synth());
    // THEN
    expect(message).toBe([
      'test: 3 problems in the fleet; nothing was written:',
      "  - test/azure-westeurope/b: 'name' is already the name of cluster test/aws-us-east-1/a; cluster names must be unique in the fleet, got \"prod\". " +
        'Fix: rename one of them, e.g. with a region suffix',
      "  - test/azure-westeurope/b: 'cidr' overlaps the cidr 10.0.0.0/16 of cluster 'prod' (test/aws-us-east-1/a), got \"10.0.128.0/17\". " +
        'Fix: give every cluster its own address range so that networks can be peered and routed',
      "  - test/store-1: 'wave' is not a wave of the fleet, so the cluster is in no wave and would never roll out, got \"canray\". " +
        "Fix: use one of the fleet's waves ('canary', 'main') or add it to the Fleet's 'waves'",
    ].join('\n'));
    // cdktf creates the empty stacks/ folder when the App is constructed; no stack is in it.
    expect(fs.readdirSync(path.join(app.outdir, 'stacks'))).toEqual([]);
    expect(fs.existsSync(path.join(app.outdir, 'kubernetes'))).toBe(false);
    expect(fs.existsSync(path.join(app.outdir, 'fleet.json'))).toBe(false);
  });

  test('a fleet of attached clusters only is validated the same way', () => {
    const { app, fleet } = emptyFleet();
    addAttached(fleet, 'store-1', { cidr: '192.168.1.0/24' });
    addAttached(fleet, 'store-2', { cidr: '192.168.1.0/25' });
    expect(errorOf(() => app.synth())).toContain(
      "test/store-2: 'cidr' overlaps the cidr 192.168.1.0/24 of cluster 'store-1' (test/store-1), got \"192.168.1.0/25\"");
    expect(fs.existsSync(path.join(app.outdir, 'fleet.json'))).toBe(false);
  });

  test('no network of the fleet may overlap the AKS overlay ranges once the fleet has an AKS cluster', () => {
    const { app, fleet } = emptyFleet();
    addAzure(fleet, 'z1', 'westeurope', '10.1.0.0/16');
    addAttached(fleet, 'store-1', { cidr: '100.64.10.0/24' });
    expect(errorOf(() => app.synth())).toContain(
      "test/store-1: 'cidr' overlaps 100.64.0.0/16, which every AKS cluster of the fleet uses for its pods or services, got \"100.64.10.0/24\". Fix: choose a range outside 100.64.0.0/15");
  });

  test('clusters with their own ranges in the fleet\'s waves pass', () => {
    const { app, fleet } = emptyFleet();
    addAws(fleet, 'a', 'us-east-1', '10.0.0.0/16', { wave: 'canary' });
    addAzure(fleet, 'b', 'westeurope', '10.1.0.0/16');
    expect(() => app.synth()).not.toThrow();
    expect(fs.existsSync(path.join(app.outdir, 'fleet.json'))).toBe(true);
  });
});
