import { createHash } from 'crypto';
import { apiGroup } from './kinds';

/**
 * Deploy-time values: what a cluster's YAML can only know after its region
 * stack is deployed (an Azure managed identity's client id). The YAML in Git
 * carries `${variable}`; the pipeline's bootstrap writes the cluster's values
 * object from the stack outputs, and the engine fills the placeholders
 * before anything reaches the API server:
 *
 * - Flux: a ConfigMap read by every layer's `postBuild.substituteFrom`.
 * - Argo CD: annotations on the in-cluster cluster Secret (the GitOps Bridge
 *   pattern), read by the ApplicationSet that generates the cluster's root
 *   Application, whose kustomize patches replace every placeholder.
 */

/** The ConfigMap that carries the values under Flux (namespace flux-system). */
export const FLUX_VALUES_CONFIGMAP = 'fleet-cluster-values';
/** The in-cluster cluster Secret that carries the values under Argo CD (namespace argocd). */
export const ARGO_CLUSTER_SECRET = 'fleet-cluster';
/** The label that selects a cluster's own cluster Secret. */
export const CLUSTER_LABEL = 'fleet.cdk-fleet.io/cluster';

const PLACEHOLDER = /\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g;

/** The annotation of the cluster Secret that holds a variable (a name part is at most 63 characters). */
export function valueAnnotation(variable: string): string {
  const name = variable.length <= 63 ? variable
    : `${variable.slice(0, 54)}_${createHash('sha256').update(variable).digest('hex').slice(0, 8)}`;
  return `values.fleet.cdk-fleet.io/${name}`;
}

/** One string of an object that holds placeholders. */
export interface PlaceholderUse {
  /** JSON pointer (RFC 6901) to the string inside the object. */
  readonly pointer: string;
  /** The string as in Git. */
  readonly text: string;
  /** The variables it names. */
  readonly variables: string[];
}

/** Every string of an object that names a deploy-time variable. */
export function placeholderUses(object: unknown): PlaceholderUse[] {
  const uses: PlaceholderUse[] = [];
  const walk = (value: unknown, pointer: string) => {
    if (typeof value === 'string') {
      const variables = [...value.matchAll(PLACEHOLDER)].map((m) => m[1]);
      if (variables.length > 0) {
        uses.push({ pointer, text: value, variables });
      }
    } else if (Array.isArray(value)) {
      value.forEach((item, i) => walk(item, `${pointer}/${i}`));
    } else if (value !== null && typeof value === 'object') {
      for (const [key, item] of Object.entries(value)) {
        walk(item, `${pointer}/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`);
      }
    }
  };
  walk(object, '');
  return uses;
}

/** The variables named anywhere in these objects, sorted. */
export function variablesIn(objects: unknown[]): string[] {
  return [...new Set(objects.flatMap((o) => placeholderUses(o).flatMap((u) => u.variables)))].sort();
}

/**
 * The Go template that reads one annotation of the cluster Secret. `index`
 * gives an empty string for a missing key even with `missingkey=error`
 * (text/template's index returns the zero value), so the expression fails
 * the generation itself when the value is missing or empty (sprig's `fail`,
 * which argoproj/argo-cd@v3.4.7:applicationset/utils/utils.go loads): an
 * ApplicationSet that cannot render keeps the last good Application instead
 * of writing an empty client id. Names are raw strings in backquotes: the
 * patch is JSON, whose escaped double quotes would break the template.
 */
export function annotationExpression(annotation: string): string {
  const value = `index .metadata.annotations \`${annotation}\``;
  return `{{ if not (${value}) }}{{ fail \`the cluster Secret has no value for ${annotation}: run the delivery's values step\` }}{{ end }}{{ ${value} }}`;
}

/**
 * Argo CD kustomize patches (JSON 6902) that replace every placeholder in
 * these objects with the value an ApplicationSet reads from the cluster
 * Secret's annotations.
 */
export function argoValuePatches(objects: any[]): Array<{ [key: string]: any }> {
  const patches: Array<{ [key: string]: any }> = [];
  for (const object of objects) {
    const uses = placeholderUses(object);
    if (uses.length === 0) {
      continue;
    }
    const [group, version] = object.apiVersion.includes('/') ? object.apiVersion.split('/') : ['', object.apiVersion];
    const operations = uses.map((use) => ({
      op: 'replace',
      path: use.pointer,
      value: use.text.replace(PLACEHOLDER, (_m, variable: string) => annotationExpression(valueAnnotation(variable))),
    }));
    patches.push({
      target: {
        ...(apiGroup(object.apiVersion) ? { group } : {}),
        version,
        kind: object.kind,
        name: object.metadata.name,
        ...(object.metadata.namespace ? { namespace: object.metadata.namespace } : {}),
      },
      patch: JSON.stringify(operations),
    });
  }
  return patches;
}
