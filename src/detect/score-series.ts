/**
 * Batch scoring of one regular series against its seasonal baseline: per bin the expected
 * value, the ratio (observed/expected for drop signals, the excess share for rise signals) and
 * a state (unknown, normal, warning, critical). It runs the incremental series detector's own
 * per-bin loop over the whole column (scoreColumn), so batch and streaming agree by construction. Pure; NaN values are unknown.
 */
import type { SignalSpec } from '../model/signal.js';
import type { EpochSeconds } from '../model/time.js';
import type { DetectOptions } from './score-options.js';
import { createSeriesDetector } from './series-detector.js';

export { BinState } from './score-state.js';
export type { DetectOptions } from './score-options.js';

/** Bins `start + i·step`; NaN = unknown; coverage 0…1 per bin (1 when absent). */
export interface RegularSeries {
  readonly start: EpochSeconds;
  readonly step: number;
  readonly values: Float64Array;
  readonly coverage?: Float32Array;
}

export interface ScoredSeries {
  readonly start: EpochSeconds;
  readonly step: number;
  /** Expected value per bin, NaN where there is no baseline yet. */
  readonly expected: Float64Array;
  /** observed/expected for drop signals, observed − expected for rise signals; NaN unknown. */
  readonly ratio: Float64Array;
  /** BinState per bin. */
  readonly state: Uint8Array;
  /**
   * The observed values, when the scorer kept them: anomaliesOf uses them to place an
   * anomaly's edges on the raw bins rather than on the smoothed judgement.
   */
  readonly observed?: Float64Array;
}

export function scoreSeries(
  series: RegularSeries,
  spec: SignalSpec,
  options: Partial<DetectOptions> = {},
): ScoredSeries {
  const { start, step, values, coverage } = series;
  const n = values.length;
  const expected = new Float64Array(n);
  const ratio = new Float64Array(n);
  const state = new Uint8Array(n);
  const detector = createSeriesDetector({ ...spec, stepSeconds: step }, options);
  detector.scoreColumn(start, values, {
    state,
    expected,
    ratio,
    ...(coverage === undefined ? {} : { coverage }),
  });
  return { start, step, expected, ratio, state, observed: values };
}
