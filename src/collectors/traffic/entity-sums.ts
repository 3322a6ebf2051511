/**
 * Per-entity sums for one closed bin, shared by the log and darknet collectors: each distinct
 * address is attributed once per bin (not once per record) and its counters are added to its
 * country, ASN and region. Entities that were active earlier in the run (the signal's minimum
 * volume in one bin) but are silent in this bin get explicit zeros: the input covered the bin,
 * so silence there is a measurement, not a gap. Entities that never reached that volume get no
 * zeros: they could not be scored anyway, and zero-filling every AS seen once would multiply
 * the points by the number of ASes.
 */
import type { Attributes } from '../../geo/attributor.js';
import type { EntityId } from '../../model/entity.js';
import type { SignalPoint } from '../../model/signal.js';

const cache = new WeakMap<Attributes, readonly EntityId[]>();

/** The entities an address counts towards; attribution answers are shared objects, so cached. */
export function entitiesOf(attributes: Attributes): readonly EntityId[] {
  let ids = cache.get(attributes);
  if (ids === undefined) {
    const found: EntityId[] = [];
    if (attributes.country !== null) found.push(`country/${attributes.country}`);
    if (attributes.asn !== null) found.push(`asn/${attributes.asn}`);
    if (attributes.region !== null) found.push(`region/${attributes.region}`);
    cache.set(attributes, (ids = found));
  }
  return ids;
}

export interface EntitySums {
  /** The running sums of `entity` (created as zeros): one slot per metric. */
  row(entity: EntityId): Float64Array;
  /** Points for every entity summed here or in earlier bins, via `valuesOf` per row. */
  points(options: {
    bin: number;
    coverage: number;
    source: string;
    known: Set<EntityId>;
    /** Whether a row is busy enough for its entity to get zeros in later silent bins. */
    active: (row: Float64Array) => boolean;
    valuesOf: (row: Float64Array) => readonly (readonly [string, number | null])[];
  }): SignalPoint[];
}

export function createEntitySums(metrics: number): EntitySums {
  const rows = new Map<EntityId, Float64Array>();
  let lastEntity = '';
  let lastRow: Float64Array = new Float64Array(metrics);
  return {
    row(entity) {
      if (entity === lastEntity) return lastRow;
      let row = rows.get(entity);
      if (row === undefined) rows.set(entity, (row = new Float64Array(metrics)));
      lastEntity = entity;
      lastRow = row;
      return row;
    },
    points({ bin, coverage, source, known, active, valuesOf }) {
      const zeros = new Float64Array(metrics);
      const points: SignalPoint[] = [];
      const entities = new Set([...rows.keys(), ...known]);
      for (const entity of [...entities].sort()) {
        for (const [signal, value] of valuesOf(rows.get(entity) ?? zeros))
          points.push({ entity, signal, source, bin, value, coverage });
      }
      for (const [entity, row] of rows) if (active(row)) known.add(entity);
      return points;
    },
  };
}
