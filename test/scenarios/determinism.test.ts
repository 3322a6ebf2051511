/**
 * Same scenario file and seed → byte-identical output, file by file (SHA-256 of every file the
 * manifest lists, and of the manifest itself); another seed → other raw inputs, same ground
 * truth.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { generateTiny } from './support.js';

const sha = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');

describe('scenario determinism', () => {
  it('writes byte-identical files for the same seed and different ones for another', async () => {
    const [a, b, c] = [await generateTiny(), await generateTiny(), await generateTiny(99)];
    assert.ok(a.manifest.files.length >= 12);
    for (const file of a.manifest.files) {
      assert.equal(
        sha(join(a.out, file.path)),
        file.sha256,
        `${file.path} matches its manifest entry`,
      );
      assert.equal(
        sha(join(b.out, file.path)),
        file.sha256,
        `${file.path} differs between two runs`,
      );
    }
    assert.equal(sha(join(a.out, 'manifest.json')), sha(join(b.out, 'manifest.json')));
    const other = new Map(c.manifest.files.map((f) => [f.path, f.sha256]));
    for (const file of a.manifest.files.filter((f) => /^(logs|pcap|ooni)\//.test(f.path)))
      assert.notEqual(other.get(file.path), file.sha256, `${file.path} ignores the seed`);
    assert.deepEqual(c.groundTruth, a.groundTruth);
  });
});
