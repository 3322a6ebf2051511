/**
 * `nightlight mrt dump` as a person runs it: a real process, bgpdump lines on stdout,
 * JSON Lines that parse, and exit code 65 with the offset on stderr for a corrupt file.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { localFixtures, readLines } from './mrt-fixtures.js';

const entry = join(import.meta.dirname, '../../src/cli/entry.ts');
const updates = join(localFixtures, 'ripe-bgpdump/updates.20020722.2238.gz');

function nightlight(args: string[]) {
  const result = spawnSync(
    process.execPath,
    ['--import', import.meta.resolve('tsx'), entry, ...args],
    {
      encoding: 'utf8',
      env: { ...process.env, TZ: 'UTC' },
      maxBuffer: 1 << 28,
    },
  );
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('nightlight mrt dump', () => {
  it('prints bgpdump -m lines by default', () => {
    const { code, stdout } = nightlight(['mrt', 'dump', updates]);
    assert.equal(code, 0);
    assert.deepEqual(
      stdout.trimEnd().split('\n'),
      readLines(join(localFixtures, 'ripe-bgpdump/expected/updates.20020722.2238.gz.bgp.gz')),
    );
  });

  it('prints one JSON object per record with --format jsonl, and per route with --format routes', () => {
    const records = nightlight([
      'mrt',
      'dump',
      '--format',
      'jsonl',
      join(localFixtures, 'lab-samples/quagga_rib'),
    ]);
    assert.equal(records.code, 0);
    const lines = records.stdout
      .trimEnd()
      .split('\n')
      .map(
        (line) =>
          JSON.parse(line) as { header: { type: number }; body: { kind: string; prefix?: string } },
      );
    assert.equal(lines.length, 7);
    assert.equal(lines[0]?.body.kind, 'PEER_INDEX_TABLE');
    assert.equal(lines[1]?.body.prefix, '172.17.0.0/24');
    const routes = nightlight([
      'mrt',
      'dump',
      '--format',
      'routes',
      join(localFixtures, 'lab-samples/quagga_rib'),
    ]);
    const first = JSON.parse(routes.stdout.split('\n')[0]!) as Record<string, unknown>;
    assert.equal(first.prefix, '172.17.0.0/24');
    assert.equal(first.peerIpAddress, '192.168.0.10');
    assert.deepEqual(first.communities, [4259840100, 4259840200, 4259840300]);
  });

  it('reports a corrupt record with its offset on stderr, prints the rest, and exits 65', () => {
    const dir = mkdtempSync(join(tmpdir(), 'nightlight-mrt-'));
    const file = join(dir, 'cut.mrt');
    const bytes = readFileSync(join(localFixtures, 'lab-samples/quagga_rib'));
    writeFileSync(file, bytes.subarray(0, bytes.length - 10));
    const { code, stdout, stderr } = nightlight(['mrt', 'dump', file]);
    assert.equal(code, 65);
    assert.equal(stdout.trimEnd().split('\n').length, 7);
    assert.match(
      stderr,
      /Cannot parse MRT record at offset 860: declared length 239 exceeds remaining 229 bytes/,
    );
  });
});
