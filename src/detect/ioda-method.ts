/**
 * IODA's published detection method, reimplemented from its description (ANCHORS.md) as the
 * comparison baseline of the accuracy harness — not Nightlight's detector. Per bin: the
 * baseline is the median of a sliding window of history (BGP 24 h; active probing and
 * telescope 7 days), no output during a 1 h warm-up or when the baseline is below 20, a
 * warning and a critical threshold on observed/baseline per data source, and "inpainting":
 * a value with ratio < 0.8 or > 2 enters the history as the baseline instead of itself, for
 * at most 7 days in a row (after that the outage becomes the new normal). Events open at the
 * first non-normal bin and close at the next normal one; unknown bins neither open nor close.
 * IODA has no application-layer signal: rise signals are not scored. Pure.
 */
import type { Anomaly } from '../model/anomaly.js';
import type { EntityId } from '../model/entity.js';
import type { SignalSpec } from '../model/signal.js';
import { BinState } from './score-state.js';
import type { RegularSeries, ScoredSeries } from './score-series.js';

export type IodaSource = 'bgp' | 'probing' | 'telescope';

interface IodaSourceRule {
  readonly windowSeconds: number;
  readonly warning: number;
  readonly critical: number;
}

/** Published thresholds (observed/baseline below which an alert is raised). */
export const IODA_RULES: Readonly<Record<IodaSource, IodaSourceRule>> = {
  bgp: { windowSeconds: 86400, warning: 0.99, critical: 0.5 },
  probing: { windowSeconds: 7 * 86400, warning: 0.8, critical: 0.5 },
  telescope: { windowSeconds: 7 * 86400, warning: 0.25, critical: 0.1 },
};

const WARM_UP_SECONDS = 3600;
const MIN_BASELINE = 20;
const INPAINT_LOW = 0.8;
const INPAINT_HIGH = 2;
const INPAINT_MAX_SECONDS = 7 * 86400;

/**
 * Which IODA data source a signal stands for: routing signals are BGP, darknet signals the
 * telescope; other reachability signals (traffic, probing) get the active-probing rule, the
 * closest IODA has. Application signals have no IODA counterpart.
 */
export function iodaSourceOf(spec: SignalSpec): IodaSource | null {
  if (spec.evidence !== 'drop') return null;
  if (spec.layer === 'routing') return 'bgp';
  if (spec.layer !== 'reachability') return null;
  return spec.name.startsWith('darknet.') ? 'telescope' : 'probing';
}

export function iodaScoreSeries(series: RegularSeries, source: IodaSource): ScoredSeries {
  const rule = IODA_RULES[source];
  const { start, step, values } = series;
  const n = values.length;
  const expected = new Float64Array(n).fill(NaN);
  const ratio = new Float64Array(n).fill(NaN);
  const state = new Uint8Array(n);
  const window = Math.max(1, Math.round(rule.windowSeconds / step));
  const warmUp = Math.ceil(WARM_UP_SECONDS / step);
  // History as a ring of the last `window` bins (NaN = nothing entered) and the same values
  // kept sorted, so the median is a lookup and each update one binary search and a shift.
  const ring = new Float64Array(window).fill(NaN);
  const sorted = new Float64Array(window);
  let size = 0;
  let inpaintedSince = -1;
  for (let i = 0; i < n; i++) {
    const value = values[i]!;
    const median =
      size === 0
        ? NaN
        : size % 2 === 1
          ? sorted[size >> 1]!
          : (sorted[size / 2 - 1]! + sorted[size / 2]!) / 2;
    let entry = value;
    if (value === value && size >= warmUp && median >= MIN_BASELINE) {
      const r = value / median;
      expected[i] = median;
      ratio[i] = r;
      state[i] =
        r < rule.critical
          ? BinState.critical
          : r < rule.warning
            ? BinState.warning
            : BinState.normal;
      if (r < INPAINT_LOW || r > INPAINT_HIGH) {
        if (inpaintedSince < 0) inpaintedSince = i;
        if ((i - inpaintedSince) * step < INPAINT_MAX_SECONDS) entry = median;
      } else inpaintedSince = -1;
    }
    // Slide the window by one bin: drop the value that leaves, insert the one that enters.
    const slot = i % window;
    const leaving = ring[slot]!;
    if (leaving === leaving) size = remove(sorted, size, leaving);
    ring[slot] = entry;
    if (entry === entry) size = insert(sorted, size, entry);
  }
  return { start, step, expected, ratio, state };
}

function lowerBound(sorted: Float64Array, size: number, value: number): number {
  let lo = 0;
  let hi = size;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid]! < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function insert(sorted: Float64Array, size: number, value: number): number {
  const at = lowerBound(sorted, size, value);
  sorted.copyWithin(at + 1, at, size);
  sorted[at] = value;
  return size + 1;
}

function remove(sorted: Float64Array, size: number, value: number): number {
  const at = lowerBound(sorted, size, value);
  sorted.copyWithin(at, at + 1, size);
  return size - 1;
}

/** IODA's events of one series: open at the first non-normal bin, close at the next normal. */
export function iodaAnomaliesOf(entity: EntityId, signal: string, scored: ScoredSeries): Anomaly[] {
  const { start, step, state, ratio, expected } = scored;
  const found: Anomaly[] = [];
  let first = -1;
  let deepest = -1;
  let critical = false;
  let score = 0;
  const close = (end: number | null) => {
    if (first < 0) return;
    found.push({
      entity,
      signal,
      start: start + first * step,
      end,
      level: critical ? 'critical' : 'warning',
      baseline: expected[deepest]!,
      observed: expected[deepest]! * ratio[deepest]!,
      ratio: ratio[deepest]!,
      score,
    });
    first = -1;
    critical = false;
    score = 0;
  };
  for (let i = 0; i < state.length; i++) {
    const s = state[i]!;
    if (s === BinState.unknown) continue;
    if (s === BinState.normal) {
      close(start + i * step);
      continue;
    }
    if (first < 0) first = deepest = i;
    else if (ratio[i]! < ratio[deepest]!) deepest = i;
    if (s === BinState.critical) critical = true;
    score += (1 - ratio[i]!) * (step / 60);
  }
  close(null);
  return found;
}
