/**
 * Turns the store's sparse aggregate bins into the dense arrays the API serves: one slot per
 * step from `from`, null where nothing is known (never zero), and optionally normalised.
 * Pure.
 */
import type { AggregatePoint } from '../../model/signal.js';
import type { EpochSeconds } from '../../model/time.js';

export interface DenseSeries {
  readonly from: EpochSeconds;
  readonly step: number;
  readonly values: (number | null)[];
  readonly coverage: number[];
  /** The divisor used when normalised (the median of known values), else null. */
  readonly baseline: number | null;
}

export function densify(
  points: readonly AggregatePoint[],
  from: EpochSeconds,
  to: EpochSeconds,
  step: number,
): DenseSeries {
  const start = Math.floor(from / step) * step;
  const length = Math.max(0, Math.ceil((to - start) / step));
  const values: (number | null)[] = new Array<number | null>(length).fill(null);
  const coverage: number[] = new Array<number>(length).fill(0);
  for (const point of points) {
    const slot = (point.bin - start) / step;
    if (slot < 0 || slot >= length || !Number.isInteger(slot)) continue;
    values[slot] = point.value;
    coverage[slot] = Math.round(point.coverage * 1e4) / 1e4;
  }
  return { from: start, step, values, coverage, baseline: null };
}

/**
 * Divides every value by the median of the known values in the window, so 1 is "typical for
 * this window" and an outage shows as a drop towards 0. The median resists the outage
 * itself as long as it covers less than half of the window. A zero or absent median leaves
 * the values unknown rather than infinite.
 */
export function normalise(series: DenseSeries): DenseSeries {
  const known = series.values.filter((v): v is number => v !== null).sort((a, b) => a - b);
  const baseline = median(known);
  const values = series.values.map((v) =>
    v === null || baseline === null || baseline === 0 ? null : round(v / baseline),
  );
  return { ...series, values, baseline };
}

function median(sorted: readonly number[]): number | null {
  if (sorted.length === 0) return null;
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

function round(v: number): number {
  return Math.round(v * 1e6) / 1e6;
}
