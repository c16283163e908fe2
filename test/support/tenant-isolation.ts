/**
 * Tenant isolation, replayed over a cluster's synthesized objects the way
 * the engines enforce it (Argo CD v3.4.7 AppProject rules; Flux v2.8.8 with
 * the lockdown flags): for each team, where its delivery can write.
 * Returns every violation found; an empty list is isolation.
 *
 * Argo CD: a team's Applications may deploy only what its AppProject allows:
 * its destinations (no wildcard), no cluster-scoped kind (an empty
 * clusterResourceWhitelist allows none), none of the denied namespaced
 * kinds; its sources are only the team's repositories; every Application
 * the ApplicationSet generates is in the team's project and one of its
 * destinations; no team group holds a role of another project, and
 * nobody gets anything by default.
 *
 * Flux: each team Kustomization acts as a service account of its own
 * namespace, bound to `edit` by a RoleBinding in that namespace only (no
 * ClusterRoleBinding), applies into its own namespace, reads a source in
 * its own namespace that is one of the team's repositories, and the
 * controllers refuse cross-namespace references and default to a service
 * account without rights.
 */
export function tenantViolations(objects: any[], teams: Array<{ name: string; namespaces: string[]; repos: string[]; groups: string[] }>): string[] {
  const violations: string[] = [];
  // What a team's repository may create: never the platform's guardrails, RBAC, service accounts, routes, databases or GitOps objects.
  const deliverable = ['/ConfigMap', '/Secret', '/Service', '/PersistentVolumeClaim', 'apps/Deployment', 'apps/StatefulSet', 'batch/Job', 'batch/CronJob',
    'autoscaling/HorizontalPodAutoscaler', 'policy/PodDisruptionBudget', 'monitoring.coreos.com/ServiceMonitor', 'monitoring.coreos.com/PodMonitor',
    'monitoring.coreos.com/PrometheusRule'];
  const deliverableResources = ['/configmaps', '/secrets', '/services', '/persistentvolumeclaims', 'apps/deployments', 'apps/statefulsets', 'batch/jobs',
    'batch/cronjobs', 'autoscaling/horizontalpodautoscalers', 'policy/poddisruptionbudgets', 'monitoring.coreos.com/servicemonitors',
    'monitoring.coreos.com/podmonitors', 'monitoring.coreos.com/prometheusrules'];
  const teamOf = (namespace: string) => teams.find((t) => t.namespaces.includes(namespace));
  const projects = objects.filter((o) => o.kind === 'AppProject');
  for (const team of teams) {
    const project = projects.find((p) => p.metadata.name === `team-${team.name}`);
    if (project) {
      for (const d of project.spec.destinations ?? []) {
        if (!team.namespaces.includes(d.namespace) || d.server !== 'https://kubernetes.default.svc') {
          violations.push(`project team-${team.name} reaches ${d.server} ${d.namespace}, outside the team's namespaces`);
        }
      }
      if ((project.spec.clusterResourceWhitelist ?? []).length > 0) {
        violations.push(`project team-${team.name} allows cluster-scoped kinds: ${JSON.stringify(project.spec.clusterResourceWhitelist)}`);
      }
      // Only the deliverable kinds: an allow list (a deny list would let any kind the cluster has through).
      const allowed = project.spec.namespaceResourceWhitelist;
      if (allowed === undefined) {
        violations.push(`project team-${team.name} has no namespaced allow list: every kind of the cluster is allowed`);
      }
      for (const k of allowed ?? []) {
        if (!deliverable.includes(`${k.group}/${k.kind}`)) {
          violations.push(`project team-${team.name} lets the team's repository create ${k.group}/${k.kind}`);
        }
      }
      for (const repo of project.spec.sourceRepos ?? []) {
        if (!team.repos.includes(repo)) {
          violations.push(`project team-${team.name} takes sources from ${repo}, not one of the team's repositories`);
        }
      }
      for (const role of project.spec.roles ?? []) {
        if ((role.groups ?? []).some((g: string) => !team.groups.includes(g))) {
          violations.push(`project team-${team.name} gives its role to groups outside the team`);
        }
        for (const policy of role.policies ?? []) {
          const [, subject, , , object, effect] = policy.split(',').map((x: string) => x.trim());
          if (effect === 'allow' && (!subject.startsWith(`proj:team-${team.name}:`) || !object.startsWith(`team-${team.name}/`))) {
            violations.push(`project team-${team.name} allows ${policy}`);
          }
        }
      }
    }
    // Every Application its ApplicationSet generates: the team's project, one of the project's destinations.
    const set = objects.find((o) => o.kind === 'ApplicationSet' && o.metadata.name === `team-${team.name}`);
    if (set) {
      if (set.spec.template.spec.project !== `team-${team.name}`) {
        violations.push(`the applications of team ${team.name} are in project ${set.spec.template.spec.project}`);
      }
      for (const element of set.spec.generators.flatMap((g: any) => g.list?.elements ?? [])) {
        const namespace = set.spec.template.spec.destination.namespace.replace('{{.namespace}}', element.namespace);
        if (!(project?.spec.destinations ?? []).some((d: any) => d.namespace === namespace)) {
          violations.push(`team ${team.name}'s application for ${element.environment} goes to ${namespace}, which its project does not allow`);
        }
      }
    }
  }
  // No team group in any other project's role, the platform's included; nothing for anyone by default.
  for (const project of projects) {
    for (const role of project.spec.roles ?? []) {
      for (const team of teams.filter((t) => project.metadata.name !== `team-${t.name}`)) {
        if ((role.groups ?? []).some((g: string) => team.groups.includes(g))) {
          violations.push(`project ${project.metadata.name} gives a role to a group of team ${team.name}`);
        }
      }
    }
  }
  const rbac = objects.find((o) => o.kind === 'ConfigMap' && o.metadata.name === 'argocd-rbac-cm');
  if (rbac && rbac.data['policy.default'] !== '') {
    violations.push(`argocd-rbac-cm gives everyone ${rbac.data['policy.default']}`);
  }

  for (const k of objects.filter((o) => o.kind === 'Kustomization' && o.apiVersion.startsWith('kustomize.toolkit.fluxcd.io/') && teamOf(o.metadata.namespace))) {
    const namespace = k.metadata.namespace;
    const team = teamOf(namespace)!;
    const account = k.spec.serviceAccountName;
    if (!account) {
      violations.push(`Kustomization ${namespace}/${k.metadata.name} acts as nobody named (the controller's default)`);
    }
    const bindings = objects.filter((o) => ['RoleBinding', 'ClusterRoleBinding'].includes(o.kind)
      && (o.subjects ?? []).some((s: any) => s.kind === 'ServiceAccount' && s.name === account && (s.namespace ?? o.metadata.namespace) === namespace));
    for (const b of bindings) {
      const role = objects.find((o) => o.kind === 'ClusterRole' && o.metadata.name === b.roleRef.name);
      const grants = (role?.rules ?? []).flatMap((r: any) => r.apiGroups.flatMap((g: string) => r.resources.map((res: string) => `${g}/${res}`)));
      const beyond = role ? grants.filter((g: string) => !deliverableResources.includes(g)) : [`${b.roleRef.name} (not the team's delivery role)`];
      if (b.kind === 'ClusterRoleBinding' || b.metadata.namespace !== namespace || beyond.length > 0) {
        violations.push(`${namespace}/${account} is bound by ${b.kind} ${b.metadata.name} to ${b.roleRef.name}${beyond.length > 0 ? `, which grants ${beyond.join(', ')}` : ''}`);
      }
    }
    if (k.spec.targetNamespace !== namespace) {
      violations.push(`Kustomization ${namespace}/${k.metadata.name} applies into ${k.spec.targetNamespace ?? 'the namespaces its files name'}`);
    }
    if (k.spec.sourceRef.namespace !== undefined && k.spec.sourceRef.namespace !== namespace) {
      violations.push(`Kustomization ${namespace}/${k.metadata.name} reads a source in ${k.spec.sourceRef.namespace}`);
    }
    const source = objects.find((o) => o.kind === 'GitRepository' && o.metadata.namespace === namespace && o.metadata.name === k.spec.sourceRef.name);
    if (!source || !team.repos.includes(source.spec.url)) {
      violations.push(`Kustomization ${namespace}/${k.metadata.name} reads ${source?.spec.url ?? 'a source that is not there'}, not one of the team's repositories`);
    }
  }
  return violations;
}
