/**
 * What Kyverno's admission webhook decides for an object, from the
 * synthesized ClusterPolicies, for the pattern features the fleet's
 * policies use (kyverno/kyverno@v1.19.0, docs: validate patterns and
 * anchors, pkg/autogen):
 *
 * - a rule matching Pods is also applied to the pod template of the
 *   controllers Kyverno generates rules for, unless the policy's
 *   `pod-policies.kyverno.io/autogen-controllers` annotation is `none`;
 * - `=(key)` is a conditional anchor (checked only if the key is there),
 *   a plain key must be there; `?*` needs a non-empty value, `*` matches any
 *   text, `a | b` either; a list pattern applies to every element;
 * - a rule's `exclude` namespaces are skipped.
 *
 * The API server runs its built-in mutating admission (LimitRanger fills a
 * LimitRange's defaults into Pods) before any webhook, so a Pod arrives at
 * Kyverno with those defaults, and a Deployment's pod template never does.
 */

/** Controllers Kyverno generates Pod rules for by default (pkg/autogen). */
const AUTOGEN = ['DaemonSet', 'Deployment', 'Job', 'StatefulSet', 'ReplicaSet', 'ReplicationController', 'CronJob'];

/** The messages of the Enforce rules that refuse the object; empty when it is admitted. */
export function refusals(policies: any[], object: any): string[] {
  const out: string[] = [];
  for (const policy of policies.filter((p) => p.kind === 'ClusterPolicy')) {
    const autogen = policy.metadata.annotations?.['pod-policies.kyverno.io/autogen-controllers'] ?? AUTOGEN.join(',');
    for (const rule of policy.spec.rules ?? []) {
      if (!rule.validate || rule.validate.failureAction !== 'Enforce') {
        continue;
      }
      const kinds: string[] = (rule.match?.any ?? []).flatMap((m: any) => m.resources?.kinds ?? []);
      const excluded: string[] = (rule.exclude?.any ?? []).flatMap((e: any) => e.resources?.namespaces ?? []);
      if (excluded.includes(object.metadata?.namespace)) {
        continue;
      }
      let subject: any;
      if (kinds.includes(object.kind)) {
        subject = object;
      } else if (kinds.includes('Pod') && autogen !== 'none' && autogen.split(',').includes(object.kind)) {
        const template = object.kind === 'CronJob' ? object.spec.jobTemplate.spec.template : object.spec.template;
        subject = { metadata: template.metadata ?? {}, spec: template.spec };
      }
      if (subject !== undefined && !matches(rule.validate.pattern, subject)) {
        out.push(`${policy.metadata.name}: ${rule.validate.message}`);
      }
    }
  }
  return out;
}

/** A Pod as the API server hands it to webhooks: each container's missing requests and limits filled from the LimitRange's defaults. */
export function withLimitRangeDefaults(pod: any, limitRange: any): any {
  const item = (limitRange.spec.limits ?? []).find((l: any) => l.type === 'Container') ?? {};
  const fill = (container: any) => ({
    ...container,
    resources: {
      requests: { ...(item.defaultRequest ?? {}), ...(container.resources?.requests ?? {}) },
      limits: { ...(item.default ?? {}), ...(container.resources?.limits ?? {}) },
    },
  });
  const spec = { ...pod.spec, containers: pod.spec.containers.map(fill) };
  if (pod.spec.initContainers) {
    spec.initContainers = pod.spec.initContainers.map(fill);
  }
  return { ...pod, spec };
}

function matches(pattern: any, value: any): boolean {
  if (Array.isArray(pattern)) {
    return Array.isArray(value) && value.every((element) => pattern.every((p) => matches(p, element)));
  }
  if (pattern !== null && typeof pattern === 'object') {
    if (value === null || typeof value !== 'object') {
      return false;
    }
    return Object.entries(pattern).every(([key, sub]) => {
      const conditional = /^=\((.+)\)$/.exec(key);
      const name = conditional ? conditional[1] : key;
      if (!(name in value)) {
        return conditional !== null;
      }
      return matches(sub, value[name]);
    });
  }
  if (typeof pattern === 'string') {
    const text = value === undefined || value === null ? '' : String(value);
    return pattern.split(' | ').some((alternative) => glob(alternative.trim(), text));
  }
  return pattern === value;
}

function glob(pattern: string, text: string): boolean {
  if (pattern === '?*') {
    return text.length > 0;
  }
  const regex = new RegExp(`^${pattern.split('*').map((p) => p.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`);
  return regex.test(text);
}
