import * as fs from 'fs';
import * as path from 'path';
import { addOnCatalogueEntry, chartFacts, engineFacts, ReleaseFacts } from '../../src';
import { readYamlDocuments } from '../../src/_internal/yaml-files';

/**
 * Replays a cluster's delivery over the synthesized output the way a real
 * cluster applies it, with the rules of the real systems, and returns every
 * place where it would break:
 *
 * - `kubectl apply -k` (server-side): a custom resource needs a CRD that was
 *   established before the apply ("no matches for kind … ensure CRDs are
 *   installed first"); a namespaced object without a namespace lands in the
 *   caller's kubeconfig namespace; an object's namespace must exist or be
 *   created earlier in the same apply.
 * - Argo CD: an ApplicationSet's cluster generator renders only from a
 *   cluster Secret that exists, with every annotation the Go template names
 *   (`missingkey=error`); the root Application's kustomize patches apply
 *   before anything reaches the API server; a sync dry-runs every object
 *   first, and a custom resource whose CRD is missing fails that dry run
 *   unless it carries `SkipDryRunOnMissingResource`; waves run in order and
 *   a wave waits for the health of the one before, which for Applications
 *   needs the `argoproj.io/Application` health customization in argocd-cm
 *   (not assessed since 1.8); Applications retry only with `retry`.
 * - Flux: Kustomizations run after their `dependsOn` are ready, and what
 *   their HelmReleases install counts as ready only with `wait`; post-build
 *   substitution reads the values ConfigMap and, in strict mode, fails on an
 *   unknown variable; a HelmRelease waits for its `dependsOn`.
 * - Helm releases bring the CRDs, namespace and other namespaces recorded
 *   for their chart version in src/catalogue/crds.ts, and need the kinds of
 *   other charts their templates use.
 * - Nothing with `${…}` reaches the API server.
 */
export function replayDelivery(outdir: string, plan: any, cluster: string, values: { [variable: string]: string }): string[] {
  return new Replay(outdir, plan.clusters.find((c: any) => c.name === cluster), values).run();
}

/** Steps as the README described them before the delivery model: one `kubectl apply -k` of the cluster folder. */
export function legacySteps(cluster: string): any[] {
  return [{ name: 'apply', apply: `kubernetes/${cluster}` }];
}

const INITIAL_NAMESPACES = ['default', 'kube-system', 'kube-public', 'kube-node-lease'];
const CALLER_NAMESPACE = 'default';
const BUILT_IN_GROUPS = new Set(['', 'admissionregistration.k8s.io', 'apiextensions.k8s.io', 'apiregistration.k8s.io', 'apps', 'autoscaling', 'batch',
  'certificates.k8s.io', 'coordination.k8s.io', 'discovery.k8s.io', 'networking.k8s.io', 'node.k8s.io', 'policy', 'rbac.authorization.k8s.io',
  'scheduling.k8s.io', 'storage.k8s.io']);
const CLUSTER_SCOPED = new Set(['Namespace', 'ClusterRole', 'ClusterRoleBinding', 'CustomResourceDefinition', 'StorageClass', 'PriorityClass',
  'IngressClass', 'MutatingWebhookConfiguration', 'ValidatingWebhookConfiguration', 'APIService']);
const PLACEHOLDER = /\$\{[A-Za-z_][A-Za-z0-9_]*(:[^}]*)?\}/;

const groupOf = (apiVersion: string) => (apiVersion.includes('/') ? apiVersion.split('/')[0] : '');
const kindKey = (apiVersion: string, kind: string) => `${groupOf(apiVersion)}/${kind}`;
const describe = (o: any) => `${o.apiVersion} ${o.kind} '${o.metadata?.namespace ? `${o.metadata.namespace}/` : ''}${o.metadata?.name}'`;

class Replay {
  private readonly problems: string[] = [];
  private readonly namespaces = new Set(INITIAL_NAMESPACES);
  /** Established CRDs: `group/Kind` → scope. */
  private readonly crds = new Map<string, string>();
  /** CRDs created but not yet waited for. */
  private readonly pendingCrds = new Map<string, string>();
  private readonly applied: any[] = [];
  private readonly clusterDir: string;
  /** CRD names by `group/Kind`. */
  private readonly crdNames = new Map<string, string>();
  /** Each built folder's kustomize patches. */
  private readonly buildPatches = new Map<string, any[]>();
  /** The cluster's values object, once the values step wrote it. */
  private valuesObject?: any;
  /** What releases bring once healthy, when nothing waits for that health. */
  private readonly deferred: Array<() => void> = [];

  constructor(private readonly outdir: string, private readonly cluster: any, private readonly values: { [variable: string]: string }) {
    this.clusterDir = path.join(outdir, cluster.manifests);
  }

  public run(steps: any[] = this.cluster.delivery?.steps ?? legacySteps(this.cluster.name)): string[] {
    for (const step of steps) {
      if (step.apply) {
        this.kubectlApply(step.name, path.join(this.outdir, step.apply));
      }
      if (step.wait?.crds) {
        for (const name of step.wait.crds) {
          const found = [...this.pendingCrds.keys(), ...this.crds.keys()].some((k) => this.crdNames.get(k) === name);
          if (!found) {
            this.problems.push(`step ${step.name}: waits for CRD ${name}, which no earlier step created`);
          }
        }
        this.establishPending();
      }
      if (step.values && !this.writeValues(step)) {
        // `${VAR:?…}` stops the script: nothing after this step runs.
        return this.problems;
      }
    }
    this.syncEngine();
    this.checkEveryObjectArrived();
    return this.problems;
  }


  /** `kubectl apply --server-side -k <dir>`: one request set, CRDs of this apply not established yet. */
  private kubectlApply(step: string, dir: string): void {
    const objects = this.kustomizeBuild(dir, true);
    for (const object of objects) {
      this.checkPlaceholders(`step ${step}`, object);
      if (!this.kindServed(object)) {
        this.problems.push(`step ${step}: ${describe(object)}: no matches for kind "${object.kind}" in version "${object.apiVersion}" (ensure CRDs are installed first)`);
        continue;
      }
      this.create(`step ${step}`, object, objects);
    }
  }

  /** Creates one object in the simulated cluster. */
  private create(where: string, object: any, sameRequest: any[]): void {
    const namespaced = this.isNamespaced(object);
    if (namespaced) {
      const namespace = object.metadata?.namespace;
      if (!namespace) {
        this.problems.push(`${where}: ${describe(object)} names no namespace and lands in the caller's kubeconfig namespace '${CALLER_NAMESPACE}'`);
      } else if (!this.namespaces.has(namespace) && !sameRequest.some((o) => o.kind === 'Namespace' && o.metadata.name === namespace)) {
        this.problems.push(`${where}: ${describe(object)}: namespace '${namespace}' does not exist`);
      }
    }
    if (object.kind === 'Namespace') {
      this.namespaces.add(object.metadata.name);
    }
    if (object.kind === 'CustomResourceDefinition') {
      const key = `${object.spec.group}/${object.spec.names.kind}`;
      this.pendingCrds.set(key, object.spec.scope);
      this.crdNames.set(key, object.metadata.name);
    }
    this.applied.push(object);
  }

  private establishPending(): void {
    for (const [key, scope] of this.pendingCrds) {
      this.crds.set(key, scope);
    }
    this.pendingCrds.clear();
  }

  private kindServed(object: any): boolean {
    return BUILT_IN_GROUPS.has(groupOf(object.apiVersion)) || this.crds.has(kindKey(object.apiVersion, object.kind));
  }

  private isNamespaced(object: any): boolean {
    if (BUILT_IN_GROUPS.has(groupOf(object.apiVersion))) {
      return !CLUSTER_SCOPED.has(object.kind);
    }
    return (this.crds.get(kindKey(object.apiVersion, object.kind)) ?? this.pendingCrds.get(kindKey(object.apiVersion, object.kind))) !== 'Cluster';
  }

  /**
   * A small kustomize: local files and folders with a kustomization, the
   * engines' pinned install manifests as their recorded facts (CRDs, and
   * namespaced objects without a namespace, as upstream ships them), and
   * the kustomization's `namespace`.
   */
  private kustomizeBuild(dir: string, withRemote: boolean): any[] {
    const kustomization = readYamlDocuments(path.join(dir, 'kustomization.yaml'))[0];
    const objects: any[] = [];
    for (const resource of kustomization.resources ?? []) {
      if (/^https:\/\//.test(resource)) {
        objects.push(...(withRemote ? installManifest(resource) : []));
      } else if (fs.statSync(path.join(dir, resource)).isDirectory()) {
        objects.push(...this.kustomizeBuild(path.join(dir, resource), withRemote));
      } else {
        objects.push(...readYamlDocuments(path.join(dir, resource)));
      }
    }
    if (kustomization.namespace) {
      for (const object of objects.filter((o) => this.isNamespaced(o))) {
        object.metadata = { ...object.metadata, namespace: kustomization.namespace };
      }
    }
    this.buildPatches.set(dir, kustomization.patches ?? []);
    // kustomize puts Namespaces and CRDs first (legacy order).
    const rank = (o: any) => (o.kind === 'Namespace' ? 0 : o.kind === 'CustomResourceDefinition' ? 1 : 2);
    return objects.sort((a, b) => rank(a) - rank(b));
  }


  /** The values step's own command: the heredoc object, with each `${VAR:?…}` taken from the environment (here: `values`). */
  private writeValues(step: any): boolean {
    const heredoc = step.run.join('\n').match(/<<EOF\n([\s\S]*)\nEOF/);
    if (!heredoc) {
      this.problems.push(`step ${step.name}: the command writes no object`);
      return false;
    }
    const before = this.problems.length;
    const text = heredoc[1].replace(/"\$\{([A-Za-z_][A-Za-z0-9_]*):\?[^}]*\}"/g, (_m: string, variable: string) => {
      if (this.values[variable] === undefined) {
        this.problems.push(`step ${step.name}: no value for ${variable}`);
      }
      return JSON.stringify(this.values[variable] ?? '');
    });
    const object = JSON.parse(text);
    const written = { ...(object.data ?? {}), ...(object.metadata.annotations ?? {}) };
    for (const entry of step.values.entries) {
      if (this.values[entry.variable] !== undefined && written[entry.key] !== this.values[entry.variable]) {
        this.problems.push(`step ${step.name}: the command does not write ${entry.key} from \$${entry.variable}`);
      }
    }
    if (this.problems.length > before) {
      return false;
    }
    this.valuesObject = object;
    this.create(`step ${step.name}`, object, []);
    return true;
  }

  /** What the engine does once its own objects are applied. */
  private syncEngine(): void {
    const appSets = this.applied.filter((o) => o.kind === 'ApplicationSet');
    const kustomizations = this.applied.filter((o) => o.kind === 'Kustomization' && groupOf(o.apiVersion) === 'kustomize.toolkit.fluxcd.io');
    const rootApps = this.applied.filter((o) => o.kind === 'Application' && o.spec?.source?.path && !o.spec.source.chart);
    for (const appSet of appSets) {
      this.syncArgoRoot(this.renderApplicationSet(appSet));
    }
    for (const app of rootApps) {
      if (app.spec.source.path.endsWith('/engine')) {
        // Argo CD managing itself: what it syncs must be allowed by its project too.
        const objects = this.kustomizeBuild(this.folderOf(app.spec.source.path), true);
        objects.forEach((o) => this.checkProject(`Application ${app.metadata.name}`, app, o));
      } else {
        this.syncArgoRoot(app);
      }
    }
    if (kustomizations.length > 0) {
      this.syncFlux(kustomizations);
    }
  }

  /** The cluster generator over the cluster Secret, then the Go template with missingkey=error. */
  private renderApplicationSet(appSet: any): any {
    const selector = appSet.spec.generators[0].clusters.selector.matchLabels;
    const secret = this.applied.find((o) => o.kind === 'Secret' && o.metadata.namespace === appSet.metadata.namespace
      && o.metadata.labels?.['argocd.argoproj.io/secret-type'] === 'cluster'
      && Object.entries(selector).every(([k, v]) => o.metadata.labels?.[k] === v));
    if (!secret) {
      this.problems.push(`ApplicationSet ${appSet.metadata.name}: no cluster Secret matches its selector, so it generates no Application`);
      return undefined;
    }
    // As text/template does it: `index` of a missing key is empty even with missingkey=error; only `fail` stops the generation.
    const annotation = (key: string) => secret.metadata.annotations?.[key] ?? '';
    let failed = false;
    const text = JSON.stringify(appSet.spec.template)
      .replace(/\{\{ if not \(index \.metadata\.annotations `([^`]+)`\) \}\}\{\{ fail `([^`]*)` \}\}\{\{ end \}\}/g, (_m: string, key: string, message: string) => {
        if (!annotation(key)) {
          failed = true;
          this.problems.push(`ApplicationSet ${appSet.metadata.name}: generation fails: ${message}`);
        }
        return '';
      })
      .replace(/\{\{ index \.metadata\.annotations `([^`]+)` \}\}/g, (_m: string, key: string) => {
        if (!annotation(key) && !failed) {
          this.problems.push(`ApplicationSet ${appSet.metadata.name}: renders an empty value for ${key}`);
        }
        return annotation(key);
      });
    if (failed) {
      return undefined;
    }
    if (text.includes('{{')) {
      this.problems.push(`ApplicationSet ${appSet.metadata.name}: a template expression the replay does not know: ${text.match(/\{\{[^}]*\}\}/)![0]}`);
    }
    const app = { apiVersion: 'argoproj.io/v1alpha1', kind: 'Application', ...JSON.parse(text) };
    app.metadata = { ...app.metadata, namespace: appSet.metadata.namespace };
    this.create(`ApplicationSet ${appSet.metadata.name}`, app, []);
    return app;
  }

  /** The folder of the output a repository path points at. */
  private folderOf(repoPath: string): string {
    const marker = `/${this.cluster.name}/`;
    const at = `/${repoPath.replace(/^\.\//, '')}`.lastIndexOf(marker);
    if (at < 0) {
      this.problems.push(`path ${repoPath} does not point into the cluster's folder`);
      return this.clusterDir;
    }
    return path.join(this.clusterDir, `/${repoPath.replace(/^\.\//, '')}`.slice(at + marker.length));
  }

  private syncArgoRoot(root: any): void {
    if (!root) {
      return;
    }
    const dir = this.folderOf(root.spec.source.path);
    if (!fs.existsSync(path.join(dir, 'kustomization.yaml'))) {
      this.problems.push(`Application ${root.metadata.name}: ${root.spec.source.path} has nothing to sync (is the folder committed?)`);
      return;
    }
    const objects = this.kustomizeBuild(dir, false).map((o) => applyJsonPatches(o, root.spec.source.kustomize?.patches ?? []));
    objects.forEach((o) => this.checkProject(`Application ${root.metadata.name}`, root, o));
    const healthChecked = this.argoChecksApplicationHealth();
    // The dry run of the whole sync comes first.
    for (const object of objects) {
      const skip = (object.metadata?.annotations?.['argocd.argoproj.io/sync-options'] ?? '').includes('SkipDryRunOnMissingResource=true');
      if (!this.kindServed(object) && !skip && !objects.some((o) => o.kind === 'CustomResourceDefinition' && `${o.spec.group}/${o.spec.names.kind}` === kindKey(object.apiVersion, object.kind))) {
        this.problems.push(`Application ${root.metadata.name}: dry run fails for ${describe(object)}: its CRD is missing and it does not skip the dry run`);
      }
    }
    const waves = [...new Set(objects.map(waveOf))].sort((a, b) => a - b);
    for (const wave of waves) {
      const inWave = objects.filter((o) => waveOf(o) === wave);
      const results: Array<() => void> = [];
      for (const object of inWave) {
        const where = `Application ${root.metadata.name} wave ${wave}`;
        this.checkPlaceholders(where, object);
        if (!this.kindServed(object)) {
          this.problems.push(`${where}: ${describe(object)}: no CRD for its kind when its wave is applied`);
          continue;
        }
        this.create(where, object, inWave);
        if (object.kind === 'Application' && object.spec?.source?.chart) {
          const { chart, targetRevision } = object.spec.source;
          results.push(this.helmRelease(where, chart, targetRevision, object.spec.destination.namespace, object));
        }
      }
      // The next wave waits for this one's health; Applications count only with the health check.
      const later = () => results.forEach((r) => r());
      if (healthChecked) {
        later();
      } else {
        this.deferred.push(later);
      }
    }
    this.deferred.forEach((r) => r());
  }


  private argoChecksApplicationHealth(): boolean {
    const patches = [...this.buildPatches.entries()].filter(([dir]) => path.basename(dir) === 'bootstrap').flatMap(([, p]) => p);
    return patches.some((p) => typeof p.patch === 'string' && p.patch.includes('resource.customizations.health.argoproj.io_Application'));
  }

  /** An Application or HelmRelease of a chart: checks its own rules now, returns what becomes true once it is healthy. */
  private helmRelease(where: string, chart: string, version: string, namespace: string, object: any): () => void {
    const facts = chartFacts(chart, version);
    if (!facts) {
      this.problems.push(`${where}: no recorded facts for chart ${chart} ${version}`);
      return () => undefined;
    }
    if (object.kind === 'Application') {
      if (!object.spec.syncPolicy?.retry) {
        this.problems.push(`${where}: ${describe(object)} does not retry a failed sync`);
      }
      // What the chart creates, as its project sees it.
      const created = [
        { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'release', namespace } },
        ...(facts.otherNamespaces ?? []).map((n) => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'release', namespace: n } })),
        ...facts.clusterKinds.map((k) => ({ apiVersion: k.includes('/') ? `${k.slice(0, k.lastIndexOf('/'))}/v1` : 'v1', kind: k.slice(k.lastIndexOf('/') + 1), metadata: { name: 'release' } })),
        ...(facts.crds.length > 0 ? [{ apiVersion: 'apiextensions.k8s.io/v1', kind: 'CustomResourceDefinition', metadata: { name: 'release' } }] : []),
      ];
      created.forEach((o) => this.checkProject(`Application ${object.metadata.name}`, object, o, facts.crds));
    }
    for (const kind of usedKinds(facts, object.spec.source.helm?.valuesObject ?? {})) {
      if (!this.crds.has(kind)) {
        this.problems.push(`${where}: ${describe(object)}: chart ${chart} ${version} creates ${kind}, whose CRD is not established yet`);
      }
    }
    return this.brings(where, `${chart} ${version}`, namespace, facts);
  }

  /** What a release brings once it is healthy: its namespace and CRDs; the other namespaces it writes into must exist by then. */
  private brings(where: string, release: string, namespace: string, facts: ReleaseFacts): () => void {
    return () => {
      this.namespaces.add(namespace);
      for (const other of facts.otherNamespaces ?? []) {
        if (!this.namespaces.has(other)) {
          this.problems.push(`${where}: chart ${release} writes into namespace ${other}, which does not exist`);
        }
      }
      facts.crds.forEach((c) => {
        this.crds.set(`${c.group}/${c.kind}`, c.scope);
        this.crdNames.set(`${c.group}/${c.kind}`, c.name);
      });
    };
  }

  /**
   * Argo CD syncs only what the Application's project allows: its source
   * repository, every namespaced object's namespace among the destinations,
   * every cluster-scoped kind in the cluster resource whitelist.
   */
  private checkProject(where: string, app: any, object: any, extraCrds: Array<{ group: string; kind: string; scope: string }> = []): void {
    const project = this.applied.find((o) => o.kind === 'AppProject' && o.metadata.name === app.spec.project && o.metadata.namespace === app.metadata.namespace);
    if (!project) {
      this.problems.push(`${where}: project ${app.spec.project} does not exist`);
      return;
    }
    const glob = (pattern: string, value: string) => new RegExp(`^${pattern.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*')}$`).test(value);
    if (!(project.spec.sourceRepos ?? []).some((r: string) => glob(r, app.spec.source.repoURL))) {
      this.problems.push(`${where}: project ${project.metadata.name} does not allow the source ${app.spec.source.repoURL}`);
    }
    const crdScope = extraCrds.find((c) => c.group === groupOf(object.apiVersion) && c.kind === object.kind)?.scope;
    const namespaced = crdScope ? crdScope === 'Namespaced' : this.isNamespaced(object);
    if (namespaced) {
      const namespace = object.metadata?.namespace ?? app.spec.destination.namespace;
      if (!(project.spec.destinations ?? []).some((d: any) => glob(d.namespace, namespace) && glob(d.server ?? '', app.spec.destination.server ?? ''))) {
        this.problems.push(`${where}: project ${project.metadata.name} does not allow namespace ${namespace} (${describe(object)})`);
      }
      return;
    }
    const group = groupOf(object.apiVersion);
    if (!(project.spec.clusterResourceWhitelist ?? []).some((w: any) => glob(w.group, group) && glob(w.kind, object.kind))) {
      this.problems.push(`${where}: project ${project.metadata.name} does not allow the cluster-scoped kind ${group}/${object.kind} (${describe(object)})`);
    }
  }

  private syncFlux(kustomizations: any[]): void {
    const done = new Map<string, { ready: Array<() => void> }>();
    const pending = [...kustomizations];
    const strict = [...this.buildPatches.values()].flat().some((p) => String(p.patch).includes('StrictPostBuildSubstitutions=true'));
    while (pending.length > 0) {
      const next = pending.find((k) => (k.spec.dependsOn ?? []).every((d: any) => done.has(d.name)));
      if (!next) {
        this.problems.push(`Kustomizations ${pending.map((k) => k.metadata.name).join(', ')} wait for each other or for a Kustomization that does not exist`);
        return;
      }
      pending.splice(pending.indexOf(next), 1);
      const where = `Kustomization ${next.metadata.name}`;
      const dir = this.folderOf(next.spec.path);
      const vars: { [key: string]: string } = { ...(next.spec.postBuild?.substitute ?? {}) };
      for (const from of next.spec.postBuild?.substituteFrom ?? []) {
        const source = this.valuesObject?.kind === from.kind && this.valuesObject.metadata.name === from.name ? this.valuesObject : undefined;
        if (!source && !from.optional) {
          this.problems.push(`${where}: ${from.kind} ${from.name} for substitution does not exist`);
        }
        Object.assign(vars, source?.data ?? {});
      }
      const objects = this.kustomizeBuild(dir, false).map((o) => substitute(o, vars, strict, (v) => this.problems.push(`${where}: variable ${v} is not set`), Object.keys(vars).length > 0));
      const ready: Array<() => void> = [];
      const releases = new Map<string, () => void>();
      for (const object of objects) {
        this.checkPlaceholders(where, object);
        if (!this.kindServed(object) && !objects.some((o) => o.kind === 'CustomResourceDefinition' && `${o.spec.group}/${o.spec.names.kind}` === kindKey(object.apiVersion, object.kind))) {
          this.problems.push(`${where}: ${describe(object)}: no CRD for its kind when the Kustomization applies`);
          continue;
        }
        this.create(where, object, objects);
        if (object.kind === 'HelmRelease') {
          releases.set(object.metadata.name, () => undefined);
          ready.push(this.fluxRelease(where, object, objects));
        }
      }
      // Dependants see the releases' results only if the Kustomization waited for them.
      if (next.spec.wait === true) {
        ready.forEach((r) => r());
      } else {
        this.deferred.push(() => ready.forEach((r) => r()));
      }
      done.set(next.metadata.name, { ready });
    }
    this.deferred.forEach((r) => r());
  }

  /** A HelmRelease waits for its dependsOn: a chart's used kinds must come from a release it depends on, or be there already. */
  private fluxRelease(where: string, release: any, objects: any[]): () => void {
    const repository = objects.find((o) => o.kind === 'HelmRepository' && o.metadata.name === release.spec.chart.spec.sourceRef.name);
    if (!repository) {
      this.problems.push(`${where}: ${describe(release)}: its HelmRepository is not in the same layer`);
    }
    const { chart, version } = release.spec.chart.spec;
    const facts = chartFacts(chart, version);
    if (!facts) {
      this.problems.push(`${where}: no recorded facts for chart ${chart} ${version}`);
      return () => undefined;
    }
    const dependsOn = new Set((release.spec.dependsOn ?? []).map((d: any) => d.name));
    const closure = new Set<string>();
    const visit = (name: string) => {
      if (closure.has(name)) {
        return;
      }
      closure.add(name);
      const dep = objects.find((o) => o.kind === 'HelmRelease' && o.metadata.name === name);
      (dep?.spec.dependsOn ?? []).forEach((d: any) => visit(d.name));
    };
    dependsOn.forEach((d) => visit(d as string));
    for (const kind of usedKinds(facts, release.spec.values ?? {})) {
      const provider = objects.filter((o) => o.kind === 'HelmRelease' && closure.has(o.metadata.name))
        .some((o) => chartFacts(o.spec.chart.spec.chart, o.spec.chart.spec.version)?.crds.some((c) => `${c.group}/${c.kind}` === kind));
      if (!provider && !this.crds.has(kind)) {
        this.problems.push(`${where}: ${describe(release)} creates ${kind}, but depends on no release that installs its CRD`);
      }
    }
    return this.brings(where, `${chart} ${version}`, release.spec.targetNamespace, facts);
  }

  private checkPlaceholders(where: string, object: any): void {
    const text = JSON.stringify(object);
    const match = text.match(PLACEHOLDER);
    if (match) {
      this.problems.push(`${where}: ${describe(object)} reaches the API server with ${match[0]}`);
    }
  }

  /** Every object the cluster's layers hold reached the cluster. */
  private checkEveryObjectArrived(): void {
    const layers = path.join(this.clusterDir, 'layers');
    if (!fs.existsSync(layers)) {
      return;
    }
    const key = (o: any) => `${o.apiVersion} ${o.kind} ${o.metadata?.namespace ?? ''}/${o.metadata?.name}`;
    const arrived = new Set(this.applied.map(key));
    for (const layer of fs.readdirSync(layers).filter((f) => fs.statSync(path.join(layers, f)).isDirectory())) {
      for (const file of fs.readdirSync(path.join(layers, layer)).filter((f) => f.endsWith('.k8s.yaml'))) {
        for (const object of readYamlDocuments(path.join(layers, layer, file))) {
          if (!arrived.has(key(object))) {
            this.problems.push(`${describe(object)} in layers/${layer}/${file} never reached the cluster`);
          }
        }
      }
    }
  }
}

/** The upstream install manifest of an engine, as its recorded facts: CRDs, a namespaced object without a namespace, maybe its Namespace. */
function installManifest(url: string): any[] {
  for (const engine of ['argo-cd', 'flux']) {
    const entry = addOnCatalogueEntry(engine);
    for (const { version } of entry.versions) {
      if (entry.installManifest!.replace('{version}', version).replace('{appVersion}', version) !== url) {
        continue;
      }
      const facts = engineFacts(engine, version)!;
      return [
        ...(facts.includesNamespace ? [{ apiVersion: 'v1', kind: 'Namespace', metadata: { name: engine === 'flux' ? 'flux-system' : 'argocd' } }] : []),
        ...facts.crds.map((c) => ({
          apiVersion: 'apiextensions.k8s.io/v1',
          kind: 'CustomResourceDefinition',
          metadata: { name: c.name },
          spec: { group: c.group, names: { kind: c.kind }, scope: c.scope },
        })),
        // Upstream ships its workloads without a namespace.
        { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: `${engine}-controller` } },
      ];
    }
  }
  throw new Error(`the replay knows no install manifest at ${url}`);
}

/** The kinds of other releases a chart creates with these values. */
function usedKinds(facts: { usesKinds?: string[]; usesKindsWhen?: { [path: string]: string[] } }, values: any): string[] {
  const at = (valuePath: string) => valuePath.split('.').reduce((v, k) => (v === undefined || v === null ? undefined : v[k]), values);
  const gated = Object.entries(facts.usesKindsWhen ?? {}).filter(([valuePath]) => at(valuePath) === true).flatMap(([, kinds]) => kinds);
  return [...(facts.usesKinds ?? []), ...gated];
}

function waveOf(object: any): number {
  return Number(object.metadata?.annotations?.['argocd.argoproj.io/sync-wave'] ?? 0);
}

/** Applies the root Application's JSON 6902 patches that target this object. */
function applyJsonPatches(object: any, patches: any[]): any {
  let out = object;
  for (const patch of patches) {
    const t = patch.target ?? {};
    const matches = (!t.kind || t.kind === out.kind) && (!t.name || t.name === out.metadata?.name)
      && (t.namespace === undefined || t.namespace === out.metadata?.namespace) && (t.group === undefined || t.group === groupOf(out.apiVersion));
    if (!matches) {
      continue;
    }
    out = JSON.parse(JSON.stringify(out));
    for (const op of JSON.parse(patch.patch)) {
      const keys = op.path.split('/').slice(1).map((k: string) => k.replace(/~1/g, '/').replace(/~0/g, '~'));
      let parent = out;
      for (const k of keys.slice(0, -1)) {
        parent = parent?.[k];
      }
      if (op.op !== 'replace' || parent === undefined || !(keys[keys.length - 1] in parent)) {
        throw new Error(`patch ${op.op} ${op.path} does not apply to ${describe(out)}`);
      }
      parent[keys[keys.length - 1]] = op.value;
    }
  }
  return out;
}

/** Flux post-build substitution: runs only when a variable is loaded; in strict mode an unknown variable fails. */
function substitute(object: any, vars: { [key: string]: string }, strict: boolean, missing: (variable: string) => void, enabled: boolean): any {
  if (!enabled || object.metadata?.annotations?.['kustomize.toolkit.fluxcd.io/substitute'] === 'disabled') {
    return object;
  }
  const text = JSON.stringify(object).replace(/\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g, (_m, v: string) => {
    if (vars[v] === undefined) {
      // Strict mode fails the Kustomization; otherwise the value silently becomes empty. Either way the cluster does not come up right.
      missing(strict ? v : `${v} (replaced by an empty string)`);
      return strict ? `\${${v}}` : '';
    }
    return vars[v];
  });
  return JSON.parse(text);
}
