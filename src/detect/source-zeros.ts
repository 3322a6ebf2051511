/**
 * Zeros where a source looked and saw nothing. A log or a telescope reports only the entities
 * it saw in a bin, so a small network's quiet bins have no point at all. Read as unknown,
 * those bins bias the baseline upwards (it learns from the busy bins only) and hide a cut
 * (silence looks like a gap). For signals declared `missing: 'zero'`, a bin in which the same
 * source reported any entity (so it was running and covered the bin) but not this one is a
 * measured zero, with the source's coverage of that bin. Bins in which the source reported
 * nothing at all stay unknown. Runs on series already laid on their grids, before scoring;
 * fills in place. Pure.
 */
import type { SignalSpec } from '../model/signal.js';
import type { DetectionSeries } from './detect-events.js';

export function fillSourceZeros(
  series: readonly DetectionSeries[],
  specs: ReadonlyMap<string, Pick<SignalSpec, 'missing'>>,
): void {
  // One grid per (source, start, step): the union of the bins any of its series covered.
  const grids = new Map<string, Float32Array>();
  const keyOf = (s: DetectionSeries) =>
    `${s.source ?? ''}\u0000${s.series.start}\u0000${s.series.step}`;
  for (const s of series) {
    const key = keyOf(s);
    const { values, coverage } = s.series;
    let grid = grids.get(key);
    if (grid === undefined) grids.set(key, (grid = new Float32Array(values.length)));
    const n = Math.min(grid.length, values.length);
    for (let i = 0; i < n; i++) {
      if (!(values[i] === values[i])) continue;
      const c = coverage === undefined ? 1 : coverage[i]!;
      if (c > grid[i]!) grid[i] = c;
    }
  }
  for (const s of series) {
    if (specs.get(s.signal)?.missing !== 'zero') continue;
    const grid = grids.get(keyOf(s))!;
    const { values, coverage } = s.series;
    const n = Math.min(grid.length, values.length);
    for (let i = 0; i < n; i++) {
      if (values[i] === values[i] || grid[i] === 0) continue;
      values[i] = 0;
      if (coverage !== undefined) coverage[i] = grid[i]!;
    }
  }
}
