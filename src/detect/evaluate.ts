/**
 * The accuracy harness, pure: detected events against a labelled case's expected events.
 * A detected event matches an expected one when they are in the same country, share a layer
 * and overlap in time (± slackSeconds). Per case: detected events that match something (for
 * precision), expected events matched (for recall), start and end error of the matched
 * detections (earliest start, latest end), detection delay (true start → the method's first
 * reportable bin: detected start + confirmSeconds, never negative), and per affected entity
 * how many expected cut intervals and restorations (gaps between them) were found. An end of
 * null counts as the case's end. Only detections overlapping the case's window [from, to)
 * are scored: the history before it (a scenario's training weeks) is not labelled, so what a
 * method finds there is neither right nor wrong — the same window `queryEvents` reads.
 */
import type { EntityId } from '../model/entity.js';
import type { Interval, OutageEvent } from '../model/event.js';
import type { ExpectedEvent, LabelledCase } from '../model/ground-truth.js';

export interface EvaluationOptions {
  /** The country of an entity (`ZZ` for `region/ZZ-02` or a known ASN). */
  readonly countryOf: (entity: EntityId) => string | null;
  /** Time tolerance of the overlap test. */
  readonly slackSeconds: number;
  /** How long after its first bin the method can report an event (its minimum duration). */
  readonly confirmSeconds: number;
}

export interface CaseEvaluation {
  readonly name: string;
  readonly expected: number;
  readonly detected: number;
  /** Detected events that match an expected one. */
  readonly truePositives: number;
  /** Expected events matched by at least one detected event. */
  readonly found: number;
  readonly startErrors: readonly number[];
  readonly endErrors: readonly number[];
  readonly delays: readonly number[];
  readonly intervals: { readonly expected: number; readonly found: number };
  readonly restorations: { readonly expected: number; readonly found: number };
  /** Unmatched detections, for diagnosis. */
  readonly falseEvents: readonly { location: EntityId; start: number; end: number | null }[];
}

export function evaluateCase(
  labelled: LabelledCase,
  all: readonly OutageEvent[],
  options: EvaluationOptions,
): CaseEvaluation {
  const endOf = (i: Interval) => i.end ?? labelled.to;
  const detected = all.filter((d) => d.start < labelled.to && endOf(d) > labelled.from);
  const matches = (d: OutageEvent, e: ExpectedEvent) =>
    options.countryOf(d.location) === options.countryOf(e.location) &&
    d.layers.some((l) => e.layers.includes(l)) &&
    d.start < endOf(e) + options.slackSeconds &&
    endOf(d) > e.start - options.slackSeconds;
  const startErrors: number[] = [];
  const endErrors: number[] = [];
  const delays: number[] = [];
  const intervals = { expected: 0, found: 0 };
  const restorations = { expected: 0, found: 0 };
  let found = 0;
  for (const e of labelled.expected) {
    const hits = detected.filter((d) => matches(d, e));
    const cut = (entity: EntityId) =>
      hits.flatMap((d) =>
        d.affected.filter((a) => a.entity === entity).flatMap((a) => a.intervals),
      );
    for (const a of e.affected) {
      const seen = cut(a.entity);
      const overlaps = (i: Interval) => seen.some((s) => s.start < endOf(i) && endOf(s) > i.start);
      intervals.expected += a.intervals.length;
      intervals.found += a.intervals.filter(overlaps).length;
      for (let k = 1; k < a.intervals.length; k++) {
        restorations.expected++;
        const before = a.intervals[k - 1]!;
        const after = a.intervals[k]!;
        const middle = (endOf(before) + after.start) / 2;
        const restored = !seen.some((s) => s.start <= middle && endOf(s) > middle);
        if (restored && overlaps(before) && overlaps(after)) restorations.found++;
      }
    }
    if (hits.length === 0) continue;
    found++;
    const start = Math.min(...hits.map((d) => d.start));
    const end = Math.max(...hits.map(endOf));
    startErrors.push(Math.abs(start - e.start));
    endErrors.push(Math.abs(end - endOf(e)));
    delays.push(Math.max(0, start + options.confirmSeconds - e.start));
  }
  const unmatched = detected.filter((d) => !labelled.expected.some((e) => matches(d, e)));
  return {
    name: labelled.name,
    expected: labelled.expected.length,
    detected: detected.length,
    truePositives: detected.length - unmatched.length,
    found,
    startErrors,
    endErrors,
    delays,
    intervals,
    restorations,
    falseEvents: unmatched.map((d) => ({ location: d.location, start: d.start, end: d.end })),
  };
}

export interface EvaluationTotals {
  readonly cases: number;
  readonly expected: number;
  readonly detected: number;
  /** NaN when nothing was detected (or expected). */
  readonly precision: number;
  readonly recall: number;
  /** Medians in seconds over all matched expected events, NaN when none. */
  readonly medianStartError: number;
  readonly medianEndError: number;
  readonly medianDelay: number;
  readonly intervals: { readonly expected: number; readonly found: number };
  readonly restorations: { readonly expected: number; readonly found: number };
}

export function totalsOf(evaluations: readonly CaseEvaluation[]): EvaluationTotals {
  const sum = (f: (e: CaseEvaluation) => number) => evaluations.reduce((s, e) => s + f(e), 0);
  const detected = sum((e) => e.detected);
  const expected = sum((e) => e.expected);
  return {
    cases: evaluations.length,
    expected,
    detected,
    precision: detected === 0 ? NaN : sum((e) => e.truePositives) / detected,
    recall: expected === 0 ? NaN : sum((e) => e.found) / expected,
    medianStartError: median(evaluations.flatMap((e) => e.startErrors)),
    medianEndError: median(evaluations.flatMap((e) => e.endErrors)),
    medianDelay: median(evaluations.flatMap((e) => e.delays)),
    intervals: { expected: sum((e) => e.intervals.expected), found: sum((e) => e.intervals.found) },
    restorations: {
      expected: sum((e) => e.restorations.expected),
      found: sum((e) => e.restorations.found),
    },
  };
}

export function median(values: readonly number[]): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}
