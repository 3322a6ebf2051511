/**
 * Alerts delivered to a local webhook receiver (node:http on 127.0.0.1): the event's story
 * (opened, spread, deepened, partial restoration, closed) arrives once per change, signed;
 * a failing receiver is retried with back-off and nothing is duplicated, not even across a
 * restart of the dispatcher over the same DuckDB file.
 */
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { OutageEvent } from '../../src/model/event.js';
import { createAlertDispatcher } from '../../src/outputs/alerts/alert-dispatcher.js';
import { DEFAULT_RETRY } from '../../src/outputs/alerts/post-with-retry.js';
import { createWebhookSink } from '../../src/outputs/alerts/webhook-sink.js';
import { openStore } from '../../src/store/open-store.js';
import type { Store } from '../../src/store/store.js';
import { KZ_EVENT } from '../api/seed.js';

const SECRET = 'hook-secret';
const dir = mkdtempSync(join(tmpdir(), 'nightlight-alerts-'));
let receiver: Server;
let url: string;
/** What the receiver accepted, and how many times it was called. */
const accepted: { key: string; kind: string; text: string }[] = [];
let calls = 0;
/** Requests to fail (with 503) before the next success. */
let failNext = 0;
const badSignatures: string[] = [];

before(async () => {
  receiver = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString()));
    request.on('end', () => {
      calls++;
      if (failNext > 0) {
        failNext--;
        response.writeHead(503).end();
        return;
      }
      const [t, signature] = String(request.headers['x-nightlight-signature']).split(',');
      const expected = createHmac('sha256', SECRET)
        .update(`${t!.slice(2)}.${body}`)
        .digest('hex');
      if (signature !== `sha256=${expected}`)
        badSignatures.push(String(request.headers['x-nightlight-delivery']));
      const message = JSON.parse(body) as { key: string; kind: string; text: string };
      assert.equal(request.headers['x-nightlight-delivery'], message.key);
      accepted.push({ key: message.key, kind: message.kind, text: message.text });
      response.writeHead(204).end();
    });
  });
  await new Promise<void>((done) => receiver.listen(0, '127.0.0.1', done));
  const address = receiver.address();
  assert.ok(typeof address === 'object' && address !== null);
  url = `http://127.0.0.1:${address.port}/hook`;
});
after(async () => {
  await new Promise<void>((done) => receiver.close(() => done()));
  rmSync(dir, { recursive: true, force: true });
});

describe('alerts to a webhook', () => {
  let store: Store;
  let now = KZ_EVENT.start + 300;
  const sleeps: number[] = [];
  const dispatcher = () =>
    createAlertDispatcher({
      store,
      clock: () => now,
      nameOf: (entity) =>
        entity === 'country/KZ' ? 'Kazakhstan' : entity === 'asn/9198' ? 'Kazakhtelecom' : null,
      sinks: [
        createWebhookSink({
          url,
          secret: SECRET,
          clock: () => now,
          retry: {
            ...DEFAULT_RETRY,
            attempts: 4,
            fetch: globalThis.fetch,
            sleep: async (ms) => void sleeps.push(ms),
          },
        }),
      ],
    });
  const version = (changes: Partial<OutageEvent>): OutageEvent => ({
    ...KZ_EVENT,
    ...changes,
    updatedAt: now,
  });
  const opening = version({
    end: null,
    depth: 0.3,
    affected: [
      { entity: 'asn/9198', intervals: [{ start: KZ_EVENT.start, end: null }], depth: 0.3 },
    ],
  });

  before(async () => {
    store = await openStore(`duckdb:${join(dir, 'alerts.duckdb')}`);
  });
  after(() => store.close());

  it('announces an opening once, with the sentence built from the facts', async () => {
    await store.writeEvents([opening]);
    assert.deepEqual(await dispatcher().run(), { sent: 1, failed: 0, deferred: 0, silent: 0 });
    assert.deepEqual(
      accepted.map((a) => a.kind),
      ['opened'],
    );
    assert.equal(
      accepted[0]!.text,
      'Confirmed: Kazakhstan is in a nationwide internet shutdown since 10:35 UTC; connectivity at 30% of normal; routes remain announced; mobile and fixed networks affected',
    );
    assert.deepEqual(await dispatcher().run(), { sent: 0, failed: 0, deferred: 0, silent: 0 });
    assert.equal(accepted.length, 1);
  });

  it('retries a failing receiver with exponential back-off and delivers exactly once', async () => {
    now += 600;
    await store.writeEvents([
      version({
        end: null,
        depth: 0.04,
        affected: [
          ...opening.affected,
          { entity: 'asn/29355', intervals: [{ start: now - 300, end: null }], depth: 0.05 },
        ],
      }),
    ]);
    failNext = 2;
    const before = calls;
    const summary = await dispatcher().run();
    assert.deepEqual(summary, { sent: 2, failed: 0, deferred: 0, silent: 0 });
    assert.equal(calls - before, 4, 'two failures, then spread and deepened');
    assert.deepEqual(sleeps, [500, 1000]);
    assert.deepEqual(
      accepted.slice(1).map((a) => a.kind),
      ['spread', 'deepened'],
    );
    assert.match(accepted[2]!.text, /connectivity now at 4% of normal \(was 30% of normal\)/);
  });

  it('keeps an undelivered change for the next run, without resending what was accepted', async () => {
    now += 600;
    const restoredAt = now - 120;
    await store.writeEvents([
      version({
        end: null,
        depth: 0.04,
        affected: [
          {
            entity: 'asn/9198',
            intervals: [{ start: KZ_EVENT.start, end: restoredAt }],
            depth: 0.03,
          },
          { entity: 'asn/29355', intervals: [{ start: now - 900, end: null }], depth: 0.05 },
        ],
      }),
    ]);
    failNext = 10; // more than the 4 attempts
    const down = await dispatcher().run();
    assert.deepEqual(down, { sent: 0, failed: 1, deferred: 0, silent: 0 });
    const acceptedBefore = accepted.length;
    failNext = 0;
    // A new dispatcher over the same file: what a restart looks like.
    assert.deepEqual(await dispatcher().run(), { sent: 1, failed: 0, deferred: 0, silent: 0 });
    assert.equal(accepted.length, acceptedBefore + 1);
    assert.equal(accepted.at(-1)!.kind, 'restored');
    assert.match(
      accepted.at(-1)!.text,
      /^Partial restoration: AS9198 \(Kazakhtelecom\) back since/,
    );
  });

  it('announces the end once and nothing after, across restarts', async () => {
    now = KZ_EVENT.end! + 600;
    await store.writeEvents([version({})]);
    assert.equal((await dispatcher().run()).sent, 1);
    assert.equal(accepted.at(-1)!.kind, 'closed');
    assert.match(
      accepted.at(-1)!.text,
      /^Ended: Kazakhstan was in a nationwide internet shutdown from/,
    );
    now += 3600;
    assert.equal((await dispatcher().run()).sent, 0);
    const keys = accepted.map((a) => a.key);
    assert.equal(new Set(keys).size, keys.length, 'no key delivered twice');
    assert.deepEqual(badSignatures, []);
  });

  it('records old history silently and caps a run, deferring the rest', async () => {
    const history = Array.from({ length: 3 }, (_, i): OutageEvent => ({
      ...KZ_EVENT,
      id: `old-${i}`,
      start: now - 3 * 86400,
      end: now - 2 * 86400,
    }));
    const fresh = Array.from({ length: 25 }, (_, i): OutageEvent => ({
      ...opening,
      id: `fresh-${i}`,
      start: now - 60,
      updatedAt: now,
    }));
    await store.writeEvents([...history, ...fresh]);
    const first = await dispatcher().run();
    assert.deepEqual(first, { sent: 20, failed: 0, deferred: 5, silent: 3 });
    const second = await dispatcher().run();
    assert.deepEqual(second, { sent: 5, failed: 0, deferred: 0, silent: 0 });
  });
});
