/**
 * Encodes path attributes, the inverse of parse-attributes: same order, same flags, and the
 * EXTENDED_LENGTH flag added only when a value no longer fits in one length byte. MALFORMED
 * attributes are written back byte for byte, so a decoded UPDATE re-encodes to what was read.
 */
import { ByteWriter } from './byte-writer.js';
import { writeAddress, writeNlri } from './encode-nlri.js';
import { ATTR, FLAG, type AsPathSegment, type BgpContext, type PathAttribute } from './models.js';

function writeSegments(out: ByteWriter, segments: readonly AsPathSegment[], size: 2 | 4): void {
  for (const { type, asns } of segments) {
    out.u8(type);
    out.u8(asns.length);
    for (const asn of asns)
      if (size === 4) out.u32(asn);
      else out.u16(asn);
  }
}

/** The value bytes of one attribute, and its type code. */
function writeValue(out: ByteWriter, a: PathAttribute, ctx: BgpContext): number {
  switch (a.type) {
    case 'ORIGIN':
      out.u8(a.origin);
      return ATTR.ORIGIN;
    case 'AS_PATH':
      writeSegments(out, a.segments, ctx.as4 ? 4 : 2);
      return ATTR.AS_PATH;
    case 'AS4_PATH':
      writeSegments(out, a.segments, 4);
      return ATTR.AS4_PATH;
    case 'NEXT_HOP':
      out.u32(a.nextHop.value);
      return ATTR.NEXT_HOP;
    case 'MULTI_EXIT_DISC':
      out.u32(a.med);
      return ATTR.MULTI_EXIT_DISC;
    case 'LOCAL_PREF':
      out.u32(a.localPref);
      return ATTR.LOCAL_PREF;
    case 'ATOMIC_AGGREGATE':
      return ATTR.ATOMIC_AGGREGATE;
    case 'AGGREGATOR':
      if (ctx.as4) out.u32(a.asn);
      else out.u16(a.asn);
      out.u32(a.address.value);
      return ATTR.AGGREGATOR;
    case 'AS4_AGGREGATOR':
      out.u32(a.asn);
      out.u32(a.address.value);
      return ATTR.AS4_AGGREGATOR;
    case 'COMMUNITIES':
      for (const c of a.communities) out.u32(c);
      return ATTR.COMMUNITIES;
    case 'LARGE_COMMUNITY':
      for (const [g, l1, l2] of a.largeCommunities) {
        out.u32(g);
        out.u32(l1);
        out.u32(l2);
      }
      return ATTR.LARGE_COMMUNITY;
    case 'ORIGINATOR_ID':
      out.u32(a.originatorId.value);
      return ATTR.ORIGINATOR_ID;
    case 'CLUSTER_LIST':
      for (const c of a.clusterList) out.u32(c);
      return ATTR.CLUSTER_LIST;
    case 'MP_REACH_NLRI': {
      if (!a.abbreviated) {
        out.u16(a.afi);
        out.u8(a.safi);
      }
      const fill = out.lengthField(1);
      for (const hop of a.nextHops) writeAddress(out, hop, hop.family === 4 ? 4 : 16);
      fill();
      if (a.abbreviated) return ATTR.MP_REACH_NLRI;
      out.u8(0); // Reserved (RFC 4760 §3)
      writeNlri(out, a.nlri);
      return ATTR.MP_REACH_NLRI;
    }
    case 'MP_UNREACH_NLRI':
      out.u16(a.afi);
      out.u8(a.safi);
      writeNlri(out, a.withdrawn);
      return ATTR.MP_UNREACH_NLRI;
    case 'UNKNOWN':
      out.bytes(a.value);
      return a.code;
    case 'MALFORMED':
      throw new Error('unreachable: MALFORMED is written raw');
  }
}

export function writeAttributes(
  out: ByteWriter,
  attributes: readonly PathAttribute[],
  ctx: BgpContext,
): void {
  const value = new ByteWriter();
  for (const a of attributes) {
    if (a.type === 'MALFORMED') {
      out.bytes(a.raw);
      continue;
    }
    value.length = 0;
    const code = writeValue(value, a, ctx);
    const bytes = value.finish();
    const flags = bytes.length > 255 ? a.flags | FLAG.EXTENDED_LENGTH : a.flags;
    out.u8(flags);
    out.u8(code);
    if (flags & FLAG.EXTENDED_LENGTH) out.u16(bytes.length);
    else out.u8(bytes.length);
    out.bytes(bytes);
  }
}

export function encodeAttributes(
  attributes: readonly PathAttribute[],
  ctx: BgpContext,
): Uint8Array {
  const out = new ByteWriter();
  writeAttributes(out, attributes, ctx);
  return out.finish();
}
