/** bzip2 -dc for tests, to compare against what the reader streamed. */
import { execFileSync } from 'node:child_process';

export function bunzip2Sync(path: string): Buffer {
  return execFileSync('bzip2', ['-dc', path], { maxBuffer: 1 << 30 });
}
