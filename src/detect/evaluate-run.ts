/**
 * Runs every method of the accuracy harness on one labelled case and scores it: Nightlight
 * (seasonal scoring + fusion: detectEvents), Nightlight's anomalies with the harness's plain
 * grouping (what the baseline alone does), and IODA's published method with the same plain
 * grouping — on every drop signal, and on IODA's own kinds of signal only (routing and
 * telescope: traffic signals are ours, IODA's thresholds for them are an extrapolation). Pure: the case comes in as data, the signal catalogue as `specs`.
 */
import type { Anomaly } from '../model/anomaly.js';
import type { EntityId } from '../model/entity.js';
import type { OutageEvent } from '../model/event.js';
import type { LabelledCase } from '../model/ground-truth.js';
import type { SignalSpec } from '../model/signal.js';
import { anomaliesOf } from './anomalies.js';
import { detectEvents } from './detect-events.js';
import { createEntityContext, type NetworkInfo } from './entity-context.js';
import { evaluateCase, type CaseEvaluation } from './evaluate.js';
import { groupAnomalies } from './evaluate-grouping.js';
import { iodaAnomaliesOf, iodaScoreSeries, iodaSourceOf } from './ioda-method.js';
import { detectOptions, type DetectOptions } from './score-options.js';
import { scoreSeries, type RegularSeries } from './score-series.js';

export const METHODS = [
  'nightlight',
  'nightlight-anomalies',
  'ioda',
  'ioda-bgp-telescope',
] as const;
export type Method = (typeof METHODS)[number];

export interface EvaluationCase {
  readonly labelled: LabelledCase;
  readonly networks: readonly NetworkInfo[];
  /** A series without a source (a case directory) takes its signal's prefix as source. */
  readonly series: readonly {
    entity: EntityId;
    signal: string;
    source?: string;
    series: RegularSeries;
  }[];
}

export interface MethodResult {
  readonly events: readonly OutageEvent[];
  readonly evaluation: CaseEvaluation;
}

export const SLACK_SECONDS = 1800;
const IODA_CONFIRM_SECONDS = 300;

/** How long after its first bin Nightlight can report an event: its minimum duration. */
export function nightlightConfirmSeconds(scoring: Partial<DetectOptions> = {}): number {
  const options = detectOptions(scoring);
  return Math.max(options.minDurationSeconds, options.minBins * 300);
}

export function runMethods(
  input: EvaluationCase,
  specs: readonly SignalSpec[],
  scoring: Partial<DetectOptions> = {},
): Record<Method, MethodResult> {
  const context = createEntityContext(input.networks);
  const bySignal = new Map(specs.map((s) => [s.name, s]));
  const { labelled } = input;
  const nightlightConfirm = nightlightConfirmSeconds(scoring);
  const evaluate = (events: readonly OutageEvent[], confirmSeconds: number) =>
    evaluateCase(labelled, events, {
      countryOf: (e) => context.countryOf(e),
      slackSeconds: SLACK_SECONDS,
      confirmSeconds,
    });
  const ours: Anomaly[] = [];
  const ioda: Anomaly[] = [];
  const iodaOwn: Anomaly[] = [];
  for (const { entity, signal, series } of input.series) {
    const spec = bySignal.get(signal);
    if (spec === undefined || spec.evidence === 'none') continue;
    const stepped = { ...spec, stepSeconds: series.step };
    ours.push(
      ...anomaliesOf(entity, signal, scoreSeries(series, stepped, scoring), stepped, scoring),
    );
    const source = iodaSourceOf(spec);
    if (source === null) continue;
    const found = iodaAnomaliesOf(entity, signal, iodaScoreSeries(series, source));
    ioda.push(...found);
    if (source !== 'probing') iodaOwn.push(...found);
  }
  const grouping = {
    countryOf: (e: EntityId) => context.countryOf(e),
    layerOf: (signal: string) => bySignal.get(signal)?.layer,
    joinSeconds: SLACK_SECONDS,
    now: labelled.to,
  };
  const fused = detectEvents({
    series: input.series.map((s) => ({ ...s, source: s.source ?? s.signal.split('.')[0]! })),
    specs,
    context,
    now: labelled.to,
    from: labelled.from,
    scoring,
  });
  const simple = groupAnomalies(ours, { ...grouping, method: 'nightlight' });
  const baseline = groupAnomalies(ioda, { ...grouping, method: 'ioda' });
  const own = groupAnomalies(iodaOwn, { ...grouping, method: 'ioda' });
  return {
    nightlight: { events: fused, evaluation: evaluate(fused, nightlightConfirm) },
    'nightlight-anomalies': { events: simple, evaluation: evaluate(simple, nightlightConfirm) },
    ioda: { events: baseline, evaluation: evaluate(baseline, IODA_CONFIRM_SECONDS) },
    'ioda-bgp-telescope': { events: own, evaluation: evaluate(own, IODA_CONFIRM_SECONDS) },
  };
}
