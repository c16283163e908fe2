/**
 * Formats one property problem in the library's standard shape:
 * `'prop' problem, got <value>. Fix: <fix>`.
 */
export function describeProblem(property: string, value: unknown, problem: string, fix: string): string {
  return `'${property}' ${problem}, got ${showValue(value)}. Fix: ${fix}`;
}

/** Renders a value for an error message: JSON, short, never `[object Object]`. */
export function showValue(value: unknown): string {
  let text: string;
  if (typeof value === 'number' && !Number.isFinite(value)) {
    text = String(value);
  } else if (value === undefined || typeof value === 'bigint' || typeof value === 'function' || typeof value === 'symbol') {
    text = String(value);
  } else {
    try {
      text = JSON.stringify(value) ?? String(value);
    } catch {
      text = String(value);
    }
  }
  return text.length > 120 ? `${text.slice(0, 117)}...` : text;
}

/** `a`, `a or b`, `a, b or c`: for "choose one of" hints. */
export function oneOf(values: readonly string[]): string {
  const quoted = values.map((v) => `'${v}'`);
  if (quoted.length <= 1) {
    return quoted.join('');
  }
  return `${quoted.slice(0, -1).join(', ')} or ${quoted[quoted.length - 1]}`;
}

/** Locale-independent string order, so output is the same on every machine. */
export function byCodePoint(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
