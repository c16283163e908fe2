import type { ClusterDiff, FleetDiff, ObjectRef, ResourceChange, StackDiff } from './fleet-diff';

/** Objects listed per kind of change before "and N more" (the JSON has them all). */
const LIST_LIMIT = 15;

/** The diff as Markdown for a pull-request comment: data loss first, then wave by wave. */
export function renderDiffMarkdown(diff: FleetDiff): string {
  const lines: string[] = ['## Fleet diff', ''];
  if (diff.refused.length > 0) {
    lines.push(`### REFUSED BY THE CLOUDS: ${diff.refused.length} version change${diff.refused.length === 1 ? '' : 's'}`, '');
    diff.refused.forEach((l) => lines.push(`- **${l}**`));
    lines.push('');
  }
  if (diff.dataLoss.length > 0) {
    lines.push(`### DATA LOSS: ${diff.dataLoss.length} stateful resource${diff.dataLoss.length === 1 ? '' : 's'} destroyed or replaced`, '');
    diff.dataLoss.forEach((l) => lines.push(`- **${l}**`));
    lines.push('');
  }
  if (diff.moves.length > 0) {
    lines.push(`### Moves: ${diff.moves.length}`, '');
    diff.moves.forEach((l) => lines.push(`- ${l}`));
    lines.push('');
  }
  const s = diff.summary;
  if (diff.waves.length === 0) {
    lines.push('No changes: the two outputs deploy the same Terraform resources and Kubernetes objects.', '');
    return lines.join('\n');
  }
  lines.push(`Terraform: ${s.create} to create, ${s.update} to update, ${s.replace} to replace, ${s.destroy} to destroy. ` +
    `Kubernetes: ${s.objectsAdded} objects added, ${s.objectsChanged} changed, ${s.objectsRemoved} removed.`, '');
  for (const wave of diff.waves) {
    lines.push(`### Wave ${wave.number} (${wave.name})`, '');
    for (const cluster of wave.clusters) {
      lines.push(...clusterSection(cluster));
    }
    for (const stack of wave.stacks) {
      lines.push(...stackSection(stack));
    }
  }
  return lines.join('\n');
}

function clusterSection(c: ClusterDiff): string[] {
  const lines = [`#### Cluster ${c.name} (${c.status})`, ''];
  if (c.kubernetesVersion) {
    lines.push(`- Kubernetes ${c.kubernetesVersion.before ?? '—'} → ${c.kubernetesVersion.after ?? '—'}`);
  }
  for (const a of c.addOns) {
    lines.push(`- add-on ${a.id}: ${a.before ?? '—'} → ${a.after ?? '—'}`);
  }
  c.deviations.added.forEach((d) => lines.push(`- deviation added: ${d}`));
  c.deviations.removed.forEach((d) => lines.push(`- deviation removed: ${d}`));
  const o = c.objects;
  if (o.added.length + o.changed.length + o.removed.length > 0) {
    lines.push(`- Kubernetes objects: ${o.added.length} added, ${o.changed.length} changed, ${o.removed.length} removed`);
    lines.push(...objectList('added', o.added), ...objectList('changed', o.changed), ...objectList('removed', o.removed));
  }
  if (lines.length > 2) {
    lines.push('');
  }
  lines.push(...resourceTable(c.resources));
  return lines;
}

function stackSection(s: StackDiff): string[] {
  return [`#### Stack ${s.name} (${s.status})`, '', ...resourceTable(s.resources)];
}

function objectList(what: string, objects: ObjectRef[]): string[] {
  if (objects.length === 0) {
    return [];
  }
  const shown = objects.slice(0, LIST_LIMIT).map((x) => `${x.kind} ${x.namespace ? `${x.namespace}/` : ''}${x.name}`);
  const more = objects.length > LIST_LIMIT ? `, and ${objects.length - LIST_LIMIT} more` : '';
  return [`  - ${what}: ${shown.join(', ')}${more}`];
}

function resourceTable(resources: ResourceChange[]): string[] {
  if (resources.length === 0) {
    return [];
  }
  const order = { destroy: 0, replace: 1, create: 2, update: 3 };
  const rows = [...resources].sort((a, b) => order[a.action] - order[b.action] || (a.address < b.address ? -1 : 1));
  return [
    '| action | resource | changed arguments |',
    '| --- | --- | --- |',
    ...rows.map((r) => {
      const action = r.stateful && (r.action === 'destroy' || r.action === 'replace') ? `**${r.action}**` : r.action;
      const args = r.action === 'replace'
        ? `${r.changed.join(', ')} (replaced for ${r.forcesReplacement.join(', ')}${r.preventDestroy ? '; blocked by prevent_destroy' : ''})`
        : r.action === 'destroy' && r.preventDestroy ? 'blocked by prevent_destroy' : r.changed.join(', ') || '—';
      return `| ${action} | \`${r.address}\` | ${args} |`;
    }),
    '',
  ];
}
