/**
 * The documented filter that splits darknet sources into plausible senders and likely-spoofed
 * noise, after IODA's telescope practice: a source is noise when its address cannot send on
 * the public internet (a bogon, RFC 6890 special-purpose space), when no announced prefix
 * covers it (no ASN in the attribution data: "unrouted"), or when it sent a single
 * non-backscatter packet in the bin (random-source floods draw each address about once).
 * Pure functions; see docs/design/0003-traffic-signals.md.
 */

/** IPv4 special-purpose and reserved blocks (RFC 6890 and successors), as [first, prefix length]. */
const BOGONS_V4: readonly (readonly [number, number])[] = [
  [0x00000000, 8], // this network
  [0x0a000000, 8], // private
  [0x64400000, 10], // shared address space (CGN)
  [0x7f000000, 8], // loopback
  [0xa9fe0000, 16], // link local
  [0xac100000, 12], // private
  [0xc0000000, 24], // IETF protocol assignments
  [0xc0000200, 24], // TEST-NET-1
  [0xc0a80000, 16], // private
  [0xc6120000, 15], // benchmarking
  [0xc6336400, 24], // TEST-NET-2
  [0xcb007100, 24], // TEST-NET-3
  [0xe0000000, 4], // multicast
  [0xf0000000, 4], // reserved and broadcast
];

export function isBogonIpv4(ip: number): boolean {
  for (const [first, length] of BOGONS_V4)
    if (ip >>> (32 - length) === first >>> (32 - length)) return true;
  return false;
}

/** Anything outside global unicast 2000::/3, and documentation space 2001:db8::/32. */
export function isBogonIpv6(w0: number): boolean {
  return w0 >>> 29 !== 1 || w0 >>> 0 === 0x20010db8;
}

export type SpoofReason = 'bogon' | 'unrouted' | 'single_packet';

/** Why a source looks spoofed, or null when it is plausible. */
export function spoofReason(
  bogon: boolean,
  asn: number | null,
  packets: number,
): SpoofReason | null {
  if (bogon) return 'bogon';
  if (asn === null) return 'unrouted';
  if (packets <= 1) return 'single_packet';
  return null;
}
