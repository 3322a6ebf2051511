/**
 * TABLE_DUMP_V2 (RFC 6396 §4.3, RFC 8050 §4): a PEER_INDEX_TABLE, then one record per prefix
 * with an entry per peer. AS numbers are always 4 bytes here; MP_REACH_NLRI may be in the
 * abbreviated form of §4.3.4.
 */
import { DecodeError, copyOf, ensure } from '../bgp-message/decode-error.js';
import { parseAttributes } from '../bgp-message/parse-attributes.js';
import { AFI_IPV4, AFI_IPV6, parsePrefixAt } from '../bgp-message/parse-nlri.js';
import { addressAt, u16, u32 } from './bytes.js';
import {
  TABLE_DUMP_V2_SUBTYPE as ST,
  type MrtBody,
  type PeerEntry,
  type RibEntry,
} from './models.js';

function parsePeerIndexTable(b: Uint8Array, at: number, end: number): MrtBody {
  ensure(at, 6, end, 'PEER_INDEX_TABLE header');
  const collectorBgpId = { family: 4 as const, value: u32(b, at) };
  const nameLength = u16(b, at + 4);
  ensure(at + 6, nameLength + 2, end, 'PEER_INDEX_TABLE view name');
  const viewName = Buffer.from(b.buffer, b.byteOffset + at + 6, nameLength).toString('utf8');
  let p = at + 6 + nameLength;
  const count = u16(b, p);
  p += 2;
  const peers: PeerEntry[] = [];
  for (let i = 0; i < count; i++) {
    ensure(p, 5, end, `PEER_INDEX_TABLE peer ${i}`);
    const peerType = b[p]!;
    const peerBgpId = { family: 4 as const, value: u32(b, p + 1) };
    p += 5;
    const afi = peerType & 1 ? AFI_IPV6 : AFI_IPV4;
    const peerIpAddress = addressAt(b, p, end, afi, `PEER_INDEX_TABLE peer ${i} address`);
    p += afi === AFI_IPV4 ? 4 : 16;
    const asSize = peerType & 2 ? 4 : 2;
    ensure(p, asSize, end, `PEER_INDEX_TABLE peer ${i} AS`);
    const peerAs = asSize === 4 ? u32(b, p) : u16(b, p);
    p += asSize;
    peers.push({ peerType, peerBgpId, peerIpAddress, peerAs });
  }
  return { kind: 'PEER_INDEX_TABLE', collectorBgpId, viewName, peers };
}

const AFI_SAFI: Record<number, readonly [number, number]> = {
  [ST.RIB_IPV4_UNICAST]: [AFI_IPV4, 1],
  [ST.RIB_IPV4_MULTICAST]: [AFI_IPV4, 2],
  [ST.RIB_IPV6_UNICAST]: [AFI_IPV6, 1],
  [ST.RIB_IPV6_MULTICAST]: [AFI_IPV6, 2],
  [ST.RIB_IPV4_UNICAST_ADDPATH]: [AFI_IPV4, 1],
  [ST.RIB_IPV4_MULTICAST_ADDPATH]: [AFI_IPV4, 2],
  [ST.RIB_IPV6_UNICAST_ADDPATH]: [AFI_IPV6, 1],
  [ST.RIB_IPV6_MULTICAST_ADDPATH]: [AFI_IPV6, 2],
};

function parseRib(b: Uint8Array, at: number, end: number, subtype: number): MrtBody {
  const generic = subtype === ST.RIB_GENERIC || subtype === ST.RIB_GENERIC_ADDPATH;
  const addPath = subtype >= ST.RIB_IPV4_UNICAST_ADDPATH;
  ensure(at, 4, end, 'RIB sequence number');
  const sequenceNumber = u32(b, at);
  let p = at + 4;
  let afi: number;
  let safi: number;
  if (generic) {
    ensure(p, 3, end, 'RIB_GENERIC AFI and SAFI');
    afi = u16(b, p);
    safi = b[p + 2]!;
    p += 3;
    // Only IP unicast and multicast NLRI have a length we can know; keep the rest whole.
    if ((afi !== AFI_IPV4 && afi !== AFI_IPV6) || (safi !== 1 && safi !== 2))
      return { kind: 'UNKNOWN', data: copyOf(b, at, end) };
  } else {
    const pair = AFI_SAFI[subtype];
    if (pair === undefined) throw new DecodeError(`TABLE_DUMP_V2 subtype ${subtype} is unknown`);
    [afi, safi] = pair;
  }
  const { prefix, next } = parsePrefixAt(b, p, end, afi);
  p = next;
  ensure(p, 2, end, 'RIB entry count');
  const count = u16(b, p);
  p += 2;
  const ctx = { as4: true, addPath, rib: { afi, safi } };
  const entries: RibEntry[] = [];
  const headerLength = addPath ? 12 : 8;
  for (let i = 0; i < count; i++) {
    ensure(p, headerLength, end, `RIB entry ${i}`);
    const peerIndex = u16(b, p);
    const originatedTime = u32(b, p + 2);
    const pathId = addPath ? u32(b, p + 6) : null;
    const attributesLength = u16(b, p + headerLength - 2);
    p += headerLength;
    ensure(p, attributesLength, end, `RIB entry ${i} attributes`);
    const { attributes, diagnostics } = parseAttributes(b, p, p + attributesLength, ctx);
    p += attributesLength;
    entries.push({ peerIndex, originatedTime, pathId, pathAttributes: attributes, diagnostics });
  }
  if (p !== end)
    throw new DecodeError(`RIB record has ${end - p} bytes after its ${count} entries`);
  return { kind: 'RIB', sequenceNumber, afi, safi, generic, addPath, prefix, entries };
}

export function parseTableDumpV2(b: Uint8Array, at: number, end: number, subtype: number): MrtBody {
  if (subtype === ST.PEER_INDEX_TABLE) return parsePeerIndexTable(b, at, end);
  return parseRib(b, at, end, subtype);
}
