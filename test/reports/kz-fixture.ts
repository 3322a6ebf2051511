/**
 * A Kazakhstan-like incident for report and dashboard tests: a nationwide shutdown in January
 * 2022 with three cuts (two partial restorations) of the country, four networks (9198, 29355,
 * 21299, 48503) and two regions, and three weeks of 5-minute signals with a daily cycle,
 * seeded noise, the drops inside the cuts and a stretch of unknown bins. Deterministic.
 */
import type { OutageEvent } from '../../src/model/event.js';
import type { SignalPoint } from '../../src/model/signal.js';

const t = (iso: string) => Date.parse(iso) / 1000;

export const KZ_CUTS = [
  { start: t('2022-01-05T16:35:00Z'), end: t('2022-01-06T09:00:00Z') },
  { start: t('2022-01-06T13:00:00Z'), end: t('2022-01-07T08:30:00Z') },
  { start: t('2022-01-07T13:00:00Z'), end: t('2022-01-10T06:00:00Z') },
] as const;

/** Unknown bins (a collector outage, not a shutdown): drawn as a gap. */
export const KZ_UNKNOWN = { start: t('2021-12-28T02:00:00Z'), end: t('2021-12-28T05:00:00Z') };

export const KZ_SERIES_FROM = t('2021-12-20T00:00:00Z');
export const KZ_SERIES_TO = t('2022-01-12T00:00:00Z');

export function kzEvent(overrides: Partial<OutageEvent> = {}): OutageEvent {
  return {
    id: 'kz-2022-01-05',
    start: KZ_CUTS[0].start - 6 * 3600,
    end: KZ_CUTS[2].end,
    scope: 'nationwide',
    access: 'both',
    layers: ['routing', 'reachability'],
    mechanisms: ['routes-withdrawn'],
    location: 'country/KZ',
    affected: [
      { entity: 'country/KZ', intervals: KZ_CUTS, depth: 0.04 },
      {
        entity: 'asn/29355',
        intervals: [{ start: KZ_CUTS[0].start - 6 * 3600, end: KZ_CUTS[2].end }],
        depth: 0.01,
      },
      {
        entity: 'asn/48503',
        intervals: [{ start: KZ_CUTS[0].start - 6 * 3600, end: KZ_CUTS[2].end }],
        depth: 0.02,
      },
      { entity: 'asn/9198', intervals: KZ_CUTS, depth: 0.05 },
      { entity: 'asn/21299', intervals: [KZ_CUTS[0], KZ_CUTS[2]], depth: 0.03 },
      { entity: 'region/KZ-75', intervals: KZ_CUTS, depth: 0.03 },
      { entity: 'region/KZ-71', intervals: [KZ_CUTS[0], KZ_CUTS[2]], depth: 0.06 },
    ],
    apps: [],
    depth: 0.04,
    severity: 'critical',
    confidence: 0.93,
    signals: ['traffic.requests', 'traffic.ips', 'darknet.sources'],
    updatedAt: KZ_CUTS[2].end + 3600,
    ...overrides,
  };
}

/** Seeded LCG (Numerical Recipes constants): the same noise on every run. */
function createRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

const SIGNAL_LEVELS: Record<string, number> = {
  'traffic.requests': 4000,
  'traffic.ips': 900,
  'darknet.sources': 120,
};

const ENTITY_SHARES: Record<string, number> = {
  'country/KZ': 1,
  'asn/9198': 0.42,
  'asn/29355': 0.21,
  'asn/21299': 0.09,
  'asn/48503': 0.02,
  'region/KZ-75': 0.3,
  'region/KZ-71': 0.18,
};

/** 5-minute points of every signal for every entity of the event, from..to. */
export function kzPoints(
  event: OutageEvent = kzEvent(),
  from = KZ_SERIES_FROM,
  to = KZ_SERIES_TO,
  step = 300,
): SignalPoint[] {
  const random = createRandom(20220105);
  const points: SignalPoint[] = [];
  for (const [entity, share] of Object.entries(ENTITY_SHARES)) {
    const cuts = event.affected.find((a) => a.entity === entity)?.intervals ?? [];
    for (const [signal, level] of Object.entries(SIGNAL_LEVELS)) {
      for (let bin = from; bin < to; bin += step) {
        const unknown = bin >= KZ_UNKNOWN.start && bin < KZ_UNKNOWN.end;
        const cut = cuts.some((c) => bin >= c.start && bin < (c.end ?? Infinity));
        // Daily cycle peaking in the Almaty evening (UTC+6), trough at night.
        const hour = ((bin / 3600 + 6) % 24) / 24;
        const daily = 0.65 + 0.35 * Math.sin(2 * Math.PI * (hour - 0.3));
        const noise = 0.9 + 0.2 * random();
        const value = Math.round(level * share * daily * noise * (cut ? 0.04 : 1));
        points.push({
          entity,
          signal,
          source: 'fixture',
          bin,
          value: unknown ? null : value,
          coverage: unknown ? 0 : 1,
        });
      }
    }
  }
  return points;
}
