import * as fs from 'fs';
import * as path from 'path';
import {
  DefaultNamespaceEntityPolicy, EntityPolicies, FieldFormatEntityPolicy, groupEntityV1alpha1Validator, NoForeignRootFieldsEntityPolicy,
  parseEntityRef, resourceEntityV1alpha1Validator, SchemaValidEntityPolicy, systemEntityV1alpha1Validator,
} from '@backstage/catalog-model';
import * as yaml from 'yaml';
import { buildExampleFleet } from '../../examples/multi-cloud-fleet/fleet';
import { FleetTesting, SynthesizedFleet } from '../../src';

/** Backstage's own checks of an entity: the catalog's policies, then its kind's schema (@backstage/catalog-model). */
async function backstageProblems(entity: any): Promise<string | undefined> {
  const policy = EntityPolicies.allOf([
    new DefaultNamespaceEntityPolicy(), new FieldFormatEntityPolicy(), new NoForeignRootFieldsEntityPolicy(), new SchemaValidEntityPolicy(),
  ]);
  const validators: { [kind: string]: { check(entity: any): Promise<boolean> } } = {
    System: systemEntityV1alpha1Validator, Resource: resourceEntityV1alpha1Validator, Group: groupEntityV1alpha1Validator,
  };
  try {
    await policy.enforce(entity);
    if (!validators[entity.kind] || !(await validators[entity.kind].check(entity))) {
      return `${entity.kind} ${entity.metadata?.name}: no validator of its kind took it`;
    }
    return undefined;
  } catch (e) {
    return `${entity.kind} ${entity.metadata?.name}: ${(e as Error).message}`;
  }
}

describe('the software catalog', () => {
  let out: SynthesizedFleet;
  let entities: any[];
  beforeAll(() => {
    const app = FleetTesting.app();
    buildExampleFleet(app);
    out = FleetTesting.synth(app);
    entities = yaml.parseAllDocuments(fs.readFileSync(path.join(out.outdir, 'catalog', 'catalog-info.yaml'), 'utf-8')).map((d) => d.toJS());
  });

  test('every entity passes Backstage\'s own validators, which refuse a broken one', async () => {
    expect(await Promise.all(entities.map(backstageProblems))).toEqual(entities.map(() => undefined));
    const broken = { ...entities[1], metadata: { ...entities[1].metadata, name: 'Cluster With Spaces' } };
    expect(await backstageProblems(broken)).toMatch(/^Resource Cluster With Spaces: /);
  });

  test('the example: the fleet, its six clusters, three teams, one database and one route', () => {
    const count = (kind: string, type?: string) => entities.filter((e) => e.kind === kind && (type === undefined || e.spec.type === type)).length;
    expect([count('System'), count('Resource', 'kubernetes-cluster'), count('Group'), count('Resource', 'database'), count('Resource', 'route')])
      .toEqual([1, 6, 3, 1, 1]);
    expect(entities.length).toBe(12);
  });

  test('every relation points at an entity of the catalog', () => {
    const names = new Set(entities.map((e) => `${e.kind.toLowerCase()}:${e.metadata.name}`));
    for (const e of entities) {
      const refs = [e.spec.owner, e.spec.system, ...(e.spec.dependsOn ?? [])].filter((r) => r !== undefined);
      for (const ref of refs) {
        const { kind, name } = parseEntityRef(ref, { defaultKind: e.spec.owner === ref ? 'group' : 'system' });
        expect(names.has(`${kind.toLowerCase()}:${name}`)).toBe(true);
      }
    }
  });

  test('a cluster says where it runs and what it runs, as fleet.json does; a database and a route say where', () => {
    const cluster = entities.find((e) => e.metadata.name === 'cluster-prod-use1');
    const planned = out.plan.clusters.find((c: any) => c.name === 'prod-use1');
    expect(cluster.metadata.annotations).toMatchObject({
      'cdk-fleet.io/region': 'us-east-1',
      'cdk-fleet.io/kubernetes-version': planned.kubernetesVersion,
      'cdk-fleet.io/add-ons': planned.addons.map((a: any) => `${a.id}@${a.version}`).join(', '),
    });
    expect(cluster.metadata.labels).toEqual({ 'cdk-fleet.io/cloud': 'aws', 'cdk-fleet.io/wave': '2' });
    const db = entities.find((e) => e.spec.type === 'database');
    expect(db.spec).toMatchObject({ owner: 'group:payments', system: 'acme', dependsOn: ['resource:cluster-prod-euc1', 'resource:cluster-prod-neu', 'resource:cluster-prod-use1'] });
    expect(db.metadata.annotations['cdk-fleet.io/backups']).toContain('prod-use1: aws-s3 us-east-2 prod-use1-backups-111122223333');
    const route = entities.find((e) => e.spec.type === 'route');
    expect(route.metadata.annotations).toMatchObject({
      'cdk-fleet.io/host': 'checkout.apps.acme.example',
      'cdk-fleet.io/tls': 'public',
      'cdk-fleet.io/global-name': 'route53 failover over prod-use1, prod-euc1',
    });
    const payments = entities.find((e) => e.kind === 'Group' && e.metadata.name === 'payments');
    expect(payments.metadata.annotations['cdk-fleet.io/namespaces']).toBe('payments-dev, payments-prod');
  });
});
