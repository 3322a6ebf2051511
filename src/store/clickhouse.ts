/**
 * The ClickHouse store: append-only ReplacingMergeTree tables, sharded by entity through
 * Distributed tables when the URL names a cluster, deduplicated by version on every read
 * (clickhouse-sql.ts). An unreachable host or shard throws 'store_unavailable' naming it; bad
 * input throws 'bad_input' before anything is sent.
 */
import { get as httpGet } from 'node:http';
import { get as httpsGet } from 'node:https';
import { Readable } from 'node:stream';
import { ClickHouseLogLevel, createClient, type ClickHouseClient } from '@clickhouse/client';
import type { OutageEvent } from '../model/event.js';
import { NightlightError } from '../model/failure.js';
import type { AggregatePoint, SeriesColumns, SignalPoint } from '../model/signal.js';
import {
  describeConnectionError,
  isConnectionError,
  isShardUnreachable,
  toStoreError,
} from './clickhouse-errors.js';
import { encodePointRows, POINT_COLUMNS } from './clickhouse-rowbinary.js';
import {
  checkpointLine,
  decodePosition,
  eventLines,
  retractionLines,
  reserveVersions,
  validatePointRows,
} from './clickhouse-rows.js';
import {
  aggregateSql,
  getCheckpointSql,
  infoSql,
  listEntitiesSql,
  listSeriesSql,
  queryEventsSql,
  readSeriesSql,
  schemaStatements,
  tableNames,
} from './clickhouse-sql.js';
import { formatClickHouseLocation, type ClickHouseOptions } from './clickhouse-url.js';
import {
  pointsOfColumns,
  validateAggregate,
  validateColumns,
  validatePoints,
  validateRange,
} from './series-key.js';
import type { Checkpoint, Store } from './store.js';

export { parseClickHouseUrl, type ClickHouseOptions } from './clickhouse-url.js';

const DEFAULT_BATCH_SIZE = 100_000;
const DEFAULT_REQUEST_TIMEOUT_MS = 300_000;
const PING_TIMEOUT_MS = 5_000;
/** One INSERT is being encoded while the previous one is parsed and written by the server. */
const INSERTS_IN_FLIGHT = 2;

interface Host {
  readonly address: string;
  readonly client: ClickHouseClient;
}

/** Connects to the first reachable host and creates the schema on every reachable host. */
export async function createClickHouseStore(options: ClickHouseOptions): Promise<Store> {
  const location = formatClickHouseLocation(options);
  const tables = tableNames(options.database);
  // Points as RowBinary, cheaper than JSON to encode here and to parse there; the columns are
  // named so that the encoder's order is the one that counts. Events and checkpoints are few.
  const inserts = {
    points: `INSERT INTO ${tables.points} (${POINT_COLUMNS}) FORMAT RowBinary`,
    events: `INSERT INTO ${tables.events} FORMAT JSONEachRow`,
    checkpoints: `INSERT INTO ${tables.checkpoints} FORMAT JSONEachRow`,
  };
  const clustered = options.cluster !== undefined;
  const batchSize = options.batchSize ?? DEFAULT_BATCH_SIZE;
  const protocol = options.secure === true ? 'https' : 'http';
  const hosts: Host[] = options.hosts.map((address) => ({
    address,
    client: createClient({
      url: `${protocol}://${address}`,
      ...(options.username === undefined ? {} : { username: options.username }),
      ...(options.password === undefined ? {} : { password: options.password }),
      request_timeout: options.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS,
      log: { level: ClickHouseLogLevel.OFF },
    }),
  }));
  const closeAll = async () => {
    await Promise.all(hosts.map((h) => h.client.close()));
  };

  const pings = await Promise.all(hosts.map((h) => ping(protocol, h.address)));
  const reachable = hosts.filter((_, i) => pings[i] === undefined);
  if (reachable.length === 0) {
    await closeAll();
    const problems = hosts.map((h, i) => `${h.address} (${pings[i]})`).join(', ');
    throw new NightlightError(
      'store_unavailable',
      `Cannot open ClickHouse store ${location}: no host answers: ${problems}`,
    );
  }
  let primary = hosts.indexOf(reachable[0]!);

  /**
   * Runs one request on the current host, moving on to the next host when this one cannot be
   * reached at all. Every request we send is idempotent, so a retry elsewhere is safe.
   */
  async function run<T>(
    action: string,
    body: (client: ClickHouseClient) => Promise<T>,
  ): Promise<T> {
    const failures: string[] = [];
    for (let attempt = 0; attempt < hosts.length; attempt++) {
      const index = (primary + attempt) % hosts.length;
      const host = hosts[index]!;
      try {
        const result = await body(host.client);
        primary = index;
        return result;
      } catch (error) {
        if (!isConnectionError(error)) throw toStoreError(error, action, host.address);
        failures.push(`${host.address} (${describeConnectionError(error)})`);
      }
    }
    throw new NightlightError(
      'store_unavailable',
      `Cannot ${action}: no ClickHouse host of ${location} answers: ${failures.join(', ')}`,
    );
  }

  async function select<T>(action: string, query: string): Promise<T[]> {
    return run(action, async (client) => {
      // Buffered on the server, so that an error after the first rows arrives as an HTTP
      // error instead of text appended to a 200 response (18.16 has no exception marker).
      const result = await client.query({
        query,
        format: 'JSONEachRow',
        clickhouse_settings: { wait_end_of_query: 1 },
      });
      const rows: T[] = [];
      for await (const chunk of result.stream<T>()) {
        for (const row of chunk) rows.push(row.json());
      }
      return rows;
    });
  }

  /**
   * Streams one INSERT (`query` names the table and the FORMAT) with the chunks of `body`, which
   * is called again for a retry.
   */
  async function insert(action: string, query: string, body: () => Iterable<string | Buffer>) {
    await run(action, async (client) => {
      const send = async (sync: 0 | 1) => {
        const result = await client.exec({
          query,
          values: Readable.from(body()),
          clickhouse_settings: clustered ? { insert_distributed_sync: sync } : {},
        });
        result.stream.resume();
      };
      try {
        // Synchronous through the Distributed table, so a write is readable once it resolves.
        await send(1);
      } catch (error) {
        if (!clustered || !isShardUnreachable(error)) throw error;
        // A shard is down: the Distributed table queues the rows on this host's disk and
        // delivers them when the shard returns. Rows the failed attempt already wrote are
        // written again with the same versions, which reads deduplicate.
        await send(0);
      }
    });
  }

  // Local and Distributed tables on every host: without ZooKeeper there is no ON CLUSTER. A
  // host down now gets its tables at the next open; until then the other hosts queue its rows.
  for (const host of reachable) {
    for (const statement of schemaStatements(options.database, options.cluster)) {
      try {
        await host.client.command({ query: statement });
      } catch (error) {
        await closeAll();
        throw isConnectionError(error)
          ? new NightlightError(
              'store_unavailable',
              `Cannot create ClickHouse tables on ${host.address}: ${describeConnectionError(error)}`,
            )
          : toStoreError(error, 'create tables', host.address);
      }
    }
  }

  async function putCheckpoint(checkpoint: Checkpoint): Promise<void> {
    const line = checkpointLine(checkpoint);
    await insert('write checkpoint', inserts.checkpoints, () => [line]);
  }

  async function writePoints(
    points: readonly SignalPoint[],
    checkpoint?: Checkpoint,
  ): Promise<void> {
    validatePoints(points);
    validatePointRows(points);
    const firstVersion = reserveVersions(points.length);
    const running = new Set<Promise<void>>();
    const failures: unknown[] = [];
    for (let start = 0; start < points.length && failures.length === 0; start += batchSize) {
      if (running.size >= INSERTS_IN_FLIGHT) await Promise.race(running);
      if (failures.length > 0) break;
      const end = Math.min(start + batchSize, points.length);
      const pending: Promise<void> = insert('write points', inserts.points, () =>
        encodePointRows(points, start, end, firstVersion),
      )
        .catch((error: unknown) => void failures.push(error))
        .finally(() => running.delete(pending));
      running.add(pending);
    }
    // Never return (or throw) while an INSERT of this call is still running.
    await Promise.all(running);
    if (failures.length > 0) throw failures[0];
    // No transactions here: the checkpoint goes last, so a crash in between leaves it behind
    // its data, and re-ingesting from it rewrites points that replace themselves.
    if (checkpoint !== undefined) await putCheckpoint(checkpoint);
  }

  return {
    kind: 'clickhouse',

    writePoints,

    async writeColumns(blocks, checkpoint) {
      validateColumns(blocks);
      // RowBinary rows are built per point anyway: the columns become points here.
      await writePoints(pointsOfColumns(blocks), checkpoint);
    },

    async readSeries(query) {
      validateRange(query);
      // Parallel arrays sorted by bin; value_list holds 0 where unknown_list holds 1.
      type Row = {
        signal: string;
        source: string;
        bin_list: number[];
        value_list: number[];
        unknown_list: number[];
        coverage_list: number[];
      };
      const rows = await select<Row>('read series', readSeriesSql(tables, query));
      return rows.map((row): SeriesColumns => {
        const values = Float64Array.from(row.value_list);
        row.unknown_list.forEach((unknown, i) => {
          if (unknown === 1) values[i] = NaN;
        });
        return {
          entity: query.entity,
          signal: row.signal,
          source: row.source,
          bins: Float64Array.from(row.bin_list),
          values,
          coverage: Float32Array.from(row.coverage_list),
        };
      });
    },

    async aggregateSeries(query) {
      validateAggregate(query);
      type Row = {
        out_bin: string | number;
        points: string | number;
        known_points: string | number;
        combined: number | null;
        coverage: number;
      };
      // The query names one signal; the shared filter takes a list (without it, every signal
      // of the entity was combined).
      const filter = { ...query, signals: [query.signal] };
      const rows = await select<Row>('aggregate series', aggregateSql(tables, filter));
      return rows.map((row): AggregatePoint => ({
        bin: Number(row.out_bin),
        value: Number(row.known_points) === 0 ? null : row.combined,
        coverage: row.coverage,
        points: Number(row.points),
      }));
    },

    async listSeries(filter = {}) {
      type Row = {
        entity: string;
        signal: string;
        source: string;
        first: number;
        last: number;
        points: string | number;
      };
      const rows = await select<Row>('list series', listSeriesSql(tables, filter));
      return rows.map((row) => ({ ...row, points: Number(row.points) }));
    },

    async listEntities() {
      const rows = await select<{ entity: string }>('list entities', listEntitiesSql(tables));
      return rows.map((row) => row.entity);
    },

    async writeEvents(events) {
      const lines = eventLines(events);
      if (lines.length > 0) await insert('write events', inserts.events, () => lines);
    },

    async retractEvents(ids) {
      const lines = retractionLines(ids);
      if (lines.length > 0) await insert('retract events', inserts.events, () => lines);
    },

    async queryEvents(query = {}) {
      const rows = await select<{ e_body: string }>('query events', queryEventsSql(tables, query));
      return rows.map((row) => JSON.parse(row.e_body) as OutageEvent);
    },

    async getCheckpoint(source) {
      type Row = { position: string; updated_at: number };
      const [row] = await select<Row>('read checkpoint', getCheckpointSql(tables, source));
      if (row === undefined) return undefined;
      return { source, position: decodePosition(row.position), updatedAt: row.updated_at };
    },

    putCheckpoint,

    async info() {
      type Row = Record<'series' | 'points' | 'events' | 'checkpoints', string | number>;
      const [row] = await select<Row>('count rows', infoSql(tables));
      return {
        kind: 'clickhouse',
        location,
        series: Number(row?.series ?? 0),
        points: Number(row?.points ?? 0),
        events: Number(row?.events ?? 0),
        checkpoints: Number(row?.checkpoints ?? 0),
      };
    },

    async close() {
      await closeAll();
    },
  };
}

/** undefined when the host answers `/ping`, otherwise why not. */
function ping(protocol: 'http' | 'https', address: string): Promise<string | undefined> {
  // node:http rather than fetch: fetch refuses ports on its "bad port" list, such as 6000.
  const get = protocol === 'https' ? httpsGet : httpGet;
  return new Promise((resolve) => {
    const request = get(
      `${protocol}://${address}/ping`,
      { timeout: PING_TIMEOUT_MS },
      (response) => {
        response.resume();
        const status = response.statusCode ?? 0;
        resolve(status === 200 ? undefined : `ping answered HTTP ${status}`);
      },
    );
    request.on('timeout', () => request.destroy(new Error(`no answer in ${PING_TIMEOUT_MS} ms`)));
    request.on('error', (error) => resolve(describeConnectionError(error)));
  });
}
