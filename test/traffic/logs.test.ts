/**
 * The log collector on a real Apache log, against counts computed independently with awk
 * (test/fixtures/logs/README.md); re-ingestion and rotated, compressed directories.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import { gzipSync } from 'node:zlib';
import { ingestLogs } from '../../src/collectors/traffic/ingest-logs.js';
import { compileLogFormat } from '../../src/collectors/traffic/log-format.js';
import type { Attributor } from '../../src/geo/attributor.js';
import { createMemoryStore } from '../../src/store/memory.js';
import { dumpSeries, fixture, halvesAttributor } from './support.js';

const LOG = fixture('logs/apache-combined-2015.log');
const SOURCE = 'logs:apache';
let attributor: Attributor;
before(async () => {
  attributor = await halvesAttributor();
});

async function ingest(
  inputs: string[],
  store = createMemoryStore(),
  extra: { restart?: boolean } = {},
) {
  const result = await ingestLogs({
    inputs,
    source: SOURCE,
    store,
    attributor,
    format: compileLogFormat('combined'),
    ...extra,
  });
  return { store, result };
}

/** awk's expectation as the store's keys; entities once busy get zeros in silent bins. */
function expectedSeries(): Map<string, [number | null, number]> {
  const rows = readFileSync(fixture('logs/expected-apache-combined-2015.csv'), 'utf8')
    .trim()
    .split('\n')
    .map((l) => l.split(','));
  const byBin = new Map<number, Map<string, number[]>>();
  for (const [bin, country, asn, ...counts] of rows) {
    const entities = byBin.get(Number(bin)) ?? new Map<string, number[]>();
    byBin.set(Number(bin), entities);
    for (const entity of [`country/${country}`, `asn/${asn}`])
      entities.set(entity, counts.map(Number));
  }
  const bins = [...byBin.keys()].sort((a, b) => a - b);
  const [first, last] = [bins[0]!, bins.at(-1)!];
  const known = new Set<string>();
  const expected = new Map<string, [number | null, number]>();
  for (const bin of bins) {
    const entities = new Set([...byBin.get(bin)!.keys(), ...known]);
    // First and last line at 1431857100 and 1432155959 (awk, README): the last bin is 60 s.
    const coverage = bin === last ? 60 / 300 : bin === first ? (first + 300 - 1431857100) / 300 : 1;
    for (const entity of entities) {
      const [requests, ips, s24, mobileUa] = byBin.get(bin)!.get(entity) ?? [0, 0, 0, 0];
      const mobileNetwork = entity.endsWith('UZ') || entity.endsWith('64501') ? 1 : 0;
      const share = (n: number) => (requests === 0 ? null : n / requests!);
      const values: [string, number | null][] = [
        ['traffic.requests', requests!],
        ['traffic.ips', ips!],
        ['traffic.slash24s', s24!],
        ['traffic.slash48s', 0],
        ['traffic.mobile_network_share', share(mobileNetwork * requests!)],
        ['traffic.mobile_ua_share', share(mobileUa!)],
      ];
      for (const [signal, value] of values)
        expected.set(`${entity} ${signal} ${SOURCE} ${bin}`, [value, coverage]);
      // Busy enough once (traffic.requests' minVolume, 50): zeros from now on when silent.
      if (requests! >= 50) known.add(entity);
    }
  }
  return expected;
}

function assertSameSeries(
  actual: Map<string, [number | null, number]>,
  expected: Map<string, [number | null, number]>,
) {
  assert.equal(actual.size, expected.size, 'number of points');
  for (const [key, [value, coverage]] of expected) {
    const got = actual.get(key);
    assert.ok(got !== undefined, `missing ${key}`);
    assert.ok(
      value === null ? got[0] === null : Math.abs(got[0]! - value) < 1e-12,
      `${key}: ${got[0]} ≠ ${value}`,
    );
    assert.ok(Math.abs(got[1] - coverage) < 1e-6, `${key} coverage: ${got[1]} ≠ ${coverage}`);
  }
}

describe('ingestLogs on the real Apache combined log (2015, 10 000 lines)', () => {
  it('gives exactly the per-bin counts awk computes, and reports the one malformed line', async () => {
    const { store, result } = await ingest([LOG]);
    assert.equal(result.lines, 10000);
    assert.equal(result.accepted, 9999);
    assert.deepEqual(result.issues, { format_mismatch: 1 });
    assert.equal(result.firstIssues[0]!.line, 8899);
    assert.equal(result.firstIssues[0]!.offset, 2111246); // grep -b -n 'bot.html$'
    assertSameSeries(await dumpSeries(store), expectedSeries());
  });

  it('leaves every series unchanged when the same file is ingested again, resumed or restarted', async () => {
    const { store } = await ingest([LOG]);
    const first = await dumpSeries(store);
    const again = await ingest([LOG], store);
    assert.ok(again.result.resumedFrom !== null, 'the second run resumes from the checkpoint');
    assert.deepEqual(await dumpSeries(store), first);
    await ingest([LOG], store, { restart: true });
    assert.deepEqual(await dumpSeries(store), first);
  });

  it('reads a directory of rotated plain, gzip and bzip2 files oldest first, like the whole file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'nightlight-rotated-'));
    const logs = join(dir, 'nginx');
    mkdirSync(logs);
    const lines = readFileSync(LOG, 'latin1').split('\n');
    const part = (i: number) =>
      Buffer.from(lines.slice(i * 2500, (i + 1) * 2500).join('\n') + (i < 3 ? '\n' : ''), 'latin1');
    writeFileSync(join(logs, 'access.log.3.gz'), gzipSync(part(0)));
    writeFileSync(
      join(logs, 'access.log.2.bz2'),
      execFileSync('bzip2', ['-c'], { input: part(1) }),
    );
    writeFileSync(join(logs, 'access.log.1'), part(2));
    writeFileSync(join(logs, 'access.log'), part(3));
    const { expandInputs } = await import('../../src/collectors/input/expand-inputs.js');
    const { orderRotated } = await import('../../src/collectors/traffic/rotated-order.js');
    const files = await expandInputs([logs], orderRotated);
    assert.deepEqual(
      files.map((f) => f.slice(logs.length + 1)),
      ['access.log.3.gz', 'access.log.2.bz2', 'access.log.1', 'access.log'],
    );
    const { store, result } = await ingest(files);
    assert.equal(result.accepted, 9999);
    assertSameSeries(await dumpSeries(store), expectedSeries());
  });
});
