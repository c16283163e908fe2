/**
 * Validates synthesized Kubernetes objects against the upstream OpenAPI
 * schemas shipped by `kubernetes-models`. An object whose kind has no schema
 * here fails loudly, so a new kind cannot slip through unvalidated.
 */
export function validateKubernetesObject(object: any): void {
  const { apiVersion, kind } = object ?? {};
  if (typeof apiVersion !== 'string' || typeof kind !== 'string') {
    throw new Error(`object without apiVersion/kind: ${JSON.stringify(object).slice(0, 200)}`);
  }
  const modulePath = `kubernetes-models/${apiVersion}/${kind}`;
  let Model: any;
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    Model = require(modulePath)[kind];
  } catch {
    throw new Error(`no schema for ${apiVersion} ${kind} (looked for ${modulePath}); add its schema package to the test helpers`);
  }
  try {
    new Model(object).validate();
  } catch (e) {
    throw new Error(`${apiVersion} ${kind} '${object.metadata?.name}' does not match its schema: ${(e as Error).message}`);
  }
}

/** Validates every object and returns how many were checked. */
export function validateKubernetesObjects(objects: any[]): number {
  objects.forEach(validateKubernetesObject);
  return objects.length;
}
