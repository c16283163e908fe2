import * as fs from 'fs';
import * as path from 'path';
import { Construct } from 'constructs';
import { chartReleases, compareVersions, githubRelease, newestStable, Upstream } from './upstream';
import { daysBetween } from '../_internal/days';
import { catalogueIds } from '../catalogue/add-ons';
import { CatalogueFile, DEFAULT_CATALOGUE_FILE } from '../catalogue/catalogue-file';
import type { AddOnVersionFact, CatalogueExtensions } from '../catalogue/extensions';
import { addOnCharts, FleetCatalogue } from '../catalogue/fleet-catalogue';
import { SupportStage, supportStage } from '../clusters/catalogue/kubernetes-versions';
import { Cloud } from '../clusters/cloud';

/** Where the command writes, and what it reads. */
export interface CommandIo {
  readonly out: (line: string) => void;
  readonly err: (line: string) => void;
  readonly cwd: string;
  readonly upstream: Upstream;
  /** Today, `YYYY-MM-DD`: `check` measures support windows against it. */
  readonly today: string;
}

const USAGE = [
  'Usage: cdk-fleet catalogue [--json] [--file <extensions.json>]',
  '       cdk-fleet catalogue check  [--file <extensions.json>] [--mirror <url>] [--today YYYY-MM-DD]',
  '       cdk-fleet catalogue update [--file <extensions.json>] [--mirror <url>] [--today YYYY-MM-DD]',
  '',
  `The file holds the fleet's catalogue extensions (default ${DEFAULT_CATALOGUE_FILE}); load it with CatalogueFile.load().`,
];

/** Exit codes: 1 a pin upstream never published, 2 bad arguments, 3 an upstream not reachable, 4 a bad extension file. */
const EXIT_MISSING_PIN = 1;
const EXIT_UNREACHABLE = 3;
const EXIT_BAD_CATALOGUE = 4;

/** Days before an end of standard support that `check` starts to warn. */
const NEARING_DAYS = 90;

/** One finding of `check`. */
interface Finding {
  readonly level: 'missing' | 'outdated' | 'support' | 'unreachable' | 'skipped';
  readonly message: string;
}

/** What the upstream of each pinned version says. */
interface PinCheck {
  readonly addOnId: string;
  readonly version: string;
  readonly exists?: boolean;
  readonly newest?: string;
  readonly newestAppVersion?: string;
  readonly source?: string;
  readonly engine: boolean;
}

/** `cdk-fleet catalogue …`: returns the exit code. */
export async function catalogueCommand(args: string[], io: CommandIo): Promise<number> {
  const options = parseOptions(args);
  if (typeof options === 'string') {
    io.err(options);
    USAGE.forEach((l) => io.err(l));
    return 2;
  }
  const file = path.resolve(io.cwd, options.file ?? DEFAULT_CATALOGUE_FILE);
  let extensions: CatalogueExtensions;
  let catalogue: FleetCatalogue;
  try {
    // Without --file, a project that has no extensions yet has no file either.
    extensions = options.file === undefined && !fs.existsSync(file) ? {} : CatalogueFile.load(file);
    catalogue = new FleetCatalogue(new Construct(undefined as any, 'catalogue'), extensions);
  } catch (e) {
    io.err((e as Error).message);
    return EXIT_BAD_CATALOGUE;
  }
  const upstream: Upstream = { ...io.upstream, mirror: options.mirror ?? io.upstream.mirror };
  const today = options.today ?? io.today;

  switch (options.command) {
    case 'list':
      if (options.json) {
        io.out(JSON.stringify({ entries: catalogue.entries }, undefined, 2));
      } else {
        catalogue.entries.forEach((e) => io.out(`${e.kind}\t${e.id}\t${e.version ?? ''}\t${e.origin}\t${e.source}\t${e.checked}`));
      }
      return 0;
    case 'check': {
      const checks = await checkPins(catalogue, upstream);
      const findings = [...pinFindings(checks), ...supportFindings(catalogue, today),
        { level: 'skipped', message: 'EKS add-on builds: not checked here; compare with aws eks describe-addon-versions --kubernetes-version <v> (needs AWS credentials)' } as Finding];
      findings.forEach((f) => io.out(`${f.level}\t${f.message}`));
      const missing = findings.filter((f) => f.level === 'missing').length;
      const unreachable = findings.filter((f) => f.level === 'unreachable').length;
      io.out(`${missing} pinned versions missing upstream, ${findings.filter((f) => f.level === 'outdated').length} outdated, ` +
        `${findings.filter((f) => f.level === 'support').length} support windows to act on, ${unreachable} sources unreachable`);
      return missing > 0 ? EXIT_MISSING_PIN : unreachable > 0 ? EXIT_UNREACHABLE : 0;
    }
    case 'update':
      return update(catalogue, extensions, file, await checkPins(catalogue, upstream), today, io);
  }
}

function parseOptions(args: string[]): { command: 'list' | 'check' | 'update'; json: boolean; file?: string; mirror?: string; today?: string } | string {
  const rest = [...args];
  const command = rest[0] === 'check' || rest[0] === 'update' ? rest.shift() as 'check' | 'update' : 'list';
  const result: { command: 'list' | 'check' | 'update'; json: boolean; file?: string; mirror?: string; today?: string } = { command, json: false };
  while (rest.length > 0) {
    const arg = rest.shift()!;
    if (arg === '--json' && command === 'list') {
      result.json = true;
    } else if (arg === '--file' || arg === '--mirror' || arg === '--today') {
      const value = rest.shift();
      if (value === undefined) {
        return `${arg} needs a value`;
      }
      if (arg === '--today' && !/^\d{4}-\d{2}-\d{2}$/.test(value)) {
        return `--today must be YYYY-MM-DD, got ${value}`;
      }
      result[arg.slice(2) as 'file' | 'mirror' | 'today'] = value;
    } else {
      return `unknown argument: ${arg}`;
    }
  }
  return result;
}

/** Asks upstream about every version the catalogue pins (charts: the repository's index; engines: GitHub releases). */
async function checkPins(catalogue: FleetCatalogue, upstream: Upstream): Promise<PinCheck[]> {
  const checks: PinCheck[] = [];
  for (const id of catalogueIds()) {
    const entry = catalogue.addOn(id);
    if (entry.repository && entry.chart) {
      const releases = await chartReleases(upstream, entry.repository.url, entry.chart).catch(() => undefined);
      const newest = releases ? newestStable(releases.map((r) => r.version)) : undefined;
      for (const pinned of entry.versions) {
        checks.push({
          addOnId: id,
          version: pinned.version,
          engine: false,
          exists: releases ? releases.some((r) => r.version === pinned.version) : undefined,
          newest,
          newestAppVersion: releases?.find((r) => r.version === newest)?.appVersion,
          source: `${entry.repository.url.replace(/\/$/, '')}/index.yaml`,
        });
      }
    } else if (entry.installManifest) {
      const repo = /github(?:usercontent)?\.com\/([^/]+\/[^/]+)\//.exec(entry.installManifest)?.[1];
      for (const pinned of entry.versions) {
        const release = repo ? await githubRelease(upstream, repo, pinned.version).catch(() => ({ exists: undefined, latest: undefined })) : {};
        checks.push({ addOnId: id, version: pinned.version, engine: true, exists: release.exists, newest: release.latest, source: repo ? `https://github.com/${repo}/releases` : undefined });
      }
    }
  }
  return checks;
}

function pinFindings(checks: PinCheck[]): Finding[] {
  const findings: Finding[] = [];
  for (const c of checks) {
    if (c.exists === undefined) {
      findings.push({ level: 'unreachable', message: `${c.addOnId} ${c.version}: ${c.source ?? 'no upstream to ask'} could not be read` });
    } else if (!c.exists) {
      findings.push({ level: 'missing', message: `${c.addOnId} ${c.version}: not published upstream (${c.source})` });
    }
  }
  const standards = checks.filter((c, i) => checks.findIndex((d) => d.addOnId === c.addOnId) === i);
  for (const c of standards) {
    if (c.newest && compareVersions(c.newest, c.version) > 0) {
      findings.push({ level: 'outdated', message: `${c.addOnId} ${c.version}: upstream has ${c.newest}` });
    }
  }
  return findings;
}

/** Kubernetes versions past, or within 90 days of, the end of their standard support. */
function supportFindings(catalogue: FleetCatalogue, today: string): Finding[] {
  const findings: Finding[] = [];
  for (const cloud of [Cloud.AWS, Cloud.AZURE, Cloud.ATTACHED]) {
    for (const v of catalogue.kubernetesVersions(cloud)) {
      const stage = supportStage(v, today);
      if (stage === SupportStage.ENDED) {
        findings.push({ level: 'support', message: `${cloud} ${v.version}: support ended on ${v.endOfSupport}` });
      } else if (stage === SupportStage.EXTENDED) {
        findings.push({ level: 'support', message: `${cloud} ${v.version}: standard support ended on ${v.endOfStandardSupport}` });
      } else if (daysBetween(today, v.endOfStandardSupport) <= NEARING_DAYS) {
        findings.push({ level: 'support', message: `${cloud} ${v.version}: standard support ends on ${v.endOfStandardSupport}` });
      }
    }
  }
  return findings;
}

/**
 * Writes each newer chart release upstream publishes into the extension
 * file, as an extra version (not the standard) whose CRDs and kinds are
 * copied from the standard version and marked for review: a pull request,
 * not a silent upgrade.
 */
function update(catalogue: FleetCatalogue, extensions: CatalogueExtensions, file: string, checks: PinCheck[], today: string, io: CommandIo): number {
  const own = [...(extensions.addOnVersions ?? [])];
  const added: string[] = [];
  for (const c of checks.filter((x, i) => checks.findIndex((y) => y.addOnId === x.addOnId) === i)) {
    if (!c.newest || compareVersions(c.newest, c.version) <= 0 || catalogue.addOn(c.addOnId).versions.some((v) => v.version === c.newest)) {
      continue;
    }
    if (c.engine) {
      io.out(`${c.addOnId}: upstream has ${c.newest}; engines are pinned in the built-in catalogue only (a cdk-fleet release)`);
      continue;
    }
    const standard = catalogue.addOn(c.addOnId).versions[0];
    const installs: AddOnVersionFact['installs'] = {};
    for (const chart of addOnCharts(c.addOnId)) {
      const facts = catalogue.chartFacts(chart, standard.version);
      installs[chart] = {
        crds: facts?.crds ?? [],
        clusterKinds: facts?.clusterKinds ?? [],
        otherNamespaces: facts?.otherNamespaces,
        usesKinds: facts?.usesKinds,
        usesKindsWhen: facts?.usesKindsWhen,
      };
    }
    own.push({
      addOnId: c.addOnId,
      version: c.newest,
      appVersion: c.newestAppVersion ?? c.newest,
      ...(standard.images ? { images: standard.images } : {}),
      installs,
      source: c.source!,
      checked: today,
      note: `installs${standard.images ? ' and images' : ''} copied from ${standard.version}: check them against the chart at ${c.newest} before pinning it`,
    });
    added.push(`${c.addOnId} ${c.newest}`);
  }
  if (added.length === 0) {
    io.out('Nothing newer upstream; the extension file is unchanged.');
    return 0;
  }
  CatalogueFile.save(file, { ...extensions, addOnVersions: own });
  io.out(`Added to ${path.basename(file)} for review: ${added.join(', ')}`);
  return 0;
}
