import { Construct } from 'constructs';
import { checkPostgresFits, checkPostgresRequest, PostgresOptions, PostgresRequest } from './postgres';
import { checkRouteRequest, RouteOptions, RouteRequest } from './route';
import { ResolvedTeamSource, resolveTeamGitOps, TeamGitOpsOptions } from './team-gitops';
import { checkQuota, ResolvedQuota } from './team-quota';
import { FleetError } from '../_internal/fleet-error';
import { checkOptionalBoolean, requireOptions, requireProps } from '../_internal/input';
import { parseQuantity } from '../_internal/quantity';
import { checkGroupObjectIds, checkRoleArns } from '../_internal/rules';
import { PLATFORM_NAMESPACES } from '../addons/kyverno';
import { Cloud } from '../clusters/cloud';
import type { CloudPermissions } from '../clusters/workload-identity';
import { Fleet } from '../fleet/fleet';

/** Who is in a team, per identity provider. Give the ones for the clouds the team runs on. */
export interface TeamMembers {
  /**
   * OIDC group names: the subjects of the team's RoleBindings on EKS (the
   * access entries map `awsRoleArns` to them) and on attached clusters.
   * @default - `team:<name>`
   */
  readonly groups?: string[];
  /** IAM role ARNs (SSO permission-set roles) of the members: EKS access entries. Required on EKS. @default - none */
  readonly awsRoleArns?: string[];
  /** Entra ID group object ids (GUIDs): RoleBinding subjects and Azure RBAC on AKS. Required on AKS. @default - none */
  readonly azureGroupObjectIds?: string[];
}

/**
 * Which of the fleet's clusters a team runs on. Criteria combine (a cluster
 * must meet each one given); within one criterion any value matches.
 */
export interface TeamClusterSelector {
  /** Cluster names. @default - any */
  readonly names?: string[];
  /** Clouds. @default - any */
  readonly clouds?: Cloud[];
  /** Regions (for attached clusters: locations). @default - any */
  readonly regions?: string[];
  /** Wave names. @default - any */
  readonly waves?: string[];
}

/** A team's quota in each of its namespaces. Quantities use Kubernetes notation. */
export interface TeamQuota {
  /** Total CPU requests, e.g. `4` or `2500m`. */
  readonly cpu: string;
  /** Total memory requests, e.g. `8Gi`. */
  readonly memory: string;
  /** Total CPU limits. @default - twice `cpu` */
  readonly limitsCpu?: string;
  /** Total memory limits. @default - `memory` (memory is not overcommitted) */
  readonly limitsMemory?: string;
  /** Most pods. @default 50 */
  readonly pods?: number;
  /** Total storage requested by volume claims. @default '100Gi' */
  readonly storage?: string;
  /** Most Services of type LoadBalancer (each is a cloud load balancer). @default 0 */
  readonly loadBalancers?: number;
}

/** CPU and memory of one container. */
export interface ContainerResources {
  /** CPU, e.g. `250m`. */
  readonly cpu: string;
  /** Memory, e.g. `256Mi`. */
  readonly memory: string;
}

/** Properties of a team. */
export interface TeamProps {
  /**
   * The team's name: a DNS label of at most 30 characters, unique in the
   * fleet. Namespaces are `<name>` or `<name>-<environment>`.
   * @default - the construct id
   */
  readonly name?: string;
  /** Who is in the team. */
  readonly members: TeamMembers;
  /** The clusters the team runs on. @default - every cluster of the fleet */
  readonly clusters?: TeamClusterSelector;
  /**
   * Environments, each its own namespace `<name>-<environment>`, e.g.
   * `['dev', 'prod']`.
   * @default - one namespace named after the team
   */
  readonly environments?: string[];
  /** The quota of each of the team's namespaces. */
  readonly quota: TeamQuota;
  /** Requests of containers that give none. @default - 100m CPU, 128Mi memory */
  readonly defaultRequests?: ContainerResources;
  /** Limits of containers that give none. @default - 500m CPU, 512Mi memory */
  readonly defaultLimits?: ContainerResources;
  /**
   * A platform team: cluster-wide admin on its clusters (EKS cluster-admin
   * access policy, AKS RBAC Cluster Admin, a ClusterRoleBinding), besides
   * its own namespaces.
   * @default false
   */
  readonly clusterAdmin?: boolean;
  /** Read-only access to the whole cluster besides edit in its namespaces. @default false */
  readonly viewClusterWide?: boolean;
  /**
   * Cloud permissions for the team's workloads: each namespace gets a
   * ServiceAccount `<name>` with a cloud identity, on clusters that have
   * workload identity.
   * @default - no cloud identity
   */
  readonly cloudPermissions?: CloudPermissions;
  /**
   * Opt-in: lets the team's pods open HTTPS connections (TCP 443) outside
   * the cluster's private ranges, e.g. to cloud APIs. Everything else
   * outside the namespace stays denied.
   * @default false
   */
  readonly allowHttpsEgress?: boolean;
  /**
   * The team's own applications, from its own repository: on each of its
   * clusters the fleet's GitOps engine syncs each environment's folder into
   * that environment's namespace and nowhere else (an Argo CD project of the
   * team's, or Flux objects that act as a service account with `edit` in
   * the namespace only). @default - none: the team delivers by other means
   */
  readonly gitOps?: TeamGitOpsOptions;
}

/** The fully checked settings of a team. */
export interface ResolvedTeam {
  readonly name: string;
  readonly groups: string[];
  readonly awsRoleArns: string[];
  readonly azureGroupObjectIds: string[];
  readonly environments: string[];
  readonly quota: ResolvedQuota;
  readonly defaultRequests: ContainerResources;
  readonly defaultLimits: ContainerResources;
  readonly clusterAdmin: boolean;
  readonly viewClusterWide: boolean;
  readonly cloudPermissions?: CloudPermissions;
  readonly allowHttpsEgress: boolean;
  readonly selector: TeamClusterSelector;
}

/** Team names leave room for `-<environment>` in a 63-character namespace name. */
const TEAM_NAME = /^[a-z]([-a-z0-9]{0,28}[a-z0-9])?$/;
const ENVIRONMENT = /^[a-z]([-a-z0-9]{0,18}[a-z0-9])?$/;
const GROUP = /^[^\s]{1,256}$/;

/**
 * A team's self-service environment on the clusters it needs: namespaces
 * with quotas, limits, network isolation, Pod Security `restricted` and
 * RBAC for its groups; cloud-side access (EKS access entries, Azure RBAC);
 * a cloud identity for its workloads if asked; and what it takes from the
 * service catalog (`addPostgres`, `addRoute`). Bound to the clusters at
 * synth, after the add-ons, so it sees the mesh and ingress it can use.
 */
export class Team extends Construct {
  /** The team's name. */
  public readonly teamName: string;
  /** The checked settings. */
  public readonly settings: ResolvedTeam;
  private readonly postgresList: PostgresRequest[] = [];
  private readonly routeList: RouteRequest[] = [];
  /** Where each environment's applications come from, when the team delivers with the fleet's GitOps engine. */
  public readonly gitOpsSources: ResolvedTeamSource[];

  constructor(scope: Construct, id: string, props: TeamProps) {
    super(scope, id);
    props = requireProps(this, props, `new Team(fleet, '${id}', { members: { awsRoleArns: [...], azureGroupObjectIds: [...] }, quota: { cpu: '4', memory: '8Gi' } })`);
    const fleet = Fleet.of(this);
    this.teamName = props.name ?? id;
    this.settings = this.resolve(props);
    this.gitOpsSources = props.gitOps === undefined ? [] : resolveTeamGitOps(this, props.gitOps, this.settings.environments, this.namespaces);
    fleet._registerTeam(this);
  }

  /** An optional flag, refused when it is not a boolean (the string 'false' would turn it on). */
  private flag(property: string, value: boolean | undefined): boolean {
    checkOptionalBoolean(this, property, value);
    return value === true;
  }

  /** The team's namespaces: `<name>` without environments, else `<name>-<environment>` each. */
  public get namespaces(): string[] {
    const { name, environments } = this.settings;
    return environments.length === 0 ? [name] : environments.map((env) => `${name}-${env}`);
  }

  /** The team's PostgreSQL databases. */
  public get postgres(): PostgresRequest[] {
    return [...this.postgresList];
  }

  /** The team's ingress routes. */
  public get routes(): RouteRequest[] {
    return [...this.routeList];
  }

  /**
   * A PostgreSQL database from the service catalog: a CloudNativePG
   * `Cluster` in the team's namespace (of `environment`, if the team has
   * environments) on each of its clusters, with the fleet's pinned image,
   * a PodDisruptionBudget, and backups to the cluster's backup storage.
   * Needs the `cloudnative-pg` add-on in the fleet standard.
   */
  public addPostgres(name: string, options: PostgresOptions): PostgresRequest {
    options = requireOptions(this, `addPostgres('${name}')`, options, `team.addPostgres('${name}', { environment: 'prod', storage: '20Gi' })`);
    const request = checkPostgresRequest(this, name, options, this.environmentOf(options.environment, `addPostgres('${name}').environment`));
    checkPostgresFits(this, request, this.postgresList.filter((p) => p.namespace === request.namespace), this.settings.quota);
    this.addUnique(this.postgresList, request, `addPostgres('${name}')`, 'database');
    return request;
  }

  /**
   * A route from the internet to one of the team's Services: an Ingress of
   * the fleet's standard class with TLS from cert-manager. Needs an ingress
   * add-on and cert-manager in the fleet standard.
   */
  public addRoute(name: string, options: RouteOptions): RouteRequest {
    options = requireOptions(this, `addRoute('${name}')`, options, `team.addRoute('${name}', { environment: 'prod', host: 'shop.acme.example', service: 'web', port: 8080 })`);
    const request = checkRouteRequest(this, name, options, this.environmentOf(options.environment, `addRoute('${name}').environment`));
    if (request.global) {
      this.checkGlobalName(name, request);
    }
    this.addUnique(this.routeList, request, `addRoute('${name}')`, 'route');
    return request;
  }

  /** A global name needs the fleet's global DNS, and a host in its zone. */
  private checkGlobalName(name: string, request: RouteRequest): void {
    const dns = Fleet.of(this).globalDns;
    if (!dns) {
      throw FleetError.invalidProperty(this, `addRoute('${name}').global`, request.global!.policy, "needs the fleet's global DNS, which the Fleet does not have",
        "give the Fleet globalDns: { zoneName: 'apps.acme.example', route53HostedZoneId: 'Z0…' } (or azureDnsZoneId for Traffic Manager)");
    }
    if (!request.host.endsWith(`.${dns.zoneName}`)) {
      throw FleetError.invalidProperty(this, `addRoute('${name}').host`, request.host, `is not in the global DNS zone ${dns.zoneName}, where global names are written`,
        `use a host under ${dns.zoneName}, e.g. '${name}.${dns.zoneName}'`);
    }
  }

  /** Adds a catalog request, refusing a second one of the same name in the same namespace. */
  private addUnique<T extends { name: string; namespace: string }>(list: T[], request: T, where: string, what: string): void {
    if (list.some((r) => r.name === request.name && r.namespace === request.namespace)) {
      throw FleetError.invalidProperty(this, where, request.name, `already exists in namespace ${request.namespace}`, `give each ${what} its own name`);
    }
    list.push(request);
  }

  /** The namespace of an environment, which must be one of the team's (or absent when it has none). */
  private environmentOf(environment: string | undefined, property: string): string {
    const { environments, name } = this.settings;
    if (environments.length === 0) {
      if (environment !== undefined) {
        throw FleetError.invalidProperty(this, property, environment, 'names an environment, but the team has none', 'leave environment out, or give the team environments');
      }
      return name;
    }
    if (environment === undefined || !environments.includes(environment)) {
      throw FleetError.invalidProperty(this, property, environment, `must be one of the team's environments (${environments.join(', ')})`, `set environment: '${environments[0]}'`);
    }
    return `${name}-${environment}`;
  }

  private resolve(props: TeamProps): ResolvedTeam {
    const name = this.teamName;
    if (typeof name !== 'string' || !TEAM_NAME.test(name)) {
      throw FleetError.invalidProperty(this, 'name', name, 'must be a DNS label of at most 30 characters (lower-case letters, digits and \'-\', starting with a letter)',
        "rename the team, e.g. 'payments'");
    }
    const environments = [...(props.environments ?? [])];
    environments.forEach((env, i) => {
      if (typeof env !== 'string' || !ENVIRONMENT.test(env) || environments.indexOf(env) !== i) {
        throw FleetError.invalidProperty(this, `environments[${i}]`, env, 'must be a DNS label of at most 20 characters, unique in the team', "use e.g. 'dev' or 'prod'");
      }
    });
    const namespaces = environments.length === 0 ? [name] : environments.map((env) => `${name}-${env}`);
    const reserved = namespaces.find((ns) => ns === 'default' || PLATFORM_NAMESPACES.includes(ns) || ns.startsWith('kube-'));
    if (reserved !== undefined) {
      throw FleetError.invalidProperty(this, 'name', name, `would own the platform namespace '${reserved}'`, 'choose another team name');
    }

    const members = props.members === undefined ? {} : requireOptions(this, 'members', props.members,
      "members: { awsRoleArns: ['arn:aws:iam::111122223333:role/payments'], azureGroupObjectIds: ['<group object id>'] }");
    for (const key of ['groups', 'awsRoleArns', 'azureGroupObjectIds'] as const) {
      if (members[key] !== undefined && !Array.isArray(members[key])) {
        throw FleetError.invalidProperty(this, `members.${key}`, members[key], 'must be a list', `give a list, e.g. ${key}: ['…']`);
      }
    }
    const groups = [...(members.groups ?? [`team:${name}`])];
    const badGroup = groups.find((g) => typeof g !== 'string' || !GROUP.test(g));
    if (groups.length === 0 || badGroup !== undefined) {
      throw FleetError.invalidProperty(this, 'members.groups', badGroup ?? groups, 'must list OIDC group names without spaces', "use e.g. ['payments-engineers'], or leave groups out for 'team:<name>'");
    }
    const awsRoleArns = [...(members.awsRoleArns ?? [])];
    checkRoleArns(this, 'members.awsRoleArns', awsRoleArns, "the SSO permission set's role");
    const azureGroupObjectIds = [...(members.azureGroupObjectIds ?? [])];
    checkGroupObjectIds(this, 'members.azureGroupObjectIds', azureGroupObjectIds);

    const defaultRequests = props.defaultRequests ?? { cpu: '100m', memory: '128Mi' };
    const defaultLimits = props.defaultLimits ?? { cpu: '500m', memory: '512Mi' };
    for (const [prop, resources] of [['defaultRequests', defaultRequests], ['defaultLimits', defaultLimits]] as const) {
      for (const key of ['cpu', 'memory'] as const) {
        if (!(parseQuantity(resources?.[key]) ?? 0)) {
          throw FleetError.invalidProperty(this, `${prop}.${key}`, resources?.[key], 'is not a positive Kubernetes quantity', key === 'cpu' ? "use e.g. '250m'" : "use e.g. '256Mi'");
        }
      }
    }
    for (const key of ['cpu', 'memory'] as const) {
      if (parseQuantity(defaultRequests[key])! > parseQuantity(defaultLimits[key])!) {
        throw FleetError.invalidProperty(this, `defaultRequests.${key}`, defaultRequests[key], `is above defaultLimits.${key} (${defaultLimits[key]}); Kubernetes refuses requests above limits`,
          `lower the request or raise the limit to at least ${defaultRequests[key]}`);
      }
    }
    const quota = checkQuota(this, props.quota);
    for (const key of ['cpu', 'memory'] as const) {
      if (parseQuantity(defaultLimits[key])! > (key === 'cpu' ? quota.limitsCpu : quota.limitsMemory)) {
        throw FleetError.invalidProperty(this, `defaultLimits.${key}`, defaultLimits[key], 'is above the namespace quota of limits; no container could start',
          'lower the default limit or raise the quota');
      }
    }

    const selector = props.clusters ?? {};
    for (const key of ['names', 'regions', 'waves', 'clouds'] as const) {
      const values = selector[key];
      if (values !== undefined && (!Array.isArray(values) || values.length === 0)) {
        throw FleetError.invalidProperty(this, `clusters.${key}`, values, 'must be a non-empty list when given', `leave clusters.${key} out to match any`);
      }
    }
    const badCloud = (selector.clouds ?? []).find((c) => !Object.values(Cloud).includes(c));
    if (badCloud !== undefined) {
      throw FleetError.invalidProperty(this, 'clusters.clouds', badCloud, 'is not a cloud', 'use Cloud.AWS, Cloud.AZURE or Cloud.ATTACHED');
    }
    // Waves are known when the fleet is: an unknown one is a typo, as it is on a cluster.
    const fleet = Fleet.of(this);
    const badWave = (selector.waves ?? []).find((w) => fleet.findWave(w) === undefined);
    if (badWave !== undefined) {
      throw FleetError.invalidProperty(this, 'clusters.waves', badWave, 'is not a wave of the fleet', `use ${fleet.waves.map((w) => `'${w.name}'`).join(', ')}`);
    }
    return {
      name,
      groups,
      awsRoleArns,
      azureGroupObjectIds,
      environments,
      quota,
      defaultRequests,
      defaultLimits,
      clusterAdmin: this.flag('clusterAdmin', props.clusterAdmin),
      viewClusterWide: this.flag('viewClusterWide', props.viewClusterWide),
      cloudPermissions: props.cloudPermissions,
      allowHttpsEgress: this.flag('allowHttpsEgress', props.allowHttpsEgress),
      selector,
    };
  }
}
