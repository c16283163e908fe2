import { spawnSync } from 'node:child_process';
import * as path from 'node:path';

const VALIDATOR = path.join(__dirname, 'validate-objects.mjs');

/**
 * Kinds the library synthesizes that have no published schema package;
 * each is counted and reported by the validator, not skipped silently.
 */
export const KINDS_WITHOUT_SCHEMA = ['velero.io/v1 Schedule'];

/** What a validation run found. */
export interface ValidationResult {
  /** Objects validated against a schema. */
  readonly validated: number;
  /** Objects of a kind in KINDS_WITHOUT_SCHEMA, by `apiVersion kind 'namespace/name'`. */
  readonly withoutSchema: string[];
}

/**
 * Validates synthesized Kubernetes objects against the upstream OpenAPI
 * schemas of `kubernetes-models` (core kinds) and the `@kubernetes-models/*`
 * CRD packages (Argo CD, Flux, cert-manager, Istio, prometheus-operator,
 * Kyverno, OpenTelemetry, CloudNativePG). A kind without a schema fails
 * loudly unless it is in KINDS_WITHOUT_SCHEMA, so nothing slips through
 * unvalidated. Returns how many objects were validated.
 */
export function validateKubernetesObjects(objects: any[]): number {
  return validateKubernetesObjectsReport(objects).validated;
}

/** Validates as `validateKubernetesObjects`, and reports the objects that have no schema. */
export function validateKubernetesObjectsReport(objects: any[]): ValidationResult {
  const input = JSON.stringify({ objects, withoutSchema: KINDS_WITHOUT_SCHEMA });
  const result = spawnSync(process.execPath, [VALIDATOR], { input, encoding: 'utf8', cwd: path.join(__dirname, '..', '..') });
  if (result.status !== 0) {
    throw new Error(`schema validator failed: ${result.stderr}`);
  }
  const { checked, withoutSchema, errors } = JSON.parse(result.stdout) as { checked: number; withoutSchema: string[]; errors: string[] };
  if (errors.length > 0) {
    throw new Error(`${errors.length} object(s) do not validate:\n${errors.join('\n')}`);
  }
  return { validated: checked, withoutSchema };
}
