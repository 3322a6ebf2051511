/**
 * Small facts about events the pages share: which intervals to shade for an entity, labels of
 * entities, the cost range out of the API's `impact`, and whether anything is still ongoing.
 */
import type { OutageEvent } from './api-types.js';
import { countryName } from './country-codes.js';
import { networkOf } from './networks.js';

export interface Span {
  readonly start: number;
  readonly end: number;
}

/** The entity's own cuts in the event, else the event as a whole; open ends run to `now`. */
export function intervalsOf(event: OutageEvent, entity: string, now: number): Span[] {
  const own = event.affected.find((a) => a.entity === entity);
  const intervals = own?.intervals ?? [{ start: event.start, end: event.end }];
  return intervals.map((i) => ({ start: i.start, end: i.end ?? Math.max(now, i.start) }));
}

export function entityLabel(id: string): string {
  const [kind, code = ''] = id.split('/');
  if (kind === 'country') return countryName(code);
  if (kind === 'region') return `Region ${code}`;
  const network = networkOf(Number(code));
  return network === undefined ? `AS${code}` : `AS${code} ${network.name}`;
}

/** `12,400,000 – 41,000,000 USD`, or null when the API has no estimate. */
export function costRange(impact: unknown): string | null {
  const candidates = [impact, (impact as { cost?: unknown } | null)?.cost];
  for (const c of candidates) {
    if (c === null || typeof c !== 'object') continue;
    const { low, high, currency } = c as { low?: unknown; high?: unknown; currency?: unknown };
    if (typeof low === 'number' && typeof high === 'number') {
      const n = (v: number) => Math.round(v).toLocaleString('en-US');
      return `${n(low)} – ${n(high)} ${typeof currency === 'string' ? currency : 'USD'}`;
    }
  }
  return null;
}

export const nowSeconds = () => Math.floor(Date.now() / 1000);
