/**
 * BGP-4 messages (RFC 4271 §4): header, then OPEN, UPDATE, NOTIFICATION, KEEPALIVE or
 * ROUTE-REFRESH (RFC 2918). Independent of MRT, so a live session decodes with it too.
 * Framing errors throw DecodeError (RFC 7606 §4: the session would reset); attribute errors
 * do not, they become diagnostics on the UPDATE.
 */
import { DecodeError, copyOf, ensure } from './decode-error.js';
import type { BgpContext, BgpMessage, Nlri, Open, Update } from './models.js';
import { parseAttributes } from './parse-attributes.js';
import { AFI_IPV4, parseNlriInto } from './parse-nlri.js';

export const BGP_HEADER_LENGTH = 19;
export const MESSAGE_TYPE = { OPEN: 1, UPDATE: 2, NOTIFICATION: 3, KEEPALIVE: 4, ROUTE_REFRESH: 5 };

const u16 = (b: Uint8Array, at: number) => (b[at]! << 8) | b[at + 1]!;
const u32 = (b: Uint8Array, at: number) =>
  ((b[at]! << 24) | (b[at + 1]! << 16) | (b[at + 2]! << 8) | b[at + 3]!) >>> 0;

/** RFC 4271 §4.4 UPDATE body between `at` and `end` (after the header). */
export function parseUpdateBody(b: Uint8Array, at: number, end: number, ctx: BgpContext): Update {
  ensure(at, 2, end, 'UPDATE withdrawn routes length');
  const withdrawnLength = u16(b, at);
  at += 2;
  ensure(at, withdrawnLength, end, 'UPDATE withdrawn routes');
  const withdrawnRoutes: Nlri[] = [];
  const withdrawnError = parseNlriInto(
    b,
    at,
    at + withdrawnLength,
    AFI_IPV4,
    ctx.addPath,
    withdrawnRoutes,
  );
  at += withdrawnLength;
  ensure(at, 2, end, 'UPDATE total path attribute length');
  const attributesLength = u16(b, at);
  at += 2;
  ensure(at, attributesLength, end, 'UPDATE path attributes');
  const { attributes, diagnostics } = parseAttributes(b, at, at + attributesLength, ctx);
  const nlri: Nlri[] = [];
  const nlriError = parseNlriInto(b, at + attributesLength, end, AFI_IPV4, ctx.addPath, nlri);
  // RFC 7606 §5.3: unparseable NLRI would reset the session; we keep what did parse.
  if (withdrawnError !== null)
    diagnostics.push({
      code: 0,
      action: 'session-reset',
      reason: `Withdrawn Routes: ${withdrawnError}`,
    });
  if (nlriError !== null)
    diagnostics.push({ code: 0, action: 'session-reset', reason: `NLRI: ${nlriError}` });
  return { type: 'UPDATE', withdrawnRoutes, pathAttributes: attributes, nlri, diagnostics };
}

const cleanly = (u: Update) => !u.diagnostics.some((d) => d.action === 'session-reset');

/**
 * bird writes ADD-PATH NLRI under the plain BGP4MP_MESSAGE_AS4 subtype: when the NLRI do not
 * parse as the context says, and do parse the other way, the other way is what was meant.
 */
function parseUpdateLeniently(b: Uint8Array, at: number, end: number, ctx: BgpContext): Update {
  let first: Update | DecodeError;
  try {
    first = parseUpdateBody(b, at, end, ctx);
    if (cleanly(first)) return first;
  } catch (error) {
    if (!(error instanceof DecodeError)) throw error;
    first = error;
  }
  try {
    const other = parseUpdateBody(b, at, end, { ...ctx, addPath: !ctx.addPath });
    if (cleanly(other)) return other;
  } catch (error) {
    if (!(error instanceof DecodeError)) throw error;
  }
  if (first instanceof DecodeError) throw first;
  return first;
}

/** RFC 4271 §4.2, with RFC 5492 capabilities read from parameter type 2. */
function parseOpenBody(b: Uint8Array, at: number, end: number): Open {
  ensure(at, 10, end, 'OPEN');
  const parametersLength = b[at + 9]!;
  ensure(at + 10, parametersLength, end, 'OPEN optional parameters');
  const optionalParameters = copyOf(b, at + 10, at + 10 + parametersLength);
  const capabilities: { code: number; value: Uint8Array }[] = [];
  for (let p = 0; p + 2 <= optionalParameters.length;) {
    const type = optionalParameters[p]!;
    const length = optionalParameters[p + 1]!;
    const stop = Math.min(p + 2 + length, optionalParameters.length);
    if (type === 2)
      for (let c = p + 2; c + 2 <= stop;) {
        const capLength = optionalParameters[c + 1]!;
        capabilities.push({
          code: optionalParameters[c]!,
          value: optionalParameters.slice(c + 2, Math.min(c + 2 + capLength, stop)),
        });
        c += 2 + capLength;
      }
    p = stop;
  }
  return {
    type: 'OPEN',
    version: b[at]!,
    myAutonomousSystem: u16(b, at + 1),
    holdTime: u16(b, at + 3),
    bgpIdentifier: { family: 4, value: u32(b, at + 5) },
    capabilities,
    optionalParameters,
  };
}

/** One message starting at `start`; answers it and its length from the header. */
export function parseBgpMessage(
  b: Uint8Array,
  start: number,
  end: number,
  ctx: BgpContext,
): { message: BgpMessage; length: number } {
  ensure(start, BGP_HEADER_LENGTH, end, 'BGP message header');
  const length = u16(b, start + 16);
  if (length < BGP_HEADER_LENGTH) throw new DecodeError(`BGP message length ${length} is below 19`);
  ensure(start, length, end, `BGP message of ${length} bytes`);
  const type = b[start + 18]!;
  const at = start + BGP_HEADER_LENGTH;
  const stop = start + length;
  let message: BgpMessage;
  switch (type) {
    case MESSAGE_TYPE.OPEN:
      message = parseOpenBody(b, at, stop);
      break;
    case MESSAGE_TYPE.UPDATE:
      message = parseUpdateLeniently(b, at, stop, ctx);
      break;
    case MESSAGE_TYPE.NOTIFICATION:
      ensure(at, 2, stop, 'NOTIFICATION');
      message = {
        type: 'NOTIFICATION',
        errorCode: b[at]!,
        errorSubcode: b[at + 1]!,
        data: copyOf(b, at + 2, stop),
      };
      break;
    case MESSAGE_TYPE.KEEPALIVE:
      message = { type: 'KEEPALIVE' };
      break;
    case MESSAGE_TYPE.ROUTE_REFRESH:
      ensure(at, 4, stop, 'ROUTE-REFRESH');
      message = { type: 'ROUTE_REFRESH', afi: u16(b, at), subtype: b[at + 2]!, safi: b[at + 3]! };
      break;
    default:
      throw new DecodeError(`BGP message type ${type} is unknown`);
  }
  return { message, length };
}
