/**
 * Change points in a binomial series (blocked of n measurements per bin): Page's CUSUM on the
 * log-likelihood ratio of "blocked" (share p1) against "reachable" (share p0), run as a
 * two-state machine so that both onsets and recoveries are found. Each bin weighs by its
 * count, so ten measurements move the statistic ten times more than one, and a bin without
 * measurements moves nothing: unknown is never read as reachable. Pure: no I/O, no clock.
 */

export interface BinomialBin {
  readonly bin: number;
  /** Measurements that reached a decision (ok or blocked). */
  readonly trials: number;
  readonly blocked: number;
}

export interface ChangePointOptions {
  /** Blocked share tolerated while reachable (probe noise, flaky networks). */
  readonly reachableShare: number;
  /** Blocked share expected while blocked (some probes use VPNs or other resolvers). */
  readonly blockedShare: number;
  /** Decision threshold on the log-likelihood ratio: ln(100) means 100:1 odds. */
  readonly threshold: number;
}

export const DEFAULT_CHANGE_POINT_OPTIONS: ChangePointOptions = {
  reachableShare: 0.1,
  blockedShare: 0.6,
  threshold: Math.log(100),
};

export interface ChangePoint {
  /** The bin where the new state most likely began (where the CUSUM last left zero). */
  readonly bin: number;
  /** The bin whose data pushed the statistic over the threshold. */
  readonly detectedAt: number;
  readonly to: 'blocked' | 'reachable';
  /** Log-likelihood ratio at detection. */
  readonly statistic: number;
}

export function detectChangePoints(
  series: readonly BinomialBin[],
  options: ChangePointOptions = DEFAULT_CHANGE_POINT_OPTIONS,
  initial: 'reachable' | 'blocked' = 'reachable',
): ChangePoint[] {
  const { reachableShare: p0, blockedShare: p1, threshold } = options;
  if (!(p0 > 0 && p0 < p1 && p1 < 1 && threshold > 0))
    throw new RangeError(
      `Cannot detect change points: need 0 < reachableShare < blockedShare < 1 and threshold > 0, found ${p0}, ${p1}, ${threshold}`,
    );
  const blockedWeight = Math.log(p1 / p0);
  const okWeight = Math.log((1 - p1) / (1 - p0));
  const points: ChangePoint[] = [];
  let state = initial;
  let statistic = 0;
  let start: number | null = null;
  for (const { bin, trials, blocked } of series) {
    if (!(trials > 0)) continue;
    const ratio = blocked * blockedWeight + (trials - blocked) * okWeight;
    const step = state === 'reachable' ? ratio : -ratio;
    if (statistic + step <= 0) {
      statistic = 0;
      start = null;
      continue;
    }
    if (start === null) start = bin;
    statistic += step;
    if (statistic >= threshold) {
      state = state === 'reachable' ? 'blocked' : 'reachable';
      points.push({ bin: start, detectedAt: bin, to: state, statistic });
      statistic = 0;
      start = null;
    }
  }
  return points;
}
