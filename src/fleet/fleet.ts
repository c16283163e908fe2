import { App, TerraformStack } from 'cdktf';
import { Construct, IConstruct } from 'constructs';
import { FleetDeployerOptions, ResolvedDeployer, resolveDeployer } from './deployer';
import { buildFleetPlan, FleetPlan } from './fleet-plan';
import { renderFleetReport } from './fleet-report';
import { GlobalDnsOptions, ResolvedGlobalDns, resolveGlobalDns } from './global-dns';
import type { GlobalName } from './global-name';
import { resolveGlobalNames } from './global-names';
import { GLOBAL_STACK, GlobalStack } from './global-stack';
import { FleetOutputStats, writeFleetOutputs } from './outputs';
import { RegionStack } from './region-stack';
import { checkWaveOrder, FleetRollout, resolveRollout } from './rollout';
import { AwsStateBackendOptions, AzureStateBackendOptions } from './state-backend';
import { validateStateBackends } from './state-backend-validation';
import { Wave, WaveOptions } from './wave';
import { withoutCreationStacks } from '../_internal/creation-stacks';
import { byCodePoint, describeProblem } from '../_internal/describe';
import { FleetError } from '../_internal/fleet-error';
import { requireProps } from '../_internal/input';
import { checkGroupObjectIds, checkTags, GUID, NAME_LABEL } from '../_internal/rules';
import type { AddOnOverride, BoundAddOn, IAddOn } from '../addons/add-on';
import { CertManager } from '../addons/cert-manager';
import { ExternalDns } from '../addons/external-dns';
import { FleetAddOns } from '../addons/fleet-add-ons';
import { Kyverno, PLATFORM_NAMESPACES } from '../addons/kyverno';
import { Velero, veleroMovedFrom } from '../addons/velero';
import type { CatalogueExtensions } from '../catalogue/extensions';
import { FleetCatalogue, resolveSupportDate } from '../catalogue/fleet-catalogue';
import { Cloud } from '../clusters/cloud';
import type { ICluster } from '../clusters/cluster';
import { AdmissionPolicyStandard, PolicyMode } from '../clusters/policy-mode';
import { GitOpsOptions } from '../gitops/engine';
import { FleetDelivery } from '../gitops/fleet-delivery';
import { validateGitOpsOptions } from '../gitops/validation';
import { FleetPipelineOptions, ResolvedPipeline, resolvePipeline } from '../pipeline/pipeline-options';
import { ClusterMove } from '../recovery/move';
import { ClusterRestoreDrill, DatabaseDrill, drillNamespace } from '../recovery/restore-drill';
import { CapacityPlanningOptions, ClusterCapacity, resolveCapacityPlanning } from '../teams/capacity';
import { FleetTeams } from '../teams/fleet-teams';
import { isGlobalEndpoint } from '../teams/route';
import type { Team } from '../teams/team';

/** Fleet-wide standards and settings. */
export interface FleetProps {
  /**
   * The fleet's name: a DNS label, used in state keys, tags and labels.
   * @default - the construct id
   */
  readonly name?: string;
  /** The standard Kubernetes minor version of every cluster, e.g. `1.34`. */
  readonly kubernetesVersion: string;
  /**
   * The next Kubernetes minor on its way through the waves: the clusters of
   * every wave up to `throughWave` run it, the others `kubernetesVersion`.
   * Moving it one wave further is a one-line change.
   * @default - no rollout: every cluster runs `kubernetesVersion`
   */
  readonly rollout?: FleetRollout;
  /**
   * Rollout waves in order; clusters name theirs. A canary wave first is
   * good practice.
   * @default - one wave, `main`
   */
  readonly waves?: WaveOptions[];
  /** Tags on every cloud resource of the fleet. @default - the fleet's standard tags only */
  readonly tags?: { [key: string]: string };
  /** Remote state of AWS region stacks. Required as soon as the fleet has an AWS cluster. @default - none */
  readonly awsStateBackend?: AwsStateBackendOptions;
  /** Remote state of Azure region stacks. Required as soon as the fleet has an Azure cluster. @default - none */
  readonly azureStateBackend?: AzureStateBackendOptions;
  /** The Azure subscription Azure clusters are deployed into. Required with Azure clusters. @default - none */
  readonly azureSubscriptionId?: string;
  /**
   * IAM role ARNs (SSO permission-set roles included) that get cluster admin
   * on every EKS cluster, through EKS access entries.
   * @default - none
   */
  readonly awsAdminRoleArns?: string[];
  /**
   * The AWS account (12 digits) the fleet's EKS clusters live in. Each AWS
   * provider refuses any other account, so a stack cannot be applied with the
   * wrong credentials; and workload identities name their role ARNs with it,
   * because the service-account annotation in the Kubernetes YAML must be
   * literal. Required to bind workload identities on EKS.
   * @default - any account; EKS workload identities cannot be bound
   */
  readonly awsAccountId?: string;
  /**
   * Entra ID group object ids (GUIDs) that get cluster admin on every AKS
   * cluster, through AKS-managed Entra integration.
   * @default - none
   */
  readonly azureAdminGroupObjectIds?: string[];
  /**
   * Who applies the fleet (the pipeline's AWS roles and Azure principal),
   * and how its runners reach private endpoints and firewalled vaults.
   * Azure clusters need the principal and a way to their Key Vaults.
   * @default - no deployer: only admins reach EKS clusters; no Azure clusters possible
   */
  readonly deployer?: FleetDeployerOptions;
  /**
   * How the generated GitHub Actions workflow signs in to the clouds and
   * where its jobs run.
   * @default - the deployer's first AWS role, repository variables for Azure, self-hosted runners
   */
  readonly pipeline?: FleetPipelineOptions;
  /**
   * Facts the fleet adds to the built-in catalogue (regions, Kubernetes
   * versions, node sizes, add-on chart versions, EKS add-on builds), or
   * replaces in it, each with its source. The report lists them.
   * @default - the built-in catalogue only
   */
  readonly catalogue?: CatalogueExtensions;
  /**
   * The day Kubernetes support windows are measured against, `YYYY-MM-DD`:
   * past a version's end of standard support the report warns, past its
   * end of support the cluster is refused. A fixed day, so the output does
   * not depend on when synth runs; move it forward to see what is coming.
   * @default - the day the built-in catalogue was last reviewed
   */
  readonly supportDate?: string;
  /**
   * Region of the Azure Kubernetes Fleet Manager that orchestrates AKS
   * upgrades wave by wave (stack `azure-fleet-manager`). Set it to keep the
   * Fleet Manager in place as clusters come and go.
   * @default - the region of the first Azure cluster added
   */
  readonly azureFleetManagerRegion?: string;
  /**
   * Where the global names of the teams' routes live (routes with `global`):
   * a Route 53 hosted zone or an Azure DNS zone. They go to the fleet's
   * global stack, deployed after the region stacks of their clusters.
   * @default - none: routes cannot have global names
   */
  readonly globalDns?: GlobalDnsOptions;
  /**
   * The repository the clusters sync from, and the GitOps engine (Argo CD by
   * default) that installs the add-ons. Required once the fleet has add-ons.
   * @default - no GitOps; the fleet may have no add-ons
   */
  readonly gitOps?: GitOpsOptions;
  /**
   * How far teams' quotas may commit the clusters' node capacity.
   * @default - overcommit ratio 1, warning above 85%
   */
  readonly capacityPlanning?: CapacityPlanningOptions;
}

/** A soft problem: the report lists it, synth goes on. */
export interface FleetWarning {
  /** Construct path of the construct concerned. */
  readonly path: string;
  readonly message: string;
}


/**
 * A fleet of Kubernetes clusters across clouds and regions, defined once.
 *
 * The fleet holds the standards (version, waves, tags, state backends) and
 * the clusters; its region stacks are created as clusters join. One
 * `app.synth()` writes the Terraform stacks, every cluster's Kubernetes YAML,
 * `fleet.json` and `fleet-report.md`.
 */
export class Fleet extends Construct {
  /** The fleet a construct belongs to. */
  public static of(construct: IConstruct): Fleet {
    const found = construct.node.scopes.slice().reverse().find((c): c is Fleet => c instanceof Fleet);
    if (!found) {
      throw new FleetError(construct, 'is not inside a Fleet. Fix: create clusters with a Fleet as their scope, e.g. new AwsCluster(fleet, ...)');
    }
    return found;
  }

  public readonly fleetName: string;
  public readonly kubernetesVersion: string;
  /** The Kubernetes version on its way through the waves, if one is. */
  public readonly rollout?: FleetRollout;
  public readonly waves: Wave[];
  public readonly tags: { [key: string]: string };
  public readonly awsStateBackend?: AwsStateBackendOptions;
  public readonly azureStateBackend?: AzureStateBackendOptions;
  public readonly azureSubscriptionId?: string;
  /** Cluster admins of every EKS cluster. */
  public readonly awsAdminRoleArns: string[];
  /** Cluster admins of every AKS cluster (Entra group object ids). */
  public readonly azureAdminGroupObjectIds: string[];
  /** Who applies the fleet, and from where. */
  public readonly deployer: ResolvedDeployer;
  /** The pipeline settings, with their defaults. */
  public readonly pipeline: ResolvedPipeline;
  /** Region of the Azure Kubernetes Fleet Manager, if given. */
  public readonly azureFleetManagerRegion?: string;
  /** The global DNS settings, if any. */
  public readonly globalDns?: ResolvedGlobalDns;
  /** The global names of the teams' routes (after synth). @internal */
  public _globalNames: GlobalName[] = [];
  /** The day support windows are measured against. */
  public readonly supportDate: string;
  /** The built-in catalogue with the fleet's extensions. @internal */
  public readonly _catalogue: FleetCatalogue;
  /** The AWS account of the fleet's EKS clusters, if given. */
  public readonly awsAccountId?: string;

  /** The GitOps settings, if any. */
  public readonly gitOps?: GitOpsOptions;
  private readonly addOnStandard: FleetAddOns;
  /** How each cluster's objects reach it (after synth). @internal */
  public readonly _delivery: FleetDelivery;
  private readonly fleetTeams: FleetTeams;
  private readonly clusterList: ICluster[] = [];
  private readonly stackMap = new Map<string, RegionStack>();
  private readonly warningList: FleetWarning[] = [];
  private readonly databaseDrills = new Map<ICluster, DatabaseDrill[]>();
  private synthState: 'idle' | 'validated' | 'written' = 'idle';
  private lastOutputStats?: FleetOutputStats;

  constructor(scope: Construct, id: string, props: FleetProps) {
    super(scope, id);
    if (!App.isApp(this.node.root)) {
      throw new FleetError(this, "is not inside a cdktf App. Fix: create the fleet with a cdktf App as its scope: new Fleet(new App(), 'acme', {...})");
    }
    // The fleet makes its own stacks: inside a user's stack its resources would land in that stack.
    if (!App.isApp(scope)) {
      throw new FleetError(this, `is inside ${scope.node.path || 'a construct'}, not directly in the App. ` +
        "Fix: create the fleet with the App as its scope: new Fleet(app, 'acme', {...}); it creates a stack per cloud region itself");
    }
    if ((scope as App).skipValidation) {
      throw new FleetError(this, 'is in an App created with skipValidation: true; the fleet checks every cluster and writes fleet.json, the report ' +
        'and the Kubernetes YAML during validation, so nothing would be checked or written. Fix: create the App without skipValidation: new App()');
    }
    const other = scope.node.children.find((c) => c !== this && c instanceof Fleet);
    if (other) {
      throw new FleetError(this, `is the second Fleet in this App (after ${other.node.path}); both would write cdktf.out/fleet.json, the report and ` +
        'kubernetes/. Fix: keep one Fleet per App (a fleet holds any number of clusters, regions and clouds)');
    }
    props = requireProps(this, props, "new Fleet(app, 'acme', { kubernetesVersion: '1.35' })");
    this.fleetName = props.name ?? id;
    if (!NAME_LABEL.test(this.fleetName)) {
      throw FleetError.invalidProperty(this, 'name', this.fleetName, 'must be a DNS label of at most 40 characters', "use lower-case letters, digits and '-', e.g. 'acme'");
    }
    // Before anything that looks a region, version or size up.
    this._catalogue = new FleetCatalogue(this, props.catalogue);
    this.supportDate = resolveSupportDate(this, props.supportDate);
    if (typeof props.kubernetesVersion !== 'string' || !/^1\.\d{2}$/.test(props.kubernetesVersion)) {
      throw FleetError.invalidProperty(this, 'kubernetesVersion', props.kubernetesVersion, "must be a Kubernetes minor version like '1.35'", "set kubernetesVersion: '1.35'");
    }
    this.kubernetesVersion = props.kubernetesVersion;
    this.waves = resolveWaves(this, props.waves);
    this.rollout = resolveRollout(this, props.rollout, this.kubernetesVersion, this.waves, this._catalogue);
    this.tags = { ...(props.tags ?? {}) };
    checkTags(this, 'tags', this.tags);
    if (props.azureSubscriptionId !== undefined && !GUID.test(props.azureSubscriptionId)) {
      throw FleetError.invalidProperty(this, 'azureSubscriptionId', props.azureSubscriptionId, 'must be a subscription GUID', "use the subscription id, e.g. '00000000-0000-0000-0000-000000000000'");
    }
    this.awsStateBackend = props.awsStateBackend;
    this.azureStateBackend = props.azureStateBackend;
    this.azureSubscriptionId = props.azureSubscriptionId;
    this.awsAdminRoleArns = [...(props.awsAdminRoleArns ?? [])];
    if (props.awsAccountId !== undefined && (typeof props.awsAccountId !== 'string' || !/^\d{12}$/.test(props.awsAccountId))) {
      throw FleetError.invalidProperty(this, 'awsAccountId', props.awsAccountId, 'must be a 12-digit AWS account id', "use the account id as a string, e.g. '111122223333'");
    }
    this.awsAccountId = props.awsAccountId;
    this.azureAdminGroupObjectIds = [...(props.azureAdminGroupObjectIds ?? [])];
    checkGroupObjectIds(this, 'azureAdminGroupObjectIds', this.azureAdminGroupObjectIds);
    this.deployer = resolveDeployer(this, props.deployer, this._catalogue);
    this.pipeline = resolvePipeline(this, props.pipeline, this.deployer.awsRoleArns);
    if (props.azureFleetManagerRegion !== undefined && !this._catalogue.isKnownRegion(Cloud.AZURE, props.azureFleetManagerRegion)) {
      throw FleetError.invalidProperty(this, 'azureFleetManagerRegion', props.azureFleetManagerRegion, 'is not an Azure region in the catalogue',
        "use a region name such as 'westeurope', or add the region to the Fleet's catalogue: { regions: [...] }");
    }
    this.azureFleetManagerRegion = props.azureFleetManagerRegion;
    this.globalDns = resolveGlobalDns(this, props.globalDns);
    validateStateBackends(this, props.awsStateBackend, props.azureStateBackend);
    if (props.awsStateBackend?.lockTable !== undefined) {
      this._warn(this, `awsStateBackend.lockTable '${props.awsStateBackend.lockTable}' adds deprecated DynamoDB locking to S3 native locking; ` +
        'remove it once every Terraform run uses this configuration (Terraform >= 1.10)');
    }
    this.gitOps = props.gitOps;
    if (props.gitOps !== undefined && props.gitOps !== null) {
      validateGitOpsOptions(this, props.gitOps, (message) => this._warn(this, message));
    }
    this.addOnStandard = new FleetAddOns(this, props.gitOps, this._catalogue, (cluster, addOnId) => this.addOnVersionOfWave(addOnId, cluster.wave));
    this._delivery = new FleetDelivery(props.gitOps);
    this.fleetTeams = new FleetTeams({
      scope: this,
      addOnsOf: (cluster) => this.addOnsOf(cluster),
      standardAddOn: (addOnId) => this.standardAddOn(addOnId),
      warn: (where, message) => this._warn(where, message),
      addDatabaseDrill: (cluster, drill) => this.databaseDrills.set(cluster, [...(this.databaseDrills.get(cluster) ?? []), drill]),
    }, resolveCapacityPlanning(this, props.capacityPlanning));

    // With global DNS the global stack always exists, also without global names: removing the
    // last one then destroys its records instead of leaving them in a state nobody applies.
    if (this.globalDns) {
      this._globalStack();
    }

    // A fleet of attached clusters only has no stack to hook into; the app's
    // own validation, which runs at the end of every synth, writes it then.
    const app = App.of(this);
    app.node.addValidation({
      validate: () => {
        if (this.stackMap.size > 0) {
          return [];
        }
        return withoutCreationStacks(() => {
          try {
            this._validateFleet();
          } catch (e) {
            return [(e as Error).message];
          }
          this._writeOutputs(app.outdir);
          return [];
        });
      },
    });
  }

  /**
   * Adds an add-on to the fleet standard: every cluster gets it (where it
   * applies), bound at synth in the order its `requires` gives. The GitOps
   * engine's own add-on comes with the first one.
   */
  public addAddOn(addOn: IAddOn): void {
    this.addOnStandard.add(addOn);
  }

  /** Lets one cluster depart from the standard for an add-on: another catalogued version, extra values, or none at all, always with a reason. */
  public overrideAddOn(cluster: ICluster, id: string, override: AddOnOverride): void {
    this.addOnStandard.override(cluster, id, override);
  }

  /** The add-on of the fleet standard with this id, if the fleet has it. */
  public standardAddOn(id: string): IAddOn | undefined {
    return this.addOnStandard.get(id);
  }

  /**
   * How the fleet's admission policies act: Kyverno's mode and exclusions
   * when the fleet has Kyverno, else audit outside the platform's namespaces.
   * Read it at synth: add-ons may join the standard after the clusters.
   */
  public get admissionPolicy(): AdmissionPolicyStandard {
    const kyverno = this.standardAddOn(Kyverno.ID);
    if (kyverno instanceof Kyverno) {
      return { mode: kyverno.mode, excludedNamespaces: [...kyverno.excludedNamespaces] };
    }
    return { mode: PolicyMode.AUDIT, excludedNamespaces: [...PLATFORM_NAMESPACES].sort() };
  }

  /** The add-ons bound to a cluster, in apply order (after synth). */
  public addOnsOf(cluster: ICluster): BoundAddOn[] {
    return this.addOnStandard.boundTo(cluster);
  }

  /** The fleet's teams, in the order they were created. */
  public get teams(): Team[] {
    return this.fleetTeams.teams;
  }

  /** The clusters a team runs on (after synth). */
  public clustersOf(team: Team): ICluster[] {
    return this.fleetTeams.clustersOf(team);
  }

  /** A cluster's capacity, what the teams and add-ons commit of it, and what is left (after synth). */
  public capacityOf(cluster: ICluster): ClusterCapacity | undefined {
    return this.fleetTeams.capacityOf(cluster);
  }

  /**
   * A cluster's restore drill (after synth): the newest backup of the first
   * Velero schedule into a drill namespace per team namespace, and each
   * database from its own backups; undefined where nothing backs up.
   */
  public restoreDrillOf(cluster: ICluster): ClusterRestoreDrill | undefined {
    const velero = this.addOnsOf(cluster).some((a) => a.id === Velero.ID) ? this.standardAddOn(Velero.ID) : undefined;
    const schedule = velero instanceof Velero ? velero.scheduleNames[0] : undefined;
    const namespaces = schedule === undefined ? [] : this.teams.filter((t) => this.clustersOf(t).includes(cluster))
      .flatMap((t) => t.namespaces).sort(byCodePoint).map((from) => ({ from, to: drillNamespace(from) }));
    const databases = this.databaseDrills.get(cluster) ?? [];
    if (namespaces.length === 0 && databases.length === 0) {
      return undefined;
    }
    return { ...(namespaces.length > 0 ? { schedule } : {}), namespaces, databases };
  }

  /**
   * A replacement's move (after synth): the cluster it replaces, what it
   * restores from that cluster's backups, and the global names that move to it.
   */
  public moveOf(cluster: ICluster): ClusterMove | undefined {
    const old = cluster.replacedCluster;
    if (!old) {
      return undefined;
    }
    const shared = this.teams.filter((t) => this.clustersOf(t).includes(cluster) && this.clustersOf(t).includes(old));
    const velero = (c: ICluster) => this.addOnsOf(c).some((a) => a.id === Velero.ID);
    const moved = velero(cluster) && velero(old) ? veleroMovedFrom(cluster) : undefined;
    const backsUp = old.supportsBackupStorage && old.supportsWorkloadIdentity && cluster.supportsWorkloadIdentity;
    return {
      from: old.clusterName,
      to: cluster.clusterName,
      ...(moved ? { veleroLocation: moved.locationName } : {}),
      namespaces: moved ? shared.flatMap((t) => t.namespaces).sort(byCodePoint) : [],
      databases: backsUp ? shared.flatMap((t) => t.postgres.map((p) => `${p.namespace}/${p.name}`)).sort(byCodePoint) : [],
      // The names the replacement took from the old cluster (which left them).
      globalNames: this.teams.filter((t) => this.clustersOf(t).includes(old)).flatMap((t) => t.routes)
        .filter((r) => r.global && isGlobalEndpoint(r, old.clusterName)
          && this._globalNames.some((n) => n.host === r.host && n.endpoints.some((e) => e.cluster === cluster.clusterName)))
        .map((r) => r.host).sort(byCodePoint),
    };
  }

  /** The fleet's clusters, sorted by name. */
  public get clusters(): ICluster[] {
    return [...this.clusterList].sort((a, b) => byCodePoint(a.clusterName, b.clusterName));
  }

  /** The fleet's region stacks, sorted by name. */
  public get stacks(): RegionStack[] {
    return [...this.stackMap.values()].sort((a, b) => byCodePoint(a.stackName, b.stackName));
  }

  /** Soft problems found so far; the report lists them. */
  public get warnings(): FleetWarning[] {
    return [...this.warningList];
  }

  /** Tags every cloud resource of the fleet carries (provider default tags). */
  public get cloudTags(): { [key: string]: string } {
    return { ...this.tags, 'fleet': this.fleetName, 'managed-by': 'cdk-fleet' };
  }

  /** The wave of a given name, or undefined. */
  /**
   * The Kubernetes version the clusters of a wave run by standard: the
   * rollout's through its wave, the fleet's `kubernetesVersion` after it.
   */
  public kubernetesVersionOfWave(wave: string): string {
    return (this.isRolledOut(wave) ? this.rollout?.kubernetesVersion : undefined) ?? this.kubernetesVersion;
  }

  /** The version of an add-on the rollout gives the clusters of a wave, if it gives them one. */
  public addOnVersionOfWave(addOnId: string, wave: string): string | undefined {
    return this.isRolledOut(wave) ? this.rollout?.addOnVersions?.[addOnId] : undefined;
  }

  /** Whether the rollout has reached a wave. */
  private isRolledOut(wave: string): boolean {
    const number = this.findWave(wave)?.number;
    return this.rollout !== undefined && number !== undefined && number <= this.findWave(this.rollout.throughWave)!.number;
  }

  public findWave(name: string): Wave | undefined {
    return this.waves.find((w) => w.name === name);
  }

  /** The fleet plan, as written to fleet.json. */
  public plan(): FleetPlan {
    return buildFleetPlan(this);
  }

  /** The fleet report, as written to fleet-report.md. */
  public report(): string {
    return renderFleetReport(this);
  }

  /** What the last synth wrote (undefined before the first synth). */
  public get lastOutput(): FleetOutputStats | undefined {
    return this.lastOutputStats;
  }

  /**
   * A few lines saying what the last synth wrote and where, for the
   * console of `npm run synth` and pipelines.
   */
  public summary(): string {
    const stats = this.lastOutput;
    if (!stats) {
      return `Fleet '${this.fleetName}' has not been synthesized yet: call app.synth() first.`;
    }
    const out = stats.outdir;
    return [
      `Fleet '${this.fleetName}': ${stats.stacks} region stacks, ${stats.clusters} clusters, ${stats.objects} Kubernetes objects, ${stats.waves} waves.`,
      `  Terraform   ${out}/stacks/<stack>/cdk.tf.json   (${this.stacks.map((s) => s.stackName).join(', ')})`,
      `  Kubernetes  ${out}/kubernetes/<cluster>/         (${this.clusters.map((c) => c.clusterName).join(', ')})`,
      `  Plan        ${out}/fleet.json`,
      `  Report      ${out}/fleet-report.md${this.warningList.length ? `  (${this.warningList.length} ${this.warningList.length === 1 ? 'warning' : 'warnings'}, below)` : ''}`,
      // A count without the warnings sends everyone to the report for what one line could say.
      ...this.warningList.map((w) => `  warning: ${w.path}: ${w.message}`),
    ].join('\n');
  }

  /**
   * The region stack of a cloud region, created on first use.
   * @internal
   */
  public _regionStack(cloud: Cloud, region: string, name: string = `${cloud}-${region}`): RegionStack {
    let stack = this.stackMap.get(name);
    if (!stack) {
      // cdktf names a stack's output folder after its id: two stacks of one
      // id in an app would overwrite each other's Terraform without a word.
      const clash = this.node.root.node.findAll().find((c) => TerraformStack.isStack(c) && c.node.id === name);
      if (clash) {
        throw new FleetError(this, `cannot create region stack '${name}': stack ${clash.node.path} already has that name, and cdktf would write both to stacks/${name}. ` +
          'Fix: keep one Fleet per App, and give your own stacks names that are not <cloud>-<region>');
      }
      stack = new RegionStack(this, name, { fleet: this, cloud, region });
      this.stackMap.set(name, stack);
    }
    return stack;
  }

  /**
   * The fleet's global stack, created with the fleet when it has global DNS.
   * @internal
   */
  public _globalStack(): GlobalStack {
    const existing = this.stackMap.get(GLOBAL_STACK);
    if (existing) {
      return existing as GlobalStack;
    }
    const stack = new GlobalStack(this, this, this.globalDns!.cloud);
    this.stackMap.set(GLOBAL_STACK, stack);
    return stack;
  }

  /** @internal */
  public _registerCluster(cluster: ICluster): void {
    this.clusterList.push(cluster);
  }

  /** @internal */
  public _registerTeam(team: Team): void {
    this.fleetTeams.register(team);
  }

  /** @internal */
  public _warn(scope: IConstruct, message: string): void {
    this.warningList.push({ path: scope.node.path, message });
  }

  /**
   * Validates the whole fleet (its own rules, every construct's validations
   * and every cluster's Kubernetes tree) and throws one error listing every
   * problem. Runs once per synth, before anything is written.
   * @internal
   */
  public _validateFleet(): void {
    if (this.synthState === 'validated') {
      return;
    }
    const problems: string[] = Object.keys(this.rollout?.addOnVersions ?? {}).filter((id) => !this.standardAddOn(id))
      .map((id) => `${this.node.path}: ${describeProblem(`rollout.addOnVersions.${id}`, this.rollout!.addOnVersions![id],
        `names '${id}', which is not in the fleet standard`, 'add it with fleet.addAddOn(...) or remove it from the rollout')}`);
    problems.push(...this.addOnStandard.bindAll(this.clusters));
    // Teams build on what the add-ons put on each cluster (mesh, ingress, operators).
    if (problems.length === 0) {
      problems.push(...this.fleetTeams.bindAll(this.clusters));
    }
    if (problems.length === 0 && this.globalDns) {
      const global = resolveGlobalNames({
        teams: this.teams,
        clustersOf: (team) => this.clustersOf(team),
        waveNumber: (cluster) => this.findWave(cluster.wave)?.number ?? 0,
        isKnownRegion: (cloud, region) => this._catalogue.isKnownRegion(cloud, region),
        externalDnsZones: () => (this.standardAddOn(ExternalDns.ID) as ExternalDns | undefined)?.settings,
        acmeZones: () => (this.standardAddOn(CertManager.ID) as CertManager | undefined)?.acme,
      }, this.globalDns, this.fleetName);
      this._globalNames = global.names;
      problems.push(...global.problems);
    }
    problems.push(...checkWaveOrder(this.clusters, (name) => this.findWave(name)?.number, this.waves));
    // The delivery follows from everything bound: layers, waves, the engine's objects.
    if (problems.length === 0) {
      problems.push(...this._delivery.prepareAll(this.clusters, (cluster) => this.addOnStandard.engineVersion(cluster)));
    }
    const trees: IConstruct[] = [this, ...this.clusterList.map((c) => c.manifests)];
    for (const tree of trees) {
      for (const construct of tree.node.findAll()) {
        for (const message of construct.node.validate()) {
          problems.push(`${construct.node.path || `${tree.node.id}`}: ${message}`);
        }
      }
    }
    if (problems.length > 0) {
      const list = problems.map((p) => `  - ${p}`).join('\n');
      throw new FleetError(this, `${problems.length} problem${problems.length === 1 ? '' : 's'} in the fleet; nothing was written:\n${list}`);
    }
    this.synthState = 'validated';
  }

  /**
   * Writes the Kubernetes YAML, fleet.json and fleet-report.md, once per synth.
   * @internal
   */
  public _writeOutputs(outdir: string): void {
    if (this.synthState !== 'validated') {
      return;
    }
    this.lastOutputStats = writeFleetOutputs(this, outdir);
    this.synthState = 'written';
  }
}

/** A soak runs inside one job; GitHub-hosted jobs end after 6 hours. */
const MAX_SOAK_MINUTES = 300;

function resolveWaves(fleet: Fleet, waves: WaveOptions[] | undefined): Wave[] {
  const options = waves ?? [{ name: 'main' }];
  if (options.length === 0) {
    throw FleetError.invalidProperty(fleet, 'waves', options, 'must list at least one wave', "leave 'waves' out for a single 'main' wave, or list them in rollout order");
  }
  const seen = new Set<string>();
  return options.map((wave, index) => {
    if (typeof wave.name !== 'string' || !NAME_LABEL.test(wave.name)) {
      throw FleetError.invalidProperty(fleet, `waves[${index}].name`, wave.name, 'must be a DNS label', "name waves like 'canary', 'early', 'main'");
    }
    if (seen.has(wave.name)) {
      throw new FleetError(fleet, describeProblem(`waves[${index}].name`, wave.name, 'names a wave twice', 'give each wave its own name'));
    }
    seen.add(wave.name);
    const soakMinutes = wave.soakMinutes ?? 0;
    if (typeof soakMinutes !== 'number' || !Number.isInteger(soakMinutes) || soakMinutes < 0 || soakMinutes > MAX_SOAK_MINUTES) {
      throw FleetError.invalidProperty(fleet, `waves[${index}].soakMinutes`, soakMinutes, `must be a whole number of minutes from 0 to ${MAX_SOAK_MINUTES}`,
        'soak for hours, not days: a longer wait belongs in the GitHub environment\'s wait timer or a later pull request');
    }
    return { number: index + 1, name: wave.name, description: wave.description, soakMinutes };
  });
}
