/**
 * Big-endian readers shared by the MRT body parsers; bounds are checked by the callers.
 */
import type { IpAddress } from '../../../geo/ip.js';
import { ensure } from '../bgp-message/decode-error.js';
import { AFI_IPV4, addressFromBytes } from '../bgp-message/parse-nlri.js';

export const u16 = (b: Uint8Array, at: number): number => (b[at]! << 8) | b[at + 1]!;
export const u32 = (b: Uint8Array, at: number): number =>
  ((b[at]! << 24) | (b[at + 1]! << 16) | (b[at + 2]! << 8) | b[at + 3]!) >>> 0;

/** An IPv4 (AFI 1) or IPv6 (AFI 2) address at `at`, checked against `end`. */
export function addressAt(
  b: Uint8Array,
  at: number,
  end: number,
  afi: number,
  what: string,
): IpAddress {
  const size = afi === AFI_IPV4 ? 4 : 16;
  ensure(at, size, end, what);
  return addressFromBytes(b, at, size, afi, size * 8);
}
