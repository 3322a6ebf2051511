/**
 * Dense integer ids for (entity, signal, source) triples, so the points table stores one
 * INTEGER instead of three strings. Nested maps avoid building a concatenated key per point,
 * which costs more than the insert itself at a million points a second.
 */
import type { PointColumns, SignalPoint } from '../model/signal.js';

export interface SeriesRow {
  readonly id: number;
  readonly entity: string;
  readonly signal: string;
  readonly source: string;
}

export interface SeriesIds {
  /** Ids for each point, assigning new ids to unseen series; returns the new series too. */
  resolve(points: readonly SignalPoint[]): { ids: Int32Array; added: SeriesRow[] };
  /** The same for column blocks: ids row by row, signal by signal (the points' order). */
  resolveColumns(blocks: readonly PointColumns[]): { ids: Int32Array; added: SeriesRow[] };
  /** Forgets series added by a write that was rolled back. */
  forget(rows: readonly SeriesRow[]): void;
}

export function createSeriesIds(existing: readonly SeriesRow[]): SeriesIds {
  const byEntity = new Map<string, Map<string, Map<string, number>>>();
  let nextId = 0;
  /** Per (source, signal list) of column blocks: each entity's ids in signal order. */
  const rowIds = new Map<string, Map<string, Int32Array>>();
  const remember = (row: SeriesRow) => {
    let bySignal = byEntity.get(row.entity);
    if (bySignal === undefined)
      byEntity.set(row.entity, (bySignal = new Map<string, Map<string, number>>()));
    let bySource = bySignal.get(row.signal);
    if (bySource === undefined) bySignal.set(row.signal, (bySource = new Map<string, number>()));
    bySource.set(row.source, row.id);
    nextId = Math.max(nextId, row.id + 1);
  };
  existing.forEach(remember);

  return {
    resolve(points) {
      const ids = new Int32Array(points.length);
      const added: SeriesRow[] = [];
      let last: SignalPoint | undefined;
      let lastId = -1;
      for (let i = 0; i < points.length; i++) {
        const p = points[i]!;
        if (
          last === undefined ||
          p.entity !== last.entity ||
          p.signal !== last.signal ||
          p.source !== last.source
        ) {
          const known = byEntity.get(p.entity)?.get(p.signal)?.get(p.source);
          if (known === undefined) {
            const row = { id: nextId, entity: p.entity, signal: p.signal, source: p.source };
            remember(row);
            added.push(row);
            lastId = row.id;
          } else {
            lastId = known;
          }
          last = p;
        }
        ids[i] = lastId;
      }
      return { ids, added };
    },

    resolveColumns(blocks) {
      let total = 0;
      for (const b of blocks) total += b.entities.length * b.signals.length;
      const ids = new Int32Array(total);
      const added: SeriesRow[] = [];
      let at = 0;
      for (const { source, signals, entities } of blocks) {
        // One lookup per row, not per point: each entity's ids for this source and signals.
        const key = `${source}\u0000${signals.join('\u0000')}`;
        let perEntity = rowIds.get(key);
        if (perEntity === undefined) rowIds.set(key, (perEntity = new Map<string, Int32Array>()));
        for (let i = 0; i < entities.length; i++) {
          const entity = entities[i]!;
          let row = perEntity.get(entity);
          if (row === undefined) {
            row = new Int32Array(signals.length);
            for (let s = 0; s < signals.length; s++) {
              const signal = signals[s]!;
              let id = byEntity.get(entity)?.get(signal)?.get(source);
              if (id === undefined) {
                const fresh = { id: nextId, entity, signal, source };
                remember(fresh);
                added.push(fresh);
                id = fresh.id;
              }
              row[s] = id;
            }
            perEntity.set(entity, row);
          }
          for (let s = 0; s < row.length; s++) ids[at++] = row[s]!;
        }
      }
      return { ids, added };
    },

    forget(rows) {
      for (const row of rows) byEntity.get(row.entity)?.get(row.signal)?.delete(row.source);
      // Cached rows may hold forgotten ids: they are rebuilt on demand.
      if (rows.length > 0) rowIds.clear();
    },
  };
}
