/**
 * An event's page: the summary sentence, facts and a shareable link, the timeline of cuts and
 * restorations with a row per interval, the evidence of each signal (its own chart, the
 * location's cuts shaded), and the cost range ("not available" without an estimate). An
 * ongoing event's page refreshes every minute.
 */
import { api } from './api-client.js';
import type { ApiEventDetail } from './api-types.js';
import { h } from './dom.js';
import { costRange, entityLabel, intervalsOf, nowSeconds } from './event-facts.js';
import type { PageResult } from './map-page.js';
import { networkOf } from './networks.js';
import { normaliseOutside } from './normalise.js';
import { shareableUrl } from './router.js';
import { timeElement } from './time-format.js';
import { timeChart } from './time-chart.js';
import { timelineSvg } from './timeline.js';
import { formatDuration, summarySentence } from '../reports/describe-event.js';
import type { ReportNetwork } from '../reports/report-input.js';
import type { AccessType } from '../../model/access.js';

export async function renderEventPage(root: HTMLElement, id: string): Promise<PageResult> {
  const detail = await api.event(id);
  const { event } = detail;
  const now = nowSeconds();
  const ongoing = event.end === null;
  const link = shareableUrl(`/event/${encodeURIComponent(event.id)}`);
  const [kind, code = ''] = event.location.split('/');
  const cost = costRange(detail.impact);

  root.replaceChildren(
    h(
      'p',
      { class: 'crumbs' },
      h('a', { href: '#/' }, 'World'),
      ' / ',
      kind === 'country'
        ? h('a', { href: `#/country/${code}` }, entityLabel(event.location))
        : entityLabel(event.location),
      ' / event',
    ),
    h(
      'h1',
      {},
      `${entityLabel(event.location)}: ${event.scope} ${ongoing ? 'event, ongoing' : 'event'}`,
    ),
    ongoing
      ? h('p', { class: 'live', role: 'status' }, 'Ongoing: this page refreshes every minute.')
      : '',
    h(
      'p',
      { class: 'summary' },
      summarySentence({ event, series: [], networks: networksOf(detail), generatedAt: now }),
    ),
    h(
      'div',
      { class: 'share' },
      h('label', { for: 'share-link' }, 'Link to this event'),
      h('input', { id: 'share-link', readonly: true, value: link }),
      h(
        'button',
        { type: 'button', onclick: () => void navigator.clipboard?.writeText(link) },
        'Copy',
      ),
    ),
    facts(detail, cost),
    h('h2', {}, 'Cuts and restorations'),
    h('figure', { class: 'timeline-figure' }, timelineSvg(event, now)),
    intervalTable(detail, now),
    h('h2', {}, 'Evidence per signal'),
  );
  const intervals = intervalsOf(event, event.location, now);
  if (detail.evidence.length === 0)
    root.append(h('p', {}, 'No signal data is stored for this event.'));
  for (const series of detail.evidence) {
    const chart = h('div', { class: 'chart evidence', 'data-signal': series.signal });
    root.append(
      h('h3', {}, series.signal),
      h(
        'p',
        { class: 'caption' },
        `${series.description ?? ''} (${series.unit}, every ${formatDuration(series.step)})`,
      ),
      chart,
    );
    timeChart(chart, {
      height: 180,
      intervals,
      lines: [
        {
          label: series.signal,
          from: series.from,
          step: series.step,
          values: normaliseOutside(series, intervals),
        },
      ],
    });
  }
  root.append(
    h('h2', {}, 'Cost'),
    h('p', { class: 'cost' }, 'Estimated cost: ', h('strong', {}, cost ?? 'not available')),
  );
  return { live: ongoing };
}

function networksOf(detail: ApiEventDetail): Map<number, ReportNetwork> {
  const map = new Map<number, ReportNetwork>();
  for (const a of detail.event.affected) {
    if (!a.entity.startsWith('asn/')) continue;
    const info = networkOf(Number(a.entity.slice(4)));
    if (info !== undefined)
      map.set(Number(a.entity.slice(4)), { name: info.name, access: info.access as AccessType });
  }
  return map;
}

function facts(detail: ApiEventDetail, cost: string | null): HTMLElement {
  const e = detail.event;
  const rows: [string, Node | string][] = [
    ['Start', timeElement(e.start)],
    ['End', e.end === null ? 'ongoing' : timeElement(e.end)],
    ['Scope', e.scope],
    ['Access', e.access],
    ['Layers', e.layers.join(', ')],
    ['Mechanisms', e.mechanisms.join(', ')],
    ['Lowest level', `${Math.round(e.depth * 100)}% of normal`],
    ['Confidence', e.confidence.toFixed(2)],
    ['Cost', cost ?? 'not available'],
  ];
  return h('dl', { class: 'facts' }, ...rows.flatMap(([k, v]) => [h('dt', {}, k), h('dd', {}, v)]));
}

function intervalTable(detail: ApiEventDetail, now: number): HTMLElement {
  const rows = detail.event.affected.flatMap((a) =>
    a.intervals.map((iv, i) =>
      h(
        'tr',
        { class: 'interval', 'data-entity': a.entity, 'data-cut': i + 1 },
        h('td', {}, entityLabel(a.entity)),
        h('td', { class: 'n' }, i + 1),
        h('td', {}, timeElement(iv.start)),
        h('td', {}, iv.end === null ? h('strong', {}, 'ongoing') : timeElement(iv.end)),
        h('td', { class: 'n' }, formatDuration((iv.end ?? now) - iv.start)),
      ),
    ),
  );
  return h(
    'table',
    { class: 'intervals' },
    h(
      'thead',
      {},
      h(
        'tr',
        {},
        h('th', {}, 'entity'),
        h('th', { class: 'n' }, 'cut'),
        h('th', {}, 'cut at'),
        h('th', {}, 'restored at'),
        h('th', { class: 'n' }, 'duration'),
      ),
    ),
    h('tbody', {}, ...rows),
  );
}
