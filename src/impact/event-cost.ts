/**
 * Cost attached to a detected event: its kind (nationwide, regional, mobile, throttling, app)
 * from the event's type, its duration and affected share from each entity's own outage
 * intervals (restorations count), and the Brookings-style estimate of cost-model.ts. Used by
 * the API and reports. Pure: the time now (for ongoing events) and network sizes come in as
 * inputs; anything missing throws a NightlightError naming it.
 */
import type { OutageEvent } from '../model/event.js';
import { NightlightError } from '../model/failure.js';
import {
  computeAffectedShare,
  countryOf,
  eventWindow,
  type AffectedShare,
  type AffectedShareOptions,
} from './affected-share.js';
import {
  estimateCost,
  type CostEstimate,
  type CostInputs,
  type CostOverrides,
  type CostType,
} from './cost-model.js';
import { clipAndMerge, totalSeconds } from './intervals.js';
import { applyOverride, exact, ranged, type InputOverride, type RangedValue } from './ranged.js';

export interface EventCostInputs extends Pick<CostInputs, 'exchangeRate' | 'indicators'> {
  readonly overrides?: CostOverrides;
  /** Network sizes and user estimates: with them the affected share is weighted by users. */
  readonly share?: Omit<AffectedShareOptions, 'now'>;
  /** Each app's share of the digital economy, for app-only events (`whatsapp` → 0.02). */
  readonly appShares?: Readonly<Record<string, InputOverride>>;
  /** The time now, to cost an event still going on up to now. */
  readonly now?: number;
}

export interface EventCost extends CostEstimate {
  readonly eventId: string;
  readonly affected: AffectedShare | null;
}

const CUTS = new Set(['routes-withdrawn', 'blackhole-routes-up']);

/** The kind of cost an event is: what it cuts decides which weights apply. */
export function costTypeOf(event: OutageEvent): CostType {
  const onlyApps = event.layers.length > 0 && event.layers.every((l) => l === 'application');
  if (onlyApps && event.apps.length > 0) return 'app';
  if (event.mechanisms.includes('throttling') && !event.mechanisms.some((m) => CUTS.has(m)))
    return 'throttling';
  if (event.access === 'mobile') return 'mobile';
  // A single network is a partial scope too: it needs an affected share, as a region does.
  return event.scope === 'nationwide' ? 'nationwide' : 'regional';
}

function appShareOf(event: OutageEvent, shares: EventCostInputs['appShares']): RangedValue {
  const missing = event.apps.filter((app) => shares?.[app] === undefined);
  if (missing.length > 0)
    throw new NightlightError(
      'bad_input',
      `Cannot estimate cost of ${event.id}: no share of the digital economy for ${missing.join(', ')} (give appShares)`,
    );
  const each = event.apps.map((app) =>
    applyOverride(`app share of ${app}`, undefined, shares![app])!,
  );
  const sum = (pick: (v: RangedValue) => number) =>
    Math.min(
      1,
      each.reduce((s, v) => s + pick(v), 0),
    );
  return ranged(
    'app share',
    sum((v) => v.low),
    sum((v) => v.value),
    sum((v) => v.high),
    each.map((v, i) => `${event.apps[i]}: ${v.source}`).join('; '),
  );
}

export function costOfEvent(event: OutageEvent, inputs: EventCostInputs = {}): EventCost {
  const country = countryOf(event.location);
  const type = costTypeOf(event);
  const window = eventWindow(event, inputs.now);
  const overrides: { -readonly [K in keyof CostOverrides]: CostOverrides[K] } = {
    depth: exact('depth', event.depth, 'event: lowest level observed, share of normal'),
    ...inputs.overrides,
  };
  let affected: AffectedShare | null = null;
  let hours: number;
  let hoursSource: string;
  if (inputs.share !== undefined) {
    affected = computeAffectedShare(event, {
      ...inputs.share,
      ...(inputs.now === undefined ? {} : { now: inputs.now }),
    });
    const { users } = affected;
    hours = window.hours;
    hoursSource = 'event window (the affected share is averaged over it)';
    overrides.affectedShare ??= {
      value: users.average,
      low: users.low,
      high: users.high,
      source: `users of the affected ${affected.basis}, averaged over the event (restorations counted)`,
    };
  } else {
    // Without network sizes: the hours when at least one affected entity was cut.
    const spans = clipAndMerge(
      event.affected.flatMap((a) => a.intervals),
      window.start,
      window.end,
    );
    hours = spans.length === 0 ? window.hours : totalSeconds(spans) / 3600;
    hoursSource =
      spans.length === 0
        ? 'event window (no affected intervals)'
        : 'hours when any affected entity was cut (restorations excluded)';
  }
  if (type === 'app' && overrides.appShare === undefined)
    overrides.appShare = appShareOf(event, inputs.appShares);
  const estimate = estimateCost({
    country,
    type,
    hours,
    hoursSource,
    year: new Date(event.start * 1000).getUTCFullYear(),
    overrides,
    ...(inputs.exchangeRate === undefined ? {} : { exchangeRate: inputs.exchangeRate }),
    ...(inputs.indicators === undefined ? {} : { indicators: inputs.indicators }),
  });
  return { ...estimate, eventId: event.id, affected };
}
