/**
 * The dashboard in headless Chromium against the real API over a DuckDB file: the world map
 * colours Kazakhstan (recent) and Iran (ongoing), the country page draws every signal with the
 * three cuts shaded and the network/region tables, the event page lists every interval and
 * says the cost is not available, and a phone-sized viewport does not scroll sideways.
 * Screenshots go to test-artifacts/. Without Chromium this fails, it does not skip.
 */
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Locator, Page } from 'playwright-core';
import { MAP } from '../../src/outputs/web/palette.js';
import { KZ_CUTS, kzEvent } from '../reports/kz-fixture.js';
import { startDashboard, type Dashboard } from './dashboard-harness.js';

const ARTIFACTS = join(import.meta.dirname, '../../test-artifacts');
mkdirSync(ARTIFACTS, { recursive: true });

/** One attribute of every element a locator matches, in document order. */
async function attributes(locator: Locator, name: string): Promise<(string | null)[]> {
  return Promise.all((await locator.all()).map((element) => element.getAttribute(name)));
}

/** The elements that stick out to the right, to say what broke the phone layout. */
async function widest(page: Page): Promise<string> {
  return String(
    await page.evaluate(`[...document.querySelectorAll('body *')]
      .filter((e) => e.getBoundingClientRect().right > innerWidth + 1)
      .slice(0, 5).map((e) => e.tagName + '.' + e.className + ' ' + Math.round(e.getBoundingClientRect().right)).join(', ')`),
  );
}

describe('dashboard in Chromium', { timeout: 240_000 }, () => {
  let dashboard: Dashboard;
  let page: Page;
  const errors: string[] = [];

  before(async () => {
    dashboard = await startDashboard();
    page = await dashboard.browser.newPage({ viewport: { width: 1280, height: 900 } });
    page.on('pageerror', (error) => errors.push(error.message));
    page.on('console', (message) => {
      if (message.type() === 'error') errors.push(message.text());
    });
    // Nothing but our own server: any other request is a defect (and must not leave the machine).
    await page.route(/^(?!http:\/\/127\.0\.0\.1:)/, (route) => {
      errors.push(`external request ${route.request().url()}`);
      return route.abort();
    });
  });

  after(async () => {
    await dashboard?.close();
  });

  it('the world map colours Kazakhstan (recent) and Iran (ongoing)', async () => {
    await page.goto(dashboard.url);
    const kz = page.locator('path[data-country="KZ"]');
    await kz.waitFor();
    await page.locator('path[data-country="KZ"][data-status]').waitFor();
    assert.equal(await kz.getAttribute('data-status'), 'recent');
    assert.equal(await kz.getAttribute('fill'), MAP.recent);
    assert.equal(await page.locator('path[data-country="IR"]').getAttribute('fill'), MAP.ongoing);
    assert.equal(await page.locator('path[data-country="FR"]').getAttribute('fill'), MAP.none);
    assert.ok((await page.locator('path[data-country]').count()) > 150, 'the whole world is drawn');
    assert.equal(
      await page.locator('body').getAttribute('data-live'),
      'true',
      'an ongoing event makes the map live',
    );
    await page.screenshot({ path: join(ARTIFACTS, 'dashboard-map.png') });
  });

  it('the country page draws every signal with the cuts shaded, and the breakdowns', async () => {
    await page.locator('path[data-country="KZ"]').click();
    await page.waitForURL(/#\/country\/KZ$/);
    await page.locator('#country-chart[data-ready="true"] canvas').waitFor();
    const legend = await page.locator('#country-chart .u-legend .u-series').allTextContents();
    for (const signal of kzEvent().signals)
      assert.ok(
        legend.some((text) => text.includes(signal)),
        `legend has ${signal}: ${legend.join(' | ')}`,
      );
    const shades = page.locator('#country-chart .nl-shade');
    assert.equal(await shades.count(), KZ_CUTS.length);
    for (const [i, cut] of KZ_CUTS.entries()) {
      assert.equal(Number(await shades.nth(i).getAttribute('data-start')), cut.start);
      const box = await shades.nth(i).boundingBox();
      assert.ok(
        box !== null && box.width > 5 && box.height > 100,
        `cut ${i + 1} is a visible band`,
      );
    }
    await page.locator('table.networks tbody tr').first().waitFor();
    const networks = await attributes(page.locator('table.networks tbody tr'), 'data-entity');
    assert.deepEqual(
      new Set(networks),
      new Set(['asn/29355', 'asn/48503', 'asn/9198', 'asn/21299']),
    );
    const kazakhtelecom = await page.locator('tr[data-entity="asn/9198"]').innerText();
    assert.match(kazakhtelecom, /Kazakhtelecom/);
    assert.match(kazakhtelecom, /fixed/);
    assert.match(kazakhtelecom, /\b[0-9]%/, 'its lowest level inside the cuts is a few percent');
    assert.equal(await page.locator('table.regions tbody tr').count(), 2);
    await page.locator('#access-chart canvas').waitFor();
    const access = await page.locator('#access-chart .u-legend').innerText();
    assert.match(access, /mobile networks/);
    assert.match(access, /fixed networks/);
    await page.screenshot({ path: join(ARTIFACTS, 'dashboard-country.png'), fullPage: true });
  });

  it('the event page lists every cut and restoration, the evidence and the cost', async () => {
    await page.locator('a[href="#/event/kz-2022-01-05"]').first().click();
    await page.locator('tr.interval').first().waitFor();
    const event = kzEvent();
    const expected = event.affected.flatMap((a) =>
      a.intervals.map((_, i) => `${a.entity}#${i + 1}`),
    );
    const entities = await attributes(page.locator('tr.interval'), 'data-entity');
    const cuts = await attributes(page.locator('tr.interval'), 'data-cut');
    const rows = entities.map((entity, i) => `${entity}#${cuts[i]}`);
    assert.deepEqual(rows, expected);
    assert.equal(await page.locator('svg.timeline rect.cut').count(), expected.length);
    const third = await page
      .locator('tr.interval[data-entity="country/KZ"][data-cut="3"]')
      .innerText();
    assert.match(third, /2022-01-07 13:00 UTC/);
    assert.match(third, /2022-01-10 06:00 UTC/);
    assert.equal(await page.locator('.chart.evidence canvas').count(), event.signals.length);
    await page.locator('.chart.evidence .nl-shade').first().waitFor();
    assert.match(await page.locator('.cost').innerText(), /not available/);
    assert.match(await page.locator('.summary').innerText(), /3 cuts with 2 partial restorations/);
    const link = await page.locator('#share-link').inputValue();
    assert.equal(link, `${dashboard.url}#/event/kz-2022-01-05`);
    await page.screenshot({ path: join(ARTIFACTS, 'dashboard-event.png'), fullPage: true });

    // The shareable link opens the same page from scratch.
    const fresh = await dashboard.browser.newPage();
    await fresh.goto(link);
    await fresh.locator('tr.interval').first().waitFor();
    assert.equal(await fresh.locator('tr.interval').count(), expected.length);
    await fresh.close();
  });

  it('switches times to local and back', async () => {
    await page.locator('#zone').click();
    await page.locator('tr.interval').first().waitFor();
    assert.equal(await page.locator('#zone').innerText(), 'Times: local');
    const title = await page.locator('tr.interval time').first().getAttribute('title');
    assert.match(title ?? '', /UTC$/, 'the hover shows UTC when local is chosen');
    await page.locator('#zone').click();
    await page.locator('tr.interval').first().waitFor();
    assert.equal(await page.locator('#zone').innerText(), 'Times: UTC');
  });

  it('an ongoing event page is live; a phone does not scroll sideways', async () => {
    const phone = await dashboard.browser.newPage({
      viewport: { width: 390, height: 844 },
      isMobile: true,
      hasTouch: true,
    });
    await phone.goto(`${dashboard.url}#/event/ir-mobile-ongoing`);
    await phone.locator('.live').waitFor();
    assert.equal(await phone.locator('body').getAttribute('data-live'), 'true');
    assert.match(await phone.locator('tr.interval').innerText(), /ongoing/);
    await phone.screenshot({ path: join(ARTIFACTS, 'dashboard-phone-event.png'), fullPage: true });
    const width = Number(await phone.evaluate('document.documentElement.scrollWidth'));
    assert.ok(width <= 391, `page is ${width}px wide on a 390px phone: ${await widest(phone)}`);
    await phone.goto(`${dashboard.url}#/country/KZ`);
    await phone.locator('#country-chart[data-ready="true"] canvas').waitFor();
    await phone.screenshot({
      path: join(ARTIFACTS, 'dashboard-phone-country.png'),
      fullPage: true,
    });
    const countryWidth = Number(await phone.evaluate('document.documentElement.scrollWidth'));
    assert.ok(
      countryWidth <= 391,
      `country page is ${countryWidth}px wide: ${await widest(phone)}`,
    );
    await phone.close();
  });

  it('logged no page error and made no request beyond our server', () => {
    assert.deepEqual(errors, []);
  });
});
