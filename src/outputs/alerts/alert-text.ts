/**
 * Alert sentences built from an event's facts only: who (location name), what (scope, layer,
 * mechanism, access), since when (UTC), how deep (share of normal). Pure: names and the
 * message time come in as parameters.
 *   "Confirmed: Kazakhstan is in a nationwide internet shutdown since 10:35 UTC; connectivity
 *    at 4% of normal; routes remain announced; mobile and fixed networks affected"
 */
import type { EntityId } from '../../model/entity.js';
import type { EventMechanism, OutageEvent } from '../../model/event.js';
import type { EpochSeconds } from '../../model/time.js';
import type { AlertChange } from './alert-change.js';

export type NameOf = (entity: EntityId) => string | null;

const MECHANISM_FACT: Record<EventMechanism, string | null> = {
  'routes-withdrawn': 'routes withdrawn from BGP',
  'blackhole-routes-up': 'routes remain announced',
  'dns-tampering': 'DNS answers tampered with',
  'tcp-blocking': 'connections blocked',
  'tls-sni-blocking': 'TLS blocked by server name',
  'http-blocking': 'HTTP requests blocked',
  throttling: 'traffic throttled',
  unknown: null,
};

export function qualifier(confidence: number): string {
  return confidence >= 0.8 ? 'Confirmed' : confidence >= 0.5 ? 'Likely' : 'Possible';
}

/** "10:35 UTC" within a day of `now`, else "5 Jan 2022 10:35 UTC". */
export function formatWhen(time: EpochSeconds, now: EpochSeconds): string {
  const iso = new Date(time * 1000).toISOString();
  const clock = `${iso.slice(11, 16)} UTC`;
  if (Math.abs(now - time) < 86400) return clock;
  const date = new Date(time * 1000).toLocaleDateString('en-GB', {
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    timeZone: 'UTC',
  });
  return `${date} ${clock}`;
}

export function percentOfNormal(depth: number): string {
  const percent = depth * 100;
  return `${percent < 10 && percent > 0 && !Number.isInteger(percent) ? percent.toFixed(1).replace(/\.0$/, '') : Math.round(percent)}% of normal`;
}

function entityName(entity: EntityId, nameOf: NameOf): string {
  const name = nameOf(entity);
  if (entity.startsWith('asn/'))
    return name === null ? `AS${entity.slice(4)}` : `AS${entity.slice(4)} (${name})`;
  return name ?? entity.slice(entity.indexOf('/') + 1);
}

function listOf(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]!}`;
}

/** "a nationwide internet shutdown", "WhatsApp and Telegram blocked", … */
function whatItIs(event: OutageEvent): string {
  if (isAppOnly(event) && event.apps.length > 0)
    return `blocking ${listOf(event.apps.map(capitalise))}`;
  if (event.mechanisms.length === 1 && event.mechanisms[0] === 'throttling')
    return `in ${article(event.scope)} ${event.scope} internet throttling`;
  if (event.scope === 'single-network') return 'in a single-network internet outage';
  return `in ${article(event.scope)} ${event.scope} internet shutdown`;
}

function article(word: string): string {
  return /^[aeiou]/i.test(word) ? 'an' : 'a';
}

function capitalise(app: string): string {
  const known: Record<string, string> = {
    whatsapp: 'WhatsApp',
    facebook_messenger: 'Facebook Messenger',
  };
  return known[app] ?? app.charAt(0).toUpperCase() + app.slice(1);
}

function accessFact(event: OutageEvent): string | null {
  if (event.access === 'both') return 'mobile and fixed networks affected';
  if (event.access === 'mobile') return 'mobile networks affected';
  if (event.access === 'fixed') return 'fixed networks affected';
  return null;
}

function isAppOnly(event: OutageEvent): boolean {
  return event.layers.length > 0 && event.layers.every((l) => l === 'application');
}

/** Mechanism and access facts, shared by every change kind. */
function facts(event: OutageEvent): string[] {
  return [...event.mechanisms.map((m) => MECHANISM_FACT[m]), accessFact(event)].filter(
    (f): f is string => f !== null,
  );
}

/** "connectivity at 4% of normal", or nothing for application blocks (no depth to speak of). */
function depthFact(event: OutageEvent, prefix: string): string[] {
  return isAppOnly(event) ? [] : [`${prefix} ${percentOfNormal(event.depth)}`];
}

export interface AlertText {
  readonly title: string;
  readonly text: string;
}

export function buildAlertText(
  event: OutageEvent,
  change: AlertChange,
  nameOf: NameOf,
  now: EpochSeconds,
): AlertText {
  const place = entityName(event.location, nameOf);
  const since = formatWhen(event.start, now);
  const headline = `${place} is ${whatItIs(event)} since ${since}`;
  const rest = facts(event);
  const join = (first: string, more: readonly string[]) => [first, ...more].join('; ');
  const names = change.entities.map((e) => entityName(e, nameOf));
  switch (change.kind) {
    case 'opened':
      return {
        title: `${place}: outage detected`,
        text: join(`${qualifier(event.confidence)}: ${headline}`, [
          ...depthFact(event, 'connectivity at'),
          ...rest,
        ]),
      };
    case 'deepened':
      return {
        title: `${place}: outage deepened`,
        text: join(`Deepened: ${headline}`, [
          `connectivity now at ${percentOfNormal(event.depth)}${change.previousDepth === null ? '' : ` (was ${percentOfNormal(change.previousDepth)})`}`,
          ...rest,
        ]),
      };
    case 'spread':
      return {
        title: `${place}: outage spread`,
        text: join(`Spread: the outage in ${place} now also affects ${listOf(names)}`, [
          `since ${since}`,
          ...depthFact(event, 'connectivity at'),
          ...rest,
        ]),
      };
    case 'restored':
      return {
        title: `${place}: partial restoration`,
        text: join(
          `Partial restoration: ${listOf(names)} back since ${formatWhen(change.at, now)}`,
          [`the outage in ${place} continues`, ...depthFact(event, 'lowest connectivity'), ...rest],
        ),
      };
    case 'closed': {
      const hours = ((event.end ?? now) - event.start) / 3600;
      const lasted = hours >= 1 ? `${Math.round(hours)} h` : `${Math.round(hours * 60)} min`;
      return {
        title: `${place}: outage ended`,
        text: join(
          `Ended: ${place} was ${whatItIs(event)} from ${since} to ${formatWhen(event.end ?? now, now)} (${lasted})`,
          [...depthFact(event, 'lowest connectivity'), ...rest],
        ),
      };
    }
  }
}
