/**
 * Splits one drop anomaly into segments of one kind each — service gone (below the down
 * level) or only reduced (throttling) — using the scored ratio of every bin, so that a
 * network throttled for a day and then cut off is seen as both, not as one cut at its deepest
 * point. Runs shorter than `minSeconds` join their longer neighbour, so noise around the down
 * level does not chop an anomaly into pieces. Pure.
 */
import type { ScoredSeries } from './score-series.js';
import type { SourcedAnomaly } from './classify.js';

export function splitByLevel(
  anomaly: SourcedAnomaly,
  scored: ScoredSeries,
  downLevel: number,
  minSeconds: number,
): SourcedAnomaly[] {
  const { start, step, ratio } = scored;
  const first = Math.max(0, Math.round((anomaly.start - start) / step));
  const last =
    anomaly.end === null
      ? ratio.length
      : Math.min(ratio.length, Math.round((anomaly.end - start) / step));
  if (last - first < 2) return [anomaly];
  // Runs of one class; NaN (unknown) bins take the class before them.
  const runs: { from: number; to: number; down: boolean }[] = [];
  let down = !(ratio[first]! >= downLevel);
  for (let i = first; i < last; i++) {
    const r = ratio[i]!;
    if (!Number.isNaN(r)) down = r < downLevel;
    const run = runs[runs.length - 1];
    if (run !== undefined && run.down === down) run.to = i + 1;
    else runs.push({ from: i, to: i + 1, down });
  }
  const minBins = Math.max(1, Math.round(minSeconds / step));
  // Merge short runs into the previous run (or the next one at the start), until stable.
  for (let changed = true; changed && runs.length > 1;) {
    changed = false;
    for (let k = 0; k < runs.length; k++) {
      const run = runs[k]!;
      if (run.to - run.from >= minBins) continue;
      const into = k > 0 ? runs[k - 1]! : runs[k + 1]!;
      into.from = Math.min(into.from, run.from);
      into.to = Math.max(into.to, run.to);
      runs.splice(k, 1);
      for (let m = 1; m < runs.length; m++)
        if (runs[m]!.down === runs[m - 1]!.down) {
          runs[m - 1]!.to = runs[m]!.to;
          runs.splice(m--, 1);
        }
      changed = true;
      break;
    }
  }
  if (runs.length === 1) return [anomaly];
  return runs.map((run, k) => {
    const values = Array.from(ratio.subarray(run.from, run.to)).filter((r) => !Number.isNaN(r));
    values.sort((a, b) => a - b);
    // A cut is as deep as its deepest bin; throttling is described by its typical level.
    const level = run.down
      ? (values[0] ?? anomaly.ratio)
      : (values[values.length >> 1] ?? anomaly.ratio);
    const isLast = k === runs.length - 1;
    return {
      ...anomaly,
      start: start + run.from * step,
      end: isLast ? anomaly.end : start + run.to * step,
      ratio: level,
      observed: anomaly.baseline * level,
    };
  });
}
