import { argoClusterSecret } from './argo-cd';
import { ARGO_CLUSTER_SECRET, FLUX_VALUES_CONFIGMAP, valueAnnotation } from './deploy-time-values';
import { GITOPS_NAMESPACE, GitOpsEngine } from './engine';
import { fluxLayerName } from './flux';
import { DeliveryLayer, SYNCED_LAYERS } from './layers';
import { KUBERNETES_DIR } from '../_internal/output-layout';
import { engineFacts } from '../catalogue/crds';
import type { ICluster } from '../clusters/cluster';

/** A value the cluster's values object takes from a region stack output. */
export interface DeliveryValue {
  /** The variable (`${variable}` in the YAML; the values object's key). */
  readonly variable: string;
  /** The values object's key for it (an annotation under Argo CD, a data key under Flux). */
  readonly key: string;
  readonly stack: string;
  readonly output: string;
}

/** The cluster's values object, as the values step writes it. */
export interface DeliveryValuesObject {
  /** `Secret` (Argo CD's cluster Secret) or `ConfigMap` (Flux's substitution source). */
  readonly kind: string;
  readonly namespace: string;
  readonly name: string;
  readonly entries: DeliveryValue[];
}

/** What a step waits for. */
export interface DeliveryWait {
  /** CRDs (by name) that must be `Established`. */
  readonly crds?: string[];
  /** A namespace whose Deployments must all be `Available`. */
  readonly deploymentsIn?: string;
  /** One object that must reach a condition: `<resource>/<name>` in `namespace`. */
  readonly resource?: string;
  readonly namespace?: string;
  /** `condition=Ready`, or `jsonpath={.status.health.status}=Healthy`. */
  readonly conditions?: string[];
  /** How long to wait at most, e.g. `30m`. */
  readonly timeout: string;
  /**
   * When the pipeline knows the commit it published (`FLEET_REVISION`):
   * the field of `resource` that must reach it after a refresh, before the
   * conditions count (they may still hold for the previous commit).
   */
  readonly revision?: DeliveryRevisionWait;
}

/** The synced revision a healthy check waits for. */
export interface DeliveryRevisionWait {
  /** The jsonpath of the synced revision, e.g. `{.status.sync.revision}`. */
  readonly jsonpath: string;
  /** Its value, with `$FLEET_REVISION` for the commit, e.g. `main@sha1:$FLEET_REVISION`. */
  readonly value: string;
  /** The object annotated to make the engine look at Git now: `<resource>/<name>`. */
  readonly refresh: string;
  /** The annotation that asks for the refresh. */
  readonly annotation: string;
  /** The field manager the engine's own CLI annotates with, if it has one. */
  readonly fieldManager?: string;
}

/**
 * One step from an empty cluster to a healthy one. Steps run in order; each
 * one's `run` lines are the exact shell commands (in the cluster's folder
 * of the output), and the other fields say the same as data, for pipelines
 * that run their own tools.
 */
export interface DeliveryStep {
  /** `install`, `crds`, `values`, `engine`, `healthy`, or `apply-<layer>` without an engine. */
  readonly name: string;
  readonly description: string;
  /** A folder applied with `kubectl apply --server-side -k`, relative to the output directory. */
  readonly apply?: string;
  readonly wait?: DeliveryWait;
  /** The cluster's values object, written from stack outputs. */
  readonly values?: DeliveryValuesObject;
  readonly run: string[];
}

const APPLY = 'kubectl apply --server-side --force-conflicts -k';

/** The ordered steps of one cluster. */
export function deliverySteps(
  cluster: ICluster, engine: { engine: GitOpsEngine; version: string } | undefined, folders: string[], branch = 'main',
): DeliveryStep[] {
  const base = `${KUBERNETES_DIR}/${cluster.clusterName}`;
  if (!engine) {
    // No GitOps engine: the pipeline applies the layers itself, in order.
    return SYNCED_LAYERS.filter((layer) => folders.includes(`layers/${layer}`)).map((layer) => ({
      name: `apply-${layer}`,
      description: `Apply the ${layer} layer`,
      apply: `${base}/layers/${layer}`,
      run: [`${APPLY} layers/${layer}`],
    }));
  }
  const namespace = GITOPS_NAMESPACE[engine.engine];
  const crds = (engineFacts(engine.engine, engine.version)?.crds ?? []).map((c) => c.name);
  const argo = engine.engine === GitOpsEngine.ARGO_CD;
  const entries: DeliveryValue[] = cluster.deployTimeValues.map((v) => ({
    variable: v.variable, key: argo ? valueAnnotation(v.variable) : v.variable, stack: v.stack, output: v.output,
  })).sort((a, b) => (a.variable < b.variable ? -1 : 1));
  const healthy: DeliveryWait = argo
    ? { resource: 'applications.argoproj.io', namespace, conditions: ['jsonpath={.status.sync.status}=Synced', 'jsonpath={.status.health.status}=Healthy'], timeout: '45m' }
    : { resource: 'kustomizations.kustomize.toolkit.fluxcd.io', namespace, conditions: ['condition=Ready'], timeout: '45m' };
  const lastLayer = [...SYNCED_LAYERS].reverse().find((layer) => folders.includes(`layers/${layer}`)) ?? DeliveryLayer.RELEASES;
  const root = argo ? `fleet-${cluster.clusterName}` : fluxLayerName(cluster.clusterName, lastLayer);
  // Right after a publish the engine may still be Synced and Healthy at the previous commit: refresh, then wait for the new one.
  // Argo CD: argoproj/argo-cd@v3.4.7:docs/user-guide/annotations-and-labels.md (refresh), .status.sync.revision;
  // Flux: fluxcd/source-controller@v1.9.1:docs/spec/v1/gitrepositories.md (requestedAt, `<branch>@sha1:<commit>`).
  const revision: DeliveryRevisionWait = argo
    ? { jsonpath: '{.status.sync.revision}', value: '$FLEET_REVISION', refresh: `applications.argoproj.io/${root}`, annotation: 'argocd.argoproj.io/refresh=normal' }
    : {
      jsonpath: '{.status.lastAppliedRevision}',
      value: `${branch}@sha1:$FLEET_REVISION`,
      refresh: 'gitrepositories.source.toolkit.fluxcd.io/fleet',
      annotation: 'reconcile.fluxcd.io/requestedAt="$(date +%s)"',
      fieldManager: 'flux-client-side-apply',
    };
  return [
    {
      name: 'install',
      description: `Install ${engine.engine} ${engine.version} into the ${namespace} namespace (set by the kustomization, not by the kubeconfig)`,
      apply: `${base}/bootstrap`,
      run: [`${APPLY} bootstrap`],
    },
    {
      name: 'crds',
      description: 'Wait until the engine\'s CRDs are established and its controllers are available',
      wait: { crds, deploymentsIn: namespace, timeout: '10m' },
      run: [
        `kubectl wait --for=condition=Established --timeout=10m ${crds.map((c) => `crd/${c}`).join(' ')}`,
        `kubectl -n ${namespace} wait --for=condition=Available --timeout=10m deployment --all`,
      ],
    },
    {
      name: 'values',
      description: argo
        ? 'Write the cluster Secret that the root ApplicationSet selects, with the deploy-time values as annotations'
        : 'Write the ConfigMap that every layer substitutes deploy-time values from',
      values: { kind: argo ? 'Secret' : 'ConfigMap', namespace, name: argo ? ARGO_CLUSTER_SECRET : FLUX_VALUES_CONFIGMAP, entries },
      run: [valuesCommand(cluster.clusterName, argo, namespace, entries)],
    },
    {
      name: 'engine',
      description: argo
        ? 'Apply the platform project, the Application that manages Argo CD, and the ApplicationSet of the root Application'
        : 'Apply the fleet GitRepository and one Kustomization per layer',
      apply: `${base}/engine`,
      run: [`${APPLY} engine`],
    },
    {
      name: 'healthy',
      description: argo ? `Wait until the root Application fleet-${cluster.clusterName} is synced and healthy (every layer)` : `Wait until the last layer's Kustomization ${root} is ready (every layer)`,
      wait: { ...healthy, resource: `${healthy.resource}/${root}`, revision },
      run: [
        // The ApplicationSet creates the root Application a moment after the engine step.
        `for i in $(seq 60); do kubectl -n ${namespace} get ${healthy.resource}/${root} >/dev/null 2>&1 && break; sleep 5; done`,
        `if [ -n "\${FLEET_REVISION:-}" ]; then kubectl -n ${namespace} annotate ${revision.refresh} ${revision.annotation} --overwrite` +
          (revision.fieldManager ? ` --field-manager=${revision.fieldManager}` : '') +
          ` && kubectl -n ${namespace} wait ${healthy.resource}/${root} --for="jsonpath=${revision.jsonpath}=${revision.value}" --timeout=15m; fi`,
        ...healthy.conditions!.map((c) => `kubectl -n ${namespace} wait ${healthy.resource}/${root} --for=${quoteJsonpath(c)} --timeout=${healthy.timeout}`),
      ],
    },
  ];
}

function quoteJsonpath(condition: string): string {
  return condition.startsWith('jsonpath=') ? `'${condition}'` : condition;
}

/** The values object as a heredoc: each value from an environment variable of the same name, which must be set. */
function valuesCommand(clusterName: string, argo: boolean, namespace: string, entries: DeliveryValue[]): string {
  const ref = (e: DeliveryValue) => `"${requireVariable(e)}"`;
  const object = argo
    ? argoClusterSecret(clusterName, Object.fromEntries(entries.map((e) => [e.key, `@@${e.variable}@@`])))
    : { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: FLUX_VALUES_CONFIGMAP, namespace }, data: Object.fromEntries(entries.map((e) => [e.key, `@@${e.variable}@@`])) };
  let json = JSON.stringify(object);
  for (const entry of entries) {
    json = json.replace(`"@@${entry.variable}@@"`, ref(entry));
  }
  return `kubectl apply --server-side --force-conflicts -f - <<EOF\n${json}\nEOF`;
}

/** A shell expansion that stops the script when the variable is unset or empty. */
function requireVariable(entry: DeliveryValue): string {
  return `\${${entry.variable}:?set ${entry.variable} to the output ${entry.output} of stack ${entry.stack}}`;
}

/** The steps as a POSIX shell script, run from anywhere. */
export function deliveryScript(clusterName: string, steps: DeliveryStep[]): string {
  const lines = [
    '#!/usr/bin/env bash',
    `# Brings cluster ${clusterName} from empty to healthy; generated by cdk-fleet, idempotent.`,
    '# Needs kubectl pointed at the cluster and, for every deploy-time value, an environment',
    '# variable of the same name set from its region stack output (fleet.json lists them).',
    'set -euo pipefail',
    'cd "$(dirname "$0")"',
  ];
  // Every value is checked before the first step changes the cluster.
  const entries = steps.flatMap((step) => step.values?.entries ?? []);
  if (entries.length > 0) {
    lines.push('', ...entries.map((entry) => `: "${requireVariable(entry)}"`));
  }
  for (const step of steps) {
    lines.push('', `echo ${JSON.stringify(`== ${step.name}: ${step.description}`)}`, ...step.run);
  }
  return `${lines.join('\n')}\n`;
}
