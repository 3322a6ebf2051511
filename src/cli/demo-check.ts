/**
 * The demo's last word: the events detection stored, held against the scenario's ground truth
 * (case.json) with the accuracy harness — each expected event found or not, its start and end
 * error, and the cut intervals and restorations found per network. The same matching rules as
 * `nightlight eval` (same country, a shared layer, overlap within 30 minutes).
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { evaluateCase, type CaseEvaluation } from '../detect/evaluate.js';
import { parseEntity, type EntityId } from '../model/entity.js';
import type { LabelledCase } from '../model/ground-truth.js';
import type { Scenario } from '../scenario/scenario-schema.js';
import type { Store } from '../store/store.js';

const SLACK_SECONDS = 1800;
/** Nightlight's minimum duration: an event is reportable 15 minutes after its first bin. */
const CONFIRM_SECONDS = 900;

export async function checkAgainstTruth(
  scenario: Scenario,
  out: string,
  store: Store,
): Promise<CaseEvaluation> {
  const truth = JSON.parse(await readFile(join(out, 'case.json'), 'utf8')) as LabelledCase;
  const events = await store.queryEvents({ from: truth.from, to: truth.to });
  const countryOf = (id: EntityId): string | null => {
    const entity = parseEntity(id);
    if (entity.kind === 'asn')
      return scenario.asns.some((a) => a.asn === entity.asn) ? scenario.country : null;
    return entity.code.slice(0, 2);
  };
  return evaluateCase(truth, events, {
    countryOf,
    slackSeconds: SLACK_SECONDS,
    confirmSeconds: CONFIRM_SECONDS,
  });
}

const minutes = (seconds: readonly number[]) =>
  seconds.length === 0 ? '-' : seconds.map((s) => Math.round(s / 60)).join(', ');

/** A few lines a reader can check at a glance. */
export function describeCheck(check: CaseEvaluation): string[] {
  return [
    `ground truth: ${check.found} of ${check.expected} expected events found; ` +
      `${check.truePositives} of ${check.detected} detected events match one`,
    `start error (min): ${minutes(check.startErrors)}; end error (min): ${minutes(check.endErrors)}`,
    `cut intervals found: ${check.intervals.found}/${check.intervals.expected}; ` +
      `restorations found: ${check.restorations.found}/${check.restorations.expected}`,
    ...check.falseEvents.map(
      (e) => `unmatched detection: ${e.location} from ${new Date(e.start * 1000).toISOString()}`,
    ),
  ];
}
