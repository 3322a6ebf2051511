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
  // Large buffers let compression (on libuv's thread pool) overlap with generating the next chunk.
  const file = createWriteStream(path, { highWaterMark: 1 << 22 });
  // zlib takes stream options too; its typings do not list them.
  const gzipOptions = { level: constants.Z_BEST_SPEED, highWaterMark: 1 << 22 };
  const gzip = path.endsWith('.gz') ? createGzip(gzipOptions) : null;
  if (gzip !== null) gzip.pipe(file);
  const head: Writable = gzip ?? file;
  let bytes = 0;
  let failure: Error | null = null;
  for (const stream of [head, file]) stream.on('error', (error: Error) => (failure ??= error));
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
