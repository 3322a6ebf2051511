/**
 * Benchmark: the dashboard's first load in headless Chromium (Debian's), against the real API
 * over a DuckDB file holding the Kazakhstan-like demo event and three weeks of 5-minute series
 * for seven entities (the browser-test harness). Each run is a fresh browser context (cold
 * cache): navigation start → the country chart drawn (the page's `nightlight:chart-rendered`
 * mark), and → the world map drawn. Usage:
 *   node --import tsx bench/web-first-load.ts [runs=10]
 */
import { readFileSync } from 'node:fs';
import { startDashboard } from '../test/web/dashboard-harness.js';

const runs = Number(process.argv[2] ?? 10);
if (!Number.isSafeInteger(runs) || runs <= 0)
  throw new Error(`Cannot run: expected runs > 0, found ${process.argv[2]}`);

const dashboard = await startDashboard();
const loadavg = () => readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');

async function measure(hash: string, ready: string, mark: string): Promise<number> {
  const context = await dashboard.browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  await page.goto(`${dashboard.url}${hash}`);
  await page.locator(ready).waitFor();
  // startTime is relative to the navigation's start (performance.timeOrigin).
  const ms = Number(
    await page.evaluate(`performance.getEntriesByName(${JSON.stringify(mark)})[0].startTime`),
  );
  await context.close();
  return ms;
}

function summary(name: string, values: number[]): string {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
  return `${name}: median ${at(0.5).toFixed(0)} ms, min ${sorted[0]!.toFixed(0)} ms, max ${sorted.at(-1)!.toFixed(0)} ms (${values.length} cold loads)`;
}

try {
  console.log(`load average before: ${loadavg()}`);
  await measure(
    '#/country/KZ',
    '#country-chart[data-ready="true"] canvas',
    'nightlight:chart-rendered',
  ); // warm the server
  const country: number[] = [];
  const map: number[] = [];
  for (let i = 0; i < runs; i++) {
    country.push(
      await measure(
        '#/country/KZ',
        '#country-chart[data-ready="true"] canvas',
        'nightlight:chart-rendered',
      ),
    );
    map.push(
      await measure('#/', 'path[data-country="KZ"][data-status]', 'nightlight:map-rendered'),
    );
  }
  console.log(summary('country page, navigation start → chart rendered', country));
  console.log(summary('world map, navigation start → map rendered', map));
  console.log(`load average after: ${loadavg()}`);
} finally {
  await dashboard.close();
}
