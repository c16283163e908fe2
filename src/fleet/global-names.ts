import { regionalHost, ResolvedGlobalDns } from './global-dns';
import type { GlobalName, GlobalNameEndpoint } from './global-name';
import { byCodePoint } from '../_internal/describe';
import { parseAzureDnsZone } from '../addons/dns-zones';
import { Cloud } from '../clusters/cloud';
import type { ICluster } from '../clusters/cluster';
import { GlobalRoutingPolicy, isGlobalEndpoint, RouteTls } from '../teams/route';
import type { RouteRequest } from '../teams/route';
import type { Team } from '../teams/team';

/** What resolving the global names needs from the fleet. */
export interface GlobalNamesHost {
  readonly teams: Team[];
  clustersOf(team: Team): ICluster[];
  waveNumber(cluster: ICluster): number;
  isKnownRegion(cloud: Cloud, region: string): boolean;
  /** The zones the fleet's external-dns writes, if the fleet has it. */
  externalDnsZones(): DnsZones | undefined;
  /** The zones cert-manager answers ACME DNS-01 challenges in, if it has the ACME issuer. */
  acmeZones(): DnsZones | undefined;
}

/** DNS zones an add-on writes in, per cloud. */
export interface DnsZones {
  readonly route53HostedZoneIds?: string[];
  readonly azureDnsZoneIds?: string[];
  /** external-dns: the domains it may write in. */
  readonly domainFilters?: string[];
}

/** Traffic Manager's relative DNS names are DNS labels. */
const MAX_LABEL = 63;

/**
 * The fleet's global names, from the teams' routes that asked for one, with
 * every problem found (clusters in one region only, a primary, weight or
 * latency region naming a cluster the route is not on, a host two routes
 * claim). Endpoints are in wave order, then by name.
 */
export function resolveGlobalNames(host: GlobalNamesHost, dns: ResolvedGlobalDns, fleetName: string): { names: GlobalName[]; problems: string[] } {
  const names: GlobalName[] = [];
  const problems: string[] = [];
  const owners = new Map<string, string>();
  for (const team of host.teams) {
    for (const route of team.routes.filter((r) => r.global)) {
      const where = `${team.node.path}: addRoute('${route.name}').global`;
      const other = owners.get(route.host);
      if (other) {
        problems.push(`${where}: host '${route.host}' is already the global name of ${other}. Fix: give each global route its own host`);
        continue;
      }
      owners.set(route.host, `${team.teamName}/${route.name}`);
      const all = host.clustersOf(team);
      // A replacement (a move in progress) is behind the global names of the cluster it replaces.
      const behind = (c: ICluster) => isGlobalEndpoint(route, c.clusterName)
        || (c.replacedCluster !== undefined && all.includes(c.replacedCluster) && isGlobalEndpoint(route, c.replacedCluster.clusterName));
      const clusters = all.filter(behind)
        .sort((a, b) => host.waveNumber(a) - host.waveNumber(b) || byCodePoint(a.clusterName, b.clusterName));
      const found = checkEndpoints(route, clusters, dns, host, fleetName);
      const outside = (route.global!.clusters ?? []).filter((name) => !all.some((c) => c.clusterName === name));
      outside.forEach((name) => found.problems.push(`.clusters: '${name}' is not one of the route's clusters (${all.map((c) => c.clusterName).join(', ') || 'none'}). ` +
        'Fix: name clusters the team runs on'));
      problems.push(...found.problems.map((p) => `${where}${p}`));
      if (found.problems.length === 0) {
        names.push({
          host: route.host,
          team: team.teamName,
          route: route.name,
          namespace: route.namespace,
          policy: route.global!.policy,
          healthPath: route.global!.healthPath,
          dns: dns.cloud === Cloud.AWS ? 'route53' : 'traffic-manager',
          endpoints: found.endpoints,
        });
      }
    }
  }
  return { names: names.sort((a, b) => byCodePoint(a.host, b.host)), problems };
}

function checkEndpoints(
  route: RouteRequest, clusters: ICluster[], dns: ResolvedGlobalDns, host: GlobalNamesHost, fleetName: string,
): { endpoints: GlobalNameEndpoint[]; problems: string[] } {
  const global = route.global!;
  const problems: string[] = [];
  const names = clusters.map((c) => c.clusterName);
  // A cluster being replaced leaves the name to its replacement (below): it does not count.
  const leaving = new Set(clusters.filter((c) => c.replacedCluster && clusters.includes(c.replacedCluster)).map((c) => c.replaces!));
  const regions = new Set(clusters.filter((c) => !leaving.has(c.clusterName)).map((c) => `${c.cloud}/${c.region}`));
  if (regions.size < 2) {
    problems.push(`: the route runs on ${names.length === 0 ? 'no cluster' : `${names.join(', ')} only`}, in ${regions.size === 0 ? 'no region' : 'one region'}; ` +
      'a global name fails over between regions. Fix: place the team on clusters in two regions or more (its clusters: { clouds, waves }), or remove global');
  }
  const unknown = (property: string, keys: string[]) => keys.filter((k) => !names.includes(k)).forEach((k) =>
    problems.push(`.${property}: '${k}' is not one of the route's clusters (${names.join(', ') || 'none'}). Fix: name one of them`));
  unknown('primaryCluster', global.primaryCluster === undefined ? [] : [global.primaryCluster]);
  unknown('weights', Object.keys(global.weights));
  unknown('latencyRegions', Object.keys(global.latencyRegions));
  if (global.policy === GlobalRoutingPolicy.WEIGHTED && names.length > 0 && names.every((n) => (global.weights[n] ?? 1) === 0)) {
    problems.push('.weights: every cluster has weight 0, so none is preferred. Fix: give at least one cluster a weight above 0');
  }
  const profile = trafficManagerProfileName(fleetName, route.namespace, route.name);
  if (dns.cloud === Cloud.AZURE && profile.length > MAX_LABEL) {
    problems.push(`: its Traffic Manager profile '${profile}' is longer than ${MAX_LABEL} characters. Fix: use a shorter route name`);
  }
  problems.push(...zoneProblems(route, clusters, dns, host));
  // cert-manager answers a public certificate's DNS-01 challenge in the DNS of its own cluster's cloud, but the global
  // name's zone is in one cloud only: a cluster of the other cloud could never renew the certificate for the global name.
  if (route.tls === RouteTls.PUBLIC) {
    const elsewhere = clusters.filter((c) => c.cloud !== dns.cloud).map((c) => c.clusterName);
    if (elsewhere.length > 0) {
      const kept = names.filter((n) => !elsewhere.includes(n));
      problems.push(`: ${elsewhere.join(', ')} ${elsewhere.length === 1 ? 'is' : 'are'} not in ${dns.cloud}, whose DNS holds the global zone ${dns.zoneName}; ` +
        `cert-manager there answers ACME DNS-01 challenges in its own cloud's DNS, so it cannot get the public certificate for ${route.host}. ` +
        `Fix: point the global name at clusters in ${dns.cloud} only, e.g. global.clusters: [${kept.map((n) => `'${n}'`).join(', ')}] ` +
        '(the others keep their regional names), or use the global DNS of their cloud');
    }
  }
  const endpoints: GlobalNameEndpoint[] = [];
  // A cluster being replaced hands its place to its replacement, which takes its role and weight, and leaves
  // the name: the global stack applies after the replacement serves, so this is the step that shifts the
  // name, and the old cluster can then be torn down.
  const replacementOf = (name: string | undefined) => clusters.find((c) => name !== undefined && c.replaces === name)?.clusterName ?? name;
  const primary = replacementOf(global.primaryCluster ?? names.find((n) => !leaving.has(n)) ?? names[0]);
  const serving = clusters.filter((c) => !leaving.has(c.clusterName));
  const ordered = [...serving.filter((c) => c.clusterName === primary), ...serving.filter((c) => c.clusterName !== primary)];
  const weightOf = (c: ICluster) => global.weights[c.clusterName] ?? (c.replaces !== undefined ? global.weights[c.replaces] : undefined) ?? 1;
  ordered.forEach((cluster, index) => {
    const regional = regionalHost(route.host, cluster.clusterName, cluster.cloud, dns);
    if (regional.length > 253) {
      problems.push(`: the regional name '${regional}' is longer than 253 characters. Fix: use a shorter host`);
    }
    let latencyRegion: string | undefined;
    if (global.policy === GlobalRoutingPolicy.LATENCY) {
      latencyRegion = latencyRegionOf(cluster, global.latencyRegions[cluster.clusterName], dns, host, problems);
    }
    endpoints.push({
      cluster: cluster.clusterName,
      cloud: cluster.cloud,
      region: cluster.region,
      regionalHost: regional,
      ...(global.policy === GlobalRoutingPolicy.FAILOVER ? { priority: index + 1 } : {}),
      ...(global.policy === GlobalRoutingPolicy.WEIGHTED ? { weight: weightOf(cluster) } : {}),
      ...(latencyRegion ? { latencyRegion } : {}),
    });
  });
  return { endpoints, problems };
}

/**
 * The Traffic Manager profile of a global name, `<fleet>-<namespace>-<route>`:
 * also its DNS label under trafficmanager.net, which must be free there.
 */
export function trafficManagerProfileName(fleetName: string, namespace: string, route: string): string {
  return `${fleetName}-${namespace}-${route}`;
}

/**
 * Where the names of a global route are written, and whether those who write
 * them can: each cluster's external-dns must write the zone its regional name
 * is in (the global zone for clusters of the global DNS's cloud, the cloud's
 * regional zone for the others), and, for a public certificate, cert-manager
 * must answer challenges in the global zone.
 */
function zoneProblems(route: RouteRequest, clusters: ICluster[], dns: ResolvedGlobalDns, host: GlobalNamesHost): string[] {
  const problems: string[] = [];
  const externalDns = host.externalDnsZones();
  const acme = host.acmeZones();
  const sameZone = (ids: string[] | undefined) => dns.route53HostedZoneId !== undefined
    ? (ids ?? []).includes(dns.route53HostedZoneId)
    : (ids ?? []).some((id) => id.toLowerCase() === `/subscriptions/${dns.azureDnsZone!.subscriptionId}/resourcegroups/${dns.azureDnsZone!.resourceGroup}`
      + `/providers/microsoft.network/dnszones/${dns.zoneName}`.toLowerCase());
  const globalZone = dns.route53HostedZoneId ?? `the Azure DNS zone ${dns.zoneName}`;
  const zoneOption = dns.cloud === Cloud.AWS ? 'route53HostedZoneIds' : 'azureDnsZoneIds';
  const mine = clusters.filter((c) => c.cloud === dns.cloud).map((c) => c.clusterName);
  if (mine.length > 0 && externalDns && !sameZone(dns.cloud === Cloud.AWS ? externalDns.route53HostedZoneIds : externalDns.azureDnsZoneIds)) {
    problems.push(`: external-dns does not write the global zone (${globalZone}), where the regional names of ${mine.join(', ')} are. ` +
      `Fix: add the zone to ExternalDns ${zoneOption}`);
  }
  if (mine.length > 0 && route.tls === RouteTls.PUBLIC && acme) {
    const answers = dns.cloud === Cloud.AWS
      ? sameZone(acme.route53HostedZoneIds)
      // cert-manager's Azure solver answers in the first Azure zone only (CertManager's dnsSolver).
      : (acme.azureDnsZoneIds ?? []).length > 0 && sameZone([acme.azureDnsZoneIds![0]])
        && parseAzureDnsZone(acme.azureDnsZoneIds![0]).zoneName === dns.zoneName;
    if (!answers) {
      problems.push(`: cert-manager does not answer ACME challenges in the global zone (${globalZone}), so ${mine.join(', ')} cannot get the public certificate for ${route.host}. ` +
        `Fix: ${dns.cloud === Cloud.AWS ? "add the zone to CertManager's acme.route53HostedZoneIds" : "make the global zone the first of CertManager's acme.azureDnsZoneIds"}`);
    }
  }
  for (const cloud of [...new Set(clusters.filter((c) => c.cloud !== dns.cloud).map((c) => c.cloud))].sort()) {
    const names = clusters.filter((c) => c.cloud === cloud).map((c) => c.clusterName).join(', ');
    const zone = dns.regionalZoneNames[cloud];
    const property = `${cloud}RegionalZoneName`;
    if (!zone) {
      problems.push(`: ${names} ${names.includes(',') ? 'are' : 'is'} in ${cloud}, whose external-dns cannot write the global zone ${dns.zoneName} in ${dns.cloud}. ` +
        `Fix: give the Fleet globalDns.${property}, a zone of ${cloud === Cloud.AZURE ? 'Azure DNS' : 'Route 53'} delegated from the global zone ` +
        `(e.g. '${cloud}.${dns.zoneName}') that their external-dns writes, ` +
        'or point the global name at other clusters with global.clusters');
      continue;
    }
    const written = cloud === Cloud.AZURE
      ? (externalDns?.azureDnsZoneIds ?? []).some((id) => parseAzureDnsZone(id).zoneName === zone)
      // Route 53 zones are given by id: their names are not known here, the domain filters are.
      : (externalDns?.domainFilters ?? []).some((d) => zone === d || zone.endsWith(`.${d}`));
    if (!written) {
      problems.push(`: external-dns on ${names} does not write globalDns.${property} '${zone}', where their regional names are. ` +
        `Fix: ${cloud === Cloud.AZURE ? "add the zone's id to ExternalDns azureDnsZoneIds" : 'add its hosted zone id to ExternalDns route53HostedZoneIds and its name to domainFilters'}`);
    }
  }
  return problems;
}

/** Latency is measured to the DNS cloud's regions: a cluster there is its own; one elsewhere needs the nearest named. */
function latencyRegionOf(
  cluster: ICluster, given: string | undefined, dns: ResolvedGlobalDns, host: GlobalNamesHost, problems: string[],
): string | undefined {
  const service = dns.cloud === Cloud.AWS ? 'Route 53' : 'Traffic Manager';
  if (cluster.cloud === dns.cloud) {
    if (given !== undefined && given !== cluster.region) {
      problems.push(`.latencyRegions.${cluster.clusterName}: '${given}' is not the cluster's own region ${cluster.region}, which ${service} measures to. ` +
        'Fix: leave the cluster out of latencyRegions');
    }
    return cluster.region;
  }
  const example = dns.cloud === Cloud.AWS ? 'eu-west-1' : 'westeurope';
  if (given === undefined) {
    problems.push(`.latencyRegions: ${cluster.clusterName} is in ${cluster.cloud} ${cluster.region}, but ${service} measures latency to ${dns.cloud} regions. ` +
      `Fix: name the ${dns.cloud} region nearest to it, e.g. latencyRegions: { '${cluster.clusterName}': '${example}' }`);
    return undefined;
  }
  if (!host.isKnownRegion(dns.cloud, given)) {
    problems.push(`.latencyRegions.${cluster.clusterName}: '${given}' is not a ${dns.cloud} region in the catalogue. Fix: use a region name such as '${example}'`);
    return undefined;
  }
  return given;
}
