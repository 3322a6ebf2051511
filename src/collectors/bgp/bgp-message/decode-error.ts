/**
 * The one error the decoders throw: a message that says what was expected and what was found.
 * Record readers catch it and turn it into a per-record diagnostic; it never leaves them.
 */
export class DecodeError extends Error {
  override readonly name = 'DecodeError';
}

/** Throws unless `need` bytes are available between `at` and `end`. */
export function ensure(at: number, need: number, end: number, what: string): void {
  if (at + need > end)
    throw new DecodeError(`${what} needs ${need} bytes, ${Math.max(0, end - at)} remain`);
}

/** A copy of `b[start, end)`; never a view, so a kept value does not pin a whole input chunk. */
export function copyOf(b: Uint8Array, start: number, end: number): Uint8Array {
  return new Uint8Array(b.subarray(start, end));
}
