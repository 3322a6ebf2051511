/**
 * `ingest ris-live ws://…` against a RIS Live stand-in on loopback (a `ws` server on
 * 127.0.0.1, ephemeral port): it checks the subscription it receives, replays messages one per
 * frame, then closes. What the websocket gives must equal what the same messages give from a
 * file. Nothing leaves 127.0.0.1.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'node:test';
import { WebSocketServer } from 'ws';
import { ingestMrt, type IngestMrtResult } from '../../src/collectors/bgp/ingest-mrt.js';
import { webSocketLines } from '../../src/collectors/bgp/ris-live/websocket-source.js';
import { isNightlightError } from '../../src/model/failure.js';
import { createMemoryStore } from '../../src/store/memory.js';
import type { Store } from '../../src/store/store.js';
import { fakeAttributor } from './fake-attributor.js';

const sample = fileURLToPath(
  new URL('../../../shared/fixtures/mrt/ris-live-sample.json', import.meta.url),
);

interface Replay {
  readonly url: string;
  /** The first frame the client sent, once it has. */
  readonly subscriptions: string[];
  close(): Promise<void>;
}

/** A RIS Live stand-in: answers the subscription, sends `frames` one per message, closes. */
async function replay(frames: readonly string[], options: { error?: string } = {}) {
  const server = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  await new Promise<void>((resolve) => server.once('listening', resolve));
  const subscriptions: string[] = [];
  server.on('connection', (socket) => {
    socket.once('message', (data: Buffer) => {
      subscriptions.push(data.toString('utf8'));
      if (options.error !== undefined) {
        socket.send(JSON.stringify({ type: 'ris_error', data: { message: options.error } }));
        return;
      }
      socket.send('{"type":"ris_subscribe_ok","data":{"subscription":{},"socketOptions":{}}}');
      for (const frame of frames) socket.send(frame);
      socket.send('{"type":"pong","data":null}');
      socket.close(1000);
    });
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `ws://127.0.0.1:${port}/v1/ws/`,
    subscriptions,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  } satisfies Replay;
}

/** Every point in the store, sorted, for comparing two ingests. */
async function allPoints(store: Store) {
  const out: string[] = [];
  for (const info of await store.listSeries()) {
    const [s] = await store.readSeries({
      entity: info.entity,
      signals: [info.signal],
      from: 0,
      to: 2e9,
    });
    s?.bins.forEach((bin, i) => out.push(`${info.entity} ${info.signal} ${bin} ${s.values[i]}`));
  }
  return out.sort();
}

async function ingest(input: string, subscription?: string) {
  const store = createMemoryStore();
  const issues: string[] = [];
  const result = await ingestMrt({
    inputs: [input],
    format: 'ris-live',
    subscription,
    source: 'ris',
    store,
    attributor: fakeAttributor,
    onIssue: (_, error) => issues.push(error.message),
  });
  return { result, points: await allPoints(store), issues };
}

const counts = (r: IngestMrtResult) => ({ ...r, skippedBins: 0 });

/** RIS Live UPDATEs over three 5-minute bins: two peers, 198.18.x /24s (KZ), one withdrawal. */
function updates(): string[] {
  const t0 = 1_700_000_100;
  const message = (time: number, peer: string, asn: number, data: object) =>
    JSON.stringify({
      type: 'ris_message',
      data: {
        timestamp: time,
        peer,
        peer_asn: String(asn),
        host: 'rrc00',
        type: 'UPDATE',
        ...data,
      },
    });
  const prefixes = Array.from({ length: 8 }, (_, i) => `198.18.${i}.0/24`);
  return [
    ...['10.0.0.1', '10.0.0.2'].map((peer, i) =>
      message(t0 + i, peer, 64501 + i, {
        path: [64501 + i, [64600, 64601], 65001],
        origin: 'IGP',
        announcements: [{ next_hop: peer, prefixes }],
      }),
    ),
    message(t0 + 300, '10.0.0.1', 64501, { withdrawals: prefixes.slice(0, 3) }),
    message(t0 + 320, '10.0.0.2', 64502, { withdrawals: prefixes.slice(0, 3) }),
    message(t0 + 610, '10.0.0.2', 64502, {
      path: [64502, 65002],
      announcements: [{ next_hop: '10.0.0.2', prefixes: ['198.18.100.0/24'] }],
    }),
  ];
}

describe('RIS Live over a websocket (loopback)', () => {
  it('sends the subscription and reads the shared sample as the file reader does', async () => {
    // The sample is one pretty-printed message; RIS Live sends each message as one compact frame.
    const frame = JSON.stringify(JSON.parse(readFileSync(sample, 'utf8')));
    const server = await replay([frame]);
    try {
      const live = await ingest(server.url, '{"host":"rrc10"}');
      assert.deepEqual(
        server.subscriptions.map((s): unknown => JSON.parse(s)),
        [{ type: 'ris_subscribe', data: { host: 'rrc10' } }],
      );
      const file = await ingest(sample);
      assert.equal(live.result.records, 4);
      assert.equal(live.result.peers, 1);
      assert.deepEqual(live.issues, []);
      assert.deepEqual(counts(live.result), counts(file.result));
      assert.deepEqual(live.points, file.points);
    } finally {
      await server.close();
    }
  });

  it('gives the same visibility points as the same messages read from a file', async () => {
    const frames = updates();
    const dir = mkdtempSync(join(tmpdir(), 'nl-rislive-'));
    const path = join(dir, 'updates.json');
    writeFileSync(path, frames.join('\n') + '\n');
    const server = await replay(frames);
    try {
      const live = await ingest(server.url);
      assert.deepEqual(server.subscriptions, ['{"type":"ris_subscribe","data":{}}']);
      const file = await ingest(path);
      assert.equal(live.result.corrupt, 0);
      assert.equal(live.result.bins, 3);
      assert.ok(
        live.points.includes('asn/65001 bgp.slash24s 1700000100 8'),
        live.points.join('\n'),
      );
      assert.ok(live.points.includes('asn/65001 bgp.slash24s 1700000400 5'));
      assert.deepEqual(counts(live.result), counts(file.result));
      assert.deepEqual(live.points, file.points);
    } finally {
      await server.close();
    }
  });

  it('passes a frame that is not JSON to the reader, which reports and skips it', async () => {
    const server = await replay(['not json', ...updates().slice(0, 2)]);
    try {
      const live = await ingest(server.url);
      assert.equal(live.result.corrupt, 1);
      assert.equal(live.result.peers, 2);
      assert.match(live.issues[0]!, /^Cannot parse RIS Live message at offset 0: /);
    } finally {
      await server.close();
    }
  });

  it('ends with a ris_error when the server refuses the subscription', async () => {
    const server = await replay([], { error: 'Unknown host rrc99' });
    try {
      await assert.rejects(
        ingest(server.url, '{"host":"rrc99"}'),
        (error: unknown) =>
          isNightlightError(error) &&
          error.kind === 'bad_input' &&
          error.message ===
            `Cannot read RIS Live from ${server.url}: ris_error (Unknown host rrc99)`,
      );
    } finally {
      await server.close();
    }
  });

  it('reports a refused connection as connection_refused', async () => {
    // A port that was just free on 127.0.0.1: nothing listens there any more.
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    const { port } = probe.address() as AddressInfo;
    await new Promise<void>((resolve) => probe.close(() => resolve()));
    const url = `ws://127.0.0.1:${port}/v1/ws/`;
    await assert.rejects(
      ingest(url),
      (error: unknown) =>
        isNightlightError(error) &&
        error.kind === 'bad_input' &&
        error.message === `Cannot read RIS Live from ${url}: connection_refused (ECONNREFUSED)`,
    );
  });

  it('refuses a subscription that is not a JSON object before connecting', async () => {
    const lines = webSocketLines('ws://127.0.0.1:9/v1/ws/', 'host=rrc00');
    await assert.rejects(
      lines.next(),
      /^NightlightError: Cannot parse the RIS Live subscription: /,
    );
  });

  it('pauses the socket past maxQueued frames and still delivers every frame in order', async () => {
    const frames = Array.from({ length: 50 }, (_, i) => `{"type":"ris_message","data":{"n":${i}}}`);
    const server = await replay(frames);
    try {
      const got: string[] = [];
      for await (const line of webSocketLines(server.url, undefined, { maxQueued: 4 })) {
        got.push(line);
        // A slow consumer: the queue fills and the socket is paused meanwhile.
        await new Promise((resolve) => setTimeout(resolve, 1));
      }
      assert.deepEqual(
        got,
        frames.map((f) => `${f}\n`),
      );
    } finally {
      await server.close();
    }
  });
});
