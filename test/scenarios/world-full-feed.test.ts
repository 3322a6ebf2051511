/**
 * A total nationwide withdrawal must read as routing visibility zero, not unknown: the
 * collector peers keep the rest of the world's table (src/scenario/world-table.ts), stay
 * full-feed, and the country's /24 count drops to 0 while its routes are gone. Without the
 * world table (and without visitors, whose prefixes are routed too) the same script empties
 * every peer and the bins carry no visibility at all.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { ingestMrt } from '../../src/collectors/bgp/ingest-mrt.js';
import { loadDefaultAttributor } from '../../src/geo/load-attributor.js';
import { readScenarioFile } from '../../src/scenario/load-scenario.js';
import { buildNetworkModel } from '../../src/scenario/network-model.js';
import { createRng } from '../../src/scenario/rng.js';
import { parseScenario, type Scenario } from '../../src/scenario/scenario-schema.js';
import { compileTimeline } from '../../src/scenario/timeline.js';
import { writeGeoTables } from '../../src/scenario/write-geo.js';
import { writeMrt } from '../../src/scenario/write-mrt.js';
import { buildWorldTable } from '../../src/scenario/world-table.js';
import { createMemoryStore } from '../../src/store/memory.js';
import { TINY, utc } from './support.js';

const dirs: string[] = [];
after(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

const [CUT_FROM, CUT_TO] = [utc('2022-01-04T06:00:00Z'), utc('2022-01-04T09:00:00Z')];

async function withdrawAll(world: { ipv4Prefixes: number; ipv6Prefixes: number }, visitors = true) {
  const tiny = await readScenarioFile(TINY);
  const s: Scenario = parseScenario(
    {
      ...tiny,
      time: { from: '2022-01-03T00:00:00Z', to: '2022-01-05T00:00:00Z', stepSeconds: 300 },
      ...(visitors ? {} : { visitors: [] }),
      bgp: { ...tiny.bgp, world: { ...world, churnPerHour: 2 } },
      script: [{ at: '2022-01-04T06:00:00Z', until: '2022-01-04T09:00:00Z', action: 'withdraw' }],
    },
    'withdraw-all',
  );
  const out = mkdtempSync(join(tmpdir(), 'nightlight-world-'));
  dirs.push(out);
  const model = buildNetworkModel(s);
  const table = buildWorldTable(s, model);
  await mkdir(join(out, 'mrt'));
  const geo = await writeGeoTables(s, model, out, table);
  const timeline = compileTimeline(s, model);
  const mrt = await writeMrt(
    s,
    model,
    timeline,
    createRng(s.seed).fork('mrt'),
    join(out, 'mrt'),
    table,
  );
  const store = createMemoryStore();
  await ingestMrt({
    inputs: mrt.files,
    source: 'mrt:test',
    store,
    attributor: await loadDefaultAttributor({
      asnPaths: geo.asnTables,
      countryPaths: geo.countryTables,
    }),
  });
  const [series] = await store.readSeries({
    entity: 'country/KZ',
    signals: ['bgp.slash24s'],
    from: s.time.from,
    to: s.time.to,
  });
  const values = new Map<number, number>();
  series?.bins.forEach((bin, i) => values.set(bin, series.values[i]!));
  return values;
}

describe('a nationwide withdrawal with full-feed peers', () => {
  it('reads as zero /24s visible while the routes are gone, and full again after', async () => {
    const values = await withdrawAll({ ipv4Prefixes: 300, ipv6Prefixes: 30 });
    const total = 40 + 24;
    assert.equal(values.get(CUT_FROM - 3600), total);
    // The withdrawal spreads over a few minutes across peers: judge from the next bin on.
    for (let bin = CUT_FROM + 600; bin < CUT_TO; bin += 300)
      assert.equal(values.get(bin), 0, `bin ${new Date(bin * 1000).toISOString()}`);
    assert.equal(values.get(CUT_TO + 900), total);
  });

  it('without any foreign route the same cut leaves the bins unknown (no point)', async () => {
    const values = await withdrawAll({ ipv4Prefixes: 0, ipv6Prefixes: 0 }, false);
    assert.equal(values.get(CUT_FROM - 3600), 40 + 24);
    assert.equal(values.get(CUT_FROM + 3600), undefined);
  });
});
