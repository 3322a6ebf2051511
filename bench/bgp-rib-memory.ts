/**
 * Peak memory of the per-peer RIB holding a full table per peer, in bytes per route.
 * Input: the 2010 RIPE table (bgpdump text in the shared fixtures, 641,957 routes; its two
 * full-feed peers hold ~320k routes each). PEERS synthetic peers each get one real peer's
 * table with its own AS prepended, so every peer has distinct attribute sets, as in life.
 * The parsed input stays alive during both heap measurements: the difference is the RIB.
 * Run: `node --expose-gc --import tsx bench/bgp-rib-memory.ts [peers]` (default 10).
 */
import { createReadStream } from 'node:fs';
import { loadavg } from 'node:os';
import { resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { createGunzip } from 'node:zlib';
import {
  AS_SEQUENCE,
  AS_SET,
  type AsPathSegment,
} from '../src/collectors/bgp/bgp-message/models.js';
import { createRib } from '../src/collectors/bgp/rib/rib.js';
import { parseIp } from '../src/geo/ip.js';
import { parsePrefix, type Prefix } from '../src/geo/prefix.js';

const file = resolve(
  import.meta.dirname,
  '../../shared/fixtures/mrt/ripe-bgpdump/expected/bview.20100701.0759.gz.bgp.gz',
);
const peers = Number(process.argv[2] ?? 10);
const gc = (globalThis as { gc?: () => void }).gc;
if (gc === undefined) throw new Error('Cannot measure memory: run node with --expose-gc');

function pathOf(text: string): AsPathSegment[] {
  const segments: AsPathSegment[] = [];
  let run: number[] = [];
  for (const token of text.split(' ')) {
    if (token.startsWith('{')) {
      if (run.length > 0) segments.push({ type: AS_SEQUENCE, asns: run });
      run = [];
      segments.push({ type: AS_SET, asns: token.slice(1, -1).split(',').map(Number) });
    } else if (token !== '') run.push(Number(token));
  }
  if (run.length > 0) segments.push({ type: AS_SEQUENCE, asns: run });
  return segments;
}

interface Route {
  prefix: Prefix;
  path: AsPathSegment[];
  nextHop: string;
}

const byPeer = new Map<string, Route[]>();
const lines = createInterface({ input: createReadStream(file).pipe(createGunzip()) });
let total = 0;
for await (const line of lines) {
  const f = line.split('|');
  const peer = f[3]!;
  let list = byPeer.get(peer);
  if (list === undefined) byPeer.set(peer, (list = []));
  list.push({ prefix: parsePrefix(f[5]!), path: pathOf(f[6]!), nextHop: f[8]! });
  total++;
}
const full = [...byPeer.values()].sort((a, b) => b.length - a.length).slice(0, 2);
console.log(
  `input: ${total} routes, ${byPeer.size} peers; full tables ${full.map((t) => t.length).join(', ')}`,
);

const heap = () => {
  gc();
  gc();
  return process.memoryUsage().heapUsed;
};
const before = heap();
const started = process.hrtime.bigint();
const rib = createRib();
let routes = 0;
for (let p = 0; p < peers; p++) {
  const table = full[p % full.length]!;
  const asn = 64512 + p;
  const peer = rib.peer(`10.255.0.${p + 1}`, asn);
  const nextHop = parseIp(`10.255.0.${p + 1}`);
  for (const r of table) {
    const asPath: AsPathSegment[] = [{ type: AS_SEQUENCE, asns: [asn] }, ...r.path];
    rib.announce(peer, r.prefix, null, { origin: 0, asPath, nextHop });
    routes++;
  }
}
const seconds = Number(process.hrtime.bigint() - started) / 1e9;
const after = heap();
const bytes = after - before;
console.log(
  `peers ${peers}, routes ${routes}, prefixes ${rib.prefixes.size}, attribute sets ${rib.attributes.size}`,
);
console.log(
  `RIB heap ${(bytes / 2 ** 20).toFixed(1)} MiB = ${(bytes / routes).toFixed(1)} bytes/route; loaded in ${seconds.toFixed(1)} s (${Math.round(routes / seconds)} routes/s); rss ${(process.memoryUsage().rss / 2 ** 20).toFixed(0)} MiB`,
);
console.log(
  `load average ${loadavg()
    .map((n) => n.toFixed(2))
    .join(' ')}`,
);
// Keep everything alive until measured.
if (rib.peers().length !== peers || full.length === 0) throw new Error('unreachable');
