/**
 * The dashboard's entry: renders the page of the current hash route, refreshes it every
 * minute while it shows something ongoing, and switches times between UTC and local.
 */
import 'uplot/dist/uPlot.min.css';
import './style.css';
import { renderCountryPage } from './country-page.js';
import { h } from './dom.js';
import { renderEventPage } from './event-page.js';
import { renderMapPage, type PageResult } from './map-page.js';
import { parseRoute } from './router.js';
import { currentZone, setZone } from './time-format.js';

const REFRESH_MS = 60_000;
const root = document.getElementById('page')!;
let timer: number | undefined;
let rendering = 0;

async function render(): Promise<void> {
  const ticket = ++rendering;
  window.clearTimeout(timer);
  const route = parseRoute(location.hash);
  root.setAttribute('aria-busy', 'true');
  let result: PageResult = { live: false };
  try {
    if (route.page === 'map') result = await renderMapPage(root);
    else if (route.page === 'country') result = await renderCountryPage(root, route.code);
    else if (route.page === 'event') result = await renderEventPage(root, route.id);
    else
      root.replaceChildren(
        h('h1', {}, 'Not found'),
        h('p', {}, h('a', { href: '#/' }, 'Back to the map')),
      );
  } catch (error) {
    root.replaceChildren(
      h('h1', {}, 'Something went wrong'),
      h('p', { class: 'error' }, (error as Error).message),
    );
  }
  if (ticket !== rendering) return; // a newer navigation owns the page
  root.setAttribute('aria-busy', 'false');
  document.body.dataset.page = route.page;
  document.body.dataset.live = String(result.live);
  // Live updates: re-read while something ongoing is shown (an event may spread or restore).
  if (result.live) timer = window.setTimeout(() => void render(), REFRESH_MS);
}

const zoneButton = document.getElementById('zone') as HTMLButtonElement;
const showZone = () => {
  zoneButton.textContent = currentZone() === 'utc' ? 'Times: UTC' : 'Times: local';
  zoneButton.setAttribute('aria-pressed', String(currentZone() === 'local'));
};
zoneButton.addEventListener('click', () => {
  setZone(currentZone() === 'utc' ? 'local' : 'utc');
  showZone();
  void render();
});
showZone();
window.addEventListener('hashchange', () => void render());
void render();
