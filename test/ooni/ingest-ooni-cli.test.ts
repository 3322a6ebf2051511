/**
 * `nightlight ingest ooni <fixture dirs>` into a DuckDB file as a person runs it, the series
 * read back, and a second ingest of the same inputs leaving every series identical.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { openStore } from '../../src/store/open-store.js';
import type { SeriesColumns } from '../../src/model/signal.js';

const dir = mkdtempSync(join(tmpdir(), 'nightlight-ooni-cli-'));
const entry = join(import.meta.dirname, '../../src/cli/entry.ts');
const fixtures = join(import.meta.dirname, '../fixtures/ooni');
const db = join(dir, 'ooni.duckdb');

function ingest(...extra: string[]) {
  const result = spawnSync(
    process.execPath,
    [
      '--import',
      import.meta.resolve('tsx'),
      entry,
      '--db',
      db,
      '--json',
      'ingest',
      'ooni',
      join(fixtures, 'measurements'),
      join(fixtures, 'qa'),
      ...extra,
    ],
    { cwd: dir, env: { ...process.env, TZ: 'UTC' }, encoding: 'utf8' },
  );
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

async function snapshot(): Promise<Record<string, unknown>> {
  const store = await openStore(`duckdb:${db}`);
  try {
    const out: Record<string, unknown> = {};
    for (const entity of await store.listEntities()) {
      const series = await store.readSeries({ entity, from: 0, to: 2 ** 31 });
      for (const s of series) out[`${s.entity} ${s.signal} ${s.source}`] = plain(s);
    }
    return out;
  } finally {
    await store.close();
  }
}

function plain(s: SeriesColumns) {
  return {
    bins: [...s.bins],
    values: [...s.values].map((v) => (Number.isNaN(v) ? null : v)),
    coverage: [...s.coverage],
  };
}

describe('nightlight ingest ooni', () => {
  it('writes per-country and per-ASN series, and re-ingesting changes nothing', async () => {
    const first = ingest('--verdicts', join(dir, 'verdicts.jsonl'));
    assert.equal(first.code, 0, first.stderr);
    const report = JSON.parse(first.stdout) as {
      measurements: number;
      keptAside: Record<string, { count: number }>;
      issues: Record<string, number>;
    };
    assert.equal(report.measurements, 47 + 50);
    assert.equal(report.keptAside.torsf?.count, 3);
    assert.deepEqual(report.issues, { unreadable: 1, not_measurement: 3, malformed: 1 });
    assert.match(first.stderr, /meek3\.json:1: malformed: probe_cc is not a country code: missing/);
    assert.equal(readFileSync(join(dir, 'verdicts.jsonl'), 'utf8').trim().split('\n').length, 97);

    const once = await snapshot();
    // The Iranian mobile measurement of facebook.com (2022-08-15 19:01 UTC) as a blocked bin.
    const bin = Date.UTC(2022, 7, 15, 19) / 1000;
    const ir = once['asn/197207 ooni.web.blocked_share ooni'] as ReturnType<typeof plain>;
    const at = ir.bins.indexOf(bin);
    assert.ok(at >= 0, 'the IR bin is stored');
    // Two measurements in that hour: facebook.com blocked, yooz.ir down (not decisive).
    assert.equal(ir.values[at], 1);
    assert.equal(ir.coverage[at], 0.5);
    const low = once['asn/197207 ooni.web.blocked_share_low ooni'] as ReturnType<typeof plain>;
    assert.ok((low.values[at] ?? 1) < 0.5, 'one measurement gives a wide interval');
    assert.ok('country/IR ooni.web.mobile.measurements ooni' in once);
    assert.ok('country/US ooni.signal.blocked ooni' in once);

    const second = ingest();
    assert.equal(second.code, 0, second.stderr);
    assert.deepEqual(await snapshot(), once);
  });
});
