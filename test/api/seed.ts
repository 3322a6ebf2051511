/**
 * Hand-written demo data for API tests and the API benchmark: a week of 5-minute traffic and
 * telescope signals for Kazakhstan and AS9198 with a diurnal shape, a nationwide shutdown
 * (down to 4% of normal, routes up) from 10:35 UTC on day 4, a few unknown bins, and as many
 * further events as asked (deterministic: no randomness).
 */
import type { OutageEvent } from '../../src/model/event.js';
import type { SignalPoint } from '../../src/model/signal.js';
import type { Store } from '../../src/store/store.js';

export const T0 = Date.UTC(2022, 0, 1) / 1000; // 2022-01-01T00:00:00Z
export const STEP = 300;
export const WEEK_BINS = (7 * 86400) / STEP;
export const OUTAGE_START = T0 + 4 * 86400 + 10 * 3600 + 35 * 60; // 2022-01-05T10:35Z
export const OUTAGE_END = T0 + 5 * 86400 + 2 * 3600 + 15 * 60; // 2022-01-06T02:15Z
/** Bins the collector could not measure: must come back as null, not zero. */
export const UNKNOWN_BINS = [T0 + 3600, T0 + 3900];

export const KZ_EVENT: OutageEvent = {
  id: 'kz-2022-01-05',
  start: OUTAGE_START,
  end: OUTAGE_END,
  scope: 'nationwide',
  access: 'both',
  layers: ['reachability'],
  mechanisms: ['blackhole-routes-up'],
  location: 'country/KZ',
  affected: [
    { entity: 'asn/9198', intervals: [{ start: OUTAGE_START, end: OUTAGE_END }], depth: 0.03 },
    {
      entity: 'asn/29355',
      intervals: [{ start: OUTAGE_START + 600, end: OUTAGE_END }],
      depth: 0.05,
    },
  ],
  apps: [],
  depth: 0.04,
  severity: 'critical',
  confidence: 0.95,
  signals: ['traffic.requests', 'darknet.sources'],
  updatedAt: OUTAGE_END + 600,
};

function diurnal(bin: number, base: number): number {
  const hour = ((bin - T0) % 86400) / 3600;
  return Math.round(base * (0.6 + 0.4 * Math.sin(((hour - 6) / 24) * 2 * Math.PI)));
}

export function weekOfPoints(
  entity: string,
  signal: string,
  base: number,
  bins = WEEK_BINS,
): SignalPoint[] {
  const points: SignalPoint[] = [];
  for (let i = 0; i < bins; i++) {
    const bin = T0 + i * STEP;
    const unknown = UNKNOWN_BINS.includes(bin);
    const down = bin >= OUTAGE_START - (OUTAGE_START % STEP) && bin < OUTAGE_END;
    points.push({
      entity,
      signal,
      source: 'seed',
      bin,
      value: unknown ? null : down ? Math.round(diurnal(bin, base) * 0.04) : diurnal(bin, base),
      coverage: unknown ? 0 : 1,
    });
  }
  return points;
}

/** Events spread over the week, in other countries, alternating types. */
export function moreEvents(count: number): OutageEvent[] {
  const countries = ['IR', 'IQ', 'SY', 'ET', 'MM', 'SD', 'PK', 'IN', 'RU', 'TM'];
  return Array.from({ length: count }, (_, i): OutageEvent => {
    const start = T0 + ((i * 7919) % (7 * 86400 - 7200));
    const cc = countries[i % countries.length]!;
    const open = i % 17 === 0;
    return {
      ...KZ_EVENT,
      id: `ev-${String(i).padStart(4, '0')}`,
      start,
      end: open ? null : start + 1800 + (i % 5) * 600,
      scope: i % 3 === 0 ? 'nationwide' : i % 3 === 1 ? 'regional' : 'single-network',
      access: i % 2 === 0 ? 'mobile' : 'fixed',
      mechanisms: i % 4 === 0 ? ['routes-withdrawn'] : ['blackhole-routes-up'],
      location: `country/${cc}`,
      affected: [
        {
          entity: `asn/${64500 + (i % 20)}`,
          intervals: [{ start, end: open ? null : start + 1800 }],
          depth: 0.2,
        },
      ],
      depth: 0.1 + (i % 8) / 10,
      severity: i % 3 === 0 ? 'critical' : 'major',
      updatedAt: start + 1800,
    };
  });
}

export async function seedStore(store: Store, options: { events?: number } = {}): Promise<void> {
  await store.writePoints([
    ...weekOfPoints('country/KZ', 'traffic.requests', 12000),
    ...weekOfPoints('country/KZ', 'darknet.sources', 800),
    ...weekOfPoints('asn/9198', 'traffic.requests', 5000),
  ]);
  await store.writeEvents([KZ_EVENT, ...moreEvents(options.events ?? 20)]);
}
