import { createHash } from 'node:crypto';

/** `<namespace>-drill`, or, past 63 characters, its first 48 and a hash: a DNS label of its own per namespace. */
export function drillNamespace(namespace: string): string {
  const full = `${namespace}-drill`;
  if (full.length <= 63) {
    return full;
  }
  const hash = createHash('sha256').update(namespace).digest('hex').slice(0, 8);
  return `${namespace.slice(0, 48).replace(/-+$/, '')}-${hash}-drill`;
}
