/**
 * Incremental detection: bins are pushed as they close, each series keeps its own
 * incremental detector (detect/series-detector.ts), and `run` fuses the current picture with
 * the same steps as the batch pipeline (detectScored: anomaliesOf, splitByLevel,
 * classifyAnomaly, fuseItems), so batch and streaming agree on events. What a run costs grows
 * with what is abnormal, not with the number of series: a series keeps no window of scores,
 * only the bins of its anomaly runs inside the window and, for routing series, a run-length
 * code of which bins were known and up (detect/score-episodes.ts); the countries each source
 * observes and its silences are tracked per push. The window each series would keep (its
 * start slides a quarter of the window at a time) is followed exactly, as a start and a
 * length, so the events are those detectScored finds over the dense windows. Pure.
 */
import type { EntityId } from '../model/entity.js';
import type { OutageEvent } from '../model/event.js';
import type { SignalSpec } from '../model/signal.js';
import type { EpochSeconds } from '../model/time.js';
import { anomaliesOf } from './anomalies.js';
import { classifyAnomaly, type EvidenceItem, type SourcedAnomaly } from './classify.js';
import { splitByLevel } from './classify-segments.js';
import { fuseItems, type DetectionInput, type DetectionResult } from './detect-events.js';
import { DEFAULT_FUSION_OPTIONS } from './fuse.js';
import { DEFAULT_HEALTH_OPTIONS, type HealthFinding } from './health.js';
import { Episode, RouteRuns, routeClassOf } from './score-episodes.js';
import { detectOptions } from './score-options.js';
import { BinState } from './score-state.js';
import { createSeriesDetector, type SeriesDetector } from './series-detector.js';

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
  /** Creation order: fusion sees series in this order, as detectScored sees its input. */
  readonly index: number;
  /** The window a dense history would hold: first bin, bins, and the array capacity. */
  start: EpochSeconds;
  length: number;
  capacity: number;
  /** Anomaly runs inside the window, oldest first; the last may be open. */
  episodes: Episode[] | null;
  open: Episode | null;
  /** Routing series only: known/up class of each bin of the window. */
  readonly runs: RouteRuns | null;
  readonly source: SourceHealth;
}

interface SourceHealth {
  lastKnownEnd: number;
  step: number;
  readonly countries: Set<string>;
}

export function createIncrementalDetection(options: IncrementalOptions): IncrementalDetection {
  const specs = new Map(options.specs.map((s) => [s.name, s]));
  const series = new Map<string, State>();
  const all: State[] = [];
  /** Series with episodes: the only ones a run cuts anomalies from. */
  const active = new Set<State>();
  const routingOf = new Map<EntityId, State[]>();
  // Per source: the end of its last known bin, its finest step, the countries it covers.
  // Silence is judged from these in O(sources) per run, not by rescanning every window.
  const sources = new Map<string, SourceHealth>();
  // Callers that push with the same key objects bin after bin skip building the id string.
  const byKey = new WeakMap<SeriesKey, State>();
  const minSilentBins = { ...DEFAULT_HEALTH_OPTIONS, ...options.health }.minSilentBins;
  const fusion = { ...DEFAULT_FUSION_OPTIONS, ...options.fusion };
  const maxGapSeconds = detectOptions(options.scoring).maxGapSeconds;
  const window = options.windowSeconds ?? 28 * 86400;

  /** The window of a dense history after one more bin (it slides a quarter at a time). */
  const slide = (s: State) => {
    const step = s.spec.stepSeconds;
    const cap = Math.max(1, Math.floor(window / step));
    const needed = s.length + 1;
    if (needed > s.capacity && s.length > cap) {
      const drop = s.length - cap;
      s.start += drop * step;
      s.length -= drop;
    }
    if (needed > s.capacity)
      // Capacity stops at the window plus a quarter: the window then slides a quarter at a time.
      s.capacity = Math.max(needed, Math.min(s.capacity * 2, cap + Math.max(16, cap >> 2)), 16);
    s.length++;
  };

  const append = (s: State, value: number, coverage: number) => {
    const step = s.spec.stepSeconds;
    const bin = s.start + s.length * step;
    slide(s);
    if (s.detector === null) return;
    const state = s.detector.push(bin, value, coverage);
    const expected = s.detector.expected;
    const ratio = state === BinState.unknown ? NaN : s.detector.ratio;
    s.runs?.add(bin, routeClassOf(state, ratio));
    const abnormal = state === BinState.warning || state === BinState.critical;
    let open = s.open;
    if (open === null) {
      if (!abnormal) return;
      open = s.open = new Episode(bin);
      (s.episodes ??= []).push(open);
      active.add(s);
    }
    open.append(state, expected, ratio, step, s.start);
    if (abnormal) open.lastAbnormal = bin;
    // Where anomaliesOf closes the run: a normal bin, or a gap longer than maxGapSeconds.
    else if (
      state === BinState.normal ||
      Math.round((bin - open.lastAbnormal) / step) > Math.floor(maxGapSeconds / step)
    ) {
      open.open = false;
      s.open = null;
    }
  };

  /** The series of a key, made on its first bin; its source learns its country and step. */
  const seriesOf = (key: SeriesKey, spec: SignalSpec, bin: EpochSeconds): State => {
    const id = `${key.entity}\u0000${key.signal}\u0000${key.source}`;
    const found = series.get(id);
    if (found !== undefined) return found;
    let source = sources.get(key.source);
    if (source === undefined)
      sources.set(
        key.source,
        (source = { lastKnownEnd: -Infinity, step: spec.stepSeconds, countries: new Set() }),
      );
    source.step = Math.min(source.step, spec.stepSeconds);
    const country = options.context.countryOf(key.entity);
    if (country !== null) source.countries.add(country);
    const scored = spec.evidence !== 'none';
    const s: State = {
      key,
      spec,
      detector: scored ? createSeriesDetector(spec, options.scoring) : null,
      index: all.length,
      start: bin,
      length: 0,
      capacity: 0,
      episodes: null,
      open: null,
      runs: scored && spec.layer === 'routing' ? new RouteRuns() : null,
      source,
    };
    series.set(id, s);
    all.push(s);
    if (s.runs !== null) {
      let list = routingOf.get(key.entity);
      if (list === undefined) routingOf.set(key.entity, (list = []));
      list.push(s);
    }
    return s;
  };

  return {
    get size() {
      return series.size;
    },
    push(key, bin, value, coverage = 1) {
      let s = byKey.get(key);
      if (s === undefined) {
        const spec = specs.get(key.signal);
        if (spec === undefined || bin % spec.stepSeconds !== 0) return false;
        s = seriesOf(key, spec, bin);
        byKey.set(key, s);
      }
      const step = s.spec.stepSeconds;
      if (bin % step !== 0) return false;
      const next = s.start + s.length * step;
      if (bin < next) return false;
      for (let t = next; t < bin; t += step) append(s, NaN, 0);
      append(s, value, coverage);
      if (!Number.isNaN(value)) s.source.lastKnownEnd = Math.max(s.source.lastKnownEnd, bin + step);
      return true;
    },
    run(now, previous) {
      let from = now;
      for (let i = 0; i < all.length; i++) from = Math.min(from, all[i]!.start);
      const anomalies: SourcedAnomaly[] = [];
      const items: EvidenceItem[] = [];
      for (const s of [...active].sort((a, b) => a.index - b.index)) {
        const step = s.spec.stepSeconds;
        // Runs whose last abnormal bin left the window give no anomaly any more.
        const kept = s.episodes!.filter((e) => e.lastAbnormal >= s.start);
        s.episodes = kept.length > 0 ? kept : null;
        if (s.episodes === null) {
          active.delete(s);
          continue;
        }
        const { entity, signal, source } = s.key;
        for (const episode of s.episodes) {
          const scored = episode.scored(s.start, step);
          for (const anomaly of anomaliesOf(entity, signal, scored, s.spec, options.scoring)) {
            const sourced: SourcedAnomaly = { ...anomaly, source };
            anomalies.push(sourced);
            const parts =
              s.spec.evidence === 'drop'
                ? splitByLevel(sourced, scored, fusion.downLevel, fusion.minPhaseSeconds)
                : [sourced];
            for (const part of parts) {
              const item = classifyAnomaly(part, s.spec, options.context);
              if (item !== null) items.push(item);
            }
          }
        }
      }
      const observed = new Map<string, Set<string>>();
      for (const [name, source] of sources) observed.set(name, source.countries);
      const counts = [0, 0, 0];
      const routing = (entity: EntityId, start: number, end: number) => {
        counts.fill(0);
        for (const r of routingOf.get(entity) ?? []) {
          const step = r.spec.stepSeconds;
          r.runs!.trim(r.start);
          const first = Math.max(0, Math.floor((start - r.start) / step));
          const last = Math.min(r.length, Math.ceil((end - r.start) / step));
          if (last > first)
            r.runs!.count(
              r.start + first * step,
              r.start + last * step,
              r.start + r.length * step,
              step,
              counts,
            );
        }
        const [bins, known, up] = counts as [number, number, number];
        if (known === 0) return null;
        return known * 2 >= bins && up >= 0.8 * known;
      };
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
      const fused = fuseItems(items, {
        context: options.context,
        now,
        from,
        previous,
        observed,
        routing,
        ...(options.fusion === undefined ? {} : { fusion: options.fusion }),
        ...(options.health === undefined ? {} : { health: options.health }),
      });
      return { events: fused.events, health: [...fused.health, ...silences], anomalies };
    },
  };
}
