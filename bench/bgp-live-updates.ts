/**
 * UPDATE messages per second the live collector sustains from one peer: a local sender on
 * loopback (127.0.0.62 → 127.0.0.61) establishes a session, then writes pre-encoded UPDATEs
 * (1–4 IPv4 prefixes each, a quarter of them withdrawals, paths varying) as fast as TCP takes
 * them; the clock stops when the collector has applied the last one.
 * Run: `node --import tsx bench/bgp-live-updates.ts [messages]` (default 200000).
 */
import { loadavg } from 'node:os';
import { encodeUpdate } from '../src/collectors/bgp/bgp-message/encode-message.js';
import { createLiveCollector } from '../src/collectors/bgp/live-collector.js';
import { createMemoryStore } from '../src/store/memory.js';
import { fakeAttributor } from '../test/bgp/fake-attributor.js';
import { announce, CTX, openRawPeer } from '../test/bgp/raw-peer.js';

const total = Number(process.argv[2] ?? 200_000);
const collector = createLiveCollector({
  listen: { host: '127.0.0.61', port: 0 },
  localAs: 65000,
  routerId: 0xc612003d,
  store: createMemoryStore(),
  attributor: fakeAttributor,
  source: 'bench',
  autoBins: false,
});
const port = (await collector.start())!.port;
const peer = await openRawPeer({
  host: '127.0.0.61',
  port,
  localAddress: '127.0.0.62',
  asn: 64512,
  routerId: 0x0a00003e,
});
await peer.establish();

// Pre-encode in chunks of messages so that encoding is not what is timed.
const prefix = (i: number) => `${10 + ((i >>> 16) & 63)}.${(i >>> 8) & 255}.${i & 255}.0/24`;
const messages: Uint8Array[] = [];
let prefixes = 0;
for (let i = 0; i < total; i++) {
  const n = 1 + (i % 4);
  const list = Array.from({ length: n }, (_, k) => prefix((i * 4 + k) % 200_000));
  prefixes += n;
  messages.push(
    encodeUpdate(
      i % 4 === 3
        ? announce([], [], list)
        : announce(list, [64512, 3356 + (i % 97), 65000 + (i % 1000)]),
      CTX,
    ),
  );
}
const chunks: Buffer[] = [];
for (let i = 0; i < messages.length; i += 1000)
  chunks.push(Buffer.concat(messages.slice(i, i + 1000)));
const bytes = chunks.reduce((s, c) => s + c.length, 0);

const started = process.hrtime.bigint();
for (const chunk of chunks)
  if (!peer.socket.write(chunk)) await new Promise((r) => peer.socket.once('drain', r));
while (collector.updates < total) await new Promise((r) => setImmediate(r));
const seconds = Number(process.hrtime.bigint() - started) / 1e9;
console.log(
  `${total} UPDATEs (${prefixes} prefixes, ${(bytes / 2 ** 20).toFixed(1)} MiB) in ${seconds.toFixed(2)} s: ` +
    `${Math.round(total / seconds)} messages/s, ${Math.round(prefixes / seconds)} prefixes/s`,
);
const table = collector.state.rib.peers()[0]!;
console.log(
  `peer table: ${table.routes} routes; load average ${loadavg()
    .map((n) => n.toFixed(2))
    .join(' ')}`,
);
peer.close();
await collector.stop();
