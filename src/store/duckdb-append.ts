/**
 * Bulk appends of signal points through DuckDB's Appender, one data chunk of typed arrays at a
 * time: per-value appender calls and JS→DuckDB value conversion cost more than the insert.
 * Points come as objects (writePoints) or as column blocks (writeColumns), copied straight
 * from their typed arrays.
 */
import {
  BIGINT,
  DOUBLE,
  DuckDBDataChunk,
  FLOAT,
  INTEGER,
  UINTEGER,
  type DuckDBAppender,
  type DuckDBVector,
} from '@duckdb/node-api';
import type { PointColumns, SignalPoint } from '../model/signal.js';

const POINT_TYPES = [INTEGER, UINTEGER, DOUBLE, FLOAT, BIGINT];
/** DuckDB's standard vector size: a chunk never holds more rows. */
const CHUNK_ROWS = 2048;

/** The typed array behind a fixed-width vector (every column of the points table is one). */
type FixedWidthVector = DuckDBVector & {
  items: Int32Array | Uint32Array | Float64Array | Float32Array | BigInt64Array;
  validity: { setItemValid(index: number, valid: boolean): void };
  flush(): void;
};

/**
 * Appends `points` with their series ids (parallel array) and versions firstVersion,
 * firstVersion + 1, … so that a later point of the same key wins.
 */
export function appendPoints(
  appender: DuckDBAppender,
  points: readonly SignalPoint[],
  seriesIds: Int32Array,
  firstVersion: number,
): void {
  for (let offset = 0; offset < points.length; offset += CHUNK_ROWS) {
    const rows = Math.min(CHUNK_ROWS, points.length - offset);
    const chunk = createChunk(rows);
    for (let row = 0; row < rows; row++) {
      const point = points[offset + row]!;
      chunk.ids[row] = seriesIds[offset + row]!;
      chunk.bins[row] = point.bin;
      if (point.value === null) chunk.valueValidity.setItemValid(row, false);
      else chunk.values[row] = point.value;
      chunk.coverage[row] = point.coverage;
    }
    chunk.finish(appender, firstVersion + offset);
  }
}

/** The same for column blocks; `seriesIds` come from SeriesIds.resolveColumns. */
export function appendColumns(
  appender: DuckDBAppender,
  blocks: readonly PointColumns[],
  seriesIds: Int32Array,
  firstVersion: number,
): void {
  const total = seriesIds.length;
  if (total === 0) return;
  let chunk = createChunk(Math.min(CHUNK_ROWS, total));
  let row = 0;
  let written = 0;
  for (const { signals, entities, bins, coverage, values } of blocks) {
    const width = signals.length;
    for (let i = 0; i < entities.length; i++) {
      for (let s = 0; s < width; s++) {
        if (row === CHUNK_ROWS) {
          chunk.finish(appender, firstVersion + written);
          written += row;
          chunk = createChunk(Math.min(CHUNK_ROWS, total - written));
          row = 0;
        }
        const value = values[s]![i]!;
        chunk.ids[row] = seriesIds[written + row]!;
        chunk.bins[row] = bins[i]!;
        if (Number.isNaN(value)) chunk.valueValidity.setItemValid(row, false);
        else chunk.values[row] = value;
        chunk.coverage[row] = coverage[i]!;
        row++;
      }
    }
  }
  if (row > 0) chunk.finish(appender, firstVersion + written);
}

interface Chunk {
  readonly ids: Int32Array;
  readonly bins: Uint32Array;
  readonly values: Float64Array;
  readonly coverage: Float32Array;
  readonly valueValidity: FixedWidthVector['validity'];
  /** Writes versions firstVersion, firstVersion + 1, … and appends the chunk. */
  finish(appender: DuckDBAppender, firstVersion: number): void;
}

function createChunk(rows: number): Chunk {
  const chunk = DuckDBDataChunk.create(POINT_TYPES, rows);
  const vectors = POINT_TYPES.map((_, i) => chunk.getColumnVector(i) as FixedWidthVector);
  const [ids, bins, values, coverage, versions] = vectors.map((v) => v.items) as [
    Int32Array,
    Uint32Array,
    Float64Array,
    Float32Array,
    BigInt64Array,
  ];
  return {
    ids,
    bins,
    values,
    coverage,
    valueValidity: vectors[2]!.validity,
    finish(appender, firstVersion) {
      // Versions go in as two 32-bit halves (little-endian): a BigInt per row would cost more
      // in allocation and garbage collection than the rest of the row.
      const versionWords = new Uint32Array(versions.buffer, versions.byteOffset, rows * 2);
      for (let row = 0; row < rows; row++) {
        const version = firstVersion + row;
        versionWords[2 * row] = version % 0x1_0000_0000;
        versionWords[2 * row + 1] = Math.floor(version / 0x1_0000_0000);
      }
      for (const vector of vectors) vector.flush();
      appender.appendDataChunk(chunk);
    },
  };
}
