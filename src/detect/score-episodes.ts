/**
 * The sparse score history of one series in incremental detection. A dense window of scores
 * per series is what batch fusion reads, and 341,200 series × 4 weeks of 5-minute bins is tens
 * of gigabytes; yet fusion only looks at the bins of anomaly runs (anomaliesOf, splitByLevel)
 * and, for routing series, at whether each bin was known and up (the routing view). So a series
 * keeps:
 *   - episodes: the bins from each run's first warning/critical bin up to and including the bin
 *     at which anomaliesOf closes the run (a normal bin, or an unknown bin more than maxGapBins
 *     after the run's last abnormal bin), or up to now while it is open;
 *   - for routing series, the known/up class of every bin, run-length encoded.
 * anomaliesOf over each episode, cut at the window's start, gives the anomalies it gives over
 * the dense window, because a run never spans two episodes and nothing outside a run changes
 * its result (incremental detection passes no observed values, so edges are not refined).
 * Pure; test/detect/incremental-sparse.test.ts checks it against the dense implementation.
 */
import { BinState } from './score-state.js';
import type { ScoredSeries } from './score-series.js';

export class Episode {
  /** First bin (epoch seconds). */
  start: number;
  length = 0;
  /** The last warning or critical bin (epoch seconds). */
  lastAbnormal = -Infinity;
  open = true;
  expected: Float64Array;
  ratio: Float64Array;
  state: Uint8Array;

  constructor(start: number) {
    this.start = start;
    this.expected = new Float64Array(8);
    this.ratio = new Float64Array(8);
    this.state = new Uint8Array(8);
  }

  /** Appends the next bin; `dropBefore` is the window start, bins before it may be let go. */
  append(state: BinState, expected: number, ratio: number, step: number, dropBefore: number) {
    if (this.length === this.state.length) {
      const drop = Math.min(this.length, Math.max(0, Math.floor((dropBefore - this.start) / step)));
      if (drop * 2 >= this.length) {
        // Most of it fell out of the window: slide rather than grow (bounded by the window).
        this.expected.copyWithin(0, drop, this.length);
        this.ratio.copyWithin(0, drop, this.length);
        this.state.copyWithin(0, drop, this.length);
        this.start += drop * step;
        this.length -= drop;
      } else {
        const size = this.length * 2;
        this.expected = grown(this.expected, new Float64Array(size), this.length);
        this.ratio = grown(this.ratio, new Float64Array(size), this.length);
        this.state = grown(this.state, new Uint8Array(size), this.length);
      }
    }
    const i = this.length++;
    this.expected[i] = expected;
    this.ratio[i] = ratio;
    this.state[i] = state;
  }

  /** The episode from `from` on (the window start), as anomaliesOf reads a series. */
  scored(from: number, step: number): ScoredSeries {
    const skip = Math.max(0, Math.round((from - this.start) / step));
    return {
      start: this.start + skip * step,
      step,
      expected: this.expected.subarray(skip, this.length),
      ratio: this.ratio.subarray(skip, this.length),
      state: this.state.subarray(skip, this.length),
    };
  }
}

function grown<T extends Float64Array | Uint8Array>(old: T, fresh: T, length: number): T {
  fresh.set(old.subarray(0, length));
  return fresh;
}

/** Known/up class of a routing bin, as the routing view counts it. */
export const RouteClass = { unknown: 0, up: 1, down: 2 } as const;
export type RouteClass = (typeof RouteClass)[keyof typeof RouteClass];

/** Bins at or above this share of the usual routed space count as routes up (detect-events). */
const ROUTES_UP_LEVEL = 0.5;

export function routeClassOf(state: BinState, ratio: number): RouteClass {
  if (state === BinState.unknown) return RouteClass.unknown;
  return state === BinState.normal || (Number.isFinite(ratio) && ratio >= ROUTES_UP_LEVEL)
    ? RouteClass.up
    : RouteClass.down;
}

/** The classes of a routing series' bins, run-length encoded: a few numbers, not a window. */
export class RouteRuns {
  /** First bin of each run (epoch seconds), and its class. */
  readonly starts: number[] = [];
  readonly classes: RouteClass[] = [];

  add(bin: number, cls: RouteClass): void {
    if (this.classes.length > 0 && this.classes[this.classes.length - 1] === cls) return;
    this.starts.push(bin);
    this.classes.push(cls);
  }

  /** Forgets runs that end before `bin`. */
  trim(bin: number): void {
    let k = 0;
    while (k + 1 < this.starts.length && this.starts[k + 1]! <= bin) k++;
    if (k > 0) {
      this.starts.splice(0, k);
      this.classes.splice(0, k);
    }
  }

  /**
   * Adds to `counts` [bins, known, up] the bins of [from, to): bin times on this series' grid
   * of `step`, inside its window, whose last bin ends at `end`.
   */
  count(from: number, to: number, end: number, step: number, counts: number[]): void {
    if (to <= from) return;
    const n = this.starts.length;
    for (let k = 0; k < n; k++) {
      const a = Math.max(from, this.starts[k]!);
      const b = Math.min(to, k + 1 < n ? this.starts[k + 1]! : end);
      const cls = this.classes[k]!;
      if (b <= a || cls === RouteClass.unknown) continue;
      const bins = Math.round((b - a) / step);
      counts[1]! += bins;
      if (cls === RouteClass.up) counts[2]! += bins;
    }
    counts[0]! += Math.round((to - from) / step);
  }
}
