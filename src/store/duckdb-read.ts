/**
 * Reads deduplicated points of one entity straight from DuckDB's result vectors into typed
 * columns, without a JS value per cell: a year of 5-minute points is 105,120 rows.
 */
import type { DuckDBConnection, DuckDBValue } from '@duckdb/node-api';
import type { SeriesColumns } from '../model/signal.js';
import type { SeriesQuery } from './store.js';

/** The typed array and validity behind a fixed-width result vector. */
interface FixedWidthVector<Items> {
  readonly items: Items;
  readonly validity: { itemValid(index: number): boolean };
}

export async function readSeriesColumns(
  connection: DuckDBConnection,
  query: SeriesQuery,
): Promise<SeriesColumns[]> {
  const params: Record<string, DuckDBValue> = { entity: query.entity };
  let filter = '';
  if (query.signals !== undefined) {
    filter += ` AND signal IN (${query.signals.map((_, i) => `$signal${i}`).join(', ') || 'NULL'})`;
    query.signals.forEach((signal, i) => (params[`signal${i}`] = signal));
  }
  if (query.source !== undefined) {
    filter += ' AND source = $source';
    params.source = query.source;
  }
  const wanted = (
    await connection.runAndReadAll(
      `SELECT id, signal, source FROM series WHERE entity = $entity${filter} ORDER BY signal, source`,
      params,
    )
  ).getRows();
  if (wanted.length === 0) return [];

  const columns = new Map<number, { bins: number[]; values: number[]; coverage: number[] }>();
  for (const [id] of wanted) columns.set(Number(id), { bins: [], values: [], coverage: [] });
  const result = await connection.run(
    `SELECT series_id, bin, arg_max_null(value, version), arg_max(coverage, version)
     FROM points WHERE series_id IN (${[...columns.keys()].join(', ')}) AND bin >= $from AND bin < $to
     GROUP BY series_id, bin ORDER BY series_id, bin`,
    { from: query.from, to: query.to },
  );
  for (
    let chunk = await result.fetchChunk();
    chunk !== null && chunk.rowCount > 0;
    chunk = await result.fetchChunk()
  ) {
    const ids = (chunk.getColumnVector(0) as unknown as FixedWidthVector<Int32Array>).items;
    const bins = (chunk.getColumnVector(1) as unknown as FixedWidthVector<Uint32Array>).items;
    const values = chunk.getColumnVector(2) as unknown as FixedWidthVector<Float64Array>;
    const coverage = (chunk.getColumnVector(3) as unknown as FixedWidthVector<Float32Array>).items;
    let target = columns.get(ids[0]!)!;
    for (let row = 0; row < chunk.rowCount; row++) {
      if (row > 0 && ids[row] !== ids[row - 1]) target = columns.get(ids[row]!)!;
      target.bins.push(bins[row]!);
      target.values.push(values.validity.itemValid(row) ? values.items[row]! : NaN);
      target.coverage.push(coverage[row]!);
    }
  }
  return wanted.flatMap(([id, signal, source]) => {
    const found = columns.get(Number(id))!;
    if (found.bins.length === 0) return [];
    return [
      {
        entity: query.entity,
        signal: String(signal),
        source: String(source),
        bins: Float64Array.from(found.bins),
        values: Float64Array.from(found.values),
        coverage: Float32Array.from(found.coverage),
      },
    ];
  });
}
