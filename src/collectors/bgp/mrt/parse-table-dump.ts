/**
 * TABLE_DUMP (RFC 6396 §4.2): one route per record, 2-byte AS numbers, subtype = AFI.
 */
import { DecodeError, ensure } from '../bgp-message/decode-error.js';
import { parseAttributes } from '../bgp-message/parse-attributes.js';
import { AFI_IPV4, AFI_IPV6, addressFromBytes } from '../bgp-message/parse-nlri.js';
import { addressAt, u16, u32 } from './bytes.js';
import type { TableDump } from './models.js';

// MP_REACH_NLRI may be abbreviated here as in TABLE_DUMP_V2; the form is told by its first byte.
const CONTEXTS = {
  [AFI_IPV4]: { as4: false, addPath: false, rib: { afi: AFI_IPV4, safi: 1 } },
  [AFI_IPV6]: { as4: false, addPath: false, rib: { afi: AFI_IPV6, safi: 1 } },
} as const;

export function parseTableDump(b: Uint8Array, at: number, end: number, subtype: number): TableDump {
  const afi = subtype;
  if (afi !== AFI_IPV4 && afi !== AFI_IPV6)
    throw new DecodeError(`TABLE_DUMP subtype ${subtype} is not AFI 1 or 2`);
  const size = afi === AFI_IPV4 ? 4 : 16;
  ensure(at, 4 + size + 6, end, 'TABLE_DUMP header');
  const viewNumber = u16(b, at);
  const sequenceNumber = u16(b, at + 2);
  const length = b[at + 4 + size]!;
  if (length > size * 8)
    throw new DecodeError(`TABLE_DUMP prefix length ${length} exceeds ${size * 8}`);
  const prefix = { address: addressFromBytes(b, at + 4, size, afi, length), length };
  const status = b[at + 5 + size]!;
  const originatedTime = u32(b, at + 6 + size);
  let p = at + 10 + size;
  const peerIpAddress = addressAt(b, p, end, afi, 'TABLE_DUMP peer IP address');
  p += size;
  ensure(p, 4, end, 'TABLE_DUMP peer AS and attribute length');
  const peerAs = u16(b, p);
  const attributesLength = u16(b, p + 2);
  p += 4;
  ensure(p, attributesLength, end, 'TABLE_DUMP attributes');
  const { attributes, diagnostics } = parseAttributes(b, p, p + attributesLength, CONTEXTS[afi]);
  return {
    kind: 'TABLE_DUMP',
    viewNumber,
    sequenceNumber,
    prefix,
    status,
    originatedTime,
    peerIpAddress,
    peerAs,
    pathAttributes: attributes,
    diagnostics,
  };
}
