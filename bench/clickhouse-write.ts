/**
 * Benchmark: write N five-minute points through the ClickHouse store into a local two-shard
 * cluster, then read one entity's year back. Usage:
 *   npx tsx bench/clickhouse-write.ts [points=2000000] [points-per-writePoints-call=100000] [--limits]
 * The store splits a call into INSERTs of 100k rows, two in flight; a 100k call is one INSERT.
 * --limits measures the parts instead: the RowBinary encoding alone (no server), and the server
 * alone loading the same rows pre-encoded (no JS work while it runs), as one INSERT and as the
 * store's INSERTs of 100k.
 */
import { performance } from 'node:perf_hooks';
import { Readable } from 'node:stream';
import { ClickHouseLogLevel, createClient } from '@clickhouse/client';
import type { SignalPoint } from '../src/model/signal.js';
import { createClickHouseStore, parseClickHouseUrl } from '../src/store/clickhouse.js';
import {
  startClickHouseCluster,
  type ClickHouseCluster,
} from '../test/support/clickhouse-cluster.js';

const STEP = 300;
const YEAR_BINS = (365 * 86400) / STEP; // 105,120
const T0 = Date.UTC(2022, 0, 1) / 1000;

const INSERT_ROWS = 100_000;

const args = process.argv.slice(2).filter((arg) => arg !== '--limits');
const limits = args.length < process.argv.length - 2;
const total = Number(args[0] ?? 2_000_000);
const batch = Number(args[1] ?? 100_000);
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

const rate = (rows: number, ms: number) =>
  `${(ms / 1000).toFixed(2)} s, ${Math.round((rows * 1000) / ms).toLocaleString('en')} points/s`;

/** The encoder alone, then the server alone on its output: where the store's time goes. */
async function measureLimits(cluster: ClickHouseCluster): Promise<void> {
  // Imported here, so that the store mode also runs on a tree from before RowBinary.
  const { encodePointRows, POINT_COLUMNS } = await import('../src/store/clickhouse-rowbinary.js');
  const all = [...points()];
  // Encoded as the store does: one INSERT's rows at a time, in chunks.
  let parts: Buffer[][] = [];
  const encodeTimes: number[] = [];
  for (let run = 0; run < 3; run++) {
    const started = performance.now();
    const encoded: Buffer[][] = [];
    for (let start = 0; start < total; start += INSERT_ROWS) {
      encoded.push([...encodePointRows(all, start, Math.min(start + INSERT_ROWS, total), 1n)]);
    }
    encodeTimes.push(performance.now() - started);
    parts = encoded;
  }
  const bytes = parts.flat().reduce((sum, chunk) => sum + chunk.length, 0);
  console.log(
    `encode only (RowBinary, ${(bytes / 2 ** 20).toFixed(0)} MiB, best of 3): ${rate(total, Math.min(...encodeTimes))}`,
  );

  const client = createClient({
    url: cluster.nodes[0]!.httpUrl,
    request_timeout: 600_000,
    log: { level: ClickHouseLogLevel.OFF },
  });
  /** Loads the INSERTs, two in flight, into fresh tables through the Distributed table. */
  const load = async (database: string, inserts: readonly (readonly Buffer[])[]) => {
    await (await createClickHouseStore(parseClickHouseUrl(cluster.storeUrl(database)))).close();
    const insert = async (body: readonly Buffer[]) => {
      const result = await client.exec({
        query: `INSERT INTO ${database}.points (${POINT_COLUMNS}) FORMAT RowBinary`,
        values: Readable.from(body),
        clickhouse_settings: { insert_distributed_sync: 1 },
      });
      result.stream.resume();
    };
    const started = performance.now();
    const running = new Set<Promise<void>>();
    for (const body of inserts) {
      if (running.size >= 2) await Promise.race(running);
      const pending: Promise<void> = insert(body).finally(() => running.delete(pending));
      running.add(pending);
    }
    await Promise.all(running);
    const elapsed = performance.now() - started;
    const result = await client.query({
      query: `SELECT count() AS rows FROM ${database}.points`,
      format: 'JSONEachRow',
    });
    const [row] = await result.json<{ rows: string }>();
    if (Number(row?.rows) !== total)
      throw new Error(`Cannot verify load: expected ${total} rows, found ${row?.rows}`);
    return elapsed;
  };
  try {
    const oneMs = await load('nightlight_bench_one', [[Buffer.concat(parts.flat())]]);
    console.log(
      `server only (one pre-encoded RowBinary INSERT of ${total.toLocaleString('en')} rows): ${rate(total, oneMs)}`,
    );
    const partsMs = await load('nightlight_bench_parts', parts);
    console.log(
      `server only (pre-encoded RowBinary, ${INSERT_ROWS.toLocaleString('en')} rows per INSERT, 2 in flight): ${rate(total, partsMs)}`,
    );
  } finally {
    await client.close();
  }
}

/** Writes through the store interface, then reads back; what a collector and the API see. */
async function measureStore(cluster: ClickHouseCluster): Promise<void> {
  const store = await createClickHouseStore(
    parseClickHouseUrl(cluster.storeUrl('nightlight_bench')),
  );
  try {
    console.log(
      `Writing ${total.toLocaleString('en')} points for ${entities} entities, ${batch.toLocaleString('en')} per writePoints call`,
    );
    const started = performance.now();
    let inStore = 0;
    const write = async (batchPoints: SignalPoint[]) => {
      const t0 = performance.now();
      await store.writePoints(batchPoints);
      inStore += performance.now() - t0;
    };
    let pending: SignalPoint[] = [];
    for (const point of points()) {
      pending.push(point);
      if (pending.length === batch) {
        await write(pending);
        pending = [];
      }
    }
    if (pending.length > 0) await write(pending);
    // The first figure includes building the points, as it always has; the second is the store.
    console.log(
      `write: ${rate(total, performance.now() - started)} (in writePoints alone: ${rate(total, inStore)})`,
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
}

const cluster = await startClickHouseCluster({ log: (line) => console.log(line) });
try {
  await (limits ? measureLimits(cluster) : measureStore(cluster));
} finally {
  await cluster.stop();
}
