/**
 * The embedded default store: one DuckDB file. Inserts go through the Appender inside a
 * transaction with their checkpoint; reads deduplicate and aggregate in SQL. Errors: a file
 * that cannot be opened (locked by another process, not a database) is 'store_unavailable'.
 */
import {
  DuckDBInstance,
  listValue,
  type DuckDBAppender,
  type DuckDBConnection,
  type DuckDBValue,
} from '@duckdb/node-api';
import type { EntityId } from '../model/entity.js';
import { NightlightError, messageOf } from '../model/failure.js';
import type { OutageEvent } from '../model/event.js';
import { eventEntities } from '../model/event.js';
import type { Combine } from '../model/signal.js';
import { appendColumns, appendPoints } from './duckdb-append.js';
import { readSeriesColumns } from './duckdb-read.js';
import { DUCKDB_SCHEMA } from './duckdb-schema.js';
import { createSeriesIds, type SeriesRow } from './series-ids.js';
import {
  countColumnPoints,
  validateAggregate,
  validateColumns,
  validatePoints,
  validateRange,
} from './series-key.js';
import type { Checkpoint, EventQuery, SeriesInfo, Store } from './store.js';

export interface DuckDBStoreOptions {
  /** Database file, created when missing; `:memory:` for a throwaway store. */
  readonly path: string;
}

const COMBINE_SQL: Record<Combine, string> = { sum: 'sum', mean: 'avg', max: 'max', min: 'min' };

export async function createDuckDBStore(options: DuckDBStoreOptions): Promise<Store> {
  const { path } = options;
  let instance: DuckDBInstance;
  try {
    instance = await DuckDBInstance.create(path);
  } catch (error) {
    throw new NightlightError(
      'store_unavailable',
      `Cannot open DuckDB store ${path}: ${messageOf(error)}`,
      { cause: error },
    );
  }
  const connection = await instance.connect();
  await connection.run(DUCKDB_SCHEMA);

  const rows = await readRows(connection, 'SELECT id, entity, signal, source FROM series');
  const seriesIds = createSeriesIds(
    rows.map(
      ([id, entity, signal, source]) => ({ id: Number(id), entity, signal, source }) as SeriesRow,
    ),
  );
  const [[maxVersion]] = (await readRows(
    connection,
    'SELECT coalesce(max(version), -1) FROM points',
  )) as [[bigint]];
  let nextVersion = Number(maxVersion) + 1;

  // One connection, one transaction at a time: callers may overlap their promises.
  let queue: Promise<unknown> = Promise.resolve();
  function serialized<T>(work: () => Promise<T>): Promise<T> {
    const run = queue.then(work, work);
    queue = run.catch(() => undefined);
    return run;
  }

  async function inTransaction(work: () => Promise<void>): Promise<void> {
    await connection.run('BEGIN TRANSACTION');
    try {
      await work();
      await connection.run('COMMIT');
    } catch (error) {
      await connection.run('ROLLBACK');
      throw error;
    }
  }

  async function upsertCheckpoint(checkpoint: Checkpoint) {
    await connection.run('INSERT OR REPLACE INTO checkpoints VALUES ($1, $2, $3)', [
      checkpoint.source,
      JSON.stringify(checkpoint.position),
      checkpoint.updatedAt,
    ]);
  }

  /** One write: new series, then the points, then the checkpoint, in one transaction. */
  async function writeBatch(
    resolve: () => { ids: Int32Array; added: SeriesRow[] },
    append: (appender: DuckDBAppender, ids: Int32Array, firstVersion: number) => void,
    count: number,
    checkpoint: Checkpoint | undefined,
  ) {
    const { ids, added } = resolve();
    // A lone surrogate would become U+FFFD in UTF-8 and merge two series: refuse it. Only
    // new series need the check, so the hot path stays free of it.
    const malformed = added.find(
      (row) => ![row.entity, row.signal, row.source].every((name) => name.isWellFormed()),
    );
    if (malformed !== undefined) {
      seriesIds.forget(added);
      throw new NightlightError(
        'bad_input',
        `Cannot write signal points: series name is not well-formed Unicode: ${JSON.stringify([malformed.entity, malformed.signal, malformed.source])}`,
      );
    }
    const firstVersion = nextVersion;
    try {
      await inTransaction(async () => {
        if (added.length > 0) {
          const appender = await connection.createAppender('series');
          for (const row of added) {
            appender.appendInteger(row.id);
            appender.appendVarchar(row.entity);
            appender.appendVarchar(row.signal);
            appender.appendVarchar(row.source);
            appender.endRow();
          }
          appender.closeSync();
        }
        const appender = await connection.createAppender('points');
        append(appender, ids, firstVersion);
        appender.closeSync();
        if (checkpoint !== undefined) await upsertCheckpoint(checkpoint);
      });
      nextVersion = firstVersion + count;
    } catch (error) {
      seriesIds.forget(added);
      throw error;
    }
  }

  return {
    kind: 'duckdb',

    async writePoints(points, checkpoint) {
      validatePoints(points);
      return serialized(() =>
        writeBatch(
          () => seriesIds.resolve(points),
          (appender, ids, firstVersion) => appendPoints(appender, points, ids, firstVersion),
          points.length,
          checkpoint,
        ),
      );
    },

    async writeColumns(blocks, checkpoint) {
      validateColumns(blocks);
      return serialized(() =>
        writeBatch(
          () => seriesIds.resolveColumns(blocks),
          (appender, ids, firstVersion) => appendColumns(appender, blocks, ids, firstVersion),
          countColumnPoints(blocks),
          checkpoint,
        ),
      );
    },

    async readSeries(query) {
      validateRange(query);
      return serialized(() => readSeriesColumns(connection, query));
    },

    async aggregateSeries(query) {
      validateAggregate(query);
      return serialized(async () => {
        // Deduplicate only the wanted series: filtering after the latest_points view would
        // deduplicate the whole table first.
        const sql = `
          WITH latest AS (
            SELECT p.bin, arg_max_null(p.value, p.version) AS value, arg_max(p.coverage, p.version) AS coverage
            FROM points p JOIN (SELECT id FROM series WHERE entity = $entity AND signal = $signal) s ON s.id = p.series_id
            WHERE p.bin >= $from AND p.bin < $to
            GROUP BY p.series_id, p.bin)
          SELECT (bin // $step) * $step AS bin, ${COMBINE_SQL[query.combine]}(value) AS value,
                 avg(coverage)::DOUBLE AS coverage, count(*) AS points
          FROM latest GROUP BY 1 ORDER BY 1`;
        const rows = await readRows(connection, sql, {
          step: query.stepSeconds,
          entity: query.entity,
          signal: query.signal,
          from: query.from,
          to: query.to,
        });
        return rows.map(([bin, value, coverage, points]) => ({
          bin: Number(bin),
          value: value === null ? null : Number(value),
          coverage: Number(coverage),
          points: Number(points),
        }));
      });
    },

    listSeries(filter = {}) {
      return serialized(async () => {
        const rows = await readRows(
          connection,
          `SELECT s.entity, s.signal, s.source, min(p.bin), max(p.bin), count(DISTINCT p.bin)
           FROM series s JOIN points p ON p.series_id = s.id
           WHERE ($entity IS NULL OR s.entity = $entity) AND ($signal IS NULL OR s.signal = $signal)
           GROUP BY ALL ORDER BY 1, 2, 3`,
          { entity: filter.entity ?? null, signal: filter.signal ?? null },
        );
        return rows.map(([entity, signal, source, first, last, points]): SeriesInfo => ({
          entity: String(entity),
          signal: String(signal),
          source: String(source),
          first: Number(first),
          last: Number(last),
          points: Number(points),
        }));
      });
    },

    listEntities() {
      return serialized(async () => {
        const rows = await readRows(connection, 'SELECT DISTINCT entity FROM series ORDER BY 1');
        return rows.map(([entity]): EntityId => String(entity));
      });
    },

    writeEvents(events) {
      return serialized(() =>
        inTransaction(async () => {
          for (const event of events) {
            await connection.run('INSERT OR REPLACE INTO events VALUES ($1, $2, $3, $4, $5)', [
              event.id,
              event.start,
              event.end,
              listValue(eventEntities(event)),
              JSON.stringify(event),
            ]);
          }
        }),
      );
    },

    retractEvents(ids) {
      if (ids.length === 0) return Promise.resolve();
      return serialized(() =>
        connection
          .run('DELETE FROM events WHERE list_contains($1, id)', [listValue([...ids])])
          .then(() => undefined),
      );
    },

    queryEvents(query: EventQuery = {}) {
      return serialized(async () => {
        const rows = await readRows(
          connection,
          `SELECT body FROM events
           WHERE ($from IS NULL OR end_time IS NULL OR end_time > $from)
             AND ($to IS NULL OR start_time < $to)
             AND ($entity IS NULL OR list_contains(entities, $entity))
             AND ($status IS NULL OR ($status = 'open') = (end_time IS NULL))
           ORDER BY start_time, id`,
          {
            from: query.from ?? null,
            to: query.to ?? null,
            entity: query.entity ?? null,
            status: query.status ?? null,
          },
        );
        return rows.map(([body]) => JSON.parse(String(body)) as OutageEvent);
      });
    },

    getCheckpoint(source) {
      return serialized(async () => {
        const [row] = await readRows(
          connection,
          'SELECT position, updated_at FROM checkpoints WHERE source = $1',
          [source],
        );
        if (row === undefined) return undefined;
        return {
          source,
          position: JSON.parse(String(row[0])) as unknown,
          updatedAt: Number(row[1]),
        };
      });
    },

    putCheckpoint(checkpoint) {
      return serialized(() => upsertCheckpoint(checkpoint));
    },

    info() {
      return serialized(async () => {
        const [[series, points, events, checkpoints] = []] = await readRows(
          connection,
          `SELECT (SELECT count(*) FROM series), (SELECT count(*) FROM (SELECT DISTINCT series_id, bin FROM points)),
                  (SELECT count(*) FROM events), (SELECT count(*) FROM checkpoints)`,
        );
        return {
          kind: 'duckdb' as const,
          location: path,
          series: Number(series),
          points: Number(points),
          events: Number(events),
          checkpoints: Number(checkpoints),
        };
      });
    },

    close() {
      return serialized(async () => {
        connection.closeSync();
        instance.closeSync();
      });
    },
  };
}

/** Runs a query and returns its rows as arrays of JS values (small results only). */
async function readRows(
  connection: DuckDBConnection,
  sql: string,
  values?: DuckDBValue[] | Record<string, DuckDBValue>,
): Promise<DuckDBValue[][]> {
  const reader = await connection.runAndReadAll(sql, values);
  return reader.getRows();
}
