/**
 * BGP4MP and BGP4MP_ET (RFC 6396 §4.4, RFC 8050 §3): state changes and BGP messages as a
 * collector saw them. The subtype says the AS number size of both the record and the message,
 * and whether NLRI carry ADD-PATH identifiers.
 */
import { DecodeError, copyOf, ensure } from '../bgp-message/decode-error.js';
import { parseBgpMessage } from '../bgp-message/parse-message.js';
import { AFI_IPV4, AFI_IPV6 } from '../bgp-message/parse-nlri.js';
import { addressAt, u16, u32 } from './bytes.js';
import { BGP4MP_SUBTYPE as ST, type MrtBody } from './models.js';

const AS4 = new Set<number>([
  ST.BGP4MP_MESSAGE_AS4,
  ST.BGP4MP_STATE_CHANGE_AS4,
  ST.BGP4MP_MESSAGE_AS4_LOCAL,
  ST.BGP4MP_MESSAGE_AS4_ADDPATH,
  ST.BGP4MP_MESSAGE_AS4_LOCAL_ADDPATH,
]);
const ADD_PATH = new Set<number>([8, 9, 10, 11]);
const KNOWN = new Set<number>([0, 1, 4, 5, 6, 7, 8, 9, 10, 11]);

export function parseBgp4mp(b: Uint8Array, at: number, end: number, subtype: number): MrtBody {
  if (!KNOWN.has(subtype)) return { kind: 'UNKNOWN', data: copyOf(b, at, end) };
  const as4 = AS4.has(subtype);
  const asSize = as4 ? 4 : 2;
  ensure(at, 2 * asSize + 4, end, 'BGP4MP header');
  const peerAs = as4 ? u32(b, at) : u16(b, at);
  const localAs = as4 ? u32(b, at + 4) : u16(b, at + 2);
  let p = at + 2 * asSize;
  const interfaceIndex = u16(b, p);
  const afi = u16(b, p + 2);
  p += 4;
  if (afi !== AFI_IPV4 && afi !== AFI_IPV6)
    throw new DecodeError(`BGP4MP address family ${afi} is not 1 or 2`);
  const size = afi === AFI_IPV4 ? 4 : 16;
  const peerIpAddress = addressAt(b, p, end, afi, 'BGP4MP peer IP address');
  const localIpAddress = addressAt(b, p + size, end, afi, 'BGP4MP local IP address');
  p += 2 * size;
  const common = { peerAs, localAs, interfaceIndex, afi, peerIpAddress, localIpAddress };
  if (subtype === ST.BGP4MP_STATE_CHANGE || subtype === ST.BGP4MP_STATE_CHANGE_AS4) {
    ensure(p, 4, end, 'BGP4MP state change');
    return { kind: 'BGP4MP_STATE_CHANGE', ...common, oldState: u16(b, p), newState: u16(b, p + 2) };
  }
  const { message, length } = parseBgpMessage(b, p, end, { as4, addPath: ADD_PATH.has(subtype) });
  if (p + length !== end)
    throw new DecodeError(`BGP4MP record has ${end - p - length} bytes after its BGP message`);
  return { kind: 'BGP4MP_MESSAGE', ...common, message };
}

/** The BGP context a BGP4MP subtype implies, for encoders and route views. */
export function bgp4mpContext(subtype: number): { as4: boolean; addPath: boolean } {
  return { as4: AS4.has(subtype), addPath: ADD_PATH.has(subtype) };
}
