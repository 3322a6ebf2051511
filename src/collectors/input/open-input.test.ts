import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { text } from 'node:stream/consumers';
import { describe, it } from 'node:test';
import { gzipSync } from 'node:zlib';
import { expandInputs } from './expand-inputs.js';
import { openInput } from './open-input.js';

const dir = mkdtempSync(join(tmpdir(), 'nightlight-input-'));
const content = 'line one\nline two\n'.repeat(1000);

describe('openInput', () => {
  it('reads plain, gzip and bzip2 files by their magic bytes, whatever their names', async () => {
    const plain = join(dir, 'plain.gz'); // a misleading name: content decides
    writeFileSync(plain, content);
    const gzip = join(dir, 'gzipped.log');
    writeFileSync(gzip, gzipSync(content));
    const bzip2 = join(dir, 'bzipped');
    writeFileSync(bzip2, execFileSync('bzip2', ['-c'], { input: content }));
    for (const [path, compression] of [
      [plain, 'none'],
      [gzip, 'gzip'],
      [bzip2, 'bzip2'],
    ] as const) {
      const input = await openInput(path);
      assert.equal(input.compression, compression);
      assert.equal(await text(input.stream), content);
      assert.equal(input.bytesRead(), input.size, `${path}: progress reaches the file size`);
    }
  });

  it('fails a corrupt bzip2 stream with a clear error', async () => {
    const corrupt = join(dir, 'corrupt.bz2');
    writeFileSync(corrupt, Buffer.concat([Buffer.from('BZh9'), Buffer.alloc(100, 7)]));
    const input = await openInput(corrupt);
    await assert.rejects(text(input.stream), {
      kind: 'bad_input',
      message: /^Cannot decompress .*corrupt\.bz2: bzip2 exited 2/,
    });
  });

  it('names a missing file', async () => {
    await assert.rejects(openInput(join(dir, 'missing.log')), {
      kind: 'not_found',
      message: /^Cannot read input .*missing\.log: ENOENT/,
    });
  });
});

describe('expandInputs', () => {
  it('expands directories to their files in order and keeps stdin', async () => {
    const logs = join(dir, 'logs');
    mkdirSync(logs);
    for (const name of ['b.log', 'a.log', '.hidden']) writeFileSync(join(logs, name), '');
    mkdirSync(join(logs, 'sub'));
    assert.deepEqual(await expandInputs([logs, '-']), [
      join(logs, 'a.log'),
      join(logs, 'b.log'),
      '-',
    ]);
    assert.deepEqual(await expandInputs([logs], (names) => names.sort().reverse()), [
      join(logs, 'b.log'),
      join(logs, 'a.log'),
    ]);
  });
});
