/**
 * Cuts a TCP byte stream into BGP messages (RFC 4271 §4.1) and checks the header: all-ones
 * marker, a length within the type's bounds and the negotiated maximum (4096, or 65535 with
 * RFC 8654 extended messages), a known type. A bad header is a SessionError with the
 * NOTIFICATION RFC 4271 §6.1 asks for. Buffers at most one message plus one chunk.
 */
import { ERROR, HEADER_SUBCODE, SessionError } from './notification.js';

export const MAX_MESSAGE = 4096;
export const MAX_EXTENDED_MESSAGE = 65535;
const HEADER = 19;

/** Shortest and longest valid length of each message type, header included (RFC 4271 §6.1). */
const BOUNDS: Record<number, readonly [number, number]> = {
  1: [29, Infinity],
  2: [23, Infinity],
  3: [21, Infinity],
  4: [19, 19],
  5: [23, 23],
};

export interface MessageFramer {
  /** Whole messages completed by `chunk` (views into an internal buffer: use before next push). */
  push(chunk: Uint8Array): Uint8Array[];
  /** Raises the limit once extended messages are negotiated. */
  setMaxLength(max: number): void;
  readonly buffered: number;
}

const u16 = (b: Uint8Array, at: number) => (b[at]! << 8) | b[at + 1]!;

export function checkHeader(b: Uint8Array, at: number, maxLength: number): number {
  for (let i = 0; i < 16; i++)
    if (b[at + i] !== 0xff)
      throw new SessionError(
        ERROR.MESSAGE_HEADER,
        HEADER_SUBCODE.NOT_SYNCHRONIZED,
        `marker byte ${i} is ${b[at + i]}, not 255`,
      );
  const length = u16(b, at + 16);
  const type = b[at + 18]!;
  const bounds = BOUNDS[type];
  if (bounds === undefined)
    throw new SessionError(
      ERROR.MESSAGE_HEADER,
      HEADER_SUBCODE.BAD_TYPE,
      `message type ${type} is unknown`,
      Uint8Array.of(type),
    );
  if (length < bounds[0] || length > bounds[1] || length > maxLength)
    throw new SessionError(
      ERROR.MESSAGE_HEADER,
      HEADER_SUBCODE.BAD_LENGTH,
      `message length ${length} is out of bounds for type ${type} (maximum ${maxLength})`,
      Uint8Array.of(length >> 8, length & 255),
    );
  return length;
}

export function createMessageFramer(maxLength = MAX_MESSAGE): MessageFramer {
  let pending: Uint8Array = new Uint8Array(0);
  let max = maxLength;
  return {
    push(chunk) {
      const b = pending.length === 0 ? chunk : Buffer.concat([pending, chunk]);
      const out: Uint8Array[] = [];
      let at = 0;
      while (b.length - at >= HEADER) {
        const length = checkHeader(b, at, max);
        if (b.length - at < length) break;
        out.push(b.subarray(at, at + length));
        at += length;
      }
      // Copy the tail: it must not pin the chunk, and the caller may reuse the chunk.
      pending = at === b.length ? new Uint8Array(0) : Uint8Array.from(b.subarray(at));
      return out;
    },
    setMaxLength(m) {
      max = m;
    },
    get buffered() {
      return pending.length;
    },
  };
}
