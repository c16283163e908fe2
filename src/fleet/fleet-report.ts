import type { Fleet } from './fleet';
import { buildFleetPlan, FleetPlan } from './fleet-plan';
import { cloudLabel } from '../_internal/cloud-label';
import { byCodePoint } from '../_internal/describe';
import { GLOBAL_REGION } from '../_internal/global-region';
import { Velero } from '../addons/velero';
import { BUILT_IN_CATALOGUE_REVIEWED } from '../catalogue/fleet-catalogue';
import { AZURE_FLEET_MANAGER_STACK, AZURE_UPDATE_STRATEGY } from '../clusters/azure/azure-fleet-manager-names';
import { BackupStorageProvider } from '../clusters/backup-storage';
import { Cloud } from '../clusters/cloud';
import type { ICluster } from '../clusters/cluster';
import { GitOpsEngine } from '../gitops/engine';
import { round } from '../teams/capacity';

/**
 * fleet-report.md: the fleet at a glance for reviewers. Deterministic (no
 * dates, sorted), so a pull request's diff of it shows exactly what changes.
 */
export function renderFleetReport(fleet: Fleet, plan: FleetPlan = buildFleetPlan(fleet)): string {
  const clusters = fleet.clusters;
  const lines: string[] = [];
  const totalVcpus = clusters.reduce((sum, c) => sum + c.capacity.vcpus, 0);

  lines.push(`# Fleet \`${fleet.fleetName}\``, '');
  const regionStacks = plan.stacks.filter((st) => st.region !== GLOBAL_REGION).length;
  const globalStack = plan.stacks.length > regionStacks ? ' (and the global stack)' : '';
  lines.push(`${clusters.length} clusters in ${regionStacks} region stacks${globalStack} and ${fleet.waves.length} waves; ` +
    `standard Kubernetes ${fleet.kubernetesVersion}; ${totalVcpus} vCPU of node capacity at most.`, '');

  lines.push('## Clusters', '');
  lines.push('| cluster | cloud | region | Kubernetes | stack | wave | node pools | node capacity (max) |');
  lines.push('| --- | --- | --- | --- | --- | --- | --- | --- |');
  const plannedByName = new Map(plan.clusters.map((p) => [p.name, p]));
  for (const c of clusters) {
    const planned = plannedByName.get(c.clusterName)!;
    const cap = c.capacity;
    const bundled = c.bundledComponents.length > 0 ? `<br>brings ${c.bundledComponents.join(', ')}` : '';
    // Attached clusters say which distribution they run.
    const distribution = c.distribution ? ` (${c.distribution})` : '';
    lines.push(`| ${c.clusterName} | ${cloudLabel(c.cloud)}${distribution}${bundled} | ${c.region} | ${c.kubernetesVersion} | ${planned.stack ?? '—'} | ` +
      `${planned.wave} ${c.wave} | ${nodePoolSummary(c)} | ${cap.vcpus} vCPU, ${cap.memoryGiB} GiB, ${cap.maxNodes} nodes |`);
  }
  lines.push('');

  lines.push('## Waves', '');
  lines.push('| wave | name | stacks | clusters |');
  lines.push('| --- | --- | --- | --- |');
  for (const w of plan.waves) {
    const description = fleet.waves.find((x) => x.number === w.number)?.description;
    lines.push(`| ${w.number} | ${w.name}${description ? ` — ${description}` : ''} | ${w.stacks.join(', ') || '—'} | ${w.clusters.join(', ') || '—'} |`);
  }
  lines.push('');

  lines.push(...rolloutSection(fleet, plan));
  lines.push(...deliverySection(fleet, plan));
  lines.push(...aksUpgradeSection(plan));
  lines.push(...catalogueSection(fleet));

  lines.push('## Add-ons', '');
  const addOns = new Map<string, { versions: Set<string>; clusters: string[] }>();
  for (const c of plan.clusters) {
    for (const a of c.addons) {
      const row = addOns.get(a.id) ?? { versions: new Set<string>(), clusters: [] };
      row.versions.add(`${a.version} (app ${a.appVersion})`);
      row.clusters.push(c.name);
      addOns.set(a.id, row);
    }
  }
  if (addOns.size === 0) {
    lines.push('None.');
  } else {
    lines.push('| add-on | version (chart, or the engine\'s release) | clusters |');
    lines.push('| --- | --- | --- |');
    for (const [id, row] of [...addOns].sort(([a], [b]) => byCodePoint(a, b))) {
      lines.push(`| ${id} | ${[...row.versions].sort().join('<br>')} | ${row.clusters.length === plan.clusters.length ? 'all' : row.clusters.join(', ')} |`);
    }
  }
  lines.push('');

  lines.push('## Teams', '');
  if (fleet.teams.length === 0) {
    lines.push('None.');
  } else {
    lines.push('| team | clusters | namespaces | quota per namespace (CPU / memory requests) | access |');
    lines.push('| --- | --- | --- | --- | --- |');
    for (const team of [...fleet.teams].sort((a, b) => byCodePoint(a.teamName, b.teamName))) {
      const quota = team.settings.quota.hard;
      const access = team.settings.clusterAdmin ? 'cluster admin' : team.settings.viewClusterWide ? 'edit; view cluster-wide' : 'edit';
      const clusterNames = fleet.clustersOf(team).map((c) => c.clusterName).sort(byCodePoint).join(', ') || '—';
      lines.push(`| ${team.teamName} | ${clusterNames} | ${team.namespaces.join(', ')} | ${quota['requests.cpu']} / ${quota['requests.memory']} | ${access} |`);
    }
  }
  lines.push('');

  lines.push('## Capacity', '');
  lines.push('Requests the teams\' quotas and the add-ons commit, against the node pools\' maximum times the overcommit ratio.', '');
  lines.push('| cluster | capacity (max) | allowed | committed | headroom |');
  lines.push('| --- | --- | --- | --- | --- |');
  for (const c of clusters) {
    const line = fleet.capacityOf(c);
    if (!line) {
      continue;
    }
    const teams = line.teams.map((t) => `${t.team} ${round(t.vcpus)}`).join(', ') || 'no teams';
    lines.push(`| ${c.clusterName} | ${round(line.vcpus)} vCPU, ${round(line.memoryGiB)} GiB | ${round(line.allowedVcpus)} vCPU, ${round(line.allowedMemoryGiB)} GiB | `
      + `${round(line.committedVcpus)} vCPU, ${round(line.committedMemoryGiB)} GiB (${teams}; add-ons ${round(line.addOnVcpus)}) | `
      // Headroom from the rounded figures, so the row adds up as printed.
      + `${round(round(line.allowedVcpus) - round(line.committedVcpus))} vCPU, ${round(round(line.allowedMemoryGiB) - round(line.committedMemoryGiB))} GiB |`);
  }
  lines.push('');

  lines.push(...teamApplicationsSection(fleet));
  lines.push(...globalNamesSection(plan));
  lines.push(...movesSection(plan));
  lines.push(...recoverySection(fleet, clusters, plan));

  lines.push('## Deviations from the fleet standard', '');
  const deviations = clusters.flatMap((c) => c.deviations.map((d) => ({ cluster: c.clusterName, ...d })));
  if (deviations.length === 0) {
    lines.push('None: every cluster follows the fleet standard.');
  } else {
    lines.push('| cluster | what | standard | this cluster | reason |');
    lines.push('| --- | --- | --- | --- | --- |');
    for (const d of deviations) {
      lines.push(`| ${d.cluster} | ${d.property} | ${d.standard} | ${d.value} | ${escapeCell(d.reason)} |`);
    }
  }
  lines.push('');

  lines.push('## Warnings', '');
  const warnings = [
    ...fleet.warnings.map((w) => `\`${w.path}\`: ${w.message}`),
    ...plan.waves.filter((w) => w.clusters.length === 0).map((w) => `wave ${w.number} '${w.name}' has no clusters`),
    ...plan.stacks
      .filter((s) => new Set(plan.clusters.filter((c) => c.stack === s.name).map((c) => c.wave)).size > 1)
      .map((s) => `stack \`${s.name}\` holds clusters of several waves; its Terraform rolls out with wave ${s.wave}`),
  ];
  if (warnings.length === 0) {
    lines.push('None.');
  } else {
    warnings.forEach((w) => lines.push(`- ${w}`));
  }
  lines.push('');
  return lines.join('\n');
}

function nodePoolSummary(cluster: ICluster): string {
  return cluster.nodePools.map((p) => `${p.name}: ${p.min === p.max ? p.max : `${p.min}–${p.max}`} × ${p.size}`).join('<br>') || '—';
}

function escapeCell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

/** How the clusters' objects reach them: the engine, where it syncs from, who signs in, each cluster's steps. */
function deliverySection(fleet: Fleet, plan: FleetPlan): string[] {
  const lines = ['## Delivery', ''];
  const gitOps = fleet.gitOps;
  if (!gitOps) {
    lines.push('No GitOps engine: each cluster\'s `deliver.sh` applies its layers with kubectl, in order.', '');
    return lines;
  }
  const sso = gitOps.argoCd?.sso;
  const engine = fleet._delivery.engine === GitOpsEngine.FLUX ? 'Flux' : 'Argo CD';
  lines.push(`${engine} syncs \`${gitOps.path}/<cluster>\` of ${gitOps.repoUrl} (branch \`${gitOps.revision ?? 'main'}\`), `
    + `layer by layer: releases, configuration, teams, then the teams' own applications (applied, never waited for).${engine === 'Argo CD' ? ` Sign-in: ${sso ? `OIDC from ${sso.issuer}, admin for ${sso.adminGroups.join(', ')}, each team its own project's applications, nothing for anyone else` : 'none (local admin off)'}.` : ''}`, '');
  lines.push('| cluster | engine release | steps | deploy-time values |');
  lines.push('| --- | --- | --- | --- |');
  for (const c of plan.clusters) {
    const release = c.addons.find((a) => a.id === fleet._delivery.engine)?.version ?? '—';
    const values = c.deployTimeValues.length === 0 ? '—' : `${c.deployTimeValues.length} from ${[...new Set(c.deployTimeValues.map((v) => v.stack))].join(', ')}`;
    lines.push(`| ${c.name} | ${release} | \`${c.delivery.script}\` | ${values} |`);
  }
  lines.push('');
  return lines;
}

/**
 * AKS clusters never upgrade themselves; say where their upgrades come from,
 * and that nothing patches their nodes until someone starts the runs.
 */
function aksUpgradeSection(plan: FleetPlan): string[] {
  const manager = plan.stacks.find((s) => s.name === AZURE_FLEET_MANAGER_STACK);
  const aks = plan.clusters.filter((c) => c.cloud === Cloud.AZURE);
  if (!manager || aks.length === 0) {
    return [];
  }
  const stages = plan.waves.filter((w) => aks.some((c) => c.wave === w.number)).map((w) => `${w.name} (${aks.filter((c) => c.wave === w.number).map((c) => c.name).join(', ')})`);
  return [
    '## AKS upgrades', '',
    `No AKS cluster upgrades on its own. Kubernetes patches and node images come as update runs of the Azure Kubernetes Fleet Manager in \`${manager.name}\` ` +
    `(${manager.region}), strategy \`${AZURE_UPDATE_STRATEGY}\`, stage by stage: ${stages.join(' → ')}. ` +
    'Nodes get OS patches only through these runs: start a NodeImageOnly run every week.', '',
  ];
}

/**
 * Which catalogue the fleet was built from, and every fact the fleet added
 * to it or replaced in it: a deviation from the built-in catalogue, with
 * where the fleet says the fact comes from.
 */
function catalogueSection(fleet: Fleet): string[] {
  const lines = ['## Catalogue', '',
    `Built-in catalogue reviewed ${BUILT_IN_CATALOGUE_REVIEWED}; Kubernetes support windows measured on ${fleet.supportDate}.`, ''];
  const extensions = fleet._catalogue.extensions;
  if (extensions.length === 0) {
    return [...lines, 'No facts added or replaced.', ''];
  }
  lines.push('| kind | fact | version | origin | source | checked |', '| --- | --- | --- | --- | --- | --- |');
  for (const e of extensions) {
    lines.push(`| ${e.kind} | ${e.id} | ${e.version ?? '—'} | ${e.origin} | ${e.source} | ${e.checked} |`);
  }
  return [...lines, ''];
}

/** Each wave's state in a rollout: what its clusters run by standard, and which clusters run what. */
function rolloutSection(fleet: Fleet, plan: FleetPlan): string[] {
  const rollout = plan.rollout;
  if (!rollout) {
    return [];
  }
  const addOns = Object.entries(rollout.addOnVersions ?? {});
  const what = [
    ...(rollout.kubernetesVersion ? [`Kubernetes ${rollout.kubernetesVersion}`] : []),
    ...addOns.map(([id, version]) => `${id} ${version}`),
  ].join(', ');
  const lines = ['## Rollout', ''];
  lines.push(`${what} ${what.includes(',') ? 'are' : 'is'} rolling out: waves 1–${rollout.throughWave} run ${what.includes(',') ? 'them' : 'it'}, ` +
    'later waves the standard. Move `rollout.throughWave` one wave further per change; after the last wave, make ' +
    `${what.includes(',') ? 'them' : 'it'} the standard and remove the rollout.`, '');
  lines.push('| wave | name | state | standard | clusters |');
  lines.push('| --- | --- | --- | --- | --- |');
  for (const w of plan.waves) {
    const standard = [
      `Kubernetes ${fleet.kubernetesVersionOfWave(w.name)}`,
      ...addOns.map(([id]) => `${id} ${fleet.addOnVersionOfWave(id, w.name) ?? fleet._catalogue.addOn(id).versions[0].version}`),
    ].join(', ');
    const state = w.number <= rollout.throughWave ? 'rolled out' : w.number === rollout.throughWave + 1 ? 'next' : 'waiting';
    const clusters = plan.clusters.filter((c) => c.wave === w.number).map((c) => `${c.name} (${c.kubernetesVersion})`);
    lines.push(`| ${w.number} | ${w.name} | ${state} | ${standard} | ${clusters.join(', ') || '—'} |`);
  }
  lines.push('');
  return lines;
}

/**
 * Where each cluster's backups are and how to restore from them: the
 * storage (and whether it is outside the cluster's region), its retention,
 * and the restore of each location's tool.
 */
/** Each team's own applications: per environment, where they come from and which revision the clusters follow. */
function teamApplicationsSection(fleet: Fleet): string[] {
  const teams = fleet.teams.filter((t) => t.gitOpsSources.length > 0);
  if (teams.length === 0) {
    return [];
  }
  const lines = ['## Team applications', '',
    'Each team\'s repository, synced by the fleet\'s engine into the team\'s namespaces only (an Argo CD project of its own, or Flux acting as '
    + 'a service account bound to the team\'s delivery role in the namespace), after the platform\'s layers and never holding them.', '',
    '| team | environment | namespace | repository | folder | follows | clusters |', '| --- | --- | --- | --- | --- | --- | --- |'];
  for (const team of teams) {
    const clusters = fleet.clustersOf(team).map((c) => c.clusterName).join(', ') || '—';
    for (const s of team.gitOpsSources) {
      const follows = `${s.revisionKind} \`${s.revision}\`${s.promotedFrom ? ` (promoted from ${s.promotedFrom})` : ''}`;
      lines.push(`| ${team.teamName} | ${s.environment} | ${s.namespace} | ${s.repoUrl} | \`${s.path}\` | ${follows} | ${clusters} |`);
    }
  }
  lines.push('');
  return lines;
}

/** Moves in progress: each replacement's steps, in the order the pipeline and the next change take them. */
function movesSection(plan: FleetPlan): string[] {
  const moves = plan.moves ?? [];
  if (moves.length === 0) {
    return [];
  }
  const lines = ['## Moves', ''];
  for (const move of moves) {
    lines.push(`${move.from} → ${move.to}:`, '');
    move.steps.forEach((s, i) => lines.push(`${i + 1}. ${s.step}: ${s.description}`));
    lines.push('');
  }
  return lines;
}

/** The global names: where each points, in what order, how it is checked, how fast it moves. */
function globalNamesSection(plan: FleetPlan): string[] {
  const names = plan.globalNames ?? [];
  if (names.length === 0) {
    return [];
  }
  const t = names[0].timing;
  const lines = ['## Global names', '',
    `In stack \`global\` (wave ${plan.stacks.find((st) => st.name === 'global')?.wave ?? '—'}, after the region stacks of its clusters). ` +
    `Each cluster is probed over HTTPS at its regional name every ${t.probeIntervalSeconds} s and is out after ${t.failedProbes} failed probes; ` +
    `answers live ${t.ttlSeconds} s, so clients reach another cluster about ${t.expectedShiftSeconds} s after one fails.`, '',
    '| name | team | DNS | policy | health path | clusters |', '| --- | --- | --- | --- | --- | --- |'];
  for (const n of names) {
    // Route 53's failover records have two roles: past two clusters, the others share the standby role equally.
    const shared = n.dns === 'route53' && n.endpoints.length > 2;
    const endpoints = n.endpoints.map((e) => {
      const role = e.priority !== undefined ? (e.priority === 1 ? 'primary' : shared ? 'standby' : `#${e.priority}`)
        : e.weight !== undefined ? `weight ${e.weight}` : `latency to ${e.latencyRegion}`;
      return `${e.cluster} (${role}) \`${e.regionalHost}\``;
    });
    lines.push(`| ${n.host} | ${n.team}/${n.route} | ${n.dns === 'route53' ? 'Route 53' : 'Traffic Manager'} | ${n.policy} | \`${n.healthPath}\` | ${endpoints.join('<br>')} |`);
  }
  lines.push('');
  return lines;
}

function recoverySection(fleet: Fleet, clusters: ICluster[], plan: FleetPlan): string[] {
  const lines = ['## Recovery', ''];
  lines.push('| cluster | region | backups in | kept after deletion | locations | its global names fail over to |');
  lines.push('| --- | --- | --- | --- | --- | --- |');
  const failoverOf = (cluster: string) => (plan.globalNames ?? []).filter((n) => n.endpoints.some((e) => e.cluster === cluster))
    .map((n) => `${n.host} → ${n.endpoints.filter((e) => e.cluster !== cluster).map((e) => e.cluster).join(', ')}`).join('<br>') || '—';
  const velero = fleet.standardAddOn(Velero.ID);
  const schedule = velero instanceof Velero ? velero.scheduleNames[0] : undefined;
  const restores: string[] = [];
  for (const c of clusters) {
    const locations = c.backupLocations;
    if (locations.length === 0) {
      lines.push(`| ${c.clusterName} | ${c.region} | — | — | none: nothing on the cluster backs up (add Velero) | ${failoverOf(c.clusterName)} |`);
      continue;
    }
    const storage = locations[0].storage;
    const where = storage.provider === BackupStorageProvider.S3_COMPATIBLE
      ? `site bucket ${storage.bucket}`
      : `${storage.provider === BackupStorageProvider.AWS_S3 ? 'S3' : 'Azure Blob'} in ${storage.region}${storage.region === c.region ? ' (the cluster\'s own region)' : ''}`;
    lines.push(`| ${c.clusterName} | ${c.region} | ${where} | ${storage.retentionDays} days | ${locations.map((l) => l.name).join(', ')} | ${failoverOf(c.clusterName)} |`);
    for (const location of locations) {
      if (location.name === 'velero' && schedule) {
        restores.push(`- ${c.clusterName}, Kubernetes objects and volumes: \`velero restore create --from-schedule ${schedule} --include-namespaces <namespaces>\` ` +
          '(the newest successful backup of the schedule; `--namespace-mappings old:new` restores beside the original)');
      } else if (location.name.startsWith('pg-')) {
        const path = location.storage.provider === BackupStorageProvider.AWS_S3
          ? `s3://${location.storage.bucket}/${location.storage.prefix}` : `${location.storage.endpoint ?? ''}${location.storage.bucket}`;
        restores.push(`- ${c.clusterName}, database backups at \`${path}\`: a CloudNativePG \`Cluster\` with \`bootstrap.recovery\` from an ` +
          'external cluster with that `barmanObjectStore` path and the original Cluster\'s name as `serverName`, reached with the database\'s workload identity');
      }
    }
  }
  lines.push('');
  if (restores.length > 0) {
    lines.push('Restores:', '', ...restores, '');
  }
  const drilled = plan.clusters.filter((c) => c.restoreDrill);
  if (drilled.length > 0) {
    lines.push(`Restore drills (\`pipelines/github/restore-drills.yml\`, cron \`${fleet.pipeline.restoreDrillSchedule}\` UTC, or \`cdk-fleet deploy --cluster <name> --drill\`): ` +
      'each restores the newest backups into drill namespaces isolated from all traffic, waits until they are complete and ready, and removes them.', '');
    for (const c of drilled) {
      const drill = c.restoreDrill!;
      const parts = [
        ...(drill.schedule ? [`Velero \`${drill.schedule}\` into ${drill.namespaces.map((n) => n.to).join(', ')}`] : []),
        ...drill.databases.map((d) => `${d.namespace}/${d.name} into Cluster ${d.drillNamespace}/${d.drillCluster}`),
      ];
      lines.push(`- ${c.name}: ${parts.join('; ')} (\`${drill.script}\`)`);
    }
    lines.push('');
  }
  const torn = plan.clusters.filter((c) => c.teardownScript);
  if (torn.length > 0) {
    const disposable = torn.filter((c) => c.disposable).map((c) => c.name);
    lines.push('Teardown (`cdk-fleet teardown --cluster <name>`: the engine stopped, the teams\' namespaces, then the add-ons\', until no load balancer ' +
      'or volume is left, then the stack): ' +
      `${disposable.length > 0 ? `disposable: ${disposable.join(', ')}` : 'no cluster is disposable'}; ` +
      `${torn.length - disposable.length > 0 ? 'every other cluster needs --reason and keeps its keys, vaults and backup storage in the cloud' : 'every cluster is disposable'}.`, '');
  }
  return lines;
}
