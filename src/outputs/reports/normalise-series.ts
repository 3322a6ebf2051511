/**
 * Puts signals of different units on one scale: each value divided by the signal's normal
 * level, the median of its known values outside the event's intervals. Unknown bins stay null
 * (a gap, never a zero); a series with no known baseline stays unnormalised (null scale).
 */
import type { ReportSeries } from './report-input.js';

export interface NormalisedSeries {
  readonly series: ReportSeries;
  /** The baseline divided by, or null when there was none (all values unknown or zero). */
  readonly baseline: number | null;
  readonly values: readonly (number | null)[];
}

export function normaliseSeries(
  series: ReportSeries,
  intervals: readonly { start: number; end: number }[],
): NormalisedSeries {
  const outside: number[] = [];
  series.values.forEach((value, i) => {
    const time = series.from + i * series.step;
    const inside = intervals.some((iv) => time >= iv.start && time < iv.end);
    if (value !== null && !inside) outside.push(value);
  });
  const baseline = median(outside);
  if (baseline === null || baseline === 0) return { series, baseline: null, values: series.values };
  return { series, baseline, values: series.values.map((v) => (v === null ? null : v / baseline)) };
}

function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const sorted = Float64Array.from(values).sort();
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}
