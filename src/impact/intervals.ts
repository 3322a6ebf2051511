/**
 * Outage intervals as the impact model needs them: clipped to a window, with open intervals
 * closed at the window's end, and overlapping or touching ones merged, so that a partial
 * restoration (a gap between two cuts) is never counted as outage time. Pure.
 */
import type { Interval } from '../model/event.js';
import type { EpochSeconds } from '../model/time.js';

export type Span = readonly [start: EpochSeconds, end: EpochSeconds];

export function clipAndMerge(
  intervals: readonly Interval[],
  from: EpochSeconds,
  to: EpochSeconds,
): Span[] {
  const clipped = intervals
    .map(({ start, end }): Span => [Math.max(start, from), Math.min(end ?? to, to)])
    .filter(([start, end]) => end > start)
    .sort((a, b) => a[0] - b[0]);
  const merged: [number, number][] = [];
  for (const [start, end] of clipped) {
    const last = merged.at(-1);
    if (last !== undefined && start <= last[1]) last[1] = Math.max(last[1], end);
    else merged.push([start, end]);
  }
  return merged;
}

export function totalSeconds(spans: readonly Span[]): number {
  return spans.reduce((sum, [start, end]) => sum + end - start, 0);
}

/**
 * The largest sum of weights in force at one instant, over spans that each carry a weight
 * (a sweep over their ends; an end at the same instant as a start is processed first).
 */
export function peakWeight(weighted: readonly { spans: readonly Span[]; weight: number }[]) {
  const edges: [time: number, delta: number][] = [];
  for (const { spans, weight } of weighted)
    for (const [start, end] of spans) edges.push([start, weight], [end, -weight]);
  edges.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  let [current, peak] = [0, 0];
  for (const [, delta] of edges) peak = Math.max(peak, (current += delta));
  return peak;
}
