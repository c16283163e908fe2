import { Address4 } from 'ip-address';

/** An IPv4 network parsed from CIDR notation. */
export interface Ipv4Network {
  /** Canonical CIDR, e.g. `10.0.0.0/16`. */
  readonly cidr: string;
  readonly prefixLength: number;
  readonly first: bigint;
  readonly last: bigint;
}

/** Why a CIDR string is not a usable network, or undefined when it is. */
export function cidrProblem(cidr: string): { problem: string; fix: string } | undefined {
  if (typeof cidr !== 'string' || !/^\d{1,3}(\.\d{1,3}){3}\/\d{1,2}$/.test(cidr) || !Address4.isValid(cidr)) {
    return { problem: 'must be an IPv4 network in CIDR notation', fix: "write it as a.b.c.d/nn, e.g. '10.10.0.0/16'" };
  }
  const address = new Address4(cidr);
  const network = address.startAddress().correctForm();
  if (network !== address.correctForm()) {
    return {
      problem: 'must be the network address of its range (host bits set)',
      fix: `use '${network}/${address.subnetMask}'`,
    };
  }
  return undefined;
}

/**
 * Parsed networks by CIDR. The fleet compares every cluster's range with
 * every other's at synth; parsing with ip-address each time made that the
 * largest cost that grows faster than the fleet (1.7 s of a 500-cluster synth).
 */
const parsed = new Map<string, Ipv4Network>();
const MAX_PARSED = 10_000;

/** Parses a CIDR that `cidrProblem` accepted. */
export function parseCidr(cidr: string): Ipv4Network {
  let network = parsed.get(cidr);
  if (!network) {
    const address = new Address4(cidr);
    network = {
      cidr: `${address.startAddress().correctForm()}/${address.subnetMask}`,
      prefixLength: address.subnetMask,
      first: address.startAddress().bigInt(),
      last: address.endAddress().bigInt(),
    };
    if (parsed.size >= MAX_PARSED) {
      parsed.clear();
    }
    parsed.set(cidr, network);
  }
  return network;
}

/** Whether two networks share at least one address. */
export function cidrsOverlap(a: string, b: string): boolean {
  const x = parseCidr(a);
  const y = parseCidr(b);
  return x.first <= y.last && y.first <= x.last;
}

/** Whether the network is in private or shared address space (RFC 1918, RFC 6598). */
export function isPrivateCidr(cidr: string): boolean {
  const address = new Address4(cidr);
  return address.isPrivate() || address.isCGNAT();
}

/**
 * The `index`-th subnet of prefix length `newPrefix` inside `cidr`
 * (like Terraform's `cidrsubnet`), or undefined when it does not fit.
 */
export function subnetOf(cidr: string, newPrefix: number, index: number): string | undefined {
  const parent = parseCidr(cidr);
  if (newPrefix < parent.prefixLength || newPrefix > 32) {
    return undefined;
  }
  const size = 2n ** BigInt(32 - newPrefix);
  const start = parent.first + size * BigInt(index);
  if (index < 0 || start + size - 1n > parent.last) {
    return undefined;
  }
  return `${Address4.fromBigInt(start).correctForm()}/${newPrefix}`;
}

/** The network of the same address at another prefix length: the suggestion when a range has the wrong size. */
export function resizeCidr(cidr: string, prefixLength: number): string {
  const address = new Address4(`${cidr.split('/')[0]}/${prefixLength}`);
  return `${address.startAddress().correctForm()}/${prefixLength}`;
}
