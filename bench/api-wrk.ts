/**
 * Benchmark: the HTTP API under `wrk` over a DuckDB file with demo data (a week of 5-minute
 * signals for Kazakhstan and six of its networks, four signals each, plus a few hundred
 * events). Measures requests/s and p99 latency of the event list and of a country's week of
 * 5-minute signals (one signal, and all four). Rate limiting is off; the listing cache is on
 * as in production. Usage:
 *   node --import tsx bench/api-wrk.ts [seconds=10] [connections=16] [events=300] [--cache]
 * Without --cache every request reaches the store (the response cache is off).
 * Needs `wrk` (apt-get install -y wrk). Binds 127.0.0.1 on an ephemeral port only.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { serve } from '@hono/node-server';
import { SIGNALS } from '../src/collectors/signal-catalogue.js';
import { createApi } from '../src/outputs/api/create-api.js';
import { openStore } from '../src/store/open-store.js';
import { KZ_EVENT, T0, moreEvents, weekOfPoints } from '../test/api/seed.js';

const run = promisify(execFile);
const args = process.argv.slice(2).filter((arg) => arg !== '--cache');
const seconds = Number(args[0] ?? 10);
const connections = Number(args[1] ?? 16);
const eventCount = Number(args[2] ?? 300);

const dir = mkdtempSync(join(tmpdir(), 'nightlight-bench-api-'));
const store = await openStore(`duckdb:${join(dir, 'bench.duckdb')}`);
const entities = [
  'country/KZ',
  'asn/9198',
  'asn/29355',
  'asn/21299',
  'asn/48503',
  'asn/35104',
  'asn/41798',
];
const signals: [string, number][] = [
  ['traffic.requests', 12000],
  ['traffic.ips', 3000],
  ['darknet.sources', 800],
  ['darknet.packets', 20000],
];
let points = 0;
for (const entity of entities)
  for (const [signal, base] of signals) {
    const batch = weekOfPoints(entity, signal, entity === 'country/KZ' ? base : base / 5);
    points += batch.length;
    await store.writePoints(batch);
  }
await store.writeEvents([KZ_EVENT, ...moreEvents(eventCount - 1)]);

const { app, idle } = createApi({
  store,
  signals: SIGNALS,
  clock: () => Math.floor(Date.now() / 1000),
  // --cache measures with the response cache on (as served); by default every request hits the store.
  limits: { rateBurst: 0, responseCacheSeconds: process.argv.includes('--cache') ? 10 : 0 },
});
const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' });
await new Promise<void>((done) => server.once('listening', done));
const address = server.address();
if (typeof address !== 'object' || address === null) throw new Error('no address');
const base = `http://127.0.0.1:${address.port}`;
const week = `from=${T0}&to=${T0 + 7 * 86400}`;
const targets: [string, string][] = [
  ['event list (100 newest of all)', '/api/v1/events'],
  ['event list, one country', '/api/v1/events?entity=country/KZ'],
  [
    'KZ week of 5-min traffic.requests (2016 values)',
    `/api/v1/signals/country/KZ?signal=traffic.requests&${week}`,
  ],
  ['KZ week of 5-min, all 4 signals (8064 values)', `/api/v1/signals/country/KZ?${week}`],
];

console.log(
  `store: ${points} points, ${eventCount} events; response cache ${process.argv.includes('--cache') ? 'on (10 s)' : 'off'}; wrk -t2 -c${connections} -d${seconds}s --latency`,
);
console.log(`load average before: ${readFileSync('/proc/loadavg', 'utf8').trim()}`);
for (const [name, path] of targets) {
  const size = (await (await fetch(`${base}${path}`)).arrayBuffer()).byteLength;
  // One request at a time first: the service time without queueing behind other requests.
  const single: number[] = [];
  for (let i = 0; i < 20; i++) {
    const started = performance.now();
    await (await fetch(`${base}${path}`)).arrayBuffer();
    single.push(performance.now() - started);
  }
  single.sort((a, b) => a - b);
  const sequential = `sequential median ${single[10]!.toFixed(1)} ms`;
  const { stdout } = await run('wrk', [
    '-t2',
    `-c${connections}`,
    `-d${seconds}s`,
    '--latency',
    `${base}${path}`,
  ]);
  const rps = /Requests\/sec:\s+([\d.]+)/.exec(stdout)?.[1];
  const p50 = /^\s+50%\s+(\S+)/m.exec(stdout)?.[1];
  const p99 = /^\s+99%\s+(\S+)/m.exec(stdout)?.[1];
  const errors = /Non-2xx or 3xx responses: (\d+)/.exec(stdout)?.[1] ?? '0';
  console.log(
    `${name}: ${rps} req/s, p50 ${p50}, p99 ${p99}, ${size} bytes, non-2xx ${errors}, ${sequential}  [load ${readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ')}]`,
  );
}
await new Promise<void>((done) => server.close(() => done()));
await idle();
await store.close();
rmSync(dir, { recursive: true, force: true });
