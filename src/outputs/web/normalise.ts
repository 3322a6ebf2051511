/**
 * Client-side normalisation for series the API returns raw (event evidence): each value over
 * the median of the known values outside the event's intervals. The same rule as the reports
 * (src/outputs/reports/normalise-series.ts), shared so page and report agree.
 */
import type { ApiSeries } from './api-types.js';
import { normaliseSeries } from '../reports/normalise-series.js';

export function normaliseOutside(
  series: ApiSeries,
  intervals: readonly { start: number; end: number }[],
): (number | null)[] {
  if (series.normalised) return [...series.values];
  const result = normaliseSeries(
    {
      signal: series.signal,
      unit: series.unit,
      description: series.description ?? series.signal,
      step: series.step,
      from: series.from,
      values: series.values,
    },
    intervals,
  );
  return [...result.values];
}
