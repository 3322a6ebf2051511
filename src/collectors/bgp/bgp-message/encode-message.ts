/**
 * Encodes BGP-4 messages (RFC 4271 §4), the inverse of parse-message: for tests, for a live
 * speaker, and for archiving a live session as MRT BGP4MP.
 */
import { ByteWriter } from './byte-writer.js';
import { writeAttributes } from './encode-attributes.js';
import { writeNlri } from './encode-nlri.js';
import type { BgpContext, BgpMessage, Update } from './models.js';
import { MESSAGE_TYPE } from './parse-message.js';

function writeUpdateBody(out: ByteWriter, update: Update, ctx: BgpContext): void {
  const fillWithdrawn = out.lengthField(2);
  writeNlri(out, update.withdrawnRoutes);
  fillWithdrawn();
  const fillAttributes = out.lengthField(2);
  writeAttributes(out, update.pathAttributes, ctx);
  fillAttributes();
  writeNlri(out, update.nlri);
}

export function writeBgpMessage(out: ByteWriter, message: BgpMessage, ctx: BgpContext): void {
  const start = out.length;
  for (let i = 0; i < 16; i++) out.u8(0xff);
  out.u16(0);
  out.u8(MESSAGE_TYPE[message.type]);
  switch (message.type) {
    case 'OPEN':
      out.u8(message.version);
      out.u16(message.myAutonomousSystem);
      out.u16(message.holdTime);
      out.u32(message.bgpIdentifier.value);
      out.u8(message.optionalParameters.length);
      out.bytes(message.optionalParameters);
      break;
    case 'UPDATE':
      writeUpdateBody(out, message, ctx);
      break;
    case 'NOTIFICATION':
      out.u8(message.errorCode);
      out.u8(message.errorSubcode);
      out.bytes(message.data);
      break;
    case 'KEEPALIVE':
      break;
    case 'ROUTE_REFRESH':
      out.u16(message.afi);
      out.u8(message.subtype);
      out.u8(message.safi);
      break;
  }
  // The header length counts the header itself, marker included.
  const length = out.length - start;
  if (length > 65535)
    throw new RangeError(`Cannot encode BGP message: length ${length} exceeds 65535`);
  out.setU16(start + 16, length);
}

export function encodeBgpMessage(message: BgpMessage, ctx: BgpContext): Uint8Array {
  const out = new ByteWriter();
  writeBgpMessage(out, message, ctx);
  return out.finish();
}

export function encodeUpdate(update: Update, ctx: BgpContext): Uint8Array {
  return encodeBgpMessage(update, ctx);
}
