/**
 * The tunable knobs of anomaly scoring, with their defaults and why. Every detector in
 * detect/ (batch scoreSeries, the incremental series detector, anomaliesOf) reads one
 * DetectOptions; callers pass a Partial and get the defaults for the rest. Pure.
 */

export interface DetectOptions {
  /**
   * The expected-value model: the seasonal profile (default), or the candidates it was
   * compared with (docs/design/0007): same time of week over 4 weeks, Radar's similar days.
   */
  readonly baseline: 'profile' | 'week-median' | 'similar-days';
  /** Weeks a weekly-profile slot remembers (EWMA weight 1/N after N weeks): Cloudflare uses 4. */
  readonly historyWeeks: number;
  /** Days the daily profile (the warm-up fallback) remembers. */
  readonly historyDays: number;
  /** Weekly samples a slot needs before it replaces the daily profile. */
  readonly minWeeks: number;
  /** Time constant of the level factor that follows slow growth and decline. */
  readonly levelSeconds: number;
  /** Time constant of the noise (over-dispersion) estimate. */
  readonly noiseSeconds: number;
  /** Noise sigmas a departure must exceed, on top of the minimum relative drop. */
  readonly z: number;
  /** Smallest relative drop that counts (0.3: below 70% of normal; holidays dip 10–25%). */
  readonly minDrop: number;
  /** Largest tolerance: a series noisier than this still reports drops below 1 - maxDrop. */
  readonly maxDrop: number;
  /** Observed/expected below which a drop is critical. */
  readonly criticalRatio: number;
  /** Share of the entry tolerance a series must climb back to before the anomaly ends. */
  readonly exitFraction: number;
  /** Excess share (observed - expected) that starts a rise anomaly, and the critical one. */
  readonly riseWarning: number;
  readonly riseCritical: number;
  /**
   * Poisson series are judged on Σ observed / Σ expected over the last bins until the expected
   * volume reaches smoothVolume (at most smoothMaxBins): one bin in the day, several at night,
   * so that a quiet night is neither a false drop nor a place where a real drop hides.
   */
  readonly smoothVolume: number;
  readonly smoothMaxBins: number;
  /** Rise signals (shares of few tests) are judged on the median excess of this many bins. */
  readonly riseSmoothBins: number;
  /** Bins with less coverage are unknown. */
  readonly minCoverage: number;
  /** Anomalies shorter than this are dropped (noise), and at least minBins bins long. */
  readonly minDurationSeconds: number;
  readonly minBins: number;
  /** An unknown gap longer than this ends an anomaly (and resets hysteresis). */
  readonly maxGapSeconds: number;
  /**
   * A drop that stays between levelShiftFloor and the entry level this long is re-based as a
   * permanent level shift. Drops below the floor (blackouts) are never re-based.
   */
  readonly levelShiftSeconds: number;
  readonly levelShiftFloor: number;
}

export const DEFAULT_DETECT_OPTIONS: DetectOptions = {
  baseline: 'profile',
  historyWeeks: 4,
  historyDays: 7,
  minWeeks: 2,
  levelSeconds: 86400,
  noiseSeconds: 7 * 86400,
  z: 4,
  minDrop: 0.3,
  maxDrop: 0.9,
  criticalRatio: 0.5,
  exitFraction: 0.5,
  riseWarning: 0.2,
  riseCritical: 0.5,
  smoothVolume: 200,
  smoothMaxBins: 12,
  riseSmoothBins: 5,
  minCoverage: 0.5,
  minDurationSeconds: 900,
  minBins: 2,
  maxGapSeconds: 6 * 3600,
  levelShiftSeconds: 14 * 86400,
  levelShiftFloor: 0.5,
};

export function detectOptions(options: Partial<DetectOptions> = {}): DetectOptions {
  return { ...DEFAULT_DETECT_OPTIONS, ...options };
}
