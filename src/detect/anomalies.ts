/**
 * Scored bins → anomalies: runs of warning/critical bins of one series, bridged across short
 * unknown gaps (a gap longer than maxGapSeconds ends the run at its last anomalous bin), kept
 * when at least minDurationSeconds and minBins long. Unknown bins never start or extend an
 * anomaly on their own. A run still anomalous at the series end (no gap after it) has end null:
 * ongoing. Each anomaly carries its deepest point and IODA's score (relative departure ×
 * minutes). For rise signals `ratio` is the peak excess share (observed − expected). Pure.
 */
import type { Anomaly } from '../model/anomaly.js';
import type { EntityId } from '../model/entity.js';
import type { SignalSpec } from '../model/signal.js';
import { detectOptions, type DetectOptions } from './score-options.js';
import { BinState } from './score-state.js';
import type { ScoredSeries } from './score-series.js';

export function anomaliesOf(
  entity: EntityId,
  signal: string,
  scored: ScoredSeries,
  spec: SignalSpec,
  partial: Partial<DetectOptions> = {},
): Anomaly[] {
  const options = detectOptions(partial);
  const { start, step, state, ratio, expected } = scored;
  const rise = spec.evidence === 'rise';
  const minLength = Math.max(options.minDurationSeconds, options.minBins * step);
  const maxGapBins = Math.floor(options.maxGapSeconds / step);
  const found: Anomaly[] = [];
  let first = -1;
  let last = -1;
  let critical = false;
  let deepest = -1;
  let score = 0;
  let lastClosed = -1;

  // Smoothing judges a bin on its predecessors too, so a run opens a few bins late and closes
  // a few bins late; with the raw values at hand its edges move to the bins that departed
  // (for counts: the most likely change point, since a sparse bin departs by chance).
  const { observed } = scored;
  const counts = !rise && spec.noise === 'poisson';
  const reach = rise ? options.riseSmoothBins : options.smoothMaxBins;
  const departed = (i: number) => {
    if (observed === undefined) return false;
    const e = expected[i]!;
    const o = observed[i]!;
    return rise ? o - e > options.riseWarning : o < (1 - options.minDrop) * e;
  };
  const close = (ongoing: boolean) => {
    // Whether the run is long enough is judged before its edges move: edges place an anomaly,
    // they do not make a shallow dip long enough to count.
    const long = first >= 0 && (last - first + 1) * step >= minLength;
    if (first >= 0 && observed !== undefined) {
      const floor = Math.max(0, first - reach, lastClosed + 1);
      if (counts) {
        [first, last] = poissonEdges(observed, expected, state, first, last, floor, reach, ongoing);
      } else {
        while (first > floor && state[first - 1] !== BinState.unknown && departed(first - 1))
          first--;
        for (let k = 0; !ongoing && k < reach && last > first && !departed(last); k++) last--;
      }
    }
    if (long) {
      const baseline = expected[deepest]!;
      const departure = ratio[deepest]!;
      found.push({
        entity,
        signal,
        start: start + first * step,
        end: ongoing ? null : start + (last + 1) * step,
        level: critical ? 'critical' : 'warning',
        baseline,
        observed: rise ? baseline + departure : baseline * departure,
        ratio: departure,
        score,
      });
    }
    lastClosed = last;
    first = -1;
    critical = false;
    score = 0;
  };

  for (let i = 0; i < state.length; i++) {
    const s = state[i]!;
    if (s === BinState.unknown) {
      if (first >= 0 && i - last > maxGapBins) close(false);
      continue;
    }
    if (s === BinState.normal) {
      close(false);
      continue;
    }
    const r = ratio[i]!;
    if (first < 0) {
      first = i;
      deepest = i;
    } else if (rise ? r > ratio[deepest]! : r < ratio[deepest]!) deepest = i;
    last = i;
    if (s === BinState.critical) critical = true;
    score += (rise ? r : Math.max(0, 1 - r)) * (step / 60);
  }
  close(state.length - 1 - last <= maxGapBins);
  return found;
}

/**
 * The most likely edges of a drop in a count series. Each bin's log-likelihood ratio of
 * "normal" (Poisson with the expected mean) against "cut" (the run's own depth r times it) is
 * o·ln(1/r) − e·(1 − r); the start moves back over the bins before the run, the end back over
 * the run's last bins, to where the summed ratio says the change happened. A sparse series
 * (a few requests per bin) thus gets edges as precise as its counts allow, not as late as its
 * smoothing window.
 */
function poissonEdges(
  observed: Float64Array,
  expected: Float64Array,
  state: Uint8Array,
  first: number,
  last: number,
  floor: number,
  reach: number,
  ongoing: boolean,
): [number, number] {
  let sumObserved = 0;
  let sumExpected = 0;
  for (let i = first; i <= last; i++) {
    if (observed[i]! === observed[i]! && expected[i]! > 0) {
      sumObserved += observed[i]!;
      sumExpected += expected[i]!;
    }
  }
  const r = Math.min(0.9, Math.max(0.02, sumExpected > 0 ? sumObserved / sumExpected : 0.02));
  const normalOverCut = (i: number) => {
    const o = observed[i]!;
    const e = expected[i]!;
    return o === o && e > 0 ? o * Math.log(1 / r) - e * (1 - r) : 0;
  };
  // Start: bins [s, first) join the run while that makes the cut more likely.
  let start = first;
  let gain = 0;
  let best = 0;
  for (let i = first - 1; i >= floor && state[i] !== BinState.unknown; i--) {
    gain -= normalOverCut(i);
    if (gain > best) [best, start] = [gain, i];
  }
  if (ongoing) return [start, last];
  // End: bins (e, last] leave the run while that makes "normal" more likely.
  let end = last;
  gain = 0;
  best = 0;
  for (let i = last; i > Math.max(start, last - reach); i--) {
    gain += normalOverCut(i);
    if (gain > best) [best, end] = [gain, i - 1];
  }
  return [start, end];
}
