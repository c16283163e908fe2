import { ApiObject } from 'cdk8s';
import type { Construct, IConstruct } from 'constructs';
import {
  addOnReservation, capacityFindings, ClusterCapacity, clusterCapacity, ResolvedCapacityPlanning, TeamCommitment,
} from './capacity';
import { addPostgresObjects, bindPostgresBackup, postgresBackupLocation, bindPostgresDrill, postgresDrillName, postgresDrillObject, PostgresRequest } from './postgres';
import { addRouteObject, isGlobalEndpoint, RouteRequest, RouteTls } from './route';
import type { Team } from './team';
import { addArgoTeamDelivery, addFluxTeamDelivery } from './team-delivery';
import { addTeamNamespace, NamespaceNeighbours, TEAM_LABEL } from './team-namespace';
import { byCodePoint, oneOf } from '../_internal/describe';
import { FleetError } from '../_internal/fleet-error';
import { toGiB } from '../_internal/quantity';
import type { BoundAddOn, IAddOn } from '../addons/add-on';
import { CertManager } from '../addons/cert-manager';
import { CLOUDNATIVE_PG_NAMESPACE, CloudNativePg } from '../addons/cloudnative-pg';
import { ExternalDns } from '../addons/external-dns';
import { STANDARD_INGRESS_CLASS } from '../addons/ingress';
import { Istio, ISTIO_GATEWAY_NAMESPACE } from '../addons/istio';
import { OpenTelemetry, OTEL_COLLECTOR_NAMESPACE, OTLP_PORTS } from '../addons/observability';
import { BackupStorage, BackupStorageProvider } from '../clusters/backup-storage';
import { Cloud } from '../clusters/cloud';
import type { ICluster } from '../clusters/cluster';
import { BundledComponent } from '../clusters/distribution';
import type { WorkloadIdentityBinding } from '../clusters/workload-identity';
import { Fleet } from '../fleet/fleet';
import { regionalHost } from '../fleet/global-dns';
import { GitOpsEngine } from '../gitops/engine';
import { DeliveryLayer } from '../gitops/layers';
import { drillNamespace } from '../recovery/drill-namespace';
import { DatabaseDrill, databaseDrillFile, RESTORE_DRILL_LABEL } from '../recovery/restore-drill';

/** Apply order of the teams' charts: after every add-on. */
const TEAMS_ORDER = 80;
/** Private and carrier-grade NAT ranges: never reached by the HTTPS egress opt-in. */
const PRIVATE_CIDRS = ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', '100.64.0.0/10'];

/** What the teams binding needs from the fleet. */
export interface TeamsHost {
  readonly scope: IConstruct;
  addOnsOf(cluster: ICluster): BoundAddOn[];
  standardAddOn(id: string): IAddOn | undefined;
  warn(scope: IConstruct, message: string): void;
  /** Records a database's restore drill on a cluster. */
  addDatabaseDrill(cluster: ICluster, drill: DatabaseDrill): void;
}

/** A cert-manager with an ACME issuer, as the options take it. */
const ACME_EXAMPLE = 'new CertManager({ acme: { email: \'platform@acme.example\', route53HostedZoneIds: [\'Z0…\'], azureDnsZoneIds: [\'/subscriptions/…/dnszones/acme.example\'] } })';

/**
 * The fleet's teams: registered as they are created, bound to their
 * clusters at synth (after the add-ons), with the capacity of every cluster
 * checked against the teams' quotas. Problems of all teams and clusters are
 * returned together.
 */
export class FleetTeams {
  private readonly list: Team[] = [];
  private readonly placement = new Map<Team, ICluster[]>();
  private readonly capacity = new Map<ICluster, ClusterCapacity>();

  constructor(private readonly host: TeamsHost, private readonly planning: ResolvedCapacityPlanning) {}

  /** The teams, in the order they were created. */
  public get teams(): Team[] {
    return [...this.list];
  }

  public register(team: Team): void {
    const other = this.list.find((t) => t.teamName === team.teamName);
    if (other) {
      throw FleetError.invalidProperty(team, 'name', team.teamName, `is already the name of the team at ${other.node.path}`, 'give each team its own name');
    }
    for (const namespace of team.namespaces) {
      const owner = this.list.find((t) => t.namespaces.includes(namespace));
      if (owner) {
        throw FleetError.invalidProperty(team, 'environments', team.settings.environments, `gives namespace '${namespace}', which the team at ${owner.node.path} owns`,
          'rename the team or the environment so that every namespace has one owner');
      }
    }
    this.list.push(team);
  }

  /** The clusters a team was bound to (after synth). */
  public clustersOf(team: Team): ICluster[] {
    return [...(this.placement.get(team) ?? [])];
  }

  /** A cluster's capacity line (after synth). */
  public capacityOf(cluster: ICluster): ClusterCapacity | undefined {
    return this.capacity.get(cluster);
  }

  /** Binds every team to its clusters and checks every cluster's capacity; returns the problems. */
  public bindAll(clusters: ICluster[]): string[] {
    const problems: string[] = [];
    for (const team of this.list) {
      const selected = this.select(team, clusters, problems);
      this.placement.set(team, selected);
      for (const cluster of selected) {
        try {
          this.bind(team, cluster, problems);
        } catch (e) {
          if (!(e instanceof FleetError)) {
            throw e;
          }
          problems.push(e.message);
        }
      }
    }
    for (const cluster of clusters) {
      const teams: TeamCommitment[] = this.list.filter((t) => this.placement.get(t)?.includes(cluster)).map((t) => ({
        team: t.teamName,
        vcpus: t.settings.quota.cpu * t.namespaces.length,
        memoryGiB: toGiB(t.settings.quota.memory) * t.namespaces.length,
      })).sort((a, b) => byCodePoint(a.team, b.team));
      const addOns = addOnReservation(cluster, this.host.addOnsOf(cluster).map((a) => a.id));
      const line = clusterCapacity(cluster, addOns, teams, this.planning);
      this.capacity.set(cluster, line);
      const findings = capacityFindings(cluster.node.path, line, this.planning);
      if (findings.problem) {
        problems.push(findings.problem);
      }
      if (findings.warning) {
        this.host.warn(cluster, findings.warning);
      }
    }
    return problems;
  }

  /** The fleet's clusters the team's selector picks; unknown names are problems. */
  private select(team: Team, clusters: ICluster[], problems: string[]): ICluster[] {
    const { names, clouds, regions, waves } = team.settings.selector;
    const known = clusters.map((c) => c.clusterName);
    for (const name of names ?? []) {
      if (!known.includes(name)) {
        problems.push(`${team.node.path}: 'clusters.names' names a cluster that is not in the fleet, got "${name}". Fix: use one of ${oneOf(known)}`);
      }
    }
    const selected = clusters.filter((c) => (names === undefined || names.includes(c.clusterName))
      && (clouds === undefined || clouds.includes(c.cloud))
      && (regions === undefined || regions.includes(c.region))
      && (waves === undefined || waves.includes(c.wave)));
    if (selected.length === 0 && (names ?? []).every((n) => known.includes(n))) {
      problems.push(`${team.node.path}: 'clusters' selects no cluster of the fleet. Fix: loosen the selector, or leave clusters out for every cluster`);
    } else {
      // Each criterion value the team asks for should match: a team that asks for Azure and gets none is a mistake, not a choice.
      const unmatched = [
        ...(clouds ?? []).filter((x) => !selected.some((c) => c.cloud === x)).map((x) => ['clouds', x]),
        ...(regions ?? []).filter((x) => !selected.some((c) => c.region === x)).map((x) => ['regions', x]),
        ...(waves ?? []).filter((x) => !selected.some((c) => c.wave === x)).map((x) => ['waves', x]),
      ];
      for (const [key, value] of unmatched) {
        problems.push(`${team.node.path}: 'clusters.${key}' asks for "${value}", but no cluster the selector picks has it. ` +
          `Fix: remove "${value}" from clusters.${key}, or add a cluster that matches`);
      }
    }
    return selected;
  }

  private bind(team: Team, cluster: ICluster, problems: string[]): void {
    const settings = team.settings;
    const addOnIds = this.host.addOnsOf(cluster).map((a) => a.id);
    const subjects = this.subjects(team, cluster);
    const chart = cluster.addChart(`team-${settings.name}`, { order: TEAMS_ORDER, layer: DeliveryLayer.TEAMS });
    const neighbours: Omit<NamespaceNeighbours, 'postgresOperatorNamespace'> = {
      ingressNamespaces: [
        ...(addOnIds.includes('ingress-nginx') ? ['ingress-nginx'] : []),
        // The mesh gateway, where it runs (not beside a distribution's own ingress controller).
        ...(addOnIds.includes(Istio.ID) && !cluster.bundledComponents.includes(BundledComponent.INGRESS) ? [ISTIO_GATEWAY_NAMESPACE] : []),
      ],
      mesh: addOnIds.includes(Istio.ID),
      monitoringNamespace: addOnIds.includes('kube-prometheus-stack') ? 'monitoring' : undefined,
      tracing: addOnIds.includes(OpenTelemetry.ID) ? { namespace: OTEL_COLLECTOR_NAMESPACE, ports: OTLP_PORTS } : undefined,
      privateCidrs: PRIVATE_CIDRS,
    };

    team.namespaces.forEach((namespace, i) => {
      const environment = settings.environments[i];
      let identity: WorkloadIdentityBinding | undefined;
      if (settings.cloudPermissions && cluster.supportsWorkloadIdentity) {
        identity = cluster.bindWorkloadIdentity({ namespace, serviceAccount: settings.name, ...settings.cloudPermissions });
      }
      // Only a namespace that holds a database lets the operator in.
      const hasDatabase = team.postgres.some((p) => p.namespace === namespace) && addOnIds.includes(CloudNativePg.ID);
      addTeamNamespace(chart, settings, namespace, environment, subjects,
        { ...neighbours, postgresOperatorNamespace: hasDatabase ? CLOUDNATIVE_PG_NAMESPACE : undefined }, identity);
    });
    if (settings.cloudPermissions && !cluster.supportsWorkloadIdentity) {
      this.host.warn(team, `has cloud permissions, but ${cluster.clusterName} has no workload identity: its namespaces get no cloud identity there`);
    }

    const clusterBinding = (id: string, role: string) => new ApiObject(chart, `${settings.name}-${id}`, {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRoleBinding',
      metadata: { name: `team-${settings.name}-${id}`, labels: { [TEAM_LABEL]: settings.name } },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: role },
      subjects: subjects.map((name) => ({ apiGroup: 'rbac.authorization.k8s.io', kind: 'Group', name })),
    });
    if (settings.clusterAdmin) {
      clusterBinding('cluster-admin', 'cluster-admin');
    } else if (settings.viewClusterWide) {
      clusterBinding('view', 'view');
    }

    cluster.grantAccess({
      name: settings.name,
      awsRoleArns: settings.awsRoleArns,
      azureGroupObjectIds: settings.azureGroupObjectIds,
      kubernetesGroups: settings.groups,
      namespaces: settings.clusterAdmin ? undefined : team.namespaces,
    });

    // Every request is checked, so one run names everything the fleet misses, not one thing per run.
    const each = (bind: () => void) => {
      try {
        bind();
      } catch (e) {
        if (!(e instanceof FleetError)) {
          throw e;
        }
        problems.push(e.message);
      }
    };
    for (const request of team.postgres) {
      each(() => this.bindPostgres(team, cluster, request, chart));
    }
    for (const route of team.routes) {
      each(() => this.bindRoute(team, cluster, route, addOnIds, chart, problems));
    }
    if (team.gitOpsSources.length > 0) {
      each(() => this.bindDelivery(team, cluster));
    }
  }

  /** The team's own applications, delivered by the fleet's engine into its namespaces only, in the layer after the teams'. */
  private bindDelivery(team: Team, cluster: ICluster): void {
    const engine = Fleet.of(cluster)._delivery.engine;
    if (!engine) {
      throw new FleetError(team, 'gitOps: the team delivers its applications with the fleet\'s GitOps engine, but the fleet has none. ' +
        "Fix: give the Fleet gitOps: { repoUrl, path } (Argo CD by default), or leave the team's gitOps out");
    }
    const chart = cluster.addChart(`team-${team.teamName}-apps`, { order: TEAMS_ORDER, layer: DeliveryLayer.TEAM_APPS });
    const request = {
      team: team.teamName,
      sources: team.gitOpsSources,
      // Argo CD's sign-in gives the groups as the identity provider names them: OIDC names, or Entra ID object ids.
      groups: [...new Set([...team.settings.groups, ...team.settings.azureGroupObjectIds])],
      labels: { [TEAM_LABEL]: team.teamName },
    };
    if (engine === GitOpsEngine.ARGO_CD) {
      addArgoTeamDelivery(chart, request);
    } else {
      addFluxTeamDelivery(chart, request);
    }
  }

  /** The RoleBinding subjects of the team on a cluster: Entra group ids on AKS, OIDC groups elsewhere. */
  private subjects(team: Team, cluster: ICluster): string[] {
    const settings = team.settings;
    if (cluster.cloud === Cloud.AZURE) {
      if (settings.azureGroupObjectIds.length === 0) {
        throw FleetError.invalidProperty(team, 'members.azureGroupObjectIds', [], `must list the team's Entra ID groups: the team runs on AKS cluster ${cluster.clusterName}`,
          "add the groups' object ids (GUIDs), or keep the team off Azure with clusters: { clouds: [...] }");
      }
      return settings.azureGroupObjectIds;
    }
    if (cluster.cloud === Cloud.AWS && settings.awsRoleArns.length === 0) {
      throw FleetError.invalidProperty(team, 'members.awsRoleArns', [], `must list the team's IAM/SSO roles: the team runs on EKS cluster ${cluster.clusterName}, reached through access entries`,
        "add the SSO permission set's role ARN, or keep the team off AWS with clusters: { clouds: [...] }");
    }
    return settings.groups;
  }

  private bindPostgres(team: Team, cluster: ICluster, request: PostgresRequest, chart: Construct): void {
    const where = `addPostgres('${request.name}')`;
    const bound = this.host.addOnsOf(cluster).find((a) => a.id === CloudNativePg.ID);
    if (!bound) {
      throw new FleetError(team, `${where} needs the '${CloudNativePg.ID}' add-on on ${cluster.clusterName}. Fix: fleet.addAddOn(new CloudNativePg())`);
    }
    const recoverFrom = this.movedDatabase(team, cluster, request);
    const backup = bindPostgresBackup(cluster, request, recoverFrom);
    if (!backup) {
      this.host.warn(team, `database ${request.namespace}/${request.name} on ${cluster.clusterName} has no backups: the cluster has no backup storage reachable with workload identity`);
    }
    const images = Fleet.of(cluster)._catalogue.addOn(CloudNativePg.ID).versions.find((v) => v.version === bound.version)?.images ?? {};
    const image = CloudNativePg.postgresImage(images);
    addPostgresObjects(chart, request, image, { [TEAM_LABEL]: team.teamName }, backup, recoverFrom);
    if (backup) {
      const drill = bindPostgresDrill(cluster, request, backup);
      this.host.addDatabaseDrill(cluster, {
        namespace: request.namespace,
        drillNamespace: drillNamespace(request.namespace),
        name: request.name,
        drillCluster: postgresDrillName(request),
        file: databaseDrillFile(request.namespace, request.name),
        object: postgresDrillObject(request, image, { [TEAM_LABEL]: team.teamName, [RESTORE_DRILL_LABEL]: 'true' }, drill),
      });
    }
  }

  /**
   * The backups of a database on the cluster a replacement replaces: the same
   * location there, when the team runs on that cluster and it backs the
   * database up with workload identity.
   */
  private movedDatabase(team: Team, cluster: ICluster, request: PostgresRequest): BackupStorage | undefined {
    const old = cluster.replacedCluster;
    if (!old || old.cloud !== cluster.cloud || !this.placement.get(team)?.includes(old)
      || !old.supportsBackupStorage || !old.supportsWorkloadIdentity) {
      return undefined;
    }
    const storage = old.backupStorage(postgresBackupLocation(request));
    return storage.provider === BackupStorageProvider.S3_COMPATIBLE ? undefined : storage;
  }

  private bindRoute(team: Team, cluster: ICluster, route: RouteRequest, addOnIds: string[], chart: Construct, problems: string[]): void {
    const where = `addRoute('${route.name}')`;
    const missing: string[] = [];
    // An ALB ignores cert-manager's TLS Secret (it takes ACM certificates): routes need the fleet's ingress-nginx.
    if (!addOnIds.includes('ingress-nginx')) {
      const bundled = cluster.bundledComponents.includes(BundledComponent.INGRESS);
      missing.push(`${where} needs the 'ingress-nginx' add-on on ${cluster.clusterName}, whose TLS comes from cert-manager`
        + (bundled ? '; the cluster\'s distribution runs its own ingress controller on ports 80 and 443, so the fleet\'s stays off. '
          + 'Fix: disable the bundled one at install and say so with disabledComponents: [BundledComponent.INGRESS], or keep the team off the cluster'
          : '. Fix: fleet.addAddOn(new IngressNginx()), or keep the team off the cluster'));
    }
    const certManager = this.host.standardAddOn(CertManager.ID) as CertManager | undefined;
    const publicTls = route.tls === RouteTls.PUBLIC;
    if (!certManager || !addOnIds.includes(CertManager.ID)) {
      missing.push(`${where} needs the 'cert-manager' add-on on ${cluster.clusterName} for its certificate. ` +
        `Fix: fleet.addAddOn(${publicTls ? ACME_EXAMPLE : 'new CertManager()'})${publicTls ? ' (a public certificate needs the ACME issuer, with DNS zones of the cluster\'s cloud)' : ''}`);
    } else if (publicTls && !certManager.hasAcmeIssuer(cluster)) {
      missing.push(`${where} asks for a public certificate, but ${cluster.clusterName} has no ACME issuer (cert-manager 'acme' with DNS zones for its cloud). ` +
        `Fix: give cert-manager acme zones for the cloud, e.g. ${ACME_EXAMPLE}, use tls: RouteTls.INTERNAL, or keep the team off the cluster`);
    }
    // A global name points at each cluster's regional name, which only the cluster's external-dns publishes.
    const dns = Fleet.of(cluster).globalDns;
    const regional = route.global && dns
      ? { host: regionalHost(route.host, cluster.clusterName, cluster.cloud, dns), behindGlobalName: isGlobalEndpoint(route, cluster.clusterName) }
      : undefined;
    if (regional && !addOnIds.includes(ExternalDns.ID)) {
      missing.push(`${where} has a global name, whose regional name here is ${regional.host}, but ${cluster.clusterName} has no external-dns to publish it. ` +
        'Fix: fleet.addAddOn(new ExternalDns({...})) with DNS zones for the cluster\'s cloud, or keep the team off the cluster');
    }
    if (missing.length > 0) {
      missing.forEach((m) => problems.push(`${team.node.path}: ${m}`));
      return;
    }
    const issuer = route.tls === RouteTls.PUBLIC ? CertManager.ACME_ISSUER : CertManager.INTERNAL_ISSUER;
    addRouteObject(chart, route, STANDARD_INGRESS_CLASS, issuer, { [TEAM_LABEL]: team.teamName }, regional);
  }
}
