/**
 * Bulk appends of signal points through DuckDB's Appender, one data chunk of typed arrays at a
 * time: per-value appender calls and JS→DuckDB value conversion cost more than the insert.
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
import type { SignalPoint } from '../model/signal.js';

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
    const chunk = DuckDBDataChunk.create(POINT_TYPES, rows);
    const vectors = POINT_TYPES.map((_, i) => chunk.getColumnVector(i) as FixedWidthVector);
    const [ids, bins, values, coverage, versions] = vectors.map((v) => v.items) as [
      Int32Array,
      Uint32Array,
      Float64Array,
      Float32Array,
      BigInt64Array,
    ];
    const valueValidity = vectors[2]!.validity;
    // Versions go in as two 32-bit halves (little-endian): a BigInt per row would cost more
    // in allocation and garbage collection than the rest of the row.
    const versionWords = new Uint32Array(versions.buffer, versions.byteOffset, rows * 2);
    for (let row = 0; row < rows; row++) {
      const point = points[offset + row]!;
      ids[row] = seriesIds[offset + row]!;
      bins[row] = point.bin;
      if (point.value === null) valueValidity.setItemValid(row, false);
      else values[row] = point.value;
      coverage[row] = point.coverage;
      const version = firstVersion + offset + row;
      versionWords[2 * row] = version % 0x1_0000_0000;
      versionWords[2 * row + 1] = Math.floor(version / 0x1_0000_0000);
    }
    for (const vector of vectors) vector.flush();
    appender.appendDataChunk(chunk);
  }
}
