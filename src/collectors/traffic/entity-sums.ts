/**
 * Per-entity sums for closed bins, shared by the log and darknet collectors: each distinct
 * address is attributed once per bin (not once per record) and its counters are added to its
 * country, ASN and region. Entities are rows numbered once per run, their sums live in one
 * typed array (`metrics` slots per row), and a bin's result is one block of columns for
 * Store.writeColumns: no string, object or Map entry per address or per point.
 * Entities that were active earlier in the run (the signal's minimum volume in one bin) but
 * are silent in this bin get explicit zeros: the input covered the bin, so silence there is a
 * measurement, not a gap. Entities that never reached that volume get no zeros: they could
 * not be scored anyway, and zero-filling every AS seen once would multiply the points by the
 * number of ASes.
 */
import type { Attributes } from '../../geo/attributor.js';
import type { EntityId } from '../../model/entity.js';
import type { PointColumns } from '../../model/signal.js';

export interface BinColumnsOptions {
  readonly bin: number;
  readonly coverage: number;
  readonly source: string;
  /** Entities that get zeros when silent; entities found active in this bin are added. */
  readonly known: Set<EntityId>;
  readonly signals: readonly string[];
  /** Whether a row is busy enough for its entity to get zeros in later silent bins. */
  active(this: void, sums: Float64Array, base: number): boolean;
  /** Writes the row's value of each signal into out[s][i] (NaN when unknown). */
  write(
    this: void,
    sums: Float64Array,
    base: number,
    out: readonly Float64Array[],
    i: number,
  ): void;
}

export interface EntitySums {
  /** The rows an address with these attributes counts towards (attribution answers are shared). */
  rowsOf(attributes: Attributes): Int32Array;
  /** This bin's sums, `metrics` slots per row. It grows in rowsOf: read it after that. */
  readonly sums: Float64Array;
  /** Starts `row` in this bin (zeroed) on first use; answers its first slot in `sums`. */
  open(row: number): number;
  /** The bin's block (rows summed in it, then silent known entities), and a fresh bin. */
  columns(options: BinColumnsOptions): PointColumns;
}

const MAX_CACHED_ANSWERS = 1 << 18;

export function createEntitySums(metrics: number): EntitySums {
  const rowOf = new Map<EntityId, number>();
  const names: EntityId[] = [];
  // A Map, not a WeakMap: ephemeron tables make every major GC slower. Answers are shared
  // per range segment; where they are not (MMDB, BGP origins) the cache is cleared when large.
  const cache = new Map<Attributes, Int32Array>();
  let sums = new Float64Array(64 * metrics);
  /** The bin number (below) in which each row was last opened. */
  let openedIn = new Int32Array(64).fill(-1);
  let isKnown = new Uint8Array(64);
  let knownSynced = 0;
  let binNumber = 0;
  let opened: number[] = [];
  const zeros = new Float64Array(metrics);

  function register(entity: EntityId): number {
    let row = rowOf.get(entity);
    if (row !== undefined) return row;
    row = names.length;
    rowOf.set(entity, row);
    names.push(entity);
    if (row >= openedIn.length) {
      const grown = new Int32Array(openedIn.length * 2).fill(-1);
      grown.set(openedIn);
      openedIn = grown;
      const known = new Uint8Array(grown.length);
      known.set(isKnown);
      isKnown = known;
      const more = new Float64Array(grown.length * metrics);
      more.set(sums);
      sums = more;
    }
    return row;
  }

  return {
    rowsOf(attributes) {
      let rows = cache.get(attributes);
      if (rows === undefined) {
        const found: number[] = [];
        if (attributes.country !== null) found.push(register(`country/${attributes.country}`));
        if (attributes.asn !== null) found.push(register(`asn/${attributes.asn}`));
        if (attributes.region !== null) found.push(register(`region/${attributes.region}`));
        if (cache.size >= MAX_CACHED_ANSWERS) cache.clear();
        cache.set(attributes, (rows = Int32Array.from(found)));
      }
      return rows;
    },
    get sums() {
      return sums;
    },
    open(row) {
      const base = row * metrics;
      if (openedIn[row] !== binNumber) {
        openedIn[row] = binNumber;
        opened.push(row);
        sums.fill(0, base, base + metrics);
      }
      return base;
    },
    columns({ bin, coverage, source, known, signals, active, write }) {
      // Entities known from a checkpoint (or added below) become rows once.
      if (known.size !== knownSynced) {
        for (const entity of known) isKnown[register(entity)] = 1;
        knownSynced = known.size;
      }
      const silent: number[] = [];
      for (let row = 0; row < names.length; row++)
        if (isKnown[row] === 1 && openedIn[row] !== binNumber) silent.push(row);
      const n = opened.length + silent.length;
      const entities: EntityId[] = new Array<EntityId>(n);
      const values = signals.map(() => new Float64Array(n));
      let i = 0;
      for (const row of opened) {
        entities[i] = names[row]!;
        write(sums, row * metrics, values, i++);
      }
      for (const row of silent) {
        entities[i] = names[row]!;
        write(zeros, 0, values, i++);
      }
      for (const row of opened) {
        if (isKnown[row] === 0 && active(sums, row * metrics)) {
          isKnown[row] = 1;
          known.add(names[row]!);
        }
      }
      knownSynced = known.size;
      opened = [];
      binNumber++;
      return {
        source,
        signals,
        entities,
        bins: new Float64Array(n).fill(bin),
        coverage: new Float64Array(n).fill(coverage),
        values,
      };
    },
  };
}
