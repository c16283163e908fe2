import * as fs from 'fs';
import * as path from 'path';
import { forcesReplacement, isStatefulResource, STATEFUL_KINDS } from './replacement-facts';
import { parseYamlDocuments } from '../_internal/yaml-files';
import type { FleetPlan, FleetPlanCluster } from '../fleet/fleet-plan';
import { minorOf } from '../fleet/rollout';

/** What Terraform will do to one resource, as far as two configurations tell. */
export type ResourceAction = 'create' | 'update' | 'replace' | 'destroy';

/** One resource that differs between the two outputs. */
export interface ResourceChange {
  readonly stack: string;
  /** `<type>.<name>`, as Terraform addresses it. */
  readonly address: string;
  readonly type: string;
  /** The cluster the resource belongs to, when it belongs to one. */
  readonly cluster?: string;
  readonly action: ResourceAction;
  /** Arguments whose value changed (dotted paths, block indexes left out), minus those under `ignore_changes`. */
  readonly changed: string[];
  /** The changed arguments the provider's schema replaces the resource for. */
  readonly forcesReplacement: string[];
  /** A key, vault, bucket, storage account or cluster: its loss is data loss. */
  readonly stateful: boolean;
  /** The resource had `prevent_destroy`: Terraform will refuse this plan. */
  readonly preventDestroy: boolean;
}

/** A Kubernetes object, by identity. */
export interface ObjectRef {
  readonly apiVersion: string;
  readonly kind: string;
  readonly namespace?: string;
  readonly name: string;
}

/** What changes on one cluster. */
export interface ClusterDiff {
  readonly name: string;
  readonly wave: number;
  /** `added`, `removed` or `changed`. */
  readonly status: string;
  readonly kubernetesVersion?: { before?: string; after?: string };
  readonly addOns: Array<{ id: string; before?: string; after?: string }>;
  readonly objects: { added: ObjectRef[]; changed: ObjectRef[]; removed: ObjectRef[] };
  readonly resources: ResourceChange[];
  readonly deviations: { added: string[]; removed: string[] };
}

/** What changes in one stack, apart from what belongs to a cluster. */
export interface StackDiff {
  readonly name: string;
  readonly wave: number;
  readonly status: string;
  readonly resources: ResourceChange[];
}

/** What changes in one wave. */
export interface WaveDiff {
  readonly number: number;
  readonly name: string;
  readonly stacks: StackDiff[];
  readonly clusters: ClusterDiff[];
}

/** Two synthesized outputs compared. */
export interface FleetDiff {
  readonly before: string;
  readonly after: string;
  /** Version changes EKS and AKS refuse (a skipped minor, a downgrade): printed first. */
  readonly refused: string[];
  /** Destroys and replacements of stateful resources and removed databases: printed first. */
  readonly dataLoss: string[];
  /** Moves that start (with their steps in order) or complete. */
  readonly moves: string[];
  readonly waves: WaveDiff[];
  /** Counts over the whole diff. */
  readonly summary: DiffSummary;
}

/** Counts over a whole diff. */
export interface DiffSummary {
  readonly create: number;
  readonly update: number;
  readonly replace: number;
  readonly destroy: number;
  readonly objectsAdded: number;
  readonly objectsChanged: number;
  readonly objectsRemoved: number;
}

/** A synthesized output, read. */
interface Output {
  readonly dir: string;
  readonly plan: FleetPlan;
  readonly stacks: Map<string, any>;
}

/** Reads a synthesized output folder (the one fleet.json is in). */
export function readOutput(dir: string): Output {
  const plan = JSON.parse(fs.readFileSync(path.join(dir, 'fleet.json'), 'utf-8')) as FleetPlan;
  const stacks = new Map<string, any>();
  for (const stack of plan.stacks) {
    stacks.set(stack.name, JSON.parse(fs.readFileSync(path.join(dir, stack.dir, 'cdk.tf.json'), 'utf-8')));
  }
  return { dir, plan, stacks };
}

/** Compares two synthesized outputs: per wave, per stack and per cluster. */
export function diffOutputs(beforeDir: string, afterDir: string): FleetDiff {
  const before = readOutput(beforeDir);
  const after = readOutput(afterDir);
  const resources = diffResources(before, after);
  const clusterNames = union(before.plan.clusters.map((c) => c.name), after.plan.clusters.map((c) => c.name));
  const clusters: ClusterDiff[] = [];
  for (const name of clusterNames) {
    const b = before.plan.clusters.find((c) => c.name === name);
    const a = after.plan.clusters.find((c) => c.name === name);
    const diff = diffCluster(name, b, a, before, after, resources.filter((r) => r.cluster === name));
    if (diff) {
      clusters.push(diff);
    }
  }
  const stackNames = union(before.plan.stacks.map((s) => s.name), after.plan.stacks.map((s) => s.name));
  const stacks: StackDiff[] = [];
  for (const name of stackNames) {
    const b = before.plan.stacks.find((s) => s.name === name);
    const a = after.plan.stacks.find((s) => s.name === name);
    const own = resources.filter((r) => r.stack === name && r.cluster === undefined);
    if (own.length > 0 || !a || !b) {
      stacks.push({ name, wave: (a ?? b)!.wave, status: !b ? 'added' : !a ? 'removed' : 'changed', resources: own });
    }
  }
  const waveNames = new Map<number, string>([...before.plan.waves, ...after.plan.waves].map((w) => [w.number, w.name]));
  const waves = [...waveNames.entries()].sort(([x], [y]) => x - y).map(([number, name]) => ({
    number,
    name: after.plan.waves.find((w) => w.number === number)?.name ?? name,
    stacks: stacks.filter((s) => s.wave === number),
    clusters: clusters.filter((c) => c.wave === number),
  })).filter((w) => w.stacks.length > 0 || w.clusters.length > 0);
  const count = (action: ResourceAction) => resources.filter((r) => r.action === action).length;
  const objects = clusters.map((c) => c.objects);
  return {
    before: beforeDir,
    after: afterDir,
    refused: refusedUpgrades(clusters),
    dataLoss: [...oneStepSwaps(before.plan, after.plan), ...dataLoss(resources, clusters)],
    moves: moveChanges(before.plan, after.plan),
    waves,
    summary: {
      create: count('create'),
      update: count('update'),
      replace: count('replace'),
      destroy: count('destroy'),
      objectsAdded: sum(objects.map((o) => o.added.length)),
      objectsChanged: sum(objects.map((o) => o.changed.length)),
      objectsRemoved: sum(objects.map((o) => o.removed.length)),
    },
  };
}

function diffResources(before: Output, after: Output): ResourceChange[] {
  const changes: ResourceChange[] = [];
  for (const stack of union([...before.stacks.keys()], [...after.stacks.keys()])) {
    const b = before.stacks.get(stack)?.resource ?? {};
    const a = after.stacks.get(stack)?.resource ?? {};
    const clustersOfStack = union(
      before.plan.stacks.find((s) => s.name === stack)?.clusters ?? [],
      after.plan.stacks.find((s) => s.name === stack)?.clusters ?? [],
    );
    for (const type of union(Object.keys(b), Object.keys(a))) {
      for (const name of union(Object.keys(b[type] ?? {}), Object.keys(a[type] ?? {}))) {
        const old = b[type]?.[name];
        const next = a[type]?.[name];
        const change = diffResource(stack, type, name, old, next, clustersOfStack);
        if (change) {
          changes.push(change);
        }
      }
    }
  }
  return changes;
}

function diffResource(stack: string, type: string, name: string, old: any, next: any, clusters: string[]): ResourceChange | undefined {
  const body = next ?? old;
  const cluster = clusterOf(body, stack, clusters);
  const base = { stack, address: `${type}.${name}`, type, cluster, stateful: isStatefulResource(type) };
  const preventDestroy = old?.lifecycle?.prevent_destroy === true;
  if (!old) {
    return { ...base, action: 'create', changed: [], forcesReplacement: [], preventDestroy: false };
  }
  if (!next) {
    return { ...base, action: 'destroy', changed: [], forcesReplacement: [], preventDestroy };
  }
  const ignored: string[] = (next.lifecycle?.ignore_changes ?? []).map((p: string) => p.replace(/\[\d+\]/g, ''));
  const changed = changedPaths(strip(old), strip(next)).filter((p) => !ignored.some((i) => p === i || p.startsWith(`${i}.`)));
  if (changed.length === 0) {
    return undefined;
  }
  const replacing = changed.filter((p) => forcesReplacement(type, p));
  return { ...base, action: replacing.length > 0 ? 'replace' : 'update', changed, forcesReplacement: replacing, preventDestroy: replacing.length > 0 && preventDestroy };
}

/** The resource's body without cdktf's metadata and the meta-arguments Terraform does not diff as arguments. */
function strip(body: any): any {
  const { ['//']: _metadata, lifecycle: _lifecycle, depends_on: _dependsOn, provider: _provider, ...rest } = body;
  return rest;
}

/** Dotted paths whose values differ; list indexes of blocks are left out, leaf lists compare whole. */
function changedPaths(a: any, b: any, prefix = ''): string[] {
  if (JSON.stringify(a) === JSON.stringify(b)) {
    return [];
  }
  const isObject = (x: any) => x !== null && typeof x === 'object' && !Array.isArray(x);
  const isBlockList = (x: any) => Array.isArray(x) && x.length > 0 && x.every(isObject);
  if (isObject(a) && isObject(b)) {
    return union(Object.keys(a), Object.keys(b)).flatMap((k) => changedPaths(a[k], b[k], prefix ? `${prefix}.${k}` : k));
  }
  if (isBlockList(a) && isBlockList(b) && a.length === b.length) {
    return [...new Set(a.flatMap((x: any, i: number) => changedPaths(x, b[i], prefix)))] as string[];
  }
  return [prefix];
}

/** The cluster a resource belongs to: the construct path runs `<fleet>/<stack>/<cluster>/…`. */
function clusterOf(body: any, stack: string, clusters: string[]): string | undefined {
  const parts = String(body?.['//']?.metadata?.path ?? '').split('/');
  const index = parts.indexOf(stack);
  const candidate = index >= 0 ? parts[index + 1] : undefined;
  return candidate !== undefined && clusters.includes(candidate) ? candidate : undefined;
}

function diffCluster(
  name: string, b: FleetPlanCluster | undefined, a: FleetPlanCluster | undefined, before: Output, after: Output,
  resources: ResourceChange[],
): ClusterDiff | undefined {
  const folder = (output: Output, cluster: FleetPlanCluster | undefined) => (cluster ? path.join(output.dir, cluster.manifests) : undefined);
  const { added, changed, removed } = diffObjects(folder(before, b), folder(after, a));
  const addOnIds = union((b?.addons ?? []).map((x) => x.id), (a?.addons ?? []).map((x) => x.id));
  const versionOf = (cluster: FleetPlanCluster | undefined, id: string) => cluster?.addons.find((x) => x.id === id)?.version;
  const addOns = addOnIds.map((id) => ({ id, before: versionOf(b, id), after: versionOf(a, id) }))
    .filter((x) => x.before !== x.after);
  const devBefore = deviationsOf(b);
  const devAfter = deviationsOf(a);
  const deviations = { added: devAfter.filter((d) => !devBefore.includes(d)), removed: devBefore.filter((d) => !devAfter.includes(d)) };
  const version = b?.kubernetesVersion !== a?.kubernetesVersion ? { before: b?.kubernetesVersion, after: a?.kubernetesVersion } : undefined;
  const nothing = [added, removed, changed, addOns, resources, deviations.added, deviations.removed].every((list) => list.length === 0);
  if (b && a && nothing && !version) {
    return undefined;
  }
  return {
    name,
    wave: (a ?? b)!.wave,
    status: !b ? 'added' : !a ? 'removed' : 'changed',
    kubernetesVersion: version,
    addOns,
    objects: { added, changed, removed },
    resources,
    deviations,
  };
}

/**
 * The Kubernetes objects added, changed and removed between two cluster
 * folders. Files with the same text on both sides hold the same objects, so
 * only the files that differ are parsed (most of a large fleet's files do not).
 */
function diffObjects(beforeRoot: string | undefined, afterRoot: string | undefined): ClusterDiff['objects'] {
  const list = (root: string | undefined) => (root && fs.existsSync(root) ? filesUnder(root).filter((f) => f.endsWith('.k8s.yaml')).map((f) => path.relative(root, f)) : []);
  const read = (root: string | undefined, file: string) => (root && fs.existsSync(path.join(root, file)) ? fs.readFileSync(path.join(root, file), 'utf-8') : undefined);
  const objectsBefore = new Map<string, { ref: ObjectRef; text: string }>();
  const objectsAfter = new Map<string, { ref: ObjectRef; text: string }>();
  for (const file of union(list(beforeRoot), list(afterRoot))) {
    const old = read(beforeRoot, file);
    const next = read(afterRoot, file);
    if (old === next) {
      continue;
    }
    collectObjects(old, objectsBefore);
    collectObjects(next, objectsAfter);
  }
  return {
    added: [...objectsAfter.keys()].filter((k) => !objectsBefore.has(k)).map((k) => objectsAfter.get(k)!.ref),
    removed: [...objectsBefore.keys()].filter((k) => !objectsAfter.has(k)).map((k) => objectsBefore.get(k)!.ref),
    changed: [...objectsAfter.keys()].filter((k) => objectsBefore.has(k) && objectsBefore.get(k)!.text !== objectsAfter.get(k)!.text)
      .map((k) => objectsAfter.get(k)!.ref),
  };
}

function collectObjects(text: string | undefined, into: Map<string, { ref: ObjectRef; text: string }>): void {
  if (text === undefined) {
    return;
  }
  for (const object of parseYamlDocuments(text)) {
    const ref: ObjectRef = {
      apiVersion: object.apiVersion,
      kind: object.kind,
      name: object.metadata?.name,
      ...(object.metadata?.namespace ? { namespace: object.metadata.namespace } : {}),
    };
    into.set(`${ref.apiVersion}/${ref.kind}/${ref.namespace ?? ''}/${ref.name}`, { ref, text: JSON.stringify(object) });
  }
}

function filesUnder(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).sort((x, y) => (x.name < y.name ? -1 : 1))
    .flatMap((e) => (e.isDirectory() ? filesUnder(path.join(dir, e.name)) : [path.join(dir, e.name)]));
}

/** A cluster's deviations from fleet.json: `property: value (reason)`. */
function deviationsOf(cluster: FleetPlanCluster | undefined): string[] {
  return (cluster?.deviations ?? []).map((d) => `${d.property}: ${d.value} (${d.reason})`);
}

/**
 * Control-plane moves the clouds refuse: more than one minor at a time, or
 * back (UPGRADE_RULE_SOURCES). Synth checks a fleet against itself; only a
 * comparison with what was deployed before can see a jump of the fleet's own version.
 */
function refusedUpgrades(clusters: ClusterDiff[]): string[] {
  const lines: string[] = [];
  for (const c of clusters.filter((x) => x.status === 'changed' && x.kubernetesVersion?.before && x.kubernetesVersion?.after)) {
    const before = minorOf(c.kubernetesVersion!.before!);
    const after = minorOf(c.kubernetesVersion!.after!);
    if (after - before > 1) {
      const steps = Array.from({ length: after - before - 1 }, (_, i) => `1.${before + i + 1}`).join(', then ');
      lines.push(`cluster ${c.name}: Kubernetes 1.${before} → 1.${after} skips ${steps}; control planes upgrade one minor at a time. ` +
        `Roll out ${steps} first (rollout: { kubernetesVersion, throughWave })`);
    } else if (after < before) {
      lines.push(`cluster ${c.name}: Kubernetes 1.${before} → 1.${after} goes back; a control plane cannot be downgraded. Keep 1.${before}, or replace the cluster`);
    }
  }
  return lines;
}

/** Moves that start in this change (their steps, in order) and moves this change completes. */
function moveChanges(before: FleetPlan, after: FleetPlan): string[] {
  const lines: string[] = [];
  for (const move of after.moves ?? []) {
    if (!(before.moves ?? []).some((m) => m.from === move.from && m.to === move.to)) {
      lines.push(`MOVE ${move.from} → ${move.to} starts: ${move.steps.map((s, i) => `${i + 1}. ${s.step}: ${s.description}`).join('; ')}`);
    }
  }
  for (const move of before.moves ?? []) {
    if (!after.clusters.some((c) => c.name === move.from) && after.clusters.some((c) => c.name === move.to)) {
      lines.push(`MOVE ${move.from} → ${move.to} completes: ${move.from} is removed; ${move.to} holds its workloads${move.globalNames.length > 0 ? ` and ${move.globalNames.join(', ')}` : ''}`);
    }
  }
  return lines;
}

/**
 * A cluster that changes region or cloud under its name is destroyed and
 * created again in one apply: its state is gone before the new one holds
 * it. A move is two changes (a replacement with `replaces`, then the old
 * cluster's removal).
 */
function oneStepSwaps(before: FleetPlan, after: FleetPlan): string[] {
  const lines: string[] = [];
  for (const a of after.clusters) {
    const b = before.clusters.find((c) => c.name === a.name);
    if (b && (b.region !== a.region || b.cloud !== a.cloud)) {
      lines.push(`ONE-STEP SWAP of cluster ${a.name}: ${b.cloud} ${b.region} → ${a.cloud} ${a.region} destroys the cluster and creates it again in one apply, its state lost on the way. ` +
        `Move it in two changes: add its replacement with replaces: '${a.name}' (a new name), then remove ${a.name} once the replacement is confirmed`);
    }
  }
  return lines;
}

/** Destroys and replacements of stateful resources, and removed databases, most severe first. */
function dataLoss(resources: ResourceChange[], clusters: ClusterDiff[]): string[] {
  const lines: string[] = [];
  for (const r of resources.filter((x) => x.stateful && (x.action === 'destroy' || x.action === 'replace'))) {
    const why = r.action === 'replace' ? ` (replaced: ${r.forcesReplacement.join(', ')} changed)` : '';
    const blocked = r.preventDestroy ? '; it has prevent_destroy, so Terraform refuses this plan' : '';
    lines.push(`${r.action === 'destroy' ? 'DESTROYS' : 'REPLACES'} ${r.address} in ${r.stack}${r.cluster ? ` (cluster ${r.cluster})` : ''}${why}${blocked}`);
  }
  for (const c of clusters) {
    for (const o of c.objects.removed.filter((x) => STATEFUL_KINDS.includes(`${x.apiVersion.split('/')[0]}/${x.kind}`))) {
      lines.push(`REMOVES ${o.kind} ${o.namespace ? `${o.namespace}/` : ''}${o.name} on cluster ${c.name}: the database and its volumes go with it`);
    }
  }
  return lines;
}

function union(a: string[], b: string[]): string[] {
  return [...new Set([...a, ...b])].sort((x, y) => (x < y ? -1 : x > y ? 1 : 0));
}

function sum(values: number[]): number {
  return values.reduce((s, v) => s + v, 0);
}
