/**
 * Per-network and per-region breakdown of a country: each affected entity's main signal read
 * raw over the page's window, its level now and at its lowest inside the cuts (as a share of
 * its own normal level), and the networks' sums per access type for the mobile-vs-fixed chart.
 */
import { api } from './api-client.js';
import type { ApiSeries } from './api-types.js';
import type { Span } from './event-facts.js';
import { networkOf } from './networks.js';
import { normaliseOutside } from './normalise.js';

/** The first of these an entity has is its main signal (volume signals, densest first). */
const MAIN_SIGNALS = [
  'traffic.requests',
  'traffic.ips',
  'darknet.sources',
  'probing.responsive',
  'bgp.visible_prefixes',
];

export interface BreakdownRow {
  readonly entity: string;
  readonly access: string;
  readonly signal: string | null;
  /** Shares of normal, or null when unknown. */
  readonly now: number | null;
  readonly lowest: number | null;
  readonly cuts: number;
  readonly series: ApiSeries | null;
}

export async function readBreakdown(
  entities: readonly { entity: string; cuts: number; intervals: Span[] }[],
  window: { from: number; to: number; step: number },
): Promise<BreakdownRow[]> {
  return Promise.all(
    entities.map(async ({ entity, cuts, intervals }) => {
      const access = entity.startsWith('asn/')
        ? (networkOf(Number(entity.slice(4)))?.access ?? 'unknown')
        : 'region';
      let series: ApiSeries | null = null;
      try {
        const all = await api.signals(entity, { ...window, normalise: false });
        series =
          MAIN_SIGNALS.map((name) => all.find((s) => s.signal === name)).find(
            (s) => s !== undefined,
          ) ??
          all[0] ??
          null;
      } catch {
        series = null; // no stored signal for this entity: the row says so
      }
      if (series === null)
        return { entity, access, signal: null, now: null, lowest: null, cuts, series };
      const normal = normaliseOutside(series, intervals);
      const inside = normal.filter(
        (v, i) => v !== null && within(series.from + i * series.step, intervals),
      ) as number[];
      const known = normal.filter((v): v is number => v !== null);
      return {
        entity,
        access,
        signal: series.signal,
        now: known.at(-1) ?? null,
        lowest: inside.length > 0 ? Math.min(...inside) : null,
        cuts,
        series,
      };
    }),
  );
}

function within(time: number, intervals: readonly Span[]): boolean {
  return intervals.some((iv) => time >= iv.start && time < iv.end);
}

/** Sum of the networks' raw main signal per access group, bin by bin (unknown if any is). */
export function accessSums(rows: readonly BreakdownRow[]): Map<string, ApiSeries> {
  const groups = new Map<string, ApiSeries>();
  for (const row of rows) {
    if (row.series === null || !row.entity.startsWith('asn/')) continue;
    const group =
      row.access === 'mobile' || row.access === 'fixed' ? row.access : 'mixed and other';
    const previous = groups.get(group);
    if (previous === undefined) {
      groups.set(group, { ...row.series, entity: group, values: [...row.series.values] });
      continue;
    }
    if (previous.step !== row.series.step || previous.from !== row.series.from) continue;
    const values = previous.values.map((v, i) => {
      const w = row.series!.values[i];
      return v === null || w === null || w === undefined ? null : v + w;
    });
    groups.set(group, { ...previous, values });
  }
  return groups;
}
