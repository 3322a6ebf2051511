/**
 * The reference store: everything in Maps, nothing persisted. Used by tests and as the
 * executable definition of the Store contract's semantics.
 */
import type { EntityId } from '../model/entity.js';
import { eventEntities, type OutageEvent } from '../model/event.js';
import type { AggregatePoint, SeriesColumns, SignalPoint } from '../model/signal.js';
import { eventMatches } from './event-filter.js';
import {
  combineValues,
  seriesKey,
  splitSeriesKey,
  validateAggregate,
  validatePoints,
  validateRange,
} from './series-key.js';
import type { Checkpoint, SeriesInfo, Store } from './store.js';

export function createMemoryStore(): Store {
  /** series key → bin → point */
  const series = new Map<string, Map<number, SignalPoint>>();
  const events = new Map<string, OutageEvent>();
  const checkpoints = new Map<string, Checkpoint>();

  function pointsOf(entity: EntityId, signal: string) {
    const found: SignalPoint[] = [];
    for (const [key, bins] of series) {
      const [e, s] = splitSeriesKey(key);
      if (e === entity && s === signal) found.push(...bins.values());
    }
    return found;
  }

  return {
    kind: 'memory',

    async writePoints(points, checkpoint) {
      validatePoints(points);
      for (const point of points) {
        const key = seriesKey(point.entity, point.signal, point.source);
        let bins = series.get(key);
        if (bins === undefined) series.set(key, (bins = new Map<number, SignalPoint>()));
        bins.set(point.bin, point);
      }
      if (checkpoint !== undefined) checkpoints.set(checkpoint.source, checkpoint);
    },

    async readSeries(query) {
      validateRange(query);
      const result: SeriesColumns[] = [];
      for (const [key, bins] of [...series].sort(([a], [b]) => (a < b ? -1 : 1))) {
        const [entity, signal, source] = splitSeriesKey(key);
        if (entity !== query.entity) continue;
        if (query.signals !== undefined && !query.signals.includes(signal)) continue;
        if (query.source !== undefined && source !== query.source) continue;
        const points = [...bins.values()]
          .filter((p) => p.bin >= query.from && p.bin < query.to)
          .sort((a, b) => a.bin - b.bin);
        if (points.length === 0) continue;
        result.push({
          entity,
          signal,
          source,
          bins: Float64Array.from(points, (p) => p.bin),
          values: Float64Array.from(points, (p) => p.value ?? NaN),
          coverage: Float32Array.from(points, (p) => p.coverage),
        });
      }
      return result;
    },

    async aggregateSeries(query) {
      validateAggregate(query);
      const byBin = new Map<number, SignalPoint[]>();
      for (const point of pointsOf(query.entity, query.signal)) {
        if (point.bin < query.from || point.bin >= query.to) continue;
        const bin = Math.floor(point.bin / query.stepSeconds) * query.stepSeconds;
        const inBin = byBin.get(bin);
        if (inBin === undefined) byBin.set(bin, [point]);
        else inBin.push(point);
      }
      const result: AggregatePoint[] = [...byBin]
        .sort(([a], [b]) => a - b)
        .map(([bin, points]) => ({
          bin,
          value: combineValues(
            points.map((p) => p.value),
            query.combine,
          ),
          coverage: points.reduce((sum, p) => sum + p.coverage, 0) / points.length,
          points: points.length,
        }));
      return result;
    },

    async listSeries(filter = {}) {
      const infos: SeriesInfo[] = [];
      for (const [key, bins] of series) {
        const [entity, signal, source] = splitSeriesKey(key);
        if (filter.entity !== undefined && entity !== filter.entity) continue;
        if (filter.signal !== undefined && signal !== filter.signal) continue;
        const times = [...bins.keys()];
        infos.push({
          entity,
          signal,
          source,
          first: Math.min(...times),
          last: Math.max(...times),
          points: bins.size,
        });
      }
      return infos.sort(compareSeriesInfo);
    },

    async listEntities() {
      const entities = new Set([...series.keys()].map((key) => splitSeriesKey(key)[0]));
      return [...entities].sort();
    },

    async writeEvents(written) {
      for (const event of written) events.set(event.id, structuredClone(event));
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
      let points = 0;
      for (const bins of series.values()) points += bins.size;
      return {
        kind: 'memory',
        location: 'memory',
        series: series.size,
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
