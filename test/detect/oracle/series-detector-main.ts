/**
 * The incremental detector of one series: push each bin as it closes and get its state at
 * once. It is the only scoring algorithm in Nightlight: scoreSeries runs it over a whole
 * series, so batch and streaming give the same answer by construction. Per bin it does O(1)
 * work on a few numbers (seasonal profile, level factor, noise estimate, hysteresis) and keeps
 * bounded state (≈ 3 KB per series). Unknown input (NaN, low coverage, an expected volume
 * below the signal's minimum even summed over the smoothing window, warm-up) is state
 * unknown, never a drop. Pure.
 *
 * Drop signals: ratio = observed / expected; warning below 1 − τ, critical below both
 * criticalRatio and 1 − τ, where τ = clamp(z·σ, minDrop, maxDrop) and σ is the relative noise:
 * √(1/expected + over-dispersion²) for Poisson counts, the tracked relative residual for
 * Gaussian ones. Rise signals (a blocked share): ratio = observed − expected, the excess share.
 */
import type { EpochSeconds } from '../../../src/model/time.js';
import type { SignalSpec } from '../../../src/model/signal.js';
import {
  createSimilarDaysBaseline,
  createWeekMedianBaseline,
} from '../../../src/detect/baseline-candidates.js';
import { createSeasonalBaseline } from './baseline-profile-main.js';
import { BinState } from '../../../src/detect/score-state.js';
import { detectOptions, type DetectOptions } from '../../../src/detect/score-options.js';

export interface SeriesDetector {
  /** Scores the bin starting at `bin` (strictly after the previous one); NaN value = unknown. */
  push(bin: EpochSeconds, value: number, coverage?: number): BinState;
  /** Expected value of the last pushed bin (after coverage), NaN when there is no baseline. */
  readonly expected: number;
  /** Ratio (drop) or excess share (rise) of the last pushed bin, NaN when unknown. */
  readonly ratio: number;
}

const [LEVEL, NOISE, LAST_KNOWN, SHIFT_START, SHIFT_SUM, SHIFT_COUNT, EXPECTED, RATIO] = [
  0, 1, 2, 3, 4, 5, 6, 7,
] as const;

type Spec = Pick<SignalSpec, 'stepSeconds' | 'noise' | 'minVolume' | 'evidence'>;

export function createSeriesDetector(
  spec: Spec,
  partial: Partial<DetectOptions> = {},
): SeriesDetector {
  const options = detectOptions(partial);
  const step = spec.stepSeconds;
  const baseline =
    options.baseline === 'week-median'
      ? createWeekMedianBaseline(step)
      : options.baseline === 'similar-days'
        ? createSimilarDaysBaseline(step)
        : createSeasonalBaseline(step, options);
  const rise = spec.evidence === 'rise';
  const scored = spec.evidence !== 'none';
  const poisson = spec.noise === 'poisson';
  const minVolume = rise ? 0 : spec.minVolume;
  const levelAlpha = Math.min(1, step / options.levelSeconds);
  const noiseAlpha = Math.min(1, step / options.noiseSeconds);
  const { z, minDrop, maxDrop, criticalRatio, exitFraction, riseWarning, riseCritical } = options;
  const { minCoverage, maxGapSeconds, levelShiftSeconds, levelShiftFloor } = options;
  // Numbers that change per bin live in a Float64Array: as closure variables V8 would box
  // each new double on the heap, an allocation per bin per series.
  const m = new Float64Array(8);
  m[LEVEL] = 1;
  // Variance of the relative (drop) or absolute (rise) residual beyond Poisson noise.
  m[NOISE] = 0.0025;
  m[LAST_KNOWN] = -Infinity;
  m[SHIFT_START] = -1;
  m[EXPECTED] = NaN;
  m[RATIO] = NaN;
  let state: BinState = BinState.normal;
  // The last known bins (value, expected), newest at `head`: Poisson series sum them up to a
  // volume; rise series take the median excess of the last few, because a share of one or two
  // tests in a quiet hour jumps to 0.5 or 1 by chance, and a block lasts hours.
  const smoothBins = Math.max(
    1,
    rise ? options.riseSmoothBins : poisson ? options.smoothMaxBins : 1,
  );
  const smoothVolume = rise ? Infinity : options.smoothVolume;
  const ringBin = new Float64Array(smoothBins).fill(-Infinity);
  const ringValue = new Float64Array(smoothBins);
  const ringExpected = new Float64Array(smoothBins);
  const window = smoothBins * step;
  let head = 0;

  const unknown = (): BinState => {
    m[RATIO] = NaN;
    return BinState.unknown;
  };

  return {
    get expected() {
      return m[EXPECTED]!;
    },
    get ratio() {
      return m[RATIO]!;
    },
    push(bin, value, coverage = 1) {
      baseline.advance(bin);
      const profile = baseline.profileAt(bin);
      m[EXPECTED] = profile * m[LEVEL]! * coverage;
      if (!(value === value) || !(coverage >= minCoverage)) return unknown();
      if (!(profile === profile)) {
        // Warm-up: learn, judge nothing.
        baseline.learn(value / coverage / m[LEVEL]!);
        return unknown();
      }
      const expected = m[EXPECTED];
      if (!rise && !(expected > 0)) return unknown();
      head = head + 1 === smoothBins ? 0 : head + 1;
      ringBin[head] = bin;
      ringValue[head] = value;
      ringExpected[head] = expected;
      let sumValue = value;
      let sumExpected = expected;
      let bins = 1;
      for (let j = head; bins < smoothBins && sumExpected < smoothVolume; bins++) {
        j = j === 0 ? smoothBins - 1 : j - 1;
        if (bin - ringBin[j]! >= window) break;
        sumValue += ringValue[j]!;
        sumExpected += ringExpected[j]!;
      }
      // The minimum volume applies to the summed bins: a small network with a few requests a
      // bin is judged over the last hour rather than never.
      if (!rise && !(sumExpected >= minVolume)) return unknown();
      if (bin - m[LAST_KNOWN]! > maxGapSeconds + step) {
        state = BinState.normal;
        m[SHIFT_START] = -1;
      }
      m[LAST_KNOWN] = bin;
      let next: BinState;
      let residual: number;
      if (rise) {
        const excess = medianExcess(ringBin, ringValue, ringExpected, head, bin - window);
        m[RATIO] = excess;
        residual = value - expected;
        const tolerance = Math.max(riseWarning, z * Math.sqrt(m[NOISE]! / smoothBins));
        const limit = state === BinState.normal ? tolerance : tolerance * exitFraction;
        next =
          excess <= limit
            ? BinState.normal
            : excess > riseCritical && excess > tolerance
              ? BinState.critical
              : BinState.warning;
      } else {
        const ratio = sumValue / sumExpected;
        m[RATIO] = ratio;
        // The residual of the ratio actually judged: summed bins of a sparse series are
        // correlated (one busy client or scanner spans many of them), so their noise is
        // learned on the sum, not assumed from Poisson counts of single bins.
        residual = ratio - 1;
        const sigma = Math.sqrt(poisson ? 1 / sumExpected + m[NOISE]! : m[NOISE]!);
        const tolerance = Math.min(maxDrop, Math.max(minDrop, z * sigma));
        const limit = 1 - (state === BinState.normal ? tolerance : tolerance * exitFraction);
        next =
          ratio >= limit
            ? BinState.normal
            : ratio < criticalRatio && ratio < 1 - tolerance
              ? BinState.critical
              : BinState.warning;
        if (next !== BinState.normal) {
          if (m[SHIFT_START]! < 0) m[SHIFT_START] = bin;
          m[SHIFT_SUM]! += ratio;
          m[SHIFT_COUNT]!++;
          if (
            bin - m[SHIFT_START]! >= levelShiftSeconds &&
            m[SHIFT_SUM]! >= levelShiftFloor * m[SHIFT_COUNT]!
          ) {
            // A drop that never reached blackout depth and stayed for weeks: the new normal.
            const factor = m[SHIFT_SUM]! / m[SHIFT_COUNT]!;
            m[LEVEL]! *= factor;
            m[RATIO] = ratio / factor;
            next = BinState.normal;
          }
        }
        if (next === BinState.normal) {
          m[SHIFT_START] = -1;
          m[SHIFT_SUM] = 0;
          m[SHIFT_COUNT] = 0;
        }
      }
      state = next;
      if (next === BinState.normal && scored) {
        // Spikes are normal for a drop signal but must not lift the baseline: cap at 2×.
        const clean = value / coverage / m[LEVEL]!;
        baseline.learn(rise ? clean : Math.min(clean, 2 * profile));
        if (!rise) m[LEVEL]! += levelAlpha * (m[LEVEL]! * Math.min(m[RATIO], 2) - m[LEVEL]!);
        const clipped = Math.min(Math.abs(residual), rise ? 0.5 : maxDrop);
        const square = clipped * clipped - (poisson && !rise ? 1 / sumExpected : 0);
        m[NOISE]! += noiseAlpha * (Math.max(0, square) - m[NOISE]!);
      } else if (!scored) {
        baseline.learn(value / coverage / m[LEVEL]!);
      }
      return scored ? next : BinState.unknown;
    },
  };
}

const scratch = new Float64Array(16);

/** Median of value − expected over the ring's bins newer than `after` (at most 16). */
function medianExcess(
  bins: Float64Array,
  values: Float64Array,
  expected: Float64Array,
  head: number,
  after: number,
): number {
  let n = 0;
  for (let k = 0, j = head; k < bins.length && n < scratch.length; k++) {
    if (bins[j]! > after) {
      const x = values[j]! - expected[j]!;
      let i = n++;
      for (; i > 0 && scratch[i - 1]! > x; i--) scratch[i] = scratch[i - 1]!;
      scratch[i] = x;
    }
    j = j === 0 ? bins.length - 1 : j - 1;
  }
  return n % 2 === 1 ? scratch[n >> 1]! : (scratch[n / 2 - 1]! + scratch[n / 2]!) / 2;
}
