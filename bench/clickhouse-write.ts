/**
 * Benchmark: write N five-minute points through the ClickHouse store into a local two-shard
 * cluster, then read one entity's year back. Usage:
 *   npx tsx bench/clickhouse-write.ts [points=2000000] [points-per-writePoints-call=100000]
 * The store splits a call into INSERTs of 100k rows, two in flight; a 100k call is one INSERT.
 */
import { performance } from 'node:perf_hooks';
import type { SignalPoint } from '../src/model/signal.js';
import { createClickHouseStore, parseClickHouseUrl } from '../src/store/clickhouse.js';
import { startClickHouseCluster } from '../test/support/clickhouse-cluster.js';

const STEP = 300;
const YEAR_BINS = (365 * 86400) / STEP; // 105,120
const T0 = Date.UTC(2022, 0, 1) / 1000;

const total = Number(process.argv[2] ?? 2_000_000);
const batch = Number(process.argv[3] ?? 100_000);
if (!Number.isSafeInteger(total) || total <= 0 || !Number.isSafeInteger(batch) || batch <= 0) {
  throw new Error(
    `Cannot run benchmark: expected positive point and batch counts, found ${process.argv.slice(2).join(' ')}`,
  );
}
// Few enough entities that each gets a full year (when N allows); written time-major, as
// collectors do.
const entities = Math.max(1, Math.floor(total / YEAR_BINS));

function* points(): Generator<SignalPoint> {
  let written = 0;
  for (let bin = 0; written < total; bin++) {
    for (let e = 0; e < entities && written < total; e++, written++) {
      const unknown = (bin * 7 + e) % 100 === 0;
      yield {
        entity: `asn/${64512 + e}`,
        signal: 'bgp.slash24',
        source: 'bench',
        bin: T0 + bin * STEP,
        value: unknown ? null : 1000 + ((bin * 31 + e * 17) % 500),
        coverage: unknown ? 0 : 1,
      };
    }
  }
}

const cluster = await startClickHouseCluster({ log: (line) => console.log(line) });
try {
  const store = await createClickHouseStore(
    parseClickHouseUrl(cluster.storeUrl('nightlight_bench')),
  );
  try {
    console.log(
      `Writing ${total.toLocaleString('en')} points for ${entities} entities, ${batch.toLocaleString('en')} per writePoints call`,
    );
    const started = performance.now();
    let pending: SignalPoint[] = [];
    for (const point of points()) {
      pending.push(point);
      if (pending.length === batch) {
        await store.writePoints(pending);
        pending = [];
      }
    }
    if (pending.length > 0) await store.writePoints(pending);
    const writeSeconds = (performance.now() - started) / 1000;
    console.log(
      `write: ${writeSeconds.toFixed(2)} s, ${Math.round(total / writeSeconds).toLocaleString('en')} points/s`,
    );

    let t = performance.now();
    const info = await store.info();
    console.log(
      `info: ${info.points.toLocaleString('en')} points in ${info.series} series, ${(performance.now() - t).toFixed(0)} ms`,
    );
    if (info.points !== total)
      throw new Error(`Cannot verify write: expected ${total} points, found ${info.points}`);

    const query = { entity: 'asn/64512', from: T0, to: T0 + YEAR_BINS * STEP };
    const times: number[] = [];
    for (let run = 0; run < 5; run++) {
      t = performance.now();
      const [series] = await store.readSeries(query);
      times.push(performance.now() - t);
      const expected = Math.min(YEAR_BINS, Math.ceil(total / entities));
      if (series?.bins.length !== expected)
        throw new Error(
          `Cannot verify read: expected ${expected} points, found ${series?.bins.length}`,
        );
    }
    console.log(
      `readSeries one entity-year (${Math.min(YEAR_BINS, Math.ceil(total / entities)).toLocaleString('en')} points): ` +
        `first ${times[0]!.toFixed(0)} ms, median of 5 ${[...times].sort((a, b) => a - b)[2]!.toFixed(0)} ms`,
    );

    t = performance.now();
    const hourly = await store.aggregateSeries({
      ...query,
      signal: 'bgp.slash24',
      stepSeconds: 3600,
      combine: 'mean',
    });
    console.log(
      `aggregateSeries one entity-year to ${hourly.length} hourly bins: ${(performance.now() - t).toFixed(0)} ms`,
    );
  } finally {
    await store.close();
  }
} finally {
  await cluster.stop();
}
