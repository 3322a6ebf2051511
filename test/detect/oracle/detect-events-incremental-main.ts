/**
 * Incremental detection: bins are pushed as they close, each series keeps its own
 * incremental detector (detect/series-detector.ts) and a bounded window of its scores, and
 * `run` fuses the current picture with the same code as the batch pipeline (detectScored), so
 * batch and streaming agree on events by construction. Per bin a push is O(1); a run cuts
 * anomalies only in series that had a non-normal bin inside the window, and reports only
 * ongoing silences (tracked per push; past ones were reported while they lasted). Pure.
 */
import type { EntityId } from '../../../src/model/entity.js';
import type { OutageEvent } from '../../../src/model/event.js';
import type { SignalSpec } from '../../../src/model/signal.js';
import type { EpochSeconds } from '../../../src/model/time.js';
import {
  detectScored,
  type DetectionInput,
  type DetectionResult,
  type ScoredInput,
} from '../../../src/detect/detect-events.js';
import { DEFAULT_HEALTH_OPTIONS, type HealthFinding } from '../../../src/detect/health.js';
import { BinState } from '../../../src/detect/score-state.js';
import { createSeriesDetector, type SeriesDetector } from './series-detector-main.js';

export interface IncrementalOptions extends Omit<
  DetectionInput,
  'series' | 'now' | 'previous' | 'from'
> {
  /** Bins of history each series keeps for cutting anomalies (default 4 weeks of its step). */
  readonly windowSeconds?: number;
}

export interface SeriesKey {
  readonly entity: EntityId;
  readonly signal: string;
  readonly source: string;
}

export interface IncrementalDetection {
  /**
   * Scores one closed bin of a series (bins must come in order; skipped bins are unknown).
   * Returns false when the signal is not declared or the bin is not after the last one.
   */
  push(key: SeriesKey, bin: EpochSeconds, value: number, coverage?: number): boolean;
  /** The events and health findings of the current window. */
  run(now: EpochSeconds, previous: readonly OutageEvent[]): DetectionResult;
  readonly size: number;
}

interface State {
  readonly key: SeriesKey;
  readonly spec: SignalSpec;
  readonly detector: SeriesDetector | null;
  start: EpochSeconds;
  length: number;
  values: Float64Array;
  expected: Float64Array;
  ratio: Float64Array;
  state: Uint8Array;
  /** Index of the last warning or critical bin, -1 when none is in the window. */
  lastAbnormal: number;
}

export function createIncrementalDetection(options: IncrementalOptions): IncrementalDetection {
  const specs = new Map(options.specs.map((s) => [s.name, s]));
  const series = new Map<string, State>();
  // Per source: the end of its last known bin, its finest step, the countries it covers.
  // Silence is judged from these in O(sources) per run, not by rescanning every window.
  const sources = new Map<string, { lastKnownEnd: number; step: number; countries: Set<string> }>();
  const minSilentBins = { ...DEFAULT_HEALTH_OPTIONS, ...options.health }.minSilentBins;
  const window = options.windowSeconds ?? 28 * 86400;

  const grow = (s: State, needed: number) => {
    const cap = Math.max(1, Math.floor(window / s.spec.stepSeconds));
    if (needed > s.values.length && s.length > cap) {
      // Keep the newest `cap` bins: the window slides.
      const drop = s.length - cap;
      for (const name of ['values', 'expected', 'ratio', 'state'] as const)
        s[name].copyWithin(0, drop, s.length);
      s.start += drop * s.spec.stepSeconds;
      s.length -= drop;
      s.lastAbnormal -= drop;
    }
    if (needed <= s.values.length) return;
    // Capacity stops at the window plus a quarter: the window then slides a quarter at a time.
    const size = Math.max(needed, Math.min(s.values.length * 2, cap + Math.max(16, cap >> 2)), 16);
    const copy = <T extends Float64Array | Uint8Array>(old: T, make: (n: number) => T) => {
      const fresh = make(size);
      fresh.set(old.subarray(0, s.length));
      return fresh;
    };
    s.values = copy(s.values, (n) => new Float64Array(n));
    s.expected = copy(s.expected, (n) => new Float64Array(n));
    s.ratio = copy(s.ratio, (n) => new Float64Array(n));
    s.state = copy(s.state, (n) => new Uint8Array(n));
  };

  const append = (s: State, value: number, coverage: number) => {
    grow(s, s.length + 1);
    const bin = s.start + s.length * s.spec.stepSeconds;
    const i = s.length++;
    s.values[i] = value;
    if (s.detector === null) {
      s.state[i] = BinState.unknown;
      s.expected[i] = NaN;
      s.ratio[i] = NaN;
      return;
    }
    const state = s.detector.push(bin, value, coverage);
    s.state[i] = state;
    s.expected[i] = s.detector.expected;
    s.ratio[i] = state === BinState.unknown ? NaN : s.detector.ratio;
    if (state === BinState.warning || state === BinState.critical) s.lastAbnormal = i;
  };

  return {
    get size() {
      return series.size;
    },
    push(key, bin, value, coverage = 1) {
      const spec = specs.get(key.signal);
      if (spec === undefined || bin % spec.stepSeconds !== 0) return false;
      const id = `${key.entity}\u0000${key.signal}\u0000${key.source}`;
      let s = series.get(id);
      if (s === undefined) {
        const scored = spec.evidence !== 'none';
        s = {
          key,
          spec,
          detector: scored ? createSeriesDetector(spec, options.scoring) : null,
          start: bin,
          length: 0,
          values: new Float64Array(0),
          expected: new Float64Array(0),
          ratio: new Float64Array(0),
          state: new Uint8Array(0),
          lastAbnormal: -1,
        };
        series.set(id, s);
      }
      const next = s.start + s.length * spec.stepSeconds;
      if (bin < next) return false;
      for (let t = next; t < bin; t += spec.stepSeconds) append(s, NaN, 0);
      append(s, value, coverage);
      let source = sources.get(key.source);
      if (source === undefined)
        sources.set(
          key.source,
          (source = { lastKnownEnd: -Infinity, step: spec.stepSeconds, countries: new Set() }),
        );
      source.step = Math.min(source.step, spec.stepSeconds);
      const country = options.context.countryOf(key.entity);
      if (country !== null) source.countries.add(country);
      if (!Number.isNaN(value))
        source.lastKnownEnd = Math.max(source.lastKnownEnd, bin + spec.stepSeconds);
      return true;
    },
    run(now, previous) {
      const inputs: ScoredInput[] = [];
      let from = now;
      for (const s of series.values()) {
        const step = s.spec.stepSeconds;
        from = Math.min(from, s.start);
        inputs.push({
          ...s.key,
          series: { start: s.start, step, values: s.values.subarray(0, s.length) },
          scored:
            s.detector === null
              ? null
              : {
                  start: s.start,
                  step,
                  expected: s.expected.subarray(0, s.length),
                  ratio: s.ratio.subarray(0, s.length),
                  state: s.state.subarray(0, s.length),
                },
          abnormal: s.lastAbnormal >= 0,
        });
      }
      const silences: HealthFinding[] = [];
      for (const [name, source] of [...sources].sort(([a], [b]) => a.localeCompare(b))) {
        const quiet = now - source.lastKnownEnd;
        if (source.lastKnownEnd > -Infinity && quiet >= minSilentBins * source.step)
          silences.push({
            kind: 'silent',
            source: name,
            start: source.lastKnownEnd,
            end: null,
            countries: [...source.countries].sort(),
            message: `Source ${name} sent no data for ${quiet / 3600} h (ongoing): unknown, not an outage`,
          });
      }
      return detectScored(inputs, { ...options, now, previous, from, silences });
    },
  };
}
