/**
 * Store throughput: points written per second through the Store interface, and the time to
 * read one entity's year of 5-minute points. Usage:
 *   npx tsx bench/store-write.ts [duckdb|memory] [points=5000000]
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SignalPoint } from '../src/model/signal.js';
import { createDuckDBStore } from '../src/store/duckdb.js';
import { createMemoryStore } from '../src/store/memory.js';
import type { Store } from '../src/store/store.js';

const kind = process.argv[2] ?? 'duckdb';
const total = Number(process.argv[3] ?? 5_000_000);
const BATCH = 100_000;
const YEAR_BINS = 365 * 288;
const T0 = Date.UTC(2022, 0, 1) / 1000;

const dir = mkdtempSync(join(tmpdir(), 'nightlight-bench-'));
const path = join(dir, 'bench.duckdb');
const store: Store = kind === 'memory' ? createMemoryStore() : await createDuckDBStore({ path });

// The traffic collector's shape: per bin, one point for each of 500 ASNs, 2 signals.
function batch(offset: number): SignalPoint[] {
  const points: SignalPoint[] = new Array<SignalPoint>(BATCH);
  for (let i = 0; i < BATCH; i++) {
    const n = offset + i;
    const slot = n % 1000;
    points[i] = {
      entity: `asn/${64500 + (slot >> 1)}`,
      signal: slot & 1 ? 'traffic.requests' : 'traffic.ips',
      source: 'web-1',
      bin: T0 + Math.floor(n / 1000) * 300,
      value: n % 97 === 0 ? null : n % 1000,
      coverage: 1,
    };
  }
  return points;
}

let writeMs = 0;
for (let offset = 0; offset < total; offset += BATCH) {
  const points = batch(offset); // built outside the timer: we measure the store
  const started = performance.now();
  await store.writePoints(points);
  writeMs += performance.now() - started;
}
const year: SignalPoint[] = Array.from({ length: YEAR_BINS }, (_, i) => ({
  entity: 'country/KZ',
  signal: 'bgp.slash24',
  source: 'rrc00',
  bin: T0 + i * 300,
  value: 1000 + (i % 288),
  coverage: 1,
}));
await store.writePoints(year);
const readStarted = performance.now();
const [series] = await store.readSeries({
  entity: 'country/KZ',
  from: T0,
  to: T0 + YEAR_BINS * 300,
});
const readMs = performance.now() - readStarted;
if (series?.bins.length !== YEAR_BINS)
  throw new Error(`read ${series?.bins.length} points, expected ${YEAR_BINS}`);
const aggStarted = performance.now();
const hourly = await store.aggregateSeries({
  entity: 'country/KZ',
  signal: 'bgp.slash24',
  from: T0,
  to: T0 + YEAR_BINS * 300,
  stepSeconds: 3600,
  combine: 'mean',
});
const aggMs = performance.now() - aggStarted;
await store.close();

console.log(
  `store: ${kind}, ${total.toLocaleString('en')} points in batches of ${BATCH.toLocaleString('en')}`,
);
console.log(
  `write: ${(total / (writeMs / 1000) / 1e6).toFixed(2)} M points/s (${(writeMs / 1000).toFixed(2)} s)`,
);
console.log(
  `read one entity's year of 5-min points (${YEAR_BINS.toLocaleString('en')}): ${readMs.toFixed(0)} ms`,
);
console.log(
  `aggregate that year to ${hourly.length.toLocaleString('en')} hourly means in SQL: ${aggMs.toFixed(0)} ms`,
);
if (kind === 'duckdb') console.log(`file size: ${(statSync(path).size / 2 ** 20).toFixed(0)} MiB`);
rmSync(dir, { recursive: true, force: true });
