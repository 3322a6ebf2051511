/**
 * A country's page: every signal on one time axis (normalised, unknown bins as gaps, the
 * country's cuts shaded), the events list, per-network and per-region tables, and the mobile
 * versus fixed networks chart. The window is the latest event with a week before it, or the
 * last week of data when the country has no event.
 */
import { api } from './api-client.js';
import type { OutageEvent } from './api-types.js';
import { accessSums, readBreakdown, type BreakdownRow } from './breakdown.js';
import { countryName } from './country-codes.js';
import { h } from './dom.js';
import { entityLabel, intervalsOf, nowSeconds, type Span } from './event-facts.js';
import type { PageResult } from './map-page.js';
import { normaliseOutside } from './normalise.js';
import { timeElement } from './time-format.js';
import { timeChart } from './time-chart.js';

const DAY = 86400;

export async function renderCountryPage(root: HTMLElement, code: string): Promise<PageResult> {
  const entity = `country/${code}`;
  const now = nowSeconds();
  const events = await api.events({ entity, limit: 50 });
  const latest = events.find((e) => e.end === null) ?? events[0];
  let window: { from: number; to: number };
  if (latest !== undefined) {
    const end = latest.end ?? now;
    window = {
      from: latest.start - 7 * DAY,
      to: Math.min(Math.max(end + 2 * DAY, latest.start + DAY), Math.max(now, end + DAY)),
    };
  } else {
    const [info] = (await api.entities({ type: 'country', q: code })).filter(
      (e) => e.id === entity,
    );
    const last = info?.last ?? now;
    window = { from: last - 7 * DAY, to: last + 300 };
  }
  const shown = events.filter((e) => e.start < window.to && (e.end ?? now) > window.from);
  const intervals = shown.flatMap((e) => intervalsOf(e, entity, now));

  const chart = h('div', { class: 'chart', id: 'country-chart' });
  root.replaceChildren(
    h('p', { class: 'crumbs' }, h('a', { href: '#/' }, 'World'), ' / ', countryName(code)),
    h('h1', {}, countryName(code)),
    h(
      'p',
      { class: 'lede' },
      'All signals on one axis, each divided by its normal level (the median of the window); gaps are unknown bins; shaded: the country\u2019s cuts.',
    ),
    chart,
  );
  let series;
  try {
    series = await api.signals(entity, { ...window, normalise: true });
  } catch (error) {
    chart.replaceWith(h('p', { class: 'error' }, (error as Error).message));
    return { live: false };
  }
  timeChart(chart, {
    lines: series.map((s) => ({ label: s.signal, from: s.from, step: s.step, values: s.values })),
    intervals,
  });
  chart.dataset.ready = 'true';
  performance.mark('nightlight:chart-rendered');

  root.append(h('h2', {}, 'Events'), eventTable(events));
  const breakdownSection = h(
    'section',
    { class: 'breakdown' },
    h('p', {}, 'Loading networks and regions…'),
  );
  root.append(breakdownSection);
  await renderBreakdown(
    breakdownSection,
    shown,
    entity,
    { ...window, step: series[0]?.step ?? 300 },
    intervals,
    now,
  );
  return { live: events.some((e) => e.end === null) };
}

function eventTable(events: readonly OutageEvent[]): HTMLElement {
  if (events.length === 0) return h('p', {}, 'No events for this country.');
  return h(
    'table',
    { class: 'events-table' },
    h(
      'thead',
      {},
      h(
        'tr',
        {},
        h('th', {}, 'event'),
        h('th', {}, 'start'),
        h('th', {}, 'end'),
        h('th', { class: 'n' }, 'lowest'),
      ),
    ),
    h(
      'tbody',
      {},
      ...events.map((e) =>
        h(
          'tr',
          {},
          h(
            'td',
            {},
            h(
              'a',
              { href: `#/event/${encodeURIComponent(e.id)}` },
              `${e.scope} · ${e.access} · ${e.mechanisms.join(', ')}`,
            ),
          ),
          h('td', {}, timeElement(e.start)),
          h('td', {}, e.end === null ? h('strong', {}, 'ongoing') : timeElement(e.end)),
          h('td', { class: 'n' }, `${Math.round(e.depth * 100)}%`),
        ),
      ),
    ),
  );
}

async function renderBreakdown(
  section: HTMLElement,
  events: readonly OutageEvent[],
  location: string,
  window: { from: number; to: number; step: number },
  countryIntervals: Span[],
  now: number,
): Promise<void> {
  const byEntity = new Map<string, { entity: string; cuts: number; intervals: Span[] }>();
  for (const event of events)
    for (const affected of event.affected) {
      if (affected.entity === location) continue;
      const entry = byEntity.get(affected.entity) ?? {
        entity: affected.entity,
        cuts: 0,
        intervals: [],
      };
      entry.cuts += affected.intervals.length;
      entry.intervals.push(...intervalsOf(event, affected.entity, now));
      byEntity.set(affected.entity, entry);
    }
  const rows = await readBreakdown([...byEntity.values()], window);
  const networks = rows.filter((r) => r.entity.startsWith('asn/'));
  const regions = rows.filter((r) => r.entity.startsWith('region/'));
  const mobileFixed = h('div', { class: 'chart', id: 'access-chart' });
  section.replaceChildren(
    h('h2', {}, 'Networks'),
    breakdownTable(networks, 'network', 'No network was named in these events.'),
    h('h2', {}, 'Mobile and fixed networks'),
    h(
      'p',
      { class: 'lede' },
      'The affected networks\u2019 main signal summed by access type, each divided by its normal level.',
    ),
    mobileFixed,
    h('h2', {}, 'Regions'),
    breakdownTable(regions, 'region', 'No region was named in these events.'),
  );
  const sums = [...accessSums(networks)];
  if (sums.length === 0) mobileFixed.replaceWith(h('p', {}, 'No network data to compare.'));
  else
    timeChart(mobileFixed, {
      height: 220,
      intervals: countryIntervals,
      lines: sums.map(([group, s]) => ({
        label: `${group} networks`,
        from: s.from,
        step: s.step,
        values: normaliseOutside(s, countryIntervals),
      })),
    });
}

const percent = (v: number | null) => (v === null ? 'unknown' : `${Math.round(v * 100)}%`);

function breakdownTable(rows: readonly BreakdownRow[], kind: string, empty: string): HTMLElement {
  if (rows.length === 0) return h('p', {}, empty);
  return h(
    'table',
    { class: `breakdown-table ${kind}s`, 'data-kind': kind },
    h(
      'thead',
      {},
      h(
        'tr',
        {},
        h('th', {}, kind),
        ...(kind === 'network' ? [h('th', {}, 'access')] : []),
        h('th', { class: 'n' }, 'cuts'),
        h('th', { class: 'n' }, 'lowest'),
        h('th', { class: 'n' }, 'latest'),
        h('th', {}, 'signal'),
      ),
    ),
    h(
      'tbody',
      {},
      ...rows.map((r) =>
        h(
          'tr',
          { 'data-entity': r.entity },
          h('td', {}, entityLabel(r.entity)),
          ...(kind === 'network' ? [h('td', { class: `access ${r.access}` }, r.access)] : []),
          h('td', { class: 'n' }, r.cuts),
          h('td', { class: 'n' }, percent(r.lowest)),
          h('td', { class: 'n' }, percent(r.now)),
          h('td', {}, r.signal ?? 'no data'),
        ),
      ),
    ),
  );
}
