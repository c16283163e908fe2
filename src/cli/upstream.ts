import { parse as parseYaml } from 'yaml';

/** How the CLI reaches upstream: `fetch`, optionally through a mirror (tests use a loopback server). */
export interface Upstream {
  readonly fetch: (url: string) => Promise<{ status: number; text: () => Promise<string> }>;
  /** `http://127.0.0.1:8080`: every `https://<host>/<path>` is read from `<mirror>/<host>/<path>` instead. */
  readonly mirror?: string;
}

/** A chart release a Helm repository lists. */
export interface ChartRelease {
  readonly version: string;
  readonly appVersion?: string;
}

function locate(upstream: Upstream, url: string): string {
  return upstream.mirror ? url.replace(/^https:\/\//, `${upstream.mirror.replace(/\/$/, '')}/`) : url;
}

async function get(upstream: Upstream, url: string): Promise<{ status: number; body: string }> {
  const response = await upstream.fetch(locate(upstream, url));
  return { status: response.status, body: await response.text() };
}

/** The releases of a chart in an HTTPS Helm repository's `index.yaml`; undefined when the repository cannot be read. */
export async function chartReleases(upstream: Upstream, repositoryUrl: string, chart: string): Promise<ChartRelease[] | undefined> {
  const { status, body } = await get(upstream, `${repositoryUrl.replace(/\/$/, '')}/index.yaml`);
  if (status !== 200) {
    return undefined;
  }
  const index = parseYaml(body) as { entries?: { [chart: string]: Array<{ version?: unknown; appVersion?: unknown }> } };
  return (index.entries?.[chart] ?? [])
    .filter((e) => typeof e.version === 'string')
    .map((e) => ({ version: e.version as string, appVersion: typeof e.appVersion === 'string' ? e.appVersion : undefined }));
}

/** Whether a GitHub release exists for a tag, and the latest release's tag; undefined fields when GitHub cannot be read. */
export async function githubRelease(upstream: Upstream, repo: string, tag: string): Promise<{ exists?: boolean; latest?: string }> {
  const tagged = await get(upstream, `https://api.github.com/repos/${repo}/releases/tags/${tag}`);
  const latest = await get(upstream, `https://api.github.com/repos/${repo}/releases/latest`);
  return {
    exists: tagged.status === 200 ? true : tagged.status === 404 ? false : undefined,
    latest: latest.status === 200 ? (JSON.parse(latest.body) as { tag_name?: string }).tag_name : undefined,
  };
}

/**
 * Orders versions like `v1.21.1`, `1.22.0`, `0.29.0-rc.10`, `2.5.31+up1.0.0`
 * as semantic versions do: build metadata (`+…`) is ignored, a pre-release
 * comes before its release, and pre-release identifiers compare numerically
 * where both are numbers (`rc.9` < `rc.10`).
 */
export function compareVersions(a: string, b: string): number {
  const split = (v: string) => {
    const plain = v.replace(/^v/, '').split('+')[0];
    const dash = plain.indexOf('-');
    const core = dash < 0 ? plain : plain.slice(0, dash);
    return { parts: core.split('.').map((n) => Number(n) || 0), pre: dash < 0 ? undefined : plain.slice(dash + 1).split('.') };
  };
  const x = split(a);
  const y = split(b);
  for (let i = 0; i < Math.max(x.parts.length, y.parts.length); i++) {
    const d = (x.parts[i] ?? 0) - (y.parts[i] ?? 0);
    if (d !== 0) {
      return d;
    }
  }
  if (!x.pre || !y.pre) {
    return x.pre ? -1 : y.pre ? 1 : 0;
  }
  for (let i = 0; i < Math.max(x.pre.length, y.pre.length); i++) {
    const [p, q] = [x.pre[i], y.pre[i]];
    if (p === undefined || q === undefined) {
      return p === undefined ? -1 : 1;
    }
    const numeric = /^\d+$/.test(p) && /^\d+$/.test(q);
    const d = numeric ? Number(p) - Number(q) : p.localeCompare(q, 'en');
    if (d !== 0) {
      return d;
    }
  }
  return 0;
}

/** The newest release that is not a pre-release. */
export function newestStable(versions: string[]): string | undefined {
  return versions.filter((v) => !v.replace(/^v/, '').split('+')[0].includes('-')).sort(compareVersions).pop();
}
