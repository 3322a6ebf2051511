/**
 * The reference store: everything in memory, nothing persisted. Used by tests and benchmarks
 * and as the executable definition of the Store contract's semantics. Series are found through
 * nested maps (entity → signal → source), never a concatenated key per point, and each holds
 * its points as parallel arrays sorted by bin: in-order writes append, rewrites of a bin
 * replace it after a binary search, reads slice.
 */
import type { EntityId } from '../model/entity.js';
import { eventEntities, type OutageEvent } from '../model/event.js';
import type { AggregatePoint, SeriesColumns } from '../model/signal.js';
import { eventMatches } from './event-filter.js';
import {
  combineValues,
  validateAggregate,
  validateColumns,
  validatePoints,
  validateRange,
} from './series-key.js';
import type { Checkpoint, SeriesInfo, Store } from './store.js';

/**
 * A series' points sorted by bin, in arrays of plain doubles: NaN where unknown, since a null
 * would box every value, and not typed arrays, whose allocation costs more than a series'
 * few points when a run creates hundreds of thousands of series.
 */
interface Series {
  readonly entity: EntityId;
  readonly signal: string;
  readonly source: string;
  readonly bins: number[];
  readonly values: number[];
  readonly coverage: number[];
}

/** First index whose bin is ≥ `bin`. */
function lowerBound(bins: readonly number[], bin: number): number {
  let [lo, hi] = [0, bins.length];
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (bins[mid]! < bin) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Writes one point; `value` NaN is unknown. */
function put(series: Series, bin: number, value: number, coverage: number): void {
  const { bins, values } = series;
  const n = bins.length;
  if (n === 0 || bin > bins[n - 1]!) {
    bins.push(bin);
    values.push(value);
    series.coverage.push(coverage);
    return;
  }
  const at = lowerBound(bins, bin);
  if (bins[at] === bin) {
    values[at] = value;
    series.coverage[at] = coverage;
  } else {
    bins.splice(at, 0, bin);
    values.splice(at, 0, value);
    series.coverage.splice(at, 0, coverage);
  }
}

export function createMemoryStore(): Store {
  const byEntity = new Map<EntityId, Map<string, Map<string, Series>>>();
  const all: Series[] = [];
  /** Per (source, signal list) of a column block: each entity's series, in signal order. */
  const columnSeries = new Map<string, Map<EntityId, Series[]>>();
  const events = new Map<string, OutageEvent>();
  const checkpoints = new Map<string, Checkpoint>();

  function seriesOf(entity: EntityId, signal: string, source: string): Series {
    let bySignal = byEntity.get(entity);
    if (bySignal === undefined)
      byEntity.set(entity, (bySignal = new Map<string, Map<string, Series>>()));
    let bySource = bySignal.get(signal);
    if (bySource === undefined) bySignal.set(signal, (bySource = new Map<string, Series>()));
    let series = bySource.get(source);
    if (series === undefined) {
      series = { entity, signal, source, bins: [], values: [], coverage: [] };
      bySource.set(source, series);
      all.push(series);
    }
    return series;
  }

  function seriesOfEntity(entity: EntityId): Series[] {
    const found: Series[] = [];
    for (const bySource of byEntity.get(entity)?.values() ?? [])
      for (const series of bySource.values()) found.push(series);
    return found;
  }

  return {
    kind: 'memory',

    async writePoints(points, checkpoint) {
      validatePoints(points);
      let last: Series | undefined;
      for (const p of points) {
        if (
          last === undefined ||
          last.entity !== p.entity ||
          last.signal !== p.signal ||
          last.source !== p.source
        )
          last = seriesOf(p.entity, p.signal, p.source);
        put(last, p.bin, p.value ?? NaN, p.coverage);
      }
      if (checkpoint !== undefined) checkpoints.set(checkpoint.source, checkpoint);
    },

    async writeColumns(blocks, checkpoint) {
      validateColumns(blocks);
      for (const { source, signals, entities, bins, coverage, values } of blocks) {
        const cacheKey = `${source}\u0000${signals.join('\u0000')}`;
        let perEntity = columnSeries.get(cacheKey);
        if (perEntity === undefined)
          columnSeries.set(cacheKey, (perEntity = new Map<EntityId, Series[]>()));
        for (let i = 0; i < entities.length; i++) {
          const entity = entities[i]!;
          let row = perEntity.get(entity);
          if (row === undefined) {
            row = signals.map((signal) => seriesOf(entity, signal, source));
            perEntity.set(entity, row);
          }
          for (let s = 0; s < row.length; s++) {
            put(row[s]!, bins[i]!, values[s]![i]!, coverage[i]!);
          }
        }
      }
      if (checkpoint !== undefined) checkpoints.set(checkpoint.source, checkpoint);
    },

    async readSeries(query) {
      validateRange(query);
      const result: SeriesColumns[] = [];
      const wanted = seriesOfEntity(query.entity)
        .filter((s) => query.signals === undefined || query.signals.includes(s.signal))
        .filter((s) => query.source === undefined || s.source === query.source)
        .sort((a, b) => compareText(a.signal, b.signal) || compareText(a.source, b.source));
      for (const series of wanted) {
        const { bins } = series;
        const [from, to] = [lowerBound(bins, query.from), lowerBound(bins, query.to)];
        if (from === to) continue;
        const { entity, signal, source } = series;
        result.push({
          entity,
          signal,
          source,
          bins: Float64Array.from(bins.slice(from, to)),
          values: Float64Array.from(series.values.slice(from, to)),
          coverage: Float32Array.from(series.coverage.slice(from, to)),
        });
      }
      return result;
    },

    async aggregateSeries(query) {
      validateAggregate(query);
      const byBin = new Map<number, { values: (number | null)[]; coverage: number }>();
      for (const series of byEntity.get(query.entity)?.get(query.signal)?.values() ?? []) {
        const { bins, coverage } = series;
        const to = lowerBound(bins, query.to);
        for (let i = lowerBound(bins, query.from); i < to; i++) {
          const bin = Math.floor(bins[i]! / query.stepSeconds) * query.stepSeconds;
          const value = Number.isNaN(series.values[i]) ? null : series.values[i]!;
          const inBin = byBin.get(bin);
          if (inBin === undefined) byBin.set(bin, { values: [value], coverage: coverage[i]! });
          else {
            inBin.values.push(value);
            inBin.coverage += coverage[i]!;
          }
        }
      }
      const result: AggregatePoint[] = [...byBin]
        .sort(([a], [b]) => a - b)
        .map(([bin, { values, coverage }]) => ({
          bin,
          value: combineValues(values, query.combine),
          coverage: coverage / values.length,
          points: values.length,
        }));
      return result;
    },

    async listSeries(filter = {}) {
      const infos: SeriesInfo[] = [];
      for (const { entity, signal, source, bins } of all) {
        const length = bins.length;
        if (length === 0) continue;
        if (filter.entity !== undefined && entity !== filter.entity) continue;
        if (filter.signal !== undefined && signal !== filter.signal) continue;
        infos.push({
          entity,
          signal,
          source,
          first: bins[0]!,
          last: bins[length - 1]!,
          points: length,
        });
      }
      return infos.sort(compareSeriesInfo);
    },

    async listEntities() {
      const entities = new Set(all.filter((s) => s.bins.length > 0).map((s) => s.entity));
      return [...entities].sort(compareText);
    },

    async writeEvents(written) {
      for (const event of written) events.set(event.id, structuredClone(event));
    },

    async retractEvents(ids) {
      for (const id of ids) events.delete(id);
    },

    async queryEvents(query = {}) {
      const found = [...events.values()].filter((e) => eventMatches(e, eventEntities(e), query));
      return found.sort((a, b) => a.start - b.start || (a.id < b.id ? -1 : 1));
    },

    async getCheckpoint(source) {
      return checkpoints.get(source);
    },

    async putCheckpoint(checkpoint) {
      checkpoints.set(checkpoint.source, checkpoint);
    },

    async info() {
      let [series, points] = [0, 0];
      for (const s of all) {
        if (s.bins.length > 0) series++;
        points += s.bins.length;
      }
      return {
        kind: 'memory',
        location: 'memory',
        series,
        points,
        events: events.size,
        checkpoints: checkpoints.size,
      };
    },

    async close() {},
  };
}

/** Byte-order comparison, as the SQL drivers sort: independent of the machine's locale. */
function compareSeriesInfo(a: SeriesInfo, b: SeriesInfo): number {
  return (
    compareText(a.entity, b.entity) ||
    compareText(a.signal, b.signal) ||
    compareText(a.source, b.source)
  );
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
