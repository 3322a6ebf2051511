/**
 * Path attributes (RFC 4271 §4.3 and §5, RFC 4760 §3–4, RFC 6793 §3, RFC 8092 §3,
 * RFC 4456 §8, RFC 1997). Errors follow RFC 7606: a malformed attribute is kept as received
 * (type MALFORMED) with a diagnostic saying whether the UPDATE is treated as a withdrawal or
 * the attribute discarded; nothing here throws. Flags are not checked beyond EXTENDED_LENGTH,
 * because real writers (bird) send well-known attributes with flags 0x00.
 */
import type { Ipv4Address } from '../../../geo/ip.js';
import { DecodeError, copyOf, ensure } from './decode-error.js';
import {
  ATTR,
  FLAG,
  type AsPathSegment,
  type AttributeDiagnostic,
  type BgpContext,
  type ErrorAction,
  type LargeCommunity,
  type PathAttribute,
} from './models.js';
import { AFI_IPV4, AFI_IPV6, addressFromBytes, parseNlri } from './parse-nlri.js';

export interface AttributeContext extends BgpContext {
  /** Set inside TABLE_DUMP_V2 RIB entries, where MP_REACH_NLRI may be abbreviated. */
  readonly rib?: { readonly afi: number; readonly safi: number };
}

export interface ParsedAttributes {
  readonly attributes: PathAttribute[];
  readonly diagnostics: AttributeDiagnostic[];
}

const u16 = (b: Uint8Array, at: number) => (b[at]! << 8) | b[at + 1]!;
const u32 = (b: Uint8Array, at: number) =>
  ((b[at]! << 24) | (b[at + 1]! << 16) | (b[at + 2]! << 8) | b[at + 3]!) >>> 0;
const ipv4 = (b: Uint8Array, at: number): Ipv4Address => ({ family: 4, value: u32(b, at) });

/** RFC 7606 §7: the action for each attribute's malformation. */
function actionFor(code: number): ErrorAction {
  switch (code) {
    case ATTR.ATOMIC_AGGREGATE:
    case ATTR.AGGREGATOR:
    case ATTR.AS4_PATH:
    case ATTR.AS4_AGGREGATOR:
      return 'attribute-discard';
    case ATTR.MP_REACH_NLRI:
    case ATTR.MP_UNREACH_NLRI:
      return 'session-reset';
    default:
      return 'treat-as-withdraw';
  }
}

export function parseAsPath(
  b: Uint8Array,
  start: number,
  end: number,
  size: 2 | 4,
): AsPathSegment[] {
  const segments: AsPathSegment[] = [];
  let at = start;
  while (at < end) {
    ensure(at, 2, end, 'AS_PATH segment header');
    const type = b[at]!;
    const count = b[at + 1]!;
    if (type < 1 || type > 4) throw new DecodeError(`AS_PATH segment type ${type} is unknown`);
    at += 2;
    ensure(at, count * size, end, `AS_PATH segment of ${count} ASNs`);
    const asns = new Array<number>(count);
    for (let i = 0; i < count; i++, at += size) asns[i] = size === 4 ? u32(b, at) : u16(b, at);
    segments.push({ type, asns });
  }
  return segments;
}

function exactly(length: number, want: number, name: string): void {
  if (length !== want) throw new DecodeError(`${name} length ${length} is not ${want}`);
}

function multipleOf(length: number, unit: number, name: string): void {
  if (length % unit !== 0)
    throw new DecodeError(`${name} length ${length} is not a multiple of ${unit}`);
}

function nextHopsOf(b: Uint8Array, at: number, length: number, afi: number) {
  if (afi === AFI_IPV4 && length === 4) return [addressFromBytes(b, at, 4, AFI_IPV4, 32)];
  if (length === 16 || length === 32) {
    const hops = [addressFromBytes(b, at, 16, AFI_IPV6, 128)];
    if (length === 32) hops.push(addressFromBytes(b, at + 16, 16, AFI_IPV6, 128));
    return hops;
  }
  // RFC 5549 allows an IPv6 next hop for IPv4 NLRI, and some writers send an IPv4 one for IPv6.
  if (length === 4) return [addressFromBytes(b, at, 4, AFI_IPV4, 32)];
  throw new DecodeError(`MP next hop length ${length} is not 4, 16 or 32`);
}

const isPrefixSafi = (afi: number, safi: number) =>
  (afi === AFI_IPV4 || afi === AFI_IPV6) && (safi === 1 || safi === 2);

/** One attribute's value; throws DecodeError when it is malformed. */
function parseValue(
  b: Uint8Array,
  flags: number,
  code: number,
  at: number,
  end: number,
  ctx: AttributeContext,
): PathAttribute {
  const length = end - at;
  switch (code) {
    case ATTR.ORIGIN:
      exactly(length, 1, 'ORIGIN');
      if (b[at]! > 2) throw new DecodeError(`ORIGIN value ${b[at]} is not 0, 1 or 2`);
      return { type: 'ORIGIN', flags, origin: b[at]! };
    case ATTR.AS_PATH:
      return { type: 'AS_PATH', flags, segments: parseAsPath(b, at, end, ctx.as4 ? 4 : 2) };
    case ATTR.AS4_PATH:
      return { type: 'AS4_PATH', flags, segments: parseAsPath(b, at, end, 4) };
    case ATTR.NEXT_HOP:
      exactly(length, 4, 'NEXT_HOP');
      return { type: 'NEXT_HOP', flags, nextHop: ipv4(b, at) };
    case ATTR.MULTI_EXIT_DISC:
      exactly(length, 4, 'MULTI_EXIT_DISC');
      return { type: 'MULTI_EXIT_DISC', flags, med: u32(b, at) };
    case ATTR.LOCAL_PREF:
      exactly(length, 4, 'LOCAL_PREF');
      return { type: 'LOCAL_PREF', flags, localPref: u32(b, at) };
    case ATTR.ATOMIC_AGGREGATE:
      exactly(length, 0, 'ATOMIC_AGGREGATE');
      return { type: 'ATOMIC_AGGREGATE', flags };
    case ATTR.AGGREGATOR:
      // Told by its length, not the context: OpenBGPD writes 8 bytes in 2-byte TABLE_DUMP.
      if (length !== 6 && length !== 8)
        throw new DecodeError(`AGGREGATOR length ${length} is not 6 or 8`);
      return length === 8
        ? { type: 'AGGREGATOR', flags, asn: u32(b, at), address: ipv4(b, at + 4) }
        : { type: 'AGGREGATOR', flags, asn: u16(b, at), address: ipv4(b, at + 2) };
    case ATTR.AS4_AGGREGATOR:
      exactly(length, 8, 'AS4_AGGREGATOR');
      return { type: 'AS4_AGGREGATOR', flags, asn: u32(b, at), address: ipv4(b, at + 4) };
    case ATTR.COMMUNITIES: {
      multipleOf(length, 4, 'COMMUNITIES');
      const communities = new Array<number>(length >> 2);
      for (let i = 0; i < communities.length; i++) communities[i] = u32(b, at + 4 * i);
      return { type: 'COMMUNITIES', flags, communities };
    }
    case ATTR.LARGE_COMMUNITY: {
      multipleOf(length, 12, 'LARGE_COMMUNITY');
      const largeCommunities: LargeCommunity[] = [];
      for (let p = at; p < end; p += 12)
        largeCommunities.push([u32(b, p), u32(b, p + 4), u32(b, p + 8)]);
      return { type: 'LARGE_COMMUNITY', flags, largeCommunities };
    }
    case ATTR.ORIGINATOR_ID:
      exactly(length, 4, 'ORIGINATOR_ID');
      return { type: 'ORIGINATOR_ID', flags, originatorId: ipv4(b, at) };
    case ATTR.CLUSTER_LIST: {
      multipleOf(length, 4, 'CLUSTER_LIST');
      const clusterList = new Array<number>(length >> 2);
      for (let i = 0; i < clusterList.length; i++) clusterList[i] = u32(b, at + 4 * i);
      return { type: 'CLUSTER_LIST', flags, clusterList };
    }
    case ATTR.MP_REACH_NLRI: {
      const rib = ctx.rib;
      // RFC 6396 §4.3.4 abbreviates it to next hop length and next hop; some writers do not.
      if (rib !== undefined && length > 0 && b[at]! + 1 === length) {
        const nextHops = nextHopsOf(b, at + 1, b[at]!, rib.afi);
        return {
          type: 'MP_REACH_NLRI',
          flags,
          afi: rib.afi,
          safi: rib.safi,
          nextHops,
          abbreviated: true,
          nlri: [],
        };
      }
      ensure(at, 5, end, 'MP_REACH_NLRI');
      const afi = u16(b, at);
      const safi = b[at + 2]!;
      if (!isPrefixSafi(afi, safi))
        return { type: 'UNKNOWN', flags, code, value: copyOf(b, at, end) };
      const hopLength = b[at + 3]!;
      ensure(at + 4, hopLength + 1, end, 'MP_REACH_NLRI next hop');
      const nextHops = nextHopsOf(b, at + 4, hopLength, afi);
      const nlri = parseNlri(b, at + 5 + hopLength, end, afi, ctx.addPath);
      return { type: 'MP_REACH_NLRI', flags, afi, safi, nextHops, abbreviated: false, nlri };
    }
    case ATTR.MP_UNREACH_NLRI: {
      ensure(at, 3, end, 'MP_UNREACH_NLRI');
      const afi = u16(b, at);
      const safi = b[at + 2]!;
      if (!isPrefixSafi(afi, safi))
        return { type: 'UNKNOWN', flags, code, value: copyOf(b, at, end) };
      const withdrawn = parseNlri(b, at + 3, end, afi, ctx.addPath);
      return { type: 'MP_UNREACH_NLRI', flags, afi, safi, withdrawn };
    }
    default:
      return { type: 'UNKNOWN', flags, code, value: copyOf(b, at, end) };
  }
}

export function parseAttributes(
  b: Uint8Array,
  start: number,
  end: number,
  ctx: AttributeContext,
): ParsedAttributes {
  const attributes: PathAttribute[] = [];
  const diagnostics: AttributeDiagnostic[] = [];
  let seen = 0; // codes below 32, the only ones a duplicate of matters for
  let at = start;
  while (at < end) {
    const flags = b[at]!;
    const code = at + 1 < end ? b[at + 1]! : 0;
    const headerLength = flags & FLAG.EXTENDED_LENGTH ? 4 : 3;
    const length = at + headerLength > end ? -1 : headerLength === 4 ? u16(b, at + 2) : b[at + 2]!;
    if (length < 0 || at + headerLength + length > end) {
      // RFC 7606 §4: the section cannot be framed any further.
      const reason =
        length < 0
          ? `attribute header needs ${headerLength} bytes, ${end - at} remain`
          : `attribute ${code} length ${length} exceeds remaining ${end - at - headerLength} bytes`;
      attributes.push({ type: 'MALFORMED', flags, code, raw: copyOf(b, at, end), reason });
      diagnostics.push({ code, action: 'treat-as-withdraw', reason });
      break;
    }
    const valueStart = at + headerLength;
    const valueEnd = valueStart + length;
    try {
      attributes.push(parseValue(b, flags, code, valueStart, valueEnd, ctx));
    } catch (error) {
      if (!(error instanceof DecodeError)) throw error;
      attributes.push({
        type: 'MALFORMED',
        flags,
        code,
        raw: copyOf(b, at, valueEnd),
        reason: error.message,
      });
      diagnostics.push({ code, action: actionFor(code), reason: error.message });
    }
    // RFC 7606 §3 (g): keep the first of a repeated attribute, except MP_* which reset.
    if (code < 32) {
      if (seen & (1 << code)) {
        const action = actionFor(code) === 'session-reset' ? 'session-reset' : 'attribute-discard';
        diagnostics.push({ code, action, reason: `attribute ${code} appears more than once` });
      }
      seen |= 1 << code;
    }
    at = valueEnd;
  }
  return { attributes, diagnostics };
}
