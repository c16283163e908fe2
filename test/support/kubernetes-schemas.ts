import { spawnSync } from 'node:child_process';
import * as path from 'node:path';

const VALIDATOR = path.join(__dirname, 'validate-objects.mjs');

/**
 * Validates synthesized Kubernetes objects against the upstream OpenAPI
 * schemas of `kubernetes-models` (core kinds) and the `@kubernetes-models/*`
 * CRD packages (Argo CD, Flux, cert-manager, Istio, prometheus-operator,
 * Kyverno). A kind without a schema fails loudly, so nothing slips through
 * unvalidated. Returns how many objects were checked.
 */
export function validateKubernetesObjects(objects: any[]): number {
  const result = spawnSync(process.execPath, [VALIDATOR], { input: JSON.stringify(objects), encoding: 'utf8', cwd: path.join(__dirname, '..', '..') });
  if (result.status !== 0) {
    throw new Error(`schema validator failed: ${result.stderr}`);
  }
  const { checked, errors } = JSON.parse(result.stdout) as { checked: number; errors: string[] };
  if (errors.length > 0) {
    throw new Error(`${errors.length} object(s) do not validate:\n${errors.join('\n')}`);
  }
  return checked;
}
