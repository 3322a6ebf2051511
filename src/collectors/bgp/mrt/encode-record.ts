/**
 * Encodes MRT records (RFC 6396 §2–4, RFC 8050), the inverse of parse-record: for round-trip
 * tests and for archiving a live session as BGP4MP / BGP4MP_ET.
 */
import type { IpAddress } from '../../../geo/ip.js';
import { ByteWriter } from '../bgp-message/byte-writer.js';
import { writeAttributes } from '../bgp-message/encode-attributes.js';
import { writeBgpMessage } from '../bgp-message/encode-message.js';
import { writeAddress, writePrefix } from '../bgp-message/encode-nlri.js';
import { bgp4mpContext } from './parse-bgp4mp.js';
import { EXTENDED_TIMESTAMP_TYPES, type MrtBody, type MrtRecord } from './models.js';

const writeIp = (out: ByteWriter, ip: IpAddress) => writeAddress(out, ip, ip.family === 4 ? 4 : 16);

function writeBody(out: ByteWriter, body: MrtBody, subtype: number): void {
  switch (body.kind) {
    case 'TABLE_DUMP': {
      out.u16(body.viewNumber);
      out.u16(body.sequenceNumber);
      writeIp(out, body.prefix.address);
      out.u8(body.prefix.length);
      out.u8(body.status);
      out.u32(body.originatedTime);
      writeIp(out, body.peerIpAddress);
      out.u16(body.peerAs);
      const fill = out.lengthField(2);
      writeAttributes(out, body.pathAttributes, { as4: false, addPath: false });
      fill();
      return;
    }
    case 'PEER_INDEX_TABLE': {
      out.u32(body.collectorBgpId.value);
      const name = Buffer.from(body.viewName, 'utf8');
      out.u16(name.length);
      out.bytes(name);
      out.u16(body.peers.length);
      for (const peer of body.peers) {
        out.u8(peer.peerType);
        out.u32(peer.peerBgpId.value);
        writeIp(out, peer.peerIpAddress);
        if (peer.peerType & 2) out.u32(peer.peerAs);
        else out.u16(peer.peerAs);
      }
      return;
    }
    case 'RIB': {
      out.u32(body.sequenceNumber);
      if (body.generic) {
        out.u16(body.afi);
        out.u8(body.safi);
      }
      writePrefix(out, body.prefix);
      out.u16(body.entries.length);
      const ctx = { as4: true, addPath: body.addPath };
      for (const entry of body.entries) {
        out.u16(entry.peerIndex);
        out.u32(entry.originatedTime);
        if (body.addPath) out.u32(entry.pathId ?? 0);
        const fill = out.lengthField(2);
        writeAttributes(out, entry.pathAttributes, ctx);
        fill();
      }
      return;
    }
    case 'BGP4MP_MESSAGE':
    case 'BGP4MP_STATE_CHANGE': {
      const ctx = bgp4mpContext(subtype);
      if (ctx.as4) {
        out.u32(body.peerAs);
        out.u32(body.localAs);
      } else {
        out.u16(body.peerAs);
        out.u16(body.localAs);
      }
      out.u16(body.interfaceIndex);
      out.u16(body.afi);
      writeIp(out, body.peerIpAddress);
      writeIp(out, body.localIpAddress);
      if (body.kind === 'BGP4MP_STATE_CHANGE') {
        out.u16(body.oldState);
        out.u16(body.newState);
      } else writeBgpMessage(out, body.message, ctx);
      return;
    }
    case 'UNKNOWN':
      out.bytes(body.data);
      return;
  }
}

export function writeMrtRecord(out: ByteWriter, record: MrtRecord): void {
  const { header, body } = record;
  out.u32(header.timestamp);
  out.u16(header.type);
  out.u16(header.subtype);
  const fill = out.lengthField(4);
  if (EXTENDED_TIMESTAMP_TYPES.has(header.type)) out.u32(header.microseconds ?? 0);
  writeBody(out, body, header.subtype);
  fill();
}

export function encodeMrtRecord(record: MrtRecord): Uint8Array {
  const out = new ByteWriter();
  writeMrtRecord(out, record);
  return out.finish();
}
