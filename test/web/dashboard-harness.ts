/**
 * The dashboard as it runs for real: the dashboard built by Vite into a temporary folder, a
 * DuckDB file filled with the Kazakhstan-like event (and an ongoing one elsewhere), the HTTP
 * API (createApi) behind @hono/node-server on 127.0.0.1 and an ephemeral port, and Debian's
 * Chromium through playwright-core. Shared by the browser tests and the first-load bench.
 * Missing Chromium throws: browser tests must fail, not skip.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serve, type ServerType } from '@hono/node-server';
import { chromium, type Browser } from 'playwright-core';
import { build } from 'vite';
import { SIGNALS } from '../../src/collectors/signal-catalogue.js';
import type { OutageEvent } from '../../src/model/event.js';
import { createApi } from '../../src/outputs/api/create-api.js';
import { CHROMIUM_FLAGS } from '../../src/outputs/reports/print-pdf.js';
import { createDuckDBStore } from '../../src/store/duckdb.js';
import type { Store } from '../../src/store/store.js';
import { kzEvent, kzPoints } from '../reports/kz-fixture.js';

export const CHROMIUM = process.env.NIGHTLIGHT_CHROMIUM ?? '/usr/bin/chromium';
const WEB_CONFIG = join(import.meta.dirname, '../../src/outputs/web/vite.config.ts');

/** An ongoing mobile shutdown in Iran that started three hours before `now`. */
export function ongoingEvent(now: number): OutageEvent {
  const start = Math.floor((now - 3 * 3600) / 300) * 300;
  return {
    ...kzEvent(),
    id: 'ir-mobile-ongoing',
    start,
    end: null,
    scope: 'nationwide',
    access: 'mobile',
    layers: ['reachability'],
    mechanisms: ['blackhole-routes-up'],
    location: 'country/IR',
    affected: [{ entity: 'asn/44244', intervals: [{ start, end: null }], depth: 0.1 }],
    depth: 0.1,
    signals: ['traffic.requests'],
    updatedAt: Math.floor(now),
  };
}

export interface Dashboard {
  readonly url: string;
  readonly browser: Browser;
  readonly store: Store;
  close(): Promise<void>;
}

export async function buildDashboard(outDir: string): Promise<void> {
  await build({ configFile: WEB_CONFIG, logLevel: 'warn', build: { outDir, emptyOutDir: true } });
}

export async function startDashboard(): Promise<Dashboard> {
  if (!existsSync(CHROMIUM))
    throw new Error(
      `Cannot run browser tests: no Chromium at ${CHROMIUM} (apt-get install chromium)`,
    );
  const dir = mkdtempSync(join(tmpdir(), 'nightlight-web-'));
  const webRoot = join(dir, 'web');
  await buildDashboard(webRoot);
  const store = await createDuckDBStore({ path: join(dir, 'kz.duckdb') });
  await store.writePoints(kzPoints());
  const now = Math.floor(Date.now() / 1000);
  await store.writeEvents([kzEvent(), ongoingEvent(now)]);
  const { app } = createApi({
    store,
    signals: SIGNALS,
    clock: () => Math.floor(Date.now() / 1000),
    webRoot,
    log: () => {},
  });
  const server: ServerType = await new Promise((resolve) => {
    const s = serve({ fetch: app.fetch, hostname: '127.0.0.1', port: 0 }, () => resolve(s));
  });
  const { port } = server.address() as AddressInfo;
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_FLAGS, // playwright gives each launch its own temporary profile
  });
  return {
    url: `http://127.0.0.1:${port}/`,
    browser,
    store,
    async close() {
      await browser.close();
      await new Promise((resolve) => server.close(resolve));
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
