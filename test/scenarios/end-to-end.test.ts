/**
 * The demo's path end to end on the tiny scenario: generated, then ingested through the same
 * `nightlight ingest …` commands a user runs into a real DuckDB file. The blackholed network's
 * traffic series drops to zero in exactly the scripted bins, other bins and the other network
 * keep their traffic, and the ground truth names the network with that interval.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { main } from '../../src/cli/main.js';
import type { LabelledCase } from '../../src/model/ground-truth.js';
import { openStore } from '../../src/store/open-store.js';
import { TINY, utc } from './support.js';

describe('scenario end to end', () => {
  it('a blackholed network drops to zero in the scripted bins, and the ground truth says so', async () => {
    const out = mkdtempSync(join(tmpdir(), 'nightlight-demo-'));
    const db = join(out, 'demo.duckdb');
    const code = await main([
      '--db',
      db,
      '--json',
      'demo',
      '--scenario',
      TINY,
      '--out',
      out,
      '--no-serve',
    ]);
    assert.equal(code, 0);
    const [cutFrom, cutTo] = [utc('2022-01-04T06:00:00Z'), utc('2022-01-04T09:00:00Z')];
    const store = await openStore(`duckdb:${db}`);
    try {
      const read = async (entity: string, signal = 'traffic.requests') => {
        const [series] = await store.readSeries({
          entity,
          signals: [signal],
          from: utc('2022-01-04T03:00:00Z'),
          to: utc('2022-01-04T12:00:00Z'),
        });
        assert.ok(series !== undefined, `${entity} has a ${signal} series`);
        const { bins, values } = series;
        return [...bins].map((bin, i) => [bin, values[i]!] as const);
      };
      for (const [bin, value] of await read('asn/64500')) {
        if (bin >= cutFrom && bin < cutTo) assert.equal(value, 0, `bin ${bin} inside the cut`);
        else assert.ok(value > 20, `bin ${bin} outside the cut has ${value}`);
      }
      for (const [bin, value] of await read('asn/64501'))
        assert.ok(value > 20, `the other network keeps its traffic at ${bin}`);
      // The MRT step: part of AS64500's routes are withdrawn during the cut, then return, and
      // every bin in between is known (the state carries over between updates).
      const visible = await read('asn/64500', 'bgp.slash24s');
      const before = visible.find(([bin]) => bin === cutFrom - 3600)![1];
      assert.equal(visible.length, (12 - 3) * 12, 'one point per 5-minute bin');
      for (const [bin, value] of visible) {
        if (bin >= cutFrom + 600 && bin < cutTo) assert.ok(value < before, `bin ${bin}: ${value}`);
        if (bin < cutFrom || bin >= cutTo + 600) assert.equal(value, before, `bin ${bin}`);
      }
      const entities = await store.listEntities();
      for (const e of ['asn/64500', 'asn/64501', 'country/KZ', 'region/KZ-71', 'region/KZ-75'])
        assert.ok(entities.includes(e), e);
    } finally {
      await store.close();
    }
    const truth = JSON.parse(readFileSync(join(out, 'case.json'), 'utf8')) as LabelledCase;
    const cut = truth.expected.find((e) => e.mechanisms.includes('blackhole-routes-up'));
    assert.ok(cut !== undefined);
    assert.deepEqual(cut.affected, [
      { entity: 'asn/64500', intervals: [{ start: cutFrom, end: cutTo }] },
    ]);
    assert.equal(cut.scope, 'single-network');
    assert.equal(cut.access, 'fixed');
  });
});
