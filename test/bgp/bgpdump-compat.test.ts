/**
 * `mrt dump --format bgpdump` against bgpdump itself: RIPE's own expected outputs for its
 * test files (bgpdump -vm, newer than Debian's), and Debian bgpdump 1.6.2 for the lab samples.
 * Where we differ from bgpdump on purpose, our reviewed output is in fixtures/mrt/nightlight/
 * and docs/design/0005-mrt-reader.md says why.
 */
import assert from 'node:assert/strict';
import { existsSync, readdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import { describe, it } from 'node:test';
import {
  bgpdumpLines,
  firstDifference,
  localFixtures,
  readLines,
  sharedFixtures,
} from './mrt-fixtures.js';

describe('bgpdump -m compatibility', () => {
  const shared = join(sharedFixtures(), 'ripe-bgpdump');
  const local = join(localFixtures, 'ripe-bgpdump');
  const ripe = readdirSync(join(shared, 'expected'))
    .map((name) => name.replace(/\.bgp\.gz$/, ''))
    .filter((name) => existsSync(join(shared, name)));

  it('covers every RIPE test file that has an expected output', () => {
    assert.equal(ripe.length, 11);
  });

  for (const name of ripe) {
    it(`prints what bgpdump prints for ripe-bgpdump/${name}`, async () => {
      const dir = existsSync(join(local, name)) ? local : shared;
      const expected = readLines(join(dir, 'expected', `${name}.bgp.gz`));
      const actual = await bgpdumpLines(join(dir, name));
      assert.ok(expected.length > 0);
      assert.equal(firstDifference(actual, expected), null);
    });
  }

  const golden = join(localFixtures, 'bgpdump-1.6.2');
  for (const file of readdirSync(golden)) {
    const name = basename(file, '.bgp.gz');
    it(`prints what Debian bgpdump 1.6.2 prints for ${name}, or our reviewed difference`, async () => {
      const source = existsSync(join(localFixtures, 'lab-samples', name))
        ? join(localFixtures, 'lab-samples', name)
        : join(localFixtures, 'ryu', name);
      const ours = join(localFixtures, 'nightlight', `${name}.bgp.gz`);
      const expected = readLines(existsSync(ours) ? ours : join(golden, file));
      assert.equal(firstDifference(await bgpdumpLines(source), expected), null);
    });
  }
});
