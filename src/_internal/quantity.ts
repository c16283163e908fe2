/**
 * Kubernetes resource quantities (`500m`, `2`, `4Gi`, `1.5G`, `1e3`) as
 * numbers, following the API server's grammar for non-negative values: a
 * decimal number with a binary-SI, decimal-SI or exponent suffix. Quotas
 * and capacity planning add and compare them; anything Kubernetes would
 * refuse returns undefined.
 */
const QUANTITY = /^(\d+(?:\.\d+)?|\.\d+)(Ki|Mi|Gi|Ti|Pi|Ei|m|k|M|G|T|P|E|[eE][+-]?\d+)?$/;

const MULTIPLIERS: { [suffix: string]: number } = {
  'm': 1e-3,
  '': 1,
  'k': 1e3,
  'M': 1e6,
  'G': 1e9,
  'T': 1e12,
  'P': 1e15,
  'E': 1e18,
  'Ki': 2 ** 10,
  'Mi': 2 ** 20,
  'Gi': 2 ** 30,
  'Ti': 2 ** 40,
  'Pi': 2 ** 50,
  'Ei': 2 ** 60,
};

/** The value of a quantity in base units (cores, bytes), or undefined if Kubernetes would refuse it. */
export function parseQuantity(text: unknown): number | undefined {
  if (typeof text !== 'string') {
    return undefined;
  }
  const match = QUANTITY.exec(text);
  if (!match) {
    return undefined;
  }
  const [, number, suffix = ''] = match;
  const multiplier = /^[eE]/.test(suffix) ? 10 ** Number(suffix.slice(1)) : MULTIPLIERS[suffix];
  return Number(number) * multiplier;
}

const GIB = 2 ** 30;

/** Bytes as GiB, for reports. */
export function toGiB(bytes: number): number {
  return bytes / GIB;
}

/** GiB as bytes. */
export function fromGiB(gib: number): number {
  return gib * GIB;
}
