/**
 * NLRI prefixes (RFC 4271 §4.3, RFC 4760 §5, RFC 7911 §3): a length in bits, then just enough
 * bytes for it, optionally preceded by a 4-byte path identifier. Host bits beyond the length
 * are cleared, as RFC 4271 says they are irrelevant; a length beyond the family throws.
 */
import type { IpAddress } from '../../../geo/ip.js';
import type { Prefix } from '../../../geo/prefix.js';
import { DecodeError, ensure } from './decode-error.js';
import type { Nlri } from './models.js';

export const AFI_IPV4 = 1;
export const AFI_IPV6 = 2;

/** Reads `count` bytes at `at` as a big-endian uint32 padded with zero bytes on the right. */
function word(bytes: Uint8Array, at: number, count: number): number {
  let w = 0;
  for (let i = 0; i < 4; i++) w = (w << 8) | (i < count ? bytes[at + i]! : 0);
  return w >>> 0;
}

function mask(w: number, bits: number): number {
  if (bits >= 32) return w;
  if (bits <= 0) return 0;
  return (w & (0xffffffff << (32 - bits))) >>> 0;
}

/** An address from `count` bytes (the rest zero), cut to `length` bits. */
export function addressFromBytes(
  bytes: Uint8Array,
  at: number,
  count: number,
  afi: number,
  length: number,
): IpAddress {
  if (afi === AFI_IPV4) return { family: 4, value: mask(word(bytes, at, count), length) };
  const n = (k: number) => Math.max(0, Math.min(4, count - 4 * k));
  return {
    family: 6,
    w0: mask(word(bytes, at, n(0)), length),
    w1: mask(word(bytes, at + 4, n(1)), length - 32),
    w2: mask(word(bytes, at + 8, n(2)), length - 64),
    w3: mask(word(bytes, at + 12, n(3)), length - 96),
  };
}

/** One prefix at `at`; answers the prefix and where the next field starts. */
export function parsePrefixAt(
  bytes: Uint8Array,
  at: number,
  end: number,
  afi: number,
): { prefix: Prefix; next: number } {
  ensure(at, 1, end, 'NLRI prefix length');
  const length = bytes[at]!;
  const max = afi === AFI_IPV4 ? 32 : 128;
  if (afi !== AFI_IPV4 && afi !== AFI_IPV6)
    throw new DecodeError(`NLRI for AFI ${afi} is not an IP prefix`);
  if (length > max) throw new DecodeError(`NLRI prefix length ${length} exceeds ${max}`);
  const count = (length + 7) >> 3;
  ensure(at + 1, count, end, `NLRI prefix /${length}`);
  return {
    prefix: { address: addressFromBytes(bytes, at + 1, count, afi, length), length },
    next: at + 1 + count,
  };
}

export function parseNlri(
  bytes: Uint8Array,
  start: number,
  end: number,
  afi: number,
  addPath: boolean,
): Nlri[] {
  const out: Nlri[] = [];
  const error = parseNlriInto(bytes, start, end, afi, addPath, out);
  if (error !== null) throw new DecodeError(error);
  return out;
}

/**
 * Appends the prefixes to `out` and answers null, or stops at the first that does not parse
 * and answers why: the prefixes before it stay usable (bgpdump keeps them too).
 */
export function parseNlriInto(
  bytes: Uint8Array,
  start: number,
  end: number,
  afi: number,
  addPath: boolean,
  out: Nlri[],
): string | null {
  try {
    readNlri(bytes, start, end, afi, addPath, out);
    return null;
  } catch (error) {
    if (error instanceof DecodeError) return error.message;
    throw error;
  }
}

function readNlri(
  bytes: Uint8Array,
  start: number,
  end: number,
  afi: number,
  addPath: boolean,
  out: Nlri[],
): void {
  let at = start;
  while (at < end) {
    let pathId: number | null = null;
    if (addPath) {
      ensure(at, 4, end, 'NLRI path identifier');
      pathId = word(bytes, at, 4);
      at += 4;
    }
    const { prefix, next } = parsePrefixAt(bytes, at, end, afi);
    out.push({ prefix, pathId });
    at = next;
  }
}
