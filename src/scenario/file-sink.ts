/**
 * A file written in order with bounded memory: writes wait when the stream's buffer is full,
 * and `.gz` names are compressed on the way (zlib's gzip header carries no time, so the same
 * bytes in give the same file out). Errors of the file system reject the pending write or close.
 */
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { finished } from 'node:stream/promises';
import { constants, createGzip } from 'node:zlib';
import type { Writable } from 'node:stream';

export interface FileSink {
  write(chunk: string | Uint8Array): Promise<void>;
  close(): Promise<void>;
  /** Bytes handed to the sink (before compression). */
  readonly bytes: number;
}

export function createFileSink(path: string): FileSink {
  const file = createWriteStream(path);
  const gzip = path.endsWith('.gz') ? createGzip({ level: constants.Z_BEST_SPEED }) : null;
  if (gzip !== null) gzip.pipe(file);
  const head: Writable = gzip ?? file;
  let bytes = 0;
  let failure: unknown = null;
  for (const stream of [head, file]) stream.on('error', (error: unknown) => (failure ??= error));
  return {
    get bytes() {
      return bytes;
    },
    async write(chunk) {
      if (failure !== null) throw failure;
      bytes += typeof chunk === 'string' ? Buffer.byteLength(chunk) : chunk.length;
      if (!head.write(typeof chunk === 'string' ? Buffer.from(chunk) : chunk))
        await once(head, 'drain');
    },
    async close() {
      head.end();
      await finished(file);
      if (failure !== null) throw failure;
    },
  };
}
