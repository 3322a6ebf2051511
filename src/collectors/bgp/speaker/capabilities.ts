/**
 * The capabilities a passive collector advertises (RFC 5492) and what the peer's OPEN makes
 * of them: multiprotocol IPv4/IPv6 unicast (RFC 4760), route refresh (RFC 2918), 4-octet AS
 * (RFC 6793), ADD-PATH receive (RFC 7911) and extended messages (RFC 8654).
 */
import type { Open } from '../bgp-message/models.js';

export const CAPABILITY = {
  MULTIPROTOCOL: 1,
  ROUTE_REFRESH: 2,
  EXTENDED_MESSAGE: 6,
  FOUR_OCTET_AS: 65,
  ADD_PATH: 69,
} as const;

export const AS_TRANS = 23456;

/** RFC 5492 §4: one Capabilities optional parameter (type 2) holding every capability. */
export function encodeCapabilities(
  asn: number,
  options: { readonly extendedMessage?: boolean } = {},
): Uint8Array {
  const caps: number[] = [];
  const cap = (code: number, value: number[]) => caps.push(code, value.length, ...value);
  cap(CAPABILITY.MULTIPROTOCOL, [0, 1, 0, 1]);
  cap(CAPABILITY.MULTIPROTOCOL, [0, 2, 0, 1]);
  cap(CAPABILITY.ROUTE_REFRESH, []);
  if (options.extendedMessage !== false) cap(CAPABILITY.EXTENDED_MESSAGE, []);
  cap(CAPABILITY.FOUR_OCTET_AS, [asn >>> 24, (asn >>> 16) & 255, (asn >>> 8) & 255, asn & 255]);
  // Send/Receive 1: we receive, never send (RFC 7911 §4).
  cap(CAPABILITY.ADD_PATH, [0, 1, 1, 1, 0, 2, 1, 1]);
  return Uint8Array.from([2, caps.length, ...caps]);
}

export interface Negotiated {
  /** The peer's AS: from the 4-octet AS capability when it sent one (RFC 6793 §4.1). */
  readonly peerAs: number;
  readonly as4: boolean;
  /** The peer sends path identifiers (it may send, we receive) for some address family. */
  readonly addPath: boolean;
  readonly extendedMessage: boolean;
  readonly routeRefresh: boolean;
}

export function negotiate(open: Open): Negotiated {
  let peerAs = open.myAutonomousSystem;
  let as4 = false;
  let addPath = false;
  let extendedMessage = false;
  let routeRefresh = false;
  for (const { code, value } of open.capabilities) {
    if (code === CAPABILITY.FOUR_OCTET_AS && value.length === 4) {
      as4 = true;
      peerAs = ((value[0]! << 24) | (value[1]! << 16) | (value[2]! << 8) | value[3]!) >>> 0;
    } else if (code === CAPABILITY.ADD_PATH)
      for (let i = 0; i + 4 <= value.length; i += 4) {
        const afi = (value[i]! << 8) | value[i + 1]!;
        // We receive ADD-PATH for IPv4 and IPv6 unicast: the peer must be willing to send.
        if ((afi === 1 || afi === 2) && value[i + 2] === 1 && (value[i + 3]! & 2) !== 0)
          addPath = true;
      }
    else if (code === CAPABILITY.EXTENDED_MESSAGE) extendedMessage = true;
    else if (code === CAPABILITY.ROUTE_REFRESH) routeRefresh = true;
  }
  return { peerAs, as4, addPath, extendedMessage, routeRefresh };
}
