// Validates Kubernetes objects (a JSON array on stdin) against upstream
// schemas: core kinds from `kubernetes-models`, custom resources from the
// `@kubernetes-models/*` CRD packages, which ship as ES modules only; hence
// a child process rather than jest's CommonJS loader. Prints
// {"checked": n, "withoutSchema": [...], "errors": [...]}. An object whose
// kind has no schema is an error, unless the caller lists that kind
// (`apiVersion kind`) as one with no published schema; those are counted
// and reported, never silently skipped.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

/** API group → the package that ships its schemas. */
const CRD_PACKAGES = {
  'argoproj.io': '@kubernetes-models/argo-cd',
  'helm.toolkit.fluxcd.io': '@kubernetes-models/flux-cd',
  'source.toolkit.fluxcd.io': '@kubernetes-models/flux-cd',
  'kustomize.toolkit.fluxcd.io': '@kubernetes-models/flux-cd',
  'cert-manager.io': '@kubernetes-models/cert-manager',
  'security.istio.io': '@kubernetes-models/istio',
  'networking.istio.io': '@kubernetes-models/istio',
  'telemetry.istio.io': '@kubernetes-models/istio',
  'monitoring.coreos.com': '@kubernetes-models/prometheus-operator',
  'kyverno.io': '@kubernetes-models/kyverno',
  'opentelemetry.io': '@kubernetes-models/opentelemetry-operator',
  'postgresql.cnpg.io': '@kubernetes-models/cloudnative-pg',
};

async function modelOf(apiVersion, kind) {
  const slash = apiVersion.indexOf('/');
  const group = slash < 0 ? '' : apiVersion.slice(0, slash);
  const pkg = CRD_PACKAGES[group];
  if (pkg) {
    const module = await import(`${pkg}/${apiVersion}`);
    return module[kind];
  }
  return require(`kubernetes-models/${apiVersion}/${kind}`)[kind];
}

const { objects, withoutSchema: allowedWithoutSchema } = JSON.parse(readFileSync(0, 'utf8'));
const errors = [];
const withoutSchema = [];
for (const object of objects) {
  const { apiVersion, kind } = object ?? {};
  const name = `${apiVersion} ${kind} '${object?.metadata?.namespace ?? ''}/${object?.metadata?.name}'`;
  let Model;
  try {
    Model = await modelOf(apiVersion, kind);
  } catch (e) {
    Model = undefined;
  }
  if (!Model && allowedWithoutSchema.includes(`${apiVersion} ${kind}`)) {
    withoutSchema.push(name);
    continue;
  }
  if (!Model) {
    errors.push(`${name}: no schema for this kind; add its package to test/support/validate-objects.mjs`);
    continue;
  }
  try {
    new Model(object).validate();
  } catch (e) {
    errors.push(`${name} does not match its schema: ${e.message}`);
  }
}
for (const kind of allowedWithoutSchema) {
  const [apiVersion, name] = kind.split(' ');
  if (await modelOf(apiVersion, name).catch(() => undefined)) {
    errors.push(`${kind} is listed as having no schema, but it has one: remove it from the list`);
  }
}
process.stdout.write(JSON.stringify({ checked: objects.length - withoutSchema.length, withoutSchema, errors }));
