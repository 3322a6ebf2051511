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
import type { EpochSeconds } from '../model/time.js';
import type { SignalSpec } from '../model/signal.js';
import { createSimilarDaysBaseline, createWeekMedianBaseline } from './baseline-candidates.js';
import { SeasonalProfile, type SeasonalBaseline } from './baseline-profile.js';
import { BinState } from './score-state.js';
import { detectOptions, type DetectOptions } from './score-options.js';

export interface SeriesDetector {
  /** Scores the bin starting at `bin` (strictly after the previous one); NaN value = unknown. */
  push(bin: EpochSeconds, value: number, coverage?: number): BinState;
  /**
   * Scores the bins `start + i·step` of `values` (after the last pushed one), as many pushes
   * would, writing each bin's state (and, when given, its expected value and its ratio, NaN
   * where the state is unknown) at index `at + i` of the outputs.
   */
  scoreColumn(start: EpochSeconds, values: Float64Array, out: ColumnOutput): void;
  /** Expected value of the last pushed bin (after coverage), NaN when there is no baseline. */
  readonly expected: number;
  /** Ratio (drop) or excess share (rise) of the last pushed bin, NaN when unknown. */
  readonly ratio: number;
}

export interface ColumnOutput {
  readonly state: Uint8Array;
  readonly expected?: Float64Array;
  readonly ratio?: Float64Array;
  /** Coverage per bin of `values` (1 when absent). */
  readonly coverage?: Float32Array;
  /** Where the first bin goes in the outputs (0 when absent). */
  readonly at?: number;
}

type Spec = Pick<SignalSpec, 'stepSeconds' | 'noise' | 'minVolume' | 'evidence'>;

export function createSeriesDetector(
  spec: Spec,
  partial: Partial<DetectOptions> = {},
): SeriesDetector {
  return new Detector(spec, sharedOptions(partial));
}

const defaults = detectOptions();
const optionsOf = new WeakMap<Partial<DetectOptions>, DetectOptions>();

/** One options object per caller's options, not one per series (341,200 of them). */
function sharedOptions(partial: Partial<DetectOptions>): DetectOptions {
  if (Object.keys(partial).length === 0) return defaults;
  let options = optionsOf.get(partial);
  if (options === undefined) optionsOf.set(partial, (options = detectOptions(partial)));
  return options;
}

const oneValue = new Float64Array(1);
const oneState = new Uint8Array(1);

class Detector implements SeriesDetector {
  expected = NaN;
  ratio = NaN;
  private readonly baseline: SeasonalBaseline;
  private readonly profile: SeasonalProfile | null;
  private readonly options: DetectOptions;
  private readonly step: number;
  private readonly rise: boolean;
  private readonly scored: boolean;
  private readonly poisson: boolean;
  private readonly minVolume: number;
  private readonly levelAlpha: number;
  private readonly noiseAlpha: number;
  private readonly smoothBins: number;
  private readonly smoothVolume: number;
  // The last known bins (value, expected), newest at `head`: Poisson series sum them up to a
  // volume; rise series take the median excess of the last few, because a share of one or two
  // tests in a quiet hour jumps to 0.5 or 1 by chance, and a block lasts hours.
  private readonly ringBin: Float64Array;
  private readonly ringValue: Float64Array;
  private readonly ringExpected: Float64Array;
  private head = 0;
  private level: number;
  /** Variance of the relative (drop) or absolute (rise) residual beyond Poisson noise. */
  private noise = 0.0025;
  private lastKnown = -Infinity;
  private shiftStart: number;
  private shiftSum: number;
  private shiftCount = 0;
  private state: BinState = BinState.normal;

  constructor(spec: Spec, options: DetectOptions) {
    // Fields that will hold doubles start as doubles: a field first stored as a small integer
    // and later as a double changes the object's hidden class, and V8 deoptimises the loop.
    this.level = this.shiftStart = this.shiftSum = NaN;
    this.level = 1;
    this.shiftStart = -1;
    this.shiftSum = 0;
    const step = spec.stepSeconds;
    this.options = options;
    this.step = step;
    this.baseline =
      options.baseline === 'week-median'
        ? createWeekMedianBaseline(step)
        : options.baseline === 'similar-days'
          ? createSimilarDaysBaseline(step)
          : new SeasonalProfile(step, options);
    this.profile = this.baseline instanceof SeasonalProfile ? this.baseline : null;
    this.rise = spec.evidence === 'rise';
    this.scored = spec.evidence !== 'none';
    this.poisson = spec.noise === 'poisson';
    this.minVolume = this.rise ? 0 : spec.minVolume;
    this.levelAlpha = Math.min(1, step / options.levelSeconds);
    this.noiseAlpha = Math.min(1, step / options.noiseSeconds);
    this.smoothBins = Math.max(
      1,
      this.rise ? options.riseSmoothBins : this.poisson ? options.smoothMaxBins : 1,
    );
    this.smoothVolume = this.rise ? Infinity : options.smoothVolume;
    const n = this.smoothBins;
    const ring = new ArrayBuffer(3 * 8 * n);
    this.ringBin = new Float64Array(ring, 0, n).fill(-Infinity);
    this.ringValue = new Float64Array(ring, 8 * n, n);
    this.ringExpected = new Float64Array(ring, 16 * n, n);
  }

  push(bin: EpochSeconds, value: number, coverage = 1): BinState {
    oneValue[0] = value;
    this.scoreBins(bin, oneValue, null, coverage, oneState, null, null, 0);
    return oneState[0] as BinState;
  }

  scoreColumn(start: EpochSeconds, values: Float64Array, out: ColumnOutput): void {
    this.scoreBins(
      start,
      values,
      out.coverage ?? null,
      1,
      out.state,
      out.expected ?? null,
      out.ratio ?? null,
      out.at ?? 0,
    );
  }

  /**
   * The per-bin algorithm, over a column. Numbers that change per bin are locals here and go
   * back to fields once per call: V8 keeps locals in registers and unboxed.
   */
  private scoreBins(
    start: number,
    values: Float64Array,
    coverages: Float32Array | null,
    /** The coverage of every bin when `coverages` is null. */
    allCoverage: number,
    outState: Uint8Array,
    outExpected: Float64Array | null,
    outRatio: Float64Array | null,
    at: number,
  ): void {
    const { baseline, profile: seasonal, step, rise, scored, poisson, minVolume } = this;
    const { levelAlpha, noiseAlpha, smoothBins, smoothVolume, ringBin, ringValue } = this;
    const ringExpected = this.ringExpected;
    const { z, minDrop, maxDrop, criticalRatio, exitFraction, riseWarning, riseCritical } =
      this.options;
    const { minCoverage, maxGapSeconds, levelShiftSeconds, levelShiftFloor } = this.options;
    const window = smoothBins * step;
    // Variances below this give a tolerance of minDrop whatever rounding the root would do.
    const quiet = z > 0 && minDrop > 0 ? (minDrop / z) ** 2 * (1 - 1e-9) : -Infinity;
    const quietTolerance = Math.min(maxDrop, minDrop);
    let { head, level, noise, lastKnown, shiftStart, shiftSum, shiftCount, state } = this;
    let expected = this.expected;
    let ratio = this.ratio;
    const n = values.length;
    for (let i = 0; i < n; i++) {
      const bin = start + i * step;
      const value = values[i]!;
      const coverage = coverages === null ? allCoverage : coverages[i]!;
      let out: BinState = BinState.unknown;
      push: {
        let profile: number;
        if (seasonal !== null) {
          seasonal.advance(bin);
          profile = seasonal.profileAt(bin);
        } else {
          baseline.advance(bin);
          profile = baseline.profileAt(bin);
        }
        expected = profile * level * coverage;
        if (!(value === value) || !(coverage >= minCoverage)) {
          ratio = NaN;
          break push;
        }
        if (!(profile === profile)) {
          // Warm-up: learn, judge nothing.
          baseline.learn((coverage === 1 ? value : value / coverage) / level);
          ratio = NaN;
          break push;
        }
        if (!rise && !(expected > 0)) {
          ratio = NaN;
          break push;
        }
        head = head + 1 === smoothBins ? 0 : head + 1;
        ringBin[head] = bin;
        ringValue[head] = value;
        ringExpected[head] = expected;
        let inverse = 0;
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
        if (!rise && !(sumExpected >= minVolume)) {
          ratio = NaN;
          break push;
        }
        if (bin - lastKnown > maxGapSeconds + step) {
          state = BinState.normal;
          shiftStart = -1;
        }
        lastKnown = bin;
        let next: BinState;
        let residual: number;
        if (rise) {
          const excess = medianExcess(ringBin, ringValue, ringExpected, head, bin - window);
          ratio = excess;
          residual = value - expected;
          const tolerance = Math.max(riseWarning, z * Math.sqrt(noise / smoothBins));
          const limit = state === BinState.normal ? tolerance : tolerance * exitFraction;
          next =
            excess <= limit
              ? BinState.normal
              : excess > riseCritical && excess > tolerance
                ? BinState.critical
                : BinState.warning;
        } else {
          ratio = sumValue / sumExpected;
          // The residual of the ratio actually judged: summed bins of a sparse series are
          // correlated (one busy client or scanner spans many of them), so their noise is
          // learned on the sum, not assumed from Poisson counts of single bins.
          residual = ratio - 1;
          if (poisson) inverse = 1 / sumExpected;
          const variance = poisson ? inverse + noise : noise;
          // Below `quiet`, z·σ < minDrop for certain: the square root can wait.
          const tolerance =
            variance < quiet
              ? quietTolerance
              : Math.min(maxDrop, Math.max(minDrop, z * Math.sqrt(variance)));
          const limit = 1 - (state === BinState.normal ? tolerance : tolerance * exitFraction);
          next =
            ratio >= limit
              ? BinState.normal
              : ratio < criticalRatio && ratio < 1 - tolerance
                ? BinState.critical
                : BinState.warning;
          if (next !== BinState.normal) {
            if (shiftStart < 0) shiftStart = bin;
            shiftSum += ratio;
            shiftCount++;
            if (bin - shiftStart >= levelShiftSeconds && shiftSum >= levelShiftFloor * shiftCount) {
              // A drop that never reached blackout depth and stayed for weeks: the new normal.
              const factor = shiftSum / shiftCount;
              level *= factor;
              ratio = ratio / factor;
              next = BinState.normal;
            }
          }
          if (next === BinState.normal) {
            shiftStart = -1;
            shiftSum = 0;
            shiftCount = 0;
          }
        }
        state = next;
        if (next === BinState.normal && scored) {
          // Spikes are normal for a drop signal but must not lift the baseline: cap at 2×.
          const clean = (coverage === 1 ? value : value / coverage) / level;
          baseline.learn(rise ? clean : Math.min(clean, 2 * profile));
          if (!rise) level += levelAlpha * (level * Math.min(ratio, 2) - level);
          const clipped = Math.min(Math.abs(residual), rise ? 0.5 : maxDrop);
          // `inverse` is 1 / sumExpected, computed once above.
          const square = clipped * clipped - (poisson && !rise ? inverse : 0);
          noise += noiseAlpha * (Math.max(0, square) - noise);
        } else if (!scored) {
          baseline.learn((coverage === 1 ? value : value / coverage) / level);
        }
        if (scored) out = next;
      }
      outState[at + i] = out;
      if (outExpected !== null) outExpected[at + i] = expected;
      if (outRatio !== null) outRatio[at + i] = out === BinState.unknown ? NaN : ratio;
    }
    this.head = head;
    this.level = level;
    this.noise = noise;
    this.lastKnown = lastKnown;
    this.shiftStart = shiftStart;
    this.shiftSum = shiftSum;
    this.shiftCount = shiftCount;
    this.state = state;
    this.expected = expected;
    this.ratio = ratio;
  }
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
