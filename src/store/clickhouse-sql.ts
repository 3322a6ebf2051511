/**
 * SQL for the ClickHouse store: DDL and the deduplicating reads, in the subset that both
 * ClickHouse 18.16 and current releases run (no query parameters: values are escaped here).
 *
 * Tables are append-only ReplacingMergeTree(version); every read takes argMax(…, version) per
 * key, so results are exact before merges and across shards. A Nullable column never goes into
 * argMax as it is: argMax skips NULL arguments (a later unknown value would not replace an
 * earlier known one), and 18.16 garbles a NULL inside an argMax tuple sent between shards. So
 * it is read as isNull(x) and ifNull(x, 0), each column by its own argMax (faster than one over
 * a tuple). Rows of one key share a version when they are one write sent twice (same values) or,
 * rarely, when two processes write the key at the same millisecond and batch index; only then
 * could the columns of a read point come from different writes.
 */
import { NightlightError } from '../model/failure.js';

export interface Tables {
  /** Fully qualified names that reads and writes use (Distributed tables in a cluster). */
  readonly points: string;
  readonly events: string;
  readonly checkpoints: string;
}

const COLUMNS = {
  points: `entity String, signal String, source String, bin UInt32,
    value Nullable(Float64), coverage Float32, version UInt64`,
  events: `id String, event_start Float64, event_end Nullable(Float64),
    entities Array(String), body String, version UInt64`,
  checkpoints: `source String, position String, updated_at Float64, version UInt64`,
} as const;

/** Sorting keys are the idempotence keys; months partition points so old data can be dropped. */
const ENGINES = {
  points: `ReplacingMergeTree(version) PARTITION BY toYYYYMM(toDateTime(bin, 'UTC'))
    ORDER BY (entity, signal, source, bin)`,
  events: 'ReplacingMergeTree(version) ORDER BY id',
  checkpoints: 'ReplacingMergeTree(version) ORDER BY source',
} as const;

/** An entity's series stay on one shard, so a series read touches one shard's data. */
const SHARDING_KEYS = {
  points: 'cityHash64(entity)',
  events: 'cityHash64(id)',
  checkpoints: 'cityHash64(source)',
} as const;

type TableName = keyof typeof COLUMNS;
const TABLE_NAMES = Object.keys(COLUMNS) as TableName[];

export function tableNames(database: string): Tables {
  return {
    points: `${database}.points`,
    events: `${database}.events`,
    checkpoints: `${database}.checkpoints`,
  };
}

/** Statements for one host, in order. A cluster gets `<name>_local` tables and Distributed ones. */
export function schemaStatements(database: string, cluster: string | undefined): string[] {
  const statements = [`CREATE DATABASE IF NOT EXISTS ${database}`];
  for (const table of TABLE_NAMES) {
    const local = cluster === undefined ? table : `${table}_local`;
    statements.push(
      `CREATE TABLE IF NOT EXISTS ${database}.${local} (${COLUMNS[table]}) ENGINE = ${ENGINES[table]}`,
    );
    if (cluster !== undefined) {
      statements.push(
        `CREATE TABLE IF NOT EXISTS ${database}.${table} AS ${database}.${local}
        ENGINE = Distributed(${quote(cluster)}, ${quote(database)}, ${quote(local)}, ${SHARDING_KEYS[table]})`,
      );
    }
  }
  return statements;
}

/** A ClickHouse string literal: backslash and quote escaped, everything else literal. */
export function quote(text: string): string {
  return `'${text.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

/** A bin bound as a UInt32-comparable integer: `bin >= from` and `bin < to` keep their meaning. */
export function binBound(time: number): number {
  return Math.min(Math.max(Math.ceil(time), 0), 2 ** 32);
}

interface SeriesFilterSql {
  readonly entity: string;
  readonly from: number;
  readonly to: number;
  readonly signals?: readonly string[];
  readonly source?: string;
}

/** The latest version of a point: its value (0 when unknown), whether unknown, its coverage. */
const LATEST_POINT = `argMax(ifNull(value, 0), version) AS latest_value,
  argMax(isNull(value), version) AS latest_unknown,
  argMax(coverage, version) AS latest_coverage`;

function seriesWhere(filter: SeriesFilterSql): string {
  const conditions = [
    `entity = ${quote(filter.entity)}`,
    `bin >= ${binBound(filter.from)}`,
    `bin < ${binBound(filter.to)}`,
  ];
  if (filter.signals !== undefined)
    conditions.push(
      filter.signals.length === 0 ? '0' : `signal IN (${filter.signals.map(quote).join(', ')})`,
    );
  if (filter.source !== undefined) conditions.push(`source = ${quote(filter.source)}`);
  return conditions.join(' AND ');
}

/**
 * One row per series, its points as four parallel arrays sorted by bin: a third of the bytes of
 * one JSON object per point, and plain arrays of numbers whatever the server version (current
 * releases name tuples built from columns and print them as JSON objects).
 */
export function readSeriesSql(tables: Tables, filter: SeriesFilterSql): string {
  return `SELECT signal, source,
      arrayMap(p -> tupleElement(p, 1), sorted) AS bin_list,
      arrayMap(p -> tupleElement(p, 2), sorted) AS value_list,
      arrayMap(p -> tupleElement(p, 3), sorted) AS unknown_list,
      arrayMap(p -> tupleElement(p, 4), sorted) AS coverage_list
    FROM (
      SELECT signal, source,
        arraySort(groupArray(tuple(bin, latest_value, latest_unknown, latest_coverage))) AS sorted
      FROM (
        SELECT signal, source, bin, ${LATEST_POINT}
        FROM ${tables.points}
        WHERE ${seriesWhere(filter)}
        GROUP BY signal, source, bin
      )
      GROUP BY signal, source
    )
    ORDER BY signal, source`;
}

const COMBINE_SQL = { sum: 'sumIf', mean: 'avgIf', max: 'maxIf', min: 'minIf' } as const;

export function aggregateSql(
  tables: Tables,
  query: SeriesFilterSql & {
    readonly stepSeconds: number;
    readonly combine: keyof typeof COMBINE_SQL;
  },
): string {
  const step = query.stepSeconds;
  return `SELECT out_bin, count() AS points, countIf(known) AS known_points,
      ${COMBINE_SQL[query.combine]}(known_value, known) AS combined, avg(cov) AS coverage
    FROM (
      SELECT intDiv(bin, ${step}) * ${step} AS out_bin,
        latest_unknown = 0 AS known, latest_value AS known_value, latest_coverage AS cov
      FROM (
        SELECT source, bin, ${LATEST_POINT}
        FROM ${tables.points}
        WHERE ${seriesWhere(query)}
        GROUP BY source, bin
      )
    )
    GROUP BY out_bin
    ORDER BY out_bin`;
}

export function listSeriesSql(
  tables: Tables,
  filter: { readonly entity?: string; readonly signal?: string },
): string {
  const conditions: string[] = [];
  if (filter.entity !== undefined) conditions.push(`entity = ${quote(filter.entity)}`);
  if (filter.signal !== undefined) conditions.push(`signal = ${quote(filter.signal)}`);
  // Bins are never deleted, so min and max need no deduplication; the count does.
  return `SELECT entity, signal, source, min(bin) AS first, max(bin) AS last, uniqExact(bin) AS points
    FROM ${tables.points}
    ${conditions.length === 0 ? '' : `WHERE ${conditions.join(' AND ')}`}
    GROUP BY entity, signal, source
    ORDER BY entity, signal, source`;
}

export function listEntitiesSql(tables: Tables): string {
  return `SELECT DISTINCT entity FROM ${tables.points} ORDER BY entity`;
}

export function queryEventsSql(
  tables: Tables,
  query: {
    readonly from?: number;
    readonly to?: number;
    readonly entity?: string;
    readonly status?: 'open' | 'closed';
  },
): string {
  // An empty body is a retraction (clickhouse-rows.ts retractionLines).
  const conditions: string[] = ["e_body != ''"];
  // An unbounded side (undefined or ±Infinity) is no condition at all.
  if (query.from !== undefined && query.from !== -Infinity)
    conditions.push(`(e_open OR e_end > ${number(query.from)})`);
  if (query.to !== undefined && query.to !== Infinity)
    conditions.push(`e_start < ${number(query.to)}`);
  if (query.entity !== undefined) conditions.push(`has(e_entities, ${quote(query.entity)})`);
  if (query.status === 'open') conditions.push('e_open');
  if (query.status === 'closed') conditions.push('NOT e_open');
  // Filters apply to the latest version only: an older version may have had other entities.
  return `SELECT e_body FROM (
      SELECT id, tupleElement(t, 1) AS e_body, tupleElement(t, 2) AS e_start,
        tupleElement(t, 3) = 1 AS e_open, tupleElement(t, 4) AS e_end, tupleElement(t, 5) AS e_entities
      FROM (
        SELECT id,
          argMax(tuple(body, event_start, isNull(event_end), ifNull(event_end, 0), entities), version) AS t
        FROM ${tables.events}
        GROUP BY id
      )
    )
    WHERE ${conditions.join(' AND ')}
    ORDER BY e_start, id`;
}

export function getCheckpointSql(tables: Tables, source: string): string {
  return `SELECT tupleElement(t, 1) AS position, tupleElement(t, 2) AS updated_at
    FROM (
      SELECT argMax(tuple(position, updated_at), version) AS t
      FROM ${tables.checkpoints}
      WHERE source = ${quote(source)}
      GROUP BY source
    )`;
}

export function infoSql(tables: Tables): string {
  // Per series first: one pass gives both counts, 2-3× faster than uniqExact over all 4 keys.
  return `SELECT series, points,
      (SELECT countIf(body != '') FROM (
        SELECT argMax(body, version) AS body FROM ${tables.events} GROUP BY id)) AS events,
      (SELECT uniqExact(source) FROM ${tables.checkpoints}) AS checkpoints
    FROM (
      SELECT count() AS series, sum(bins) AS points
      FROM (SELECT uniqExact(bin) AS bins FROM ${tables.points} GROUP BY entity, signal, source)
    )`;
}

function number(value: number): string {
  if (!Number.isFinite(value))
    throw new NightlightError(
      'bad_input',
      `Cannot query events: time must be finite, found ${value}`,
    );
  return String(value);
}
