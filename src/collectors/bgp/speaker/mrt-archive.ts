/**
 * Appends MRT records to a file as a live session produces them (`collect bgp --mrt-out`).
 * Writes are buffered by the stream; `close` flushes. A write error is reported once and
 * archiving stops: losing the archive must not stop the collector.
 */
import { createWriteStream } from 'node:fs';
import { encodeMrtRecord } from '../mrt/encode-record.js';
import type { MrtRecord } from '../mrt/models.js';

export interface MrtArchive {
  write(record: MrtRecord): void;
  close(): Promise<void>;
}

export function createMrtArchive(path: string, onError: (message: string) => void): MrtArchive {
  const stream = createWriteStream(path, { flags: 'a' });
  let failed = false;
  stream.on('error', (error) => {
    if (!failed) onError(`Cannot write MRT archive ${path}: ${error.message}`);
    failed = true;
  });
  return {
    write(record) {
      if (!failed) stream.write(encodeMrtRecord(record));
    },
    close: () => new Promise<void>((resolve) => stream.end(() => resolve())),
  };
}
