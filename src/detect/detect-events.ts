/**
 * The detection pipeline, series in, events out: score every series against its baseline,
 * cut anomalies, split them into cut and throttled segments, classify them by the signal's
 * declared layer and evidence, screen out sources that went silent or lost their own view,
 * fuse what is left into typed events, and hand over ids from the previous run so ongoing
 * events are updated in place and vanished ones closed. Pure: the clock comes in as `now`,
 * the signal catalogue as `specs` (detect/ never imports collectors).
 */
import type { EntityId } from '../model/entity.js';
import type { OutageEvent } from '../model/event.js';
import type { SignalSpec } from '../model/signal.js';
import type { EpochSeconds } from '../model/time.js';
import { anomaliesOf } from './anomalies.js';
import {
  classifyAnomaly,
  type EvidenceItem,
  type RoutingView,
  type SourcedAnomaly,
} from './classify.js';
import { splitByLevel } from './classify-segments.js';
import type { EntityContext } from './entity-context.js';
import { reconcileEvents } from './event-id.js';
import { DEFAULT_FUSION_OPTIONS, fuseEvidence, type FusionOptions } from './fuse.js';
import {
  DEFAULT_HEALTH_OPTIONS,
  findSilences,
  screenVantages,
  type HealthFinding,
  type HealthOptions,
} from './health.js';
import type { DetectOptions } from './score-options.js';
import { BinState, scoreSeries, type RegularSeries, type ScoredSeries } from './score-series.js';

export interface DetectionSeries {
  readonly entity: EntityId;
  readonly signal: string;
  /** The vantage point the series comes from; series of several sources stay apart. */
  readonly source?: string;
  readonly series: RegularSeries;
}

export interface DetectionInput {
  readonly series: readonly DetectionSeries[];
  /** The signal catalogue (collectors/signal-catalogue.ts), passed in. */
  readonly specs: readonly SignalSpec[];
  readonly context: EntityContext;
  /** The detection clock: open intervals count up to here; events are stamped with it. */
  readonly now: EpochSeconds;
  /** Events of earlier runs overlapping this one (open ones keep their id). */
  readonly previous?: readonly OutageEvent[];
  /** Start of the window this run covers; the earliest series start when absent. */
  readonly from?: EpochSeconds;
  readonly scoring?: Partial<DetectOptions>;
  readonly fusion?: Partial<FusionOptions>;
  readonly health?: Partial<HealthOptions>;
}

export interface DetectionResult {
  /** New and updated events, and previous open events this run closed. */
  readonly events: OutageEvent[];
  readonly health: HealthFinding[];
  /** Every anomaly found, before health screening and fusion. */
  readonly anomalies: SourcedAnomaly[];
}

export function detectEvents(input: DetectionInput): OutageEvent[] {
  return detect(input).events;
}

export function detect(input: DetectionInput): DetectionResult {
  const specs = new Map(input.specs.map((s) => [s.name, s]));
  const scored: ScoredInput[] = input.series.map((s) => {
    const spec = specs.get(s.signal);
    const scores =
      spec === undefined || spec.evidence === 'none'
        ? null
        : scoreSeries(s.series, { ...spec, stepSeconds: s.series.step }, input.scoring);
    return { ...s, scored: scores };
  });
  return detectScored(scored, input);
}

/** A series with its scores (null when its signal is not scored: context only, or undeclared). */
export interface ScoredInput extends DetectionSeries {
  readonly scored: ScoredSeries | null;
  /** False when the series had no warning or critical bin: its anomalies need not be cut. */
  readonly abnormal?: boolean;
}

/**
 * The second half of detection, shared by batch and incremental runs so that both give the
 * same events: anomalies from scored series, split, classified, screened, fused, reconciled.
 */
export function detectScored(
  series: readonly ScoredInput[],
  input: Omit<DetectionInput, 'series'> & {
    /** Silences already known (incremental runs track them per push instead of rescanning). */
    readonly silences?: readonly HealthFinding[];
  },
): DetectionResult {
  const fusion = { ...DEFAULT_FUSION_OPTIONS, ...input.fusion };
  const health = { ...DEFAULT_HEALTH_OPTIONS, ...input.health };
  const specs = new Map(input.specs.map((s) => [s.name, s]));
  const anomalies: SourcedAnomaly[] = [];
  const items: EvidenceItem[] = [];
  const routing = new Map<EntityId, ScoredSeries[]>();
  const observed = new Map<string, Set<string>>();
  for (const s of series) {
    const source = s.source ?? 'unknown';
    const country = input.context.countryOf(s.entity);
    if (country !== null) {
      let countries = observed.get(source);
      if (countries === undefined) observed.set(source, (countries = new Set()));
      countries.add(country);
    }
    const spec = specs.get(s.signal);
    const scored = s.scored;
    if (spec === undefined || scored === null) continue;
    if (spec.layer === 'routing') {
      let list = routing.get(s.entity);
      if (list === undefined) routing.set(s.entity, (list = []));
      list.push(scored);
    }
    if (s.abnormal === false) continue;
    for (const anomaly of anomaliesOf(s.entity, s.signal, scored, spec, input.scoring)) {
      const sourced: SourcedAnomaly = { ...anomaly, source };
      anomalies.push(sourced);
      const parts =
        spec.evidence === 'drop'
          ? splitByLevel(sourced, scored, fusion.downLevel, fusion.minPhaseSeconds)
          : [sourced];
      for (const part of parts) {
        const item = classifyAnomaly(part, spec, input.context);
        if (item !== null) items.push(item);
      }
    }
  }
  const silences =
    input.silences ??
    findSilences(
      series.map((s) => ({
        source: s.source ?? 'unknown',
        country: input.context.countryOf(s.entity),
        start: s.series.start,
        step: s.series.step,
        values: s.series.values,
      })),
      health,
    );
  const from = input.from ?? Math.min(...series.map((s) => s.series.start), input.now);
  const fused = fuseItems(items, {
    ...input,
    from,
    observed,
    routing: routingView(routing),
  });
  return {
    events: fused.events,
    health: [...fused.health, ...silences],
    anomalies,
  };
}

export interface FuseItemsInput {
  readonly context: EntityContext;
  readonly now: EpochSeconds;
  readonly from: EpochSeconds;
  readonly previous?: readonly OutageEvent[];
  /** Countries each source observes, for the vantage screen. */
  readonly observed: ReadonlyMap<string, ReadonlySet<string>>;
  readonly routing: RoutingView;
  readonly fusion?: Partial<FusionOptions>;
  readonly health?: Partial<HealthOptions>;
}

/** Classified evidence → screened, fused, reconciled events (the second half of detect). */
export function fuseItems(
  items: readonly EvidenceItem[],
  input: FuseItemsInput,
): { events: OutageEvent[]; health: HealthFinding[] } {
  const screened = screenVantages(items, input.observed, {
    ...DEFAULT_HEALTH_OPTIONS,
    ...input.health,
  });
  const drafts = fuseEvidence({
    items: screened.kept,
    context: input.context,
    routing: input.routing,
    now: input.now,
    options: { ...DEFAULT_FUSION_OPTIONS, ...input.fusion },
  });
  const { events, closed } = reconcileEvents(drafts, input.previous ?? [], input);
  return { events: [...events, ...closed], health: screened.findings };
}

/** Hand-made or imported anomalies straight to events, for tests and the accuracy harness. */
export function eventsFromAnomalies(
  anomalies: readonly SourcedAnomaly[],
  input: Omit<FuseItemsInput, 'observed'> & {
    readonly specs: readonly SignalSpec[];
    readonly observed?: ReadonlyMap<string, ReadonlySet<string>>;
  },
): { events: OutageEvent[]; health: HealthFinding[] } {
  const specs = new Map(input.specs.map((s) => [s.name, s]));
  const items = anomalies.flatMap((a) => {
    const item = classifyAnomaly(a, specs.get(a.signal), input.context);
    return item === null ? [] : [item];
  });
  const observed = input.observed ?? observedOf(items);
  return fuseItems(items, { ...input, observed });
}

/** Without a list of series, a source observes the countries it has anomalies in. */
function observedOf(items: readonly EvidenceItem[]): Map<string, Set<string>> {
  const found = new Map<string, Set<string>>();
  for (const item of items) {
    if (item.country === null) continue;
    let set = found.get(item.source);
    if (set === undefined) found.set(item.source, (set = new Set()));
    set.add(item.country);
  }
  return found;
}

/**
 * Routes seen up for an entity over [start, end): true when at least half the bins of its
 * routing series are known and in most of them at least ROUTES_UP_LEVEL of the usual space is
 * still visible; null when nothing is known. "Up" is about the address space, not the
 * statistics: a withdrawal of 15% of the routes is a routing anomaly of its own, yet traffic
 * gone from the 85% still announced is a blackhole with routes up (Kazakhstan, January 2022).
 */
const ROUTES_UP_LEVEL = 0.5;

function routingView(routing: ReadonlyMap<EntityId, ScoredSeries[]>): RoutingView {
  return (entity, start, end) => {
    let bins = 0;
    let known = 0;
    let up = 0;
    for (const scored of routing.get(entity) ?? []) {
      const first = Math.max(0, Math.floor((start - scored.start) / scored.step));
      const last = Math.min(scored.state.length, Math.ceil((end - scored.start) / scored.step));
      for (let i = first; i < last; i++) {
        bins++;
        const state = scored.state[i]!;
        if (state === BinState.unknown) continue;
        known++;
        const ratio = scored.ratio[i]!;
        if (state === BinState.normal || (Number.isFinite(ratio) && ratio >= ROUTES_UP_LEVEL)) up++;
      }
    }
    if (known === 0) return null;
    return known * 2 >= bins && up >= 0.8 * known;
  };
}
