import * as fs from 'fs';
import * as yaml from 'yaml';
import {
  CertManager, Cloud, ExternalDns, FleetTesting, GlobalRoutingPolicy, IngressNginx, RouteTls, Team,
} from '../../src';
import { addAws, addAzure, emptyFleet, errorOf, resourcesOf } from '../support/fixtures';

const ACCOUNT = '111122223333';
const ROLE = `arn:aws:iam::${ACCOUNT}:role/shop-developers`;
const GROUP = '0a1b2c3d-1111-4222-8333-444455556666';
const ROUTE53_ZONE = 'Z0123456789ABCDEFGHIJ';
const AZURE_ZONE = '/subscriptions/99999999-1111-2222-3333-444444444444/resourceGroups/rg-dns/providers/Microsoft.Network/dnszones/apps.acme.example';
const GITOPS = { repoUrl: 'https://github.com/acme/fleet.git', path: 'clusters' };

/** A fleet of EKS and AKS clusters with ingress, certificates and external-dns, and a team on the given clusters. */
function shopFleet(options: { dns?: 'route53' | 'azure'; clusters?: string[]; extraProps?: object; regionalZones?: object } = {}) {
  const globalDns = options.dns === 'azure'
    ? { zoneName: 'apps.acme.example', azureDnsZoneId: AZURE_ZONE, ...options.regionalZones }
    : { zoneName: 'apps.acme.example', route53HostedZoneId: ROUTE53_ZONE, ...options.regionalZones };
  const { app, fleet } = emptyFleet({ awsAccountId: ACCOUNT, gitOps: GITOPS, globalDns, ...options.extraProps });
  addAws(fleet, 'use1', 'us-east-1', '10.1.0.0/16', { wave: 'canary' });
  addAws(fleet, 'euc1', 'eu-central-1', '10.2.0.0/16');
  addAws(fleet, 'usw2', 'us-west-2', '10.3.0.0/16');
  addAzure(fleet, 'weu', 'westeurope', '10.4.0.0/16');
  addAzure(fleet, 'neu', 'northeurope', '10.5.0.0/16');
  fleet.addAddOn(new CertManager({ acme: { email: 'platform@acme.example', route53HostedZoneIds: [ROUTE53_ZONE], azureDnsZoneIds: [AZURE_ZONE] } }));
  fleet.addAddOn(new IngressNginx());
  fleet.addAddOn(new ExternalDns({ domainFilters: ['apps.acme.example'], route53HostedZoneIds: [ROUTE53_ZONE], azureDnsZoneIds: [AZURE_ZONE] }));
  const team = new Team(fleet, 'shop', {
    members: { awsRoleArns: [ROLE], azureGroupObjectIds: [GROUP] },
    clusters: { names: options.clusters ?? ['use1', 'euc1', 'usw2'] },
    environments: ['prod'],
    quota: { cpu: '4', memory: '8Gi' },
  });
  return { app, fleet, team };
}

/**
 * Route 53's answer for a name, replayed from the records: a failover
 * record set answers with the primary while its check is healthy, else the
 * secondary (a record without a check counts as healthy); a weighted or
 * latency set answers with its healthy records (weight 0 only when no
 * other is healthy) and, when none is healthy, as if all were. CNAMEs to
 * another name of the zone are followed. Source: Route 53 Developer Guide,
 * "How Amazon Route 53 chooses records when health checking is configured".
 * Returns every regional name a client may end up at.
 */
function resolve(stack: any, name: string, healthy: Set<string>): string[] {
  const records = resourcesOf(stack, 'aws_route53_record').filter((r) => r.name === name);
  if (records.length === 0) {
    return [name];
  }
  const checks = Object.entries(stack.resource.aws_route53_health_check ?? {});
  const isHealthy = (record: any) => {
    if (!record.health_check_id) {
      return true;
    }
    const check = checks.find(([id]) => record.health_check_id === `\${aws_route53_health_check.${id}.id}`);
    if (!check) {
      throw new Error(`record ${record.set_identifier} refers to an unknown health check ${record.health_check_id}`);
    }
    return healthy.has((check[1] as any).fqdn);
  };
  const follow = (chosen: any[]) =>
    [...new Set(chosen.flatMap((r) => r.records.flatMap((target: string) => resolve(stack, target, healthy))))].sort();
  if (records.some((r) => r.failover_routing_policy)) {
    const primary = records.find((r) => r.failover_routing_policy.type === 'PRIMARY');
    const secondary = records.find((r) => r.failover_routing_policy.type === 'SECONDARY');
    return follow([isHealthy(primary) || !isHealthy(secondary) ? primary : secondary]);
  }
  const up = records.filter(isHealthy);
  const preferred = up.filter((r) => (r.weighted_routing_policy?.weight ?? 1) > 0);
  return follow(preferred.length > 0 ? preferred : up.length > 0 ? up : records);
}

/** The Ingress objects of a cluster. */
const ingresses = (out: any, cluster: string) => out.kubernetes[cluster].filter((o: any) => o.kind === 'Ingress');

describe('global names', () => {
  describe('Route 53 failover across three regions', () => {
    const { app, team } = shopFleet();
    team.addRoute('web', {
      environment: 'prod',
      host: 'shop.apps.acme.example',
      service: 'shop-web',
      port: 8080,
      global: { policy: GlobalRoutingPolicy.FAILOVER, healthPath: '/healthz' },
    });
    const out = FleetTesting.synth(app);
    const global = out.stacks.global;
    const regional = (cluster: string) => `shop.${cluster}.apps.acme.example`;
    const all = ['use1', 'euc1', 'usw2'];

    test('the answer moves to the next healthy cluster, in wave order after the primary, and never to nothing', () => {
      const answer = (up: string[]) => resolve(global, 'shop.apps.acme.example', new Set(up.map(regional)));
      // use1 is in the canary wave: the primary by default.
      expect(answer(all)).toEqual([regional('use1')]);
      expect(answer(['euc1', 'usw2'])).toEqual([regional('euc1'), regional('usw2')]);
      expect(answer(['usw2'])).toEqual([regional('usw2')]);
      expect(answer(['use1'])).toEqual([regional('use1')]);
      // Nothing healthy: Route 53 answers as if every standby were, rather than with no address.
      expect(answer([])).toEqual([regional('euc1'), regional('usw2')]);
    });

    test('each cluster is probed over HTTPS at its regional name and the health path, at the designed timing', () => {
      const checks = resourcesOf(global, 'aws_route53_health_check');
      expect(checks.map((c) => c.fqdn).sort()).toEqual(all.map(regional).sort());
      for (const check of checks) {
        expect(check).toMatchObject({ type: 'HTTPS', port: 443, resource_path: '/healthz', enable_sni: true, request_interval: 10, failure_threshold: 3 });
      }
      expect(out.plan.globalNames[0].timing).toEqual({ probeIntervalSeconds: 10, failedProbes: 3, ttlSeconds: 60, expectedShiftSeconds: 96 });
    });

    test("records follow the provider's rules: records with a TTL, a set identifier with each routing policy, one policy each", () => {
      // hashicorp/terraform-provider-aws v6.25.0, route53 record schema: alias XOR records, ttl RequiredWith records,
      // every *_routing_policy RequiredWith set_identifier and ConflictsWith the others; health checks: request_interval 10|30, failure_threshold 1-10.
      const policies = ['failover_routing_policy', 'weighted_routing_policy', 'latency_routing_policy'];
      for (const record of resourcesOf(global, 'aws_route53_record')) {
        expect(record.alias).toBeUndefined();
        expect(record.records.length).toBe(1);
        expect(record.ttl).toBe(60);
        expect(record.type).toBe('CNAME');
        expect(policies.filter((p) => record[p]).length).toBe(1);
        expect(record.set_identifier).toMatch(/^[a-z0-9-]+$/);
        expect(record.zone_id).toBe(ROUTE53_ZONE);
      }
      const identifiers = resourcesOf(global, 'aws_route53_record').map((r) => `${r.name}/${r.set_identifier}`);
      expect(new Set(identifiers).size).toBe(identifiers.length);
    });

    test('the global stack has its own state, the Route 53 endpoint region, and deploys after the region stacks it points to', () => {
      expect(global.terraform.backend.s3.key).toBe('test/global.tfstate');
      expect(global.provider.aws[0].region).toBe('us-east-1');
      const stack = out.plan.stacks.find((s: any) => s.name === 'global');
      expect(stack).toMatchObject({ cloud: 'aws', region: 'global', clusters: [], dependsOn: ['aws-eu-central-1', 'aws-us-east-1', 'aws-us-west-2'] });
      const waveOf = (name: string) => out.plan.stacks.find((s: any) => s.name === name).wave;
      expect(Math.max(...stack.dependsOn.map(waveOf))).toBe(stack.wave);
      expect(out.plan.waves.find((w: any) => w.number === stack.wave).stacks).toContain('global');
    });

    test('the pipeline applies the global stack after its clusters serve, signed in where Route 53 is served; publishing does not wait for it', () => {
      const workflow = yaml.parse(fs.readFileSync(`${out.outdir}/pipelines/github/fleet.yml`, 'utf-8'));
      const job = workflow.jobs['stack-global'];
      // Route 53 counts a new health check healthy until it has data: the regional names must already answer.
      expect(job.needs).toEqual(expect.arrayContaining(['stack-aws-eu-central-1', 'stack-aws-us-east-1', 'stack-aws-us-west-2',
        'cluster-use1', 'cluster-euc1', 'cluster-usw2']));
      for (const [id, other] of Object.entries(workflow.jobs) as [string, any][]) {
        if (id.startsWith('publish-')) {
          expect(other.needs).not.toContain('stack-global');
        }
      }
      const signIn = job.steps.find((s: any) => s.with?.['aws-region']);
      expect(signIn.with['aws-region']).toBe('us-east-1');
    });

    test('each cluster serves the global name and its regional name under one certificate, and its external-dns publishes the regional name only', () => {
      for (const cluster of all) {
        const [ingress] = ingresses(out, cluster);
        expect(ingress.spec.rules.map((r: any) => r.host)).toEqual(['shop.apps.acme.example', regional(cluster)]);
        expect(ingress.spec.tls).toEqual([{ hosts: ['shop.apps.acme.example', regional(cluster)], secretName: 'web-tls' }]);
        // kubernetes-sigs/external-dns@v0.21.0 source/ingress.go: annotation-only takes the names from the hostname annotation alone.
        expect(ingress.metadata.annotations).toMatchObject({
          'external-dns.alpha.kubernetes.io/hostname': regional(cluster),
          'external-dns.alpha.kubernetes.io/ingress-hostname-source': 'annotation-only',
        });
      }
    });

    test('the report shows the name, its clusters in failover order and the timing; Recovery says where each cluster fails over to', () => {
      // Past two clusters, Route 53's standby role is shared: the report says so rather than an order it does not keep.
      expect(out.report).toContain('| shop.apps.acme.example | shop/web | Route 53 | failover | `/healthz` | use1 (primary) `shop.use1.apps.acme.example`'
        + '<br>euc1 (standby) `shop.euc1.apps.acme.example`<br>usw2 (standby) `shop.usw2.apps.acme.example` |');
      expect(out.report).toContain('clients reach another cluster about 96 s after one fails');
      expect(out.report).toMatch(/\| use1 \| us-east-1 \|.*\| shop\.apps\.acme\.example → euc1, usw2 \|/);
    });
  });

  test('two clusters fail over between a primary and a secondary record, each with its check', () => {
    const { app, team } = shopFleet({ clusters: ['use1', 'euc1'] });
    team.addRoute('web', {
      environment: 'prod',
      host: 'shop.apps.acme.example',
      service: 'shop-web',
      port: 8080,
      global: { policy: GlobalRoutingPolicy.FAILOVER, healthPath: '/ready', primaryCluster: 'euc1' },
    });
    const global = FleetTesting.synth(app).stacks.global;
    const records = resourcesOf(global, 'aws_route53_record');
    expect(records.map((r) => [r.set_identifier, r.failover_routing_policy.type, r.records[0]])).toEqual([
      ['euc1', 'PRIMARY', 'shop.euc1.apps.acme.example'],
      ['use1', 'SECONDARY', 'shop.use1.apps.acme.example'],
    ]);
    expect(resolve(global, 'shop.apps.acme.example', new Set(['shop.use1.apps.acme.example']))).toEqual(['shop.use1.apps.acme.example']);
  });

  test('weighted: healthy clusters share the name by weight; a weight of 0 serves only when no other cluster is healthy', () => {
    const { app, team } = shopFleet();
    team.addRoute('web', {
      environment: 'prod',
      host: 'shop.apps.acme.example',
      service: 'shop-web',
      port: 8080,
      global: { policy: GlobalRoutingPolicy.WEIGHTED, healthPath: '/healthz', weights: { use1: 3, usw2: 0 } },
    });
    const global = FleetTesting.synth(app).stacks.global;
    expect(resourcesOf(global, 'aws_route53_record').map((r) => [r.set_identifier, r.weighted_routing_policy.weight]).sort()).toEqual([
      ['euc1', 1], ['use1', 3], ['usw2', 0],
    ]);
    const answer = (up: string[]) => resolve(global, 'shop.apps.acme.example', new Set(up.map((c) => `shop.${c}.apps.acme.example`)));
    expect(answer(['use1', 'euc1', 'usw2'])).toEqual(['shop.euc1.apps.acme.example', 'shop.use1.apps.acme.example']);
    expect(answer(['usw2'])).toEqual(['shop.usw2.apps.acme.example']);
  });

  test('latency on Route 53: AWS clusters measure to their own region; clusters outside the global DNS serve their regional name only', () => {
    const { app, team } = shopFleet({ clusters: ['use1', 'euc1', 'weu'] });
    team.addRoute('web', {
      environment: 'prod',
      host: 'shop.apps.acme.example',
      service: 'shop-web',
      port: 8080,
      global: { policy: GlobalRoutingPolicy.LATENCY, healthPath: '/healthz', clusters: ['use1', 'euc1'] },
    });
    const out = FleetTesting.synth(app);
    expect(resourcesOf(out.stacks.global, 'aws_route53_record').map((r) => [r.set_identifier, r.latency_routing_policy.region]).sort()).toEqual([
      ['euc1', 'eu-central-1'], ['use1', 'us-east-1'],
    ]);
    const [ingress] = ingresses(out, 'weu');
    expect(ingress.spec.rules.map((r: any) => r.host)).toEqual(['shop.weu.apps.acme.example']);
    expect(ingress.spec.tls[0].hosts).toEqual(['shop.weu.apps.acme.example']);
  });

  describe('Traffic Manager across clouds', () => {
    // EKS clusters publish their regional names in a Route 53 zone delegated from the Azure one.
    const { app, team } = shopFleet({ dns: 'azure', clusters: ['use1', 'weu', 'neu'], regionalZones: { awsRegionalZoneName: 'aws.apps.acme.example' } });
    // Internal certificates: no ACME challenge has to be answered in the other cloud's DNS.
    team.addRoute('web', {
      environment: 'prod',
      host: 'shop.apps.acme.example',
      service: 'shop-web',
      port: 8080,
      tls: RouteTls.INTERNAL,
      global: { policy: GlobalRoutingPolicy.LATENCY, healthPath: '/healthz', latencyRegions: { use1: 'eastus' } },
    });
    const out = FleetTesting.synth(app);
    const global = out.stacks.global;

    test('a profile probes every cluster within the provider\'s monitor rules, and the zone points the name at it', () => {
      const [profile] = resourcesOf(global, 'azurerm_traffic_manager_profile');
      // hashicorp/terraform-provider-azurerm@v4.55.0 traffic_manager_profile_resource.go: interval 10|30, timeout 5-10 and 5-9 at 10,
      // tolerated failures 0-9, status ranges "min-max"; routing methods Geographic|Weighted|Performance|Priority|Subnet|MultiValue.
      const monitor = profile.monitor_config;
      expect([10, 30]).toContain(monitor.interval_in_seconds);
      expect(monitor.timeout_in_seconds).toBeGreaterThanOrEqual(5);
      expect(monitor.timeout_in_seconds).toBeLessThanOrEqual(monitor.interval_in_seconds === 10 ? 9 : 10);
      expect(monitor.tolerated_number_of_failures).toBeGreaterThanOrEqual(0);
      expect(monitor.tolerated_number_of_failures).toBeLessThanOrEqual(9);
      expect(monitor).toMatchObject({ protocol: 'HTTPS', port: 443, path: '/healthz', expected_status_code_ranges: ['200-399'] });
      expect(profile).toMatchObject({ name: 'test-shop-prod-web', resource_group_name: 'rg-dns', traffic_routing_method: 'Performance' });
      expect(profile.dns_config).toEqual({ relative_name: 'test-shop-prod-web', ttl: 60 });
      const [cname] = resourcesOf(global, 'azurerm_dns_cname_record');
      expect(cname).toMatchObject({ name: 'shop', zone_name: 'apps.acme.example', resource_group_name: 'rg-dns', ttl: 60 });
      expect(cname.record).toMatch(/^\$\{azurerm_traffic_manager_profile\.[^.]+\.fqdn\}$/);
    });

    test('Performance routing: every endpoint has a location, an AWS cluster the Azure region nearest to it', () => {
      const endpoints = resourcesOf(global, 'azurerm_traffic_manager_external_endpoint');
      expect(endpoints.map((e) => [e.name, e.target, e.endpoint_location]).sort()).toEqual([
        ['neu', 'shop.neu.apps.acme.example', 'northeurope'],
        ['use1', 'shop.use1.aws.apps.acme.example', 'eastus'],
        ['weu', 'shop.weu.apps.acme.example', 'westeurope'],
      ]);
    });

    test('the EKS cluster serves the global name and publishes its regional name in the zone delegated to Route 53', () => {
      const [ingress] = ingresses(out, 'use1');
      expect(ingress.spec.rules.map((r: any) => r.host)).toEqual(['shop.apps.acme.example', 'shop.use1.aws.apps.acme.example']);
      expect(ingress.metadata.annotations['external-dns.alpha.kubernetes.io/hostname']).toBe('shop.use1.aws.apps.acme.example');
    });

    test('the global stack acts in the DNS zone\'s subscription and keeps its state with the fleet\'s', () => {
      expect(global.provider.azurerm[0].subscription_id).toBe('99999999-1111-2222-3333-444444444444');
      expect(global.terraform.backend.azurerm).toMatchObject({ key: 'test/global.tfstate', subscription_id: '00000000-1111-2222-3333-444444444444' });
      expect(out.plan.stacks.find((s: any) => s.name === 'global').dependsOn).toEqual(['aws-us-east-1', 'azure-northeurope', 'azure-westeurope']);
    });
  });

  test('Traffic Manager failover and weights: priorities in order; a weight of 0 is a disabled endpoint', () => {
    const failover = shopFleet({ dns: 'azure', clusters: ['weu', 'neu'] });
    failover.team.addRoute('web', {
      environment: 'prod',
      host: 'shop.apps.acme.example',
      service: 'shop-web',
      port: 8080,
      global: { policy: GlobalRoutingPolicy.FAILOVER, healthPath: '/healthz', primaryCluster: 'weu' },
    });
    const f = FleetTesting.synth(failover.app).stacks.global;
    expect(resourcesOf(f, 'azurerm_traffic_manager_profile')[0].traffic_routing_method).toBe('Priority');
    expect(resourcesOf(f, 'azurerm_traffic_manager_external_endpoint').map((e) => [e.name, e.priority]).sort()).toEqual([['neu', 2], ['weu', 1]]);

    const weighted = shopFleet({ dns: 'azure', clusters: ['weu', 'neu'] });
    weighted.team.addRoute('web', {
      environment: 'prod',
      host: 'shop.apps.acme.example',
      service: 'shop-web',
      port: 8080,
      global: { policy: GlobalRoutingPolicy.WEIGHTED, healthPath: '/healthz', weights: { neu: 0 } },
    });
    const w = FleetTesting.synth(weighted.app).stacks.global;
    expect(resourcesOf(w, 'azurerm_traffic_manager_external_endpoint').map((e) => [e.name, e.weight, e.enabled])).toEqual([['neu', 1, false], ['weu', 1, true]]);
  });

  test('a route without a global name is unchanged; the global stack stays, empty, so removing the last global name destroys its records', () => {
    const { app, team } = shopFleet();
    team.addRoute('web', { environment: 'prod', host: 'shop.apps.acme.example', service: 'shop-web', port: 8080 });
    const out = FleetTesting.synth(app);
    expect(out.stacks.global.resource).toBeUndefined();
    expect(out.plan.stacks.find((s: any) => s.name === 'global')).toMatchObject({ wave: 1, dependsOn: [] });
    expect(out.plan.globalNames).toBeUndefined();
    const [ingress] = ingresses(out, 'use1');
    expect(ingress.spec.rules.map((r: any) => r.host)).toEqual(['shop.apps.acme.example']);
    expect(ingress.metadata.annotations['external-dns.alpha.kubernetes.io/ingress-hostname-source']).toBeUndefined();
  });

  test('the same route name in two environments: two global names, each with its own resources', () => {
    const { app, fleet } = shopFleet();
    const team = new Team(fleet, 'web', {
      members: { awsRoleArns: [`arn:aws:iam::${ACCOUNT}:role/web`] }, clusters: { names: ['use1', 'euc1'] }, environments: ['dev', 'prod'], quota: { cpu: '1', memory: '1Gi' },
    });
    for (const environment of ['dev', 'prod']) {
      team.addRoute('site', {
        environment,
        host: `site-${environment}.apps.acme.example`,
        service: 'site',
        port: 8080,
        global: { policy: GlobalRoutingPolicy.FAILOVER, healthPath: '/healthz' },
      });
    }
    const out = FleetTesting.synth(app);
    expect(out.plan.globalNames.map((n: any) => `${n.namespace}/${n.route}`)).toEqual(['web-dev/site', 'web-prod/site']);
    expect(resourcesOf(out.stacks.global, 'aws_route53_record').map((r) => r.name).sort()).toEqual([
      'site-dev.apps.acme.example', 'site-dev.apps.acme.example', 'site-prod.apps.acme.example', 'site-prod.apps.acme.example',
    ]);
  });

  describe('mistakes', () => {
    const route = (global: object) => ({ environment: 'prod', host: 'shop.apps.acme.example', service: 'web', port: 8080, global: global as any });

    test('refused where they are written: the options, the fleet\'s global DNS, the zone', () => {
      const { team } = shopFleet();
      expect(errorOf(() => team.addRoute('web', route({ policy: 'round-robin', healthPath: '/healthz' })))).toBe(
        "test/shop: 'addRoute('web').global.policy' is not a routing policy, got \"round-robin\". "
        + 'Fix: use GlobalRoutingPolicy.FAILOVER (active-passive), WEIGHTED (active-active) or LATENCY (nearest healthy cluster)');
      expect(errorOf(() => team.addRoute('web', route({ policy: GlobalRoutingPolicy.FAILOVER, healthPath: 'healthz' })))).toBe(
        "test/shop: 'addRoute('web').global.healthPath' must be the Service's health path: absolute, plain characters, at most 255, got \"healthz\". "
        + "Fix: use the path the Service answers 2xx on when it can serve, e.g. '/healthz'");
      expect(errorOf(() => team.addRoute('web', route({ policy: GlobalRoutingPolicy.FAILOVER, healthPath: '/healthz', weights: { use1: 2 } })))).toBe(
        "test/shop: 'addRoute('web').global.weights' applies to GlobalRoutingPolicy.WEIGHTED only, not failover, got {\"use1\":2}. "
        + 'Fix: remove it, or use policy: GlobalRoutingPolicy.WEIGHTED');
      expect(errorOf(() => team.addRoute('web', route({ policy: GlobalRoutingPolicy.WEIGHTED, healthPath: '/healthz', weights: { use1: 300 } })))).toBe(
        "test/shop: 'addRoute('web').global.weights.use1' must map cluster names to whole numbers from 0 to 255, got 300. "
        + "Fix: e.g. { 'prod-use1': 2, 'prod-neu': 1 }");
      expect(errorOf(() => team.addRoute('web', route({ policy: GlobalRoutingPolicy.FAILOVER, healthPath: '/healthz', clusters: [] })))).toBe(
        "test/shop: 'addRoute('web').global.clusters' must list cluster names, each once, got []. "
        + "Fix: name the route's clusters the global name points at, e.g. ['prod-use1', 'prod-euc1'], or leave it out for all");
      expect(errorOf(() => team.addRoute('web', { ...route({ policy: GlobalRoutingPolicy.FAILOVER, healthPath: '/healthz' }), host: 'shop.acme.example' }))).toBe(
        "test/shop: 'addRoute('web').host' is not in the global DNS zone apps.acme.example, where global names are written, got \"shop.acme.example\". "
        + "Fix: use a host under apps.acme.example, e.g. 'web.apps.acme.example'");

      const { fleet } = emptyFleet({ awsAccountId: ACCOUNT, gitOps: GITOPS });
      const plain = new Team(fleet, 'plain', { members: { awsRoleArns: [ROLE] }, environments: ['prod'], quota: { cpu: '1', memory: '1Gi' } });
      expect(errorOf(() => plain.addRoute('web', route({ policy: GlobalRoutingPolicy.FAILOVER, healthPath: '/healthz' })))).toBe(
        "test/plain: 'addRoute('web').global' needs the fleet's global DNS, which the Fleet does not have, got \"failover\". "
        + "Fix: give the Fleet globalDns: { zoneName: 'apps.acme.example', route53HostedZoneId: 'Z0…' } (or azureDnsZoneId for Traffic Manager)");
    });

    test('the Fleet\'s globalDns: one DNS service, a real zone id, a zone name that matches it', () => {
      expect(errorOf(() => emptyFleet({ globalDns: { zoneName: 'apps.acme.example' } }))).toBe(
        "test: 'globalDns' must name exactly one DNS service for the global names, got {}. Fix: give route53HostedZoneId (Route 53 health checks and records) "
        + "or azureDnsZoneId (Traffic Manager), e.g. globalDns: { zoneName: 'apps.acme.example', route53HostedZoneId: 'Z0123456789ABCDEFGHIJ' }");
      expect(errorOf(() => emptyFleet({ globalDns: { zoneName: 'apps.acme.example', route53HostedZoneId: 'apps.acme.example' } }))).toBe(
        "test: 'globalDns.route53HostedZoneId' is not a Route 53 hosted zone id, got \"apps.acme.example\". Fix: use the zone's id, e.g. 'Z0123456789ABCDEFGHIJ'");
      expect(errorOf(() => emptyFleet({ globalDns: { zoneName: 'acme.example', azureDnsZoneId: AZURE_ZONE } }))).toBe(
        "test: 'globalDns.zoneName' is not the zone of azureDnsZoneId, which is 'apps.acme.example', got \"acme.example\". "
        + 'Fix: give the zone name of the zone the id names');
      expect(errorOf(() => emptyFleet({ globalDns: 'apps.acme.example' as any }))).toBe(
        "test: 'globalDns' must be an object, got \"apps.acme.example\". "
        + "Fix: use e.g. globalDns: { zoneName: 'apps.acme.example', route53HostedZoneId: 'Z0123456789ABCDEFGHIJ' }");
    });

    test('at synth, all together: one region only, clusters the route is not on, a public certificate the other cloud cannot renew, '
      + 'a latency region missing, a host claimed twice, a cluster without external-dns', () => {
      const { app, fleet, team } = shopFleet({ clusters: ['use1', 'euc1', 'weu'] });
      team.addRoute('one', { ...route({ policy: GlobalRoutingPolicy.FAILOVER, healthPath: '/healthz', clusters: ['use1'] }), host: 'one.apps.acme.example' });
      team.addRoute('ghost', { ...route({ policy: GlobalRoutingPolicy.FAILOVER, healthPath: '/healthz', primaryCluster: 'usw2' }), host: 'ghost.apps.acme.example' });
      team.addRoute('far', { ...route({ policy: GlobalRoutingPolicy.LATENCY, healthPath: '/healthz' }), host: 'far.apps.acme.example', tls: RouteTls.INTERNAL });
      team.addRoute('web', route({ policy: GlobalRoutingPolicy.WEIGHTED, healthPath: '/healthz' }));
      const other = new Team(fleet, 'other', {
        members: { awsRoleArns: [`arn:aws:iam::${ACCOUNT}:role/other`] }, clusters: { names: ['use1', 'euc1'] }, environments: ['prod'], quota: { cpu: '1', memory: '1Gi' },
      });
      other.addRoute('web', route({ policy: GlobalRoutingPolicy.FAILOVER, healthPath: '/healthz' }));
      const message = errorOf(() => app.synth());
      expect(message).toContain("test/shop: addRoute('one').global: the route runs on use1 only, in one region; a global name fails over between regions. "
        + 'Fix: place the team on clusters in two regions or more (its clusters: { clouds, waves }), or remove global');
      expect(message).toContain("test/shop: addRoute('ghost').global.primaryCluster: 'usw2' is not one of the route's clusters (use1, euc1, weu). Fix: name one of them");
      expect(message).toContain("test/shop: addRoute('ghost').global: weu is not in aws, whose DNS holds the global zone apps.acme.example; cert-manager there answers "
        + 'ACME DNS-01 challenges in its own cloud\'s DNS, so it cannot get the public certificate for ghost.apps.acme.example. '
        + "Fix: point the global name at clusters in aws only, e.g. global.clusters: ['use1', 'euc1'] (the others keep their regional names), "
        + 'or use the global DNS of their cloud');
      expect(message).toContain("test/shop: addRoute('far').global.latencyRegions: weu is in azure westeurope, but Route 53 measures latency to aws regions. "
        + "Fix: name the aws region nearest to it, e.g. latencyRegions: { 'weu': 'eu-west-1' }");
      expect(message).toContain("test/other: addRoute('web').global: host 'shop.apps.acme.example' is already the global name of shop/web. Fix: give each global route its own host");
      expect(message).not.toContain("addRoute('one').global: one.apps");
    });

    test('a cluster behind a global name needs external-dns to publish its regional name', () => {
      const { app, fleet } = emptyFleet({ awsAccountId: ACCOUNT, gitOps: GITOPS, globalDns: { zoneName: 'apps.acme.example', route53HostedZoneId: ROUTE53_ZONE } });
      addAws(fleet, 'use1', 'us-east-1', '10.1.0.0/16');
      addAws(fleet, 'euc1', 'eu-central-1', '10.2.0.0/16');
      fleet.addAddOn(new CertManager({ acme: { email: 'platform@acme.example', route53HostedZoneIds: [ROUTE53_ZONE] } }));
      fleet.addAddOn(new IngressNginx());
      const team = new Team(fleet, 'shop', { members: { awsRoleArns: [ROLE] }, clusters: { clouds: [Cloud.AWS] }, environments: ['prod'], quota: { cpu: '1', memory: '1Gi' } });
      team.addRoute('web', route({ policy: GlobalRoutingPolicy.FAILOVER, healthPath: '/healthz' }));
      expect(errorOf(() => app.synth())).toContain("test/shop: addRoute('web') has a global name, whose regional name here is shop.use1.apps.acme.example, but use1 has no "
        + "external-dns to publish it. Fix: fleet.addAddOn(new ExternalDns({...})) with DNS zones for the cluster's cloud, or keep the team off the cluster");
    });

    test('the zones: external-dns must write the zone of each regional name, cert-manager answer in the global zone, the other cloud have a regional zone', () => {
      const { app, fleet } = emptyFleet({ awsAccountId: ACCOUNT, gitOps: GITOPS, globalDns: { zoneName: 'apps.acme.example', route53HostedZoneId: ROUTE53_ZONE } });
      addAws(fleet, 'use1', 'us-east-1', '10.1.0.0/16');
      addAws(fleet, 'euc1', 'eu-central-1', '10.2.0.0/16');
      addAzure(fleet, 'weu', 'westeurope', '10.4.0.0/16');
      // Zones of another domain: the global zone is written by neither.
      fleet.addAddOn(new CertManager({ acme: { email: 'platform@acme.example', route53HostedZoneIds: ['Z9999999999OTHERZONE'], azureDnsZoneIds: [AZURE_ZONE] } }));
      fleet.addAddOn(new IngressNginx());
      fleet.addAddOn(new ExternalDns({ domainFilters: ['apps.acme.example'], route53HostedZoneIds: ['Z9999999999OTHERZONE'], azureDnsZoneIds: [AZURE_ZONE] }));
      const team = new Team(fleet, 'shop', {
        members: { awsRoleArns: [ROLE], azureGroupObjectIds: [GROUP] }, environments: ['prod'], quota: { cpu: '1', memory: '1Gi' },
      });
      team.addRoute('web', route({ policy: GlobalRoutingPolicy.FAILOVER, healthPath: '/healthz' }));
      team.addRoute('api', { ...route({ policy: GlobalRoutingPolicy.FAILOVER, healthPath: '/healthz' }), host: 'api.apps.acme.example', tls: RouteTls.INTERNAL });
      const message = errorOf(() => app.synth());
      expect(message).toContain("test/shop: addRoute('web').global: external-dns does not write the global zone (Z0123456789ABCDEFGHIJ), where the regional names of "
        + 'euc1, use1 are. Fix: add the zone to ExternalDns route53HostedZoneIds');
      expect(message).toContain("test/shop: addRoute('web').global: cert-manager does not answer ACME challenges in the global zone (Z0123456789ABCDEFGHIJ), so euc1, use1 "
        + "cannot get the public certificate for shop.apps.acme.example. Fix: add the zone to CertManager's acme.route53HostedZoneIds");
      expect(message).toContain("test/shop: addRoute('api').global: weu is in azure, whose external-dns cannot write the global zone apps.acme.example in aws. "
        + "Fix: give the Fleet globalDns.azureRegionalZoneName, a zone of Azure DNS delegated from the global zone (e.g. 'azure.apps.acme.example') "
        + 'that their external-dns writes, or point the global name at other clusters with global.clusters');
      // An internal certificate needs no ACME answer.
      expect(message).not.toContain("addRoute('api').global: cert-manager");
    });

    test('a regional zone the other cloud\'s external-dns does not write; a regional zone for the global zone\'s own cloud', () => {
      const { app, team } = shopFleet({ clusters: ['use1', 'weu'], regionalZones: { azureRegionalZoneName: 'azure.apps.example.org' } });
      team.addRoute('api', { ...route({ policy: GlobalRoutingPolicy.FAILOVER, healthPath: '/healthz' }), host: 'api.apps.acme.example', tls: RouteTls.INTERNAL });
      expect(errorOf(() => app.synth())).toContain("test/shop: addRoute('api').global: external-dns on weu does not write globalDns.azureRegionalZoneName "
        + "'azure.apps.example.org', where their regional names are. Fix: add the zone's id to ExternalDns azureDnsZoneIds");
      expect(errorOf(() => emptyFleet({ globalDns: { zoneName: 'apps.acme.example', route53HostedZoneId: ROUTE53_ZONE, awsRegionalZoneName: 'aws.apps.acme.example' } })))
        .toBe("test: 'globalDns.awsRegionalZoneName' is for the cloud whose clusters are not in the global zone's, but the global zone is in aws, "
          + 'got "aws.apps.acme.example". Fix: leave it out: aws clusters publish their regional names in apps.acme.example');
    });
  });
});
