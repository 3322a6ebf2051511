/**
 * The Store contract: where signals, events and ingestion checkpoints live. Drivers (memory,
 * DuckDB, ClickHouse) are factories returning objects of this shape; test/store-contract runs
 * the same suite against each.
 *
 * Idempotence: a signal point is keyed by (entity, signal, source, bin) and a later write of
 * the same key replaces the earlier one, so re-ingesting an input never double-counts. Within
 * one batch the last point of a key wins. Events are keyed by id, checkpoints by source.
 * Errors: an unreachable store throws NightlightError('store_unavailable'); bad arguments
 * throw 'bad_input'.
 */
import type { EntityId } from '../model/entity.js';
import type { OutageEvent } from '../model/event.js';
import type {
  AggregatePoint,
  Combine,
  PointColumns,
  SeriesColumns,
  SignalPoint,
} from '../model/signal.js';
import type { EpochSeconds } from '../model/time.js';

/** How far an ingestion got: opaque to the store, meaningful to the collector that wrote it. */
export interface Checkpoint {
  /** The input being ingested, e.g. `logs:/var/log/nginx/access.log` or `mrt:rrc00`. */
  readonly source: string;
  /** Collector-defined resume position (byte offset, file list, last bin …) as JSON. */
  readonly position: unknown;
  readonly updatedAt: EpochSeconds;
}

/** Half-open time range [from, to). */
export interface TimeRange {
  readonly from: EpochSeconds;
  readonly to: EpochSeconds;
}

export interface SeriesQuery extends TimeRange {
  readonly entity: EntityId;
  /** Only these signals; all of the entity's signals when absent. */
  readonly signals?: readonly string[];
  /** Only this source; all sources when absent. */
  readonly source?: string;
}

export interface AggregateQuery extends TimeRange {
  readonly entity: EntityId;
  readonly signal: string;
  /** Output bin width; a multiple of the stored step. */
  readonly stepSeconds: number;
  /** How values of several sources and finer bins combine. */
  readonly combine: Combine;
}

/** One stored series and its extent. */
export interface SeriesInfo {
  readonly entity: EntityId;
  readonly signal: string;
  readonly source: string;
  readonly first: EpochSeconds;
  readonly last: EpochSeconds;
  readonly points: number;
}

export interface SeriesFilter {
  readonly entity?: EntityId;
  readonly signal?: string;
}

export interface EventQuery {
  /** Events overlapping [from, to); open events overlap everything after their start. */
  readonly from?: EpochSeconds;
  readonly to?: EpochSeconds;
  /** Events whose location or affected entities include this one. */
  readonly entity?: EntityId;
  readonly status?: 'open' | 'closed';
}

export interface StoreInfo {
  readonly kind: StoreKind;
  /** Where the data lives, without credentials. */
  readonly location: string;
  readonly series: number;
  readonly points: number;
  readonly events: number;
  readonly checkpoints: number;
}

export type StoreKind = 'memory' | 'duckdb' | 'clickhouse';

export interface Store {
  readonly kind: StoreKind;
  /**
   * Writes points, replacing any earlier point with the same key; when a checkpoint is given
   * it is recorded after the points, atomically with them where the engine allows, so that a
   * crash never leaves a checkpoint ahead of its data.
   */
  writePoints(points: readonly SignalPoint[], checkpoint?: Checkpoint): Promise<void>;
  /**
   * The same for points in columns (bulk collectors): exactly as writePoints of the points the
   * blocks stand for, in block, row, signal order; NaN values are unknown (null).
   */
  writeColumns(blocks: readonly PointColumns[], checkpoint?: Checkpoint): Promise<void>;
  /** Points of one entity in a range, one column set per (signal, source), sorted by bin. */
  readSeries(query: SeriesQuery): Promise<SeriesColumns[]>;
  /** One signal of one entity combined across sources and re-binned, computed in the engine. */
  aggregateSeries(query: AggregateQuery): Promise<AggregatePoint[]>;
  listSeries(filter?: SeriesFilter): Promise<SeriesInfo[]>;
  listEntities(): Promise<EntityId[]>;

  /** Inserts or replaces events by id (an ongoing event is rewritten as it evolves). */
  writeEvents(events: readonly OutageEvent[]): Promise<void>;
  /**
   * Withdraws events by id: a re-run of detection over a window no longer finds them (the
   * detector changed, or more data arrived). Unknown ids are ignored.
   */
  retractEvents(ids: readonly string[]): Promise<void>;
  queryEvents(query?: EventQuery): Promise<OutageEvent[]>;

  getCheckpoint(source: string): Promise<Checkpoint | undefined>;
  putCheckpoint(checkpoint: Checkpoint): Promise<void>;

  info(): Promise<StoreInfo>;
  close(): Promise<void>;
}
