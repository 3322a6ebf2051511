/**
 * The home page: the world map coloured by events — dark for ongoing, light for those that
 * ended in the window — and the list of those events. The window is the last 30 days; on an
 * archive where nothing ended recently it moves to the 30 days up to the latest closed event,
 * and says so.
 */
import { api } from './api-client.js';
import type { OutageEvent } from './api-types.js';
import { h } from './dom.js';
import { entityLabel, nowSeconds } from './event-facts.js';
import { navigate } from './router.js';
import { formatWhen, timeElement } from './time-format.js';
import { worldMap, type CountryStatus } from './world-map.js';

const WINDOW = 30 * 86400;

export interface PageResult {
  /** True when something shown is ongoing: the page is refreshed every minute. */
  readonly live: boolean;
}

export async function renderMapPage(root: HTMLElement): Promise<PageResult> {
  const now = nowSeconds();
  const [ongoing, recentlyClosed] = await Promise.all([
    api.events({ status: 'open', limit: 500 }),
    api.events({ status: 'closed', from: now - WINDOW, limit: 500 }),
  ]);
  let recent = recentlyClosed;
  let notice = 'Ongoing events, and those that ended in the last 30 days.';
  if (recent.length === 0) {
    const [latest] = await api.events({ status: 'closed', limit: 1 });
    if (latest?.end !== undefined && latest.end !== null) {
      const to = latest.end + 1;
      recent = await api.events({ status: 'closed', from: to - WINDOW, to, limit: 500 });
      notice = `Ongoing events; nothing ended in the last 30 days, so the 30 days up to the latest event (${formatWhen(latest.end)}) are shown.`;
    }
  }
  const events = [...ongoing, ...recent];
  const status = countryStatus(events);
  root.replaceChildren(
    h('h1', {}, 'Internet shutdowns'),
    h('p', { class: 'lede' }, notice),
    h(
      'figure',
      { class: 'map' },
      worldMap(status, (code) => navigate(`/country/${code}`)),
      legend(),
    ),
    h('h2', {}, `Events (${events.length})`),
    events.length === 0 ? h('p', {}, 'No events recorded yet.') : eventList(events),
  );
  performance.mark('nightlight:map-rendered');
  return { live: ongoing.length > 0 };
}

function countryStatus(events: readonly OutageEvent[]): Map<string, CountryStatus> {
  const status = new Map<string, CountryStatus>();
  for (const event of events) {
    const [kind, code = ''] = event.location.split('/');
    const country = kind === 'country' ? code : kind === 'region' ? code.slice(0, 2) : undefined;
    if (country === undefined) continue;
    if (event.end === null) status.set(country, 'ongoing');
    else if (!status.has(country)) status.set(country, 'recent');
  }
  return status;
}

function legend(): HTMLElement {
  const key = (cls: string, text: string) =>
    h('span', { class: 'key' }, h('span', { class: `swatch ${cls}` }), text);
  return h(
    'figcaption',
    { class: 'legend' },
    key('ongoing', 'ongoing'),
    key('recent', 'ended in window'),
    key('none', 'no event'),
  );
}

function eventList(events: readonly OutageEvent[]): HTMLElement {
  return h(
    'ul',
    { class: 'events' },
    ...events.map((e) =>
      h(
        'li',
        { class: e.end === null ? 'ongoing' : 'closed' },
        h(
          'a',
          { href: `#/event/${encodeURIComponent(e.id)}` },
          `${entityLabel(e.location)}: ${e.scope} ${e.layers.join('/')}`,
        ),
        ' ',
        e.end === null ? h('strong', {}, 'ongoing since ') : 'from ',
        timeElement(e.start),
        e.end === null ? null : ' to ',
        e.end === null ? null : timeElement(e.end),
        ` · lowest ${Math.round(e.depth * 100)}% of normal`,
      ),
    ),
  );
}
