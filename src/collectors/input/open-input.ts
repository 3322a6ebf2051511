/**
 * Opens a raw input for a collector: a file (plain, gzip or bzip2, told by its magic bytes,
 * not its name) or stdin (`-`), as a byte stream with progress counted in bytes read from
 * disk. bzip2 goes through the system `bzip2 -dc` (C speed, its own core); gzip through zlib.
 * Errors: a missing or unreadable file is one NightlightError naming the path.
 */
import { spawn } from 'node:child_process';
import { createReadStream } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import { PassThrough, type Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { NightlightError, messageOf } from '../../model/failure.js';

export type Compression = 'none' | 'gzip' | 'bzip2';

export interface Input {
  /** The path as given, or `-` for stdin. */
  readonly name: string;
  readonly compression: Compression;
  /** Size on disk, or null for stdin. */
  readonly size: number | null;
  /** Decompressed bytes. */
  readonly stream: Readable;
  /** Bytes read from disk so far (compressed bytes for a compressed file). */
  bytesRead(): number;
}

export function compressionOf(head: Uint8Array): Compression {
  if (head[0] === 0x1f && head[1] === 0x8b) return 'gzip';
  if (head[0] === 0x42 && head[1] === 0x5a && head[2] === 0x68) return 'bzip2';
  return 'none';
}

export async function openInput(name: string): Promise<Input> {
  if (name === '-') {
    let read = 0;
    const stream = process.stdin;
    stream.on('data', (chunk: Buffer) => (read += chunk.length));
    return { name, compression: 'none', size: null, stream, bytesRead: () => read };
  }
  let size: number;
  const head = Buffer.alloc(3);
  try {
    const info = await stat(name);
    if (info.isDirectory()) throw new Error('is a directory');
    size = info.size;
    const handle = await open(name);
    try {
      await handle.read(head, 0, 3, 0);
    } finally {
      await handle.close();
    }
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new NightlightError(
      code === 'ENOENT' ? 'not_found' : 'bad_input',
      `Cannot read input ${name}: ${messageOf(error)}`,
      {
        cause: error,
      },
    );
  }
  const compression = compressionOf(head);
  const file = createReadStream(name, { highWaterMark: 1 << 20 });
  let read = 0;
  file.on('data', (chunk: string | Buffer) => (read += chunk.length));
  const bytesRead = () => read;
  if (compression === 'none') return { name, compression, size, stream: file, bytesRead };
  if (compression === 'gzip')
    return { name, compression, size, stream: file.pipe(createGunzip()), bytesRead };
  return { name, compression, size, stream: bunzip(file, name), bytesRead };
}

/** Decompresses through `bzip2 -dc`; a corrupt stream or a missing bzip2 fails the stream. */
function bunzip(file: Readable, name: string): Readable {
  const out = new PassThrough({ highWaterMark: 1 << 20 });
  const child = spawn('bzip2', ['-dc'], { stdio: ['pipe', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  child.on('error', (error) =>
    out.destroy(new NightlightError('bad_input', `Cannot decompress ${name}: ${error.message}`)),
  );
  // End the output only once bzip2 has exited, so that a corrupt stream ends in an error
  // rather than in a clean, short end of data.
  child.on('close', (code) => {
    if (code === 0) out.end();
    else
      out.destroy(
        new NightlightError(
          'bad_input',
          `Cannot decompress ${name}: bzip2 exited ${code}: ${stderr.trim()}`,
        ),
      );
  });
  file.pipe(child.stdin);
  child.stdin.on('error', () => undefined); // bzip2 quitting early is reported by 'close'
  child.stdout.pipe(out, { end: false });
  out.on('close', () => {
    if (child.exitCode === null) child.kill();
  });
  return out;
}
