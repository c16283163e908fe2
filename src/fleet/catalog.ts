import type { Fleet } from './fleet';
import type { FleetPlan } from './fleet-plan';
import { CloudNativePg } from '../addons/cloudnative-pg';
import { postgresBackupLocation } from '../teams/postgres';

/** Where the software catalog is written, under the output directory. */
export const CATALOG_FILE = 'catalog/catalog-info.yaml';

/** The annotation prefix of the fleet's facts on catalog entities. */
const PREFIX = 'cdk-fleet.io';

/**
 * The fleet as a Backstage software catalog (backstage.io/v1alpha1): a
 * `System` for the fleet; a `Resource` of type `kubernetes-cluster` per
 * cluster (cloud, region, wave, Kubernetes version, add-ons with their
 * versions); a `Group` per team with its namespaces; a `Resource` per
 * catalog service (each PostgreSQL database: engine, version, clusters,
 * backup locations; each route: host, TLS, global name), owned by its team,
 * part of the fleet's system and depending on the clusters it runs on. So
 * developers find what exists and where without asking. Register the file
 * as a Location in Backstage; entity names are DNS labels.
 */
export function fleetCatalog(fleet: Fleet, plan: FleetPlan): any[] {
  const system = fleet.fleetName;
  const platformTeam = fleet.teams.find((t) => t.settings.clusterAdmin)?.teamName;
  const owner = `group:${platformTeam ?? `${fleet.fleetName}-platform`}`;
  const entities: any[] = [{
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'System',
    metadata: { name: system, description: `Fleet ${fleet.fleetName}: ${plan.clusters.length} Kubernetes clusters`, annotations: { [`${PREFIX}/kubernetes-version`]: fleet.kubernetesVersion } },
    spec: { owner },
  }];
  const clusterRef = (name: string) => `resource:cluster-${name}`;
  for (const c of plan.clusters) {
    entities.push({
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Resource',
      metadata: {
        name: `cluster-${c.name}`,
        title: c.name,
        description: `${c.cloud} cluster in ${c.region}, wave ${c.wave}, Kubernetes ${c.kubernetesVersion}`,
        labels: { [`${PREFIX}/cloud`]: c.cloud, [`${PREFIX}/wave`]: String(c.wave) },
        annotations: {
          [`${PREFIX}/region`]: c.region,
          [`${PREFIX}/kubernetes-version`]: c.kubernetesVersion,
          [`${PREFIX}/add-ons`]: c.addons.map((a) => `${a.id}@${a.version}`).join(', '),
          [`${PREFIX}/teams`]: c.teams.join(', '),
        },
        tags: [c.cloud, 'kubernetes'],
      },
      spec: { type: 'kubernetes-cluster', owner, system },
    });
  }
  for (const team of fleet.teams) {
    const clusters = fleet.clustersOf(team).map((c) => c.clusterName);
    entities.push({
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Group',
      metadata: {
        name: team.teamName,
        description: `Team ${team.teamName}: namespaces ${team.namespaces.join(', ')} on ${clusters.join(', ') || 'no cluster'}`,
        annotations: { [`${PREFIX}/namespaces`]: team.namespaces.join(', '), [`${PREFIX}/clusters`]: clusters.join(', ') },
      },
      spec: { type: 'team', children: [] },
    });
    const teamOwner = `group:${team.teamName}`;
    for (const db of team.postgres) {
      const running = fleet.clustersOf(team);
      const image = running.length > 0 ? fleet._catalogue.addOn(CloudNativePg.ID).versions.find((v) => v.version === fleet.addOnsOf(running[0])
        .find((a) => a.id === CloudNativePg.ID)?.version)?.images?.postgresql : undefined;
      const backups = running.filter((c) => c.backupLocations.some((l) => l.name === postgresBackupLocation(db)))
        .map((c) => { const s = c.backupLocations.find((l) => l.name === postgresBackupLocation(db))!.storage; return `${c.clusterName}: ${s.provider} ${s.region} ${s.bucket}`; });
      entities.push({
        apiVersion: 'backstage.io/v1alpha1',
        kind: 'Resource',
        metadata: {
          name: `postgres-${db.namespace}-${db.name}`.slice(0, 63).replace(/-+$/, ''),
          title: `${db.namespace}/${db.name}`,
          description: `PostgreSQL (CloudNativePG), ${db.instances} instance${db.instances === 1 ? '' : 's'} of ${db.cpu} CPU and ${db.memory}, ${db.storage} each`,
          annotations: {
            [`${PREFIX}/engine`]: 'postgresql',
            ...(image ? { [`${PREFIX}/image`]: image } : {}),
            [`${PREFIX}/namespace`]: db.namespace,
            [`${PREFIX}/backups`]: backups.join('; ') || 'none',
            [`${PREFIX}/backup-retention-days`]: String(db.backupRetentionDays),
          },
          tags: ['postgresql', 'database'],
        },
        spec: { type: 'database', owner: teamOwner, system, dependsOn: running.map((c) => clusterRef(c.clusterName)) },
      });
    }
    for (const route of team.routes) {
      const global = (plan.globalNames ?? []).find((n) => n.host === route.host);
      entities.push({
        apiVersion: 'backstage.io/v1alpha1',
        kind: 'Resource',
        metadata: {
          name: `route-${route.namespace}-${route.name}`.slice(0, 63).replace(/-+$/, ''),
          title: route.host,
          description: `https://${route.host}${route.path} to Service ${route.service}:${route.port} in ${route.namespace}`,
          annotations: {
            [`${PREFIX}/host`]: route.host,
            [`${PREFIX}/tls`]: route.tls,
            ...(global ? { [`${PREFIX}/global-name`]: `${global.dns} ${global.policy} over ${global.endpoints.map((e) => e.cluster).join(', ')}` } : {}),
          },
          links: [{ url: `https://${route.host}${route.path}`, title: route.host }],
          tags: ['route'],
        },
        spec: { type: 'route', owner: teamOwner, system, dependsOn: fleet.clustersOf(team).map((c) => clusterRef(c.clusterName)) },
      });
    }
  }
  return entities;
}
