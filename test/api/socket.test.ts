/**
 * The API over a real socket on 127.0.0.1 (ephemeral port), with the dashboard served from a
 * directory, under hostile input: path traversal (raw and encoded), malformed and oversized
 * parameters, script in names. Every answer is a clear 4xx (or the dashboard's own file),
 * nothing outside the web root is read, nothing is echoed unescaped, and the server stays up.
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { serve, type ServerType } from '@hono/node-server';
import { SIGNALS } from '../../src/collectors/signal-catalogue.js';
import { createApi } from '../../src/outputs/api/create-api.js';
import { openStore } from '../../src/store/open-store.js';
import type { Store } from '../../src/store/store.js';
import { KZ_EVENT, T0, seedStore } from './seed.js';

const dir = mkdtempSync(join(tmpdir(), 'nightlight-socket-'));
const webRoot = join(dir, 'web');
const SECRET = 'TOP-SECRET-OUTSIDE-WEB-ROOT';
const SCRIPT = '<script>alert(1)</script>';
let store: Store;
let server: ServerType;
let base: string;
let port: number;

before(async () => {
  mkdirSync(join(webRoot, 'assets'), { recursive: true });
  writeFileSync(
    join(webRoot, 'index.html'),
    '<!doctype html><title>Nightlight</title><div id="app"></div>',
  );
  writeFileSync(join(webRoot, 'assets', 'app.js'), 'console.log("dashboard")');
  writeFileSync(join(dir, 'secret.txt'), SECRET);
  store = await openStore(`duckdb:${join(dir, 'socket.duckdb')}`);
  await seedStore(store, { events: 5 });
  await store.writeEvents([
    { ...KZ_EVENT, id: 'hostile', apps: [SCRIPT], signals: [], layers: ['application'] },
  ]);
  const { app } = createApi({
    store,
    signals: SIGNALS,
    clock: () => T0 + 7 * 86400,
    webRoot,
    limits: { rateBurst: 0 },
    log: () => undefined,
  });
  server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' });
  await new Promise<void>((done) => server.once('listening', done));
  const address = server.address();
  assert.ok(typeof address === 'object' && address !== null);
  port = address.port;
  base = `http://127.0.0.1:${port}`;
});
after(async () => {
  await new Promise<void>((done) => server.close(() => done()));
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

/** A request sent byte for byte (fetch would normalise `..` away before sending). */
function raw(path: string): Promise<{ status: number; text: string }> {
  return new Promise((done, fail) => {
    const socket = connect(port, '127.0.0.1', () =>
      socket.write(`GET ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n`),
    );
    let text = '';
    socket.setEncoding('latin1');
    socket.on('data', (chunk: string) => (text += chunk));
    socket.on('end', () => done({ status: Number(text.slice(9, 12)), text }));
    socket.on('error', fail);
  });
}

describe('over a real socket', () => {
  it('serves the API, the dashboard, its assets and index.html for client routes', async () => {
    const health = await fetch(`${base}/api/v1/health`);
    assert.equal(health.status, 200);
    assert.equal(health.headers.get('x-content-type-options'), 'nosniff');
    assert.match(health.headers.get('content-security-policy') ?? '', /default-src 'self'/);
    assert.equal(health.headers.get('access-control-allow-origin'), '*');
    assert.match(await (await fetch(`${base}/`)).text(), /<title>Nightlight/);
    assert.equal(await (await fetch(`${base}/assets/app.js`)).text(), 'console.log("dashboard")');
    const route = await fetch(`${base}/country/KZ`);
    assert.equal(route.status, 200);
    assert.match(await route.text(), /<div id="app">/);
    const missingAsset = await fetch(`${base}/assets/missing.js`);
    assert.equal(missingAsset.status, 404);
  });

  it('never reads outside the web root, raw or encoded', async () => {
    const attempts = [
      '/../secret.txt',
      '/../../etc/passwd',
      '/assets/../../secret.txt',
      '/%2e%2e/secret.txt',
      '/%2e%2e%2f%2e%2e%2fetc%2fpasswd',
      '/assets/%2e%2e%2f%2e%2e%2fsecret.txt',
      '/..%5c..%5csecret.txt',
      '/%252e%252e/secret.txt',
      '/api/v1/signals/country/..%2f..%2fetc%2fpasswd',
      '/api/v1/events/..%2f..%2fetc%2fpasswd',
      '/feeds/..%2fsecret.atom',
    ];
    for (const path of attempts) {
      const { status, text } = await raw(path);
      assert.ok(!text.includes(SECRET) && !text.includes('root:x:0:0'), `${path} leaked a file`);
      assert.ok(
        status === 400 || status === 404 || (status === 200 && text.includes('<div id="app">')),
        `${path}: ${status}`,
      );
    }
  });

  it('answers malformed and oversized parameters with a clear 4xx', async () => {
    const cases: [string, number][] = [
      ['/api/v1/events?from=%E0%A4%A', 400],
      ['/api/v1/events?from=2022-13-45T99:99:99Z', 400],
      ['/api/v1/events?from=2022-01-05T10:30:00', 400],
      ['/api/v1/events?limit=-1', 400],
      ['/api/v1/events?limit=1e309', 400],
      ['/api/v1/events?entity=country/KZZ', 400],
      [`/api/v1/events?entity=${'a'.repeat(5000)}`, 414],
      ['/api/v1/signals/planet/KZ', 400],
      [
        `/api/v1/signals/country/KZ?signal=${Array.from({ length: 30 }, (_, i) => `s${i}`).join(',')}`,
        400,
      ],
      ['/api/v1/signals/country/KZ?step=0', 400],
      ['/api/v1/signals/country/KZ?from=99999999999', 400],
      ['/api/v1/cost?country=KZ&hours=NaN', 400],
      ['/outages/events?from=1&until=2&entityType=country', 400],
    ];
    for (const [path, expected] of cases) {
      const response = await fetch(`${base}${path}`);
      assert.equal(response.status, expected, path);
      const body = (await response.json()) as { error: unknown };
      assert.ok(body.error, `${path} explains itself`);
    }
  });

  it('never echoes script unescaped: JSON bodies, escaped feeds', async () => {
    const search = await fetch(`${base}/api/v1/entities?q=${encodeURIComponent(SCRIPT)}`);
    assert.match(search.headers.get('content-type') ?? '', /^application\/json/);
    const notFound = await fetch(`${base}/api/v1/${encodeURIComponent(SCRIPT)}`);
    assert.equal(notFound.status, 404);
    assert.match(notFound.headers.get('content-type') ?? '', /^application\/json/);
    const feed = await (await fetch(`${base}/feeds/KZ.atom`)).text();
    assert.ok(
      feed.includes('&lt;script&gt;alert(1)&lt;/script&gt;'),
      'the app name is in the feed, escaped',
    );
    assert.ok(!feed.includes(SCRIPT));
    const event = await fetch(`${base}/api/v1/events/hostile`);
    assert.match(event.headers.get('content-type') ?? '', /^application\/json/);
    const scriptId = await fetch(`${base}/api/v1/events/${encodeURIComponent(SCRIPT)}`);
    assert.equal(scriptId.status, 400);
    assert.ok(!(await scriptId.text()).includes(SCRIPT));
  });

  it('stays up after a burst of hostile requests', async () => {
    await Promise.all(
      Array.from({ length: 200 }, (_, i) =>
        raw(i % 2 === 0 ? `/api/v1/events?from=${'%'.repeat(i)}` : `/${'../'.repeat(i)}etc/passwd`),
      ),
    );
    assert.equal((await fetch(`${base}/api/v1/health`)).status, 200);
  });
});
