/**
 * One framed message → a BgpMessage, or the SessionError (NOTIFICATION) its defect calls
 * for: an OPEN that cannot be read is an OPEN Message Error, an UPDATE whose fields do not
 * add up is a Malformed Attribute List (RFC 4271 §6.2–6.3). Attribute-level defects are not
 * errors here: they come back as diagnostics (RFC 7606).
 */
import { DecodeError } from '../bgp-message/decode-error.js';
import type { BgpContext, BgpMessage } from '../bgp-message/models.js';
import { parseBgpMessage } from '../bgp-message/parse-message.js';
import { ERROR, SessionError, UPDATE_SUBCODE } from './notification.js';

export function decodeFrame(frame: Uint8Array, context: BgpContext): BgpMessage {
  try {
    return parseBgpMessage(frame, 0, frame.length, context).message;
  } catch (error) {
    // Anything else is a bug of ours: the session turns it into a Cease, tests see it.
    if (!(error instanceof DecodeError)) throw error;
    const type = frame[18];
    const reason = error.message;
    if (type === 1) throw new SessionError(ERROR.OPEN_MESSAGE, 0, reason);
    throw new SessionError(ERROR.UPDATE_MESSAGE, UPDATE_SUBCODE.MALFORMED_ATTRIBUTE_LIST, reason);
  }
}
