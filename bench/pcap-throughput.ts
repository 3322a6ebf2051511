/**
 * Darknet capture throughput: a seeded pcap of TCP SYNs from a pool of sources (with some
 * backscatter), read by Nightlight's darknet collector (decode, bin, tally, attribute, emit to
 * a memory store) against `tcpdump -nr FILE > /dev/null`. Run: `node --import tsx
 * bench/pcap-throughput.ts [PACKETS] [SOURCES]`; writes /tmp/nightlight-bench-PACKETS.pcap once.
 */
import { execFileSync } from 'node:child_process';
import { createWriteStream, existsSync } from 'node:fs';
import { ingestPcap } from '../src/collectors/darknet/ingest-pcap.js';
import { loadDefaultAttributor } from '../src/geo/load-attributor.js';
import { createMemoryStore } from '../src/store/memory.js';
import { rng } from './logs-generate.js';

const PACKETS = Number(process.argv[2] ?? 5_000_000);
const SOURCES = Number(process.argv[3] ?? 1_000_000);
const path = `/tmp/nightlight-bench-${PACKETS}.pcap`;

async function generate() {
  const random = rng(7);
  const out = createWriteStream(path);
  const header = Buffer.alloc(24);
  header.writeUInt32LE(0xa1b2c3d4, 0);
  header.writeUInt16LE(2, 4);
  header.writeUInt16LE(4, 6);
  header.writeUInt32LE(65535, 16);
  header.writeUInt32LE(1, 20);
  out.write(header);
  const pool = Uint32Array.from(
    { length: SOURCES },
    () => Math.floor(random() * 0xdf000000) + 0x01000000,
  );
  const batch = 10000;
  for (let i = 0; i < PACKETS; i += batch) {
    const buf = Buffer.alloc(batch * 70);
    for (let j = 0; j < batch; j++) {
      const o = j * 70;
      const t = 1641340800 + Math.floor(((i + j) / PACKETS) * 3600);
      buf.writeUInt32LE(t, o);
      buf.writeUInt32LE(j, o + 4);
      buf.writeUInt32LE(54, o + 8);
      buf.writeUInt32LE(54, o + 12);
      buf.writeUInt16BE(0x0800, o + 16 + 12);
      buf[o + 30] = 0x45;
      buf[o + 39] = 6;
      buf.writeUInt32BE(pool[Math.floor(random() * random() * SOURCES)]!, o + 30 + 12);
      buf.writeUInt32BE(0x2c000001, o + 30 + 16);
      buf[o + 50 + 13] = random() < 0.1 ? 0x12 : 0x02;
    }
    if (!out.write(buf)) await new Promise<void>((resolve) => out.once('drain', () => resolve()));
  }
  await new Promise<void>((resolve) => out.end(() => resolve()));
}

if (!existsSync(path)) await generate();
const start = process.hrtime.bigint();
execFileSync('sh', ['-c', `tcpdump -nr ${path} > /dev/null 2>&1`]);
const tcpdump = Number(process.hrtime.bigint() - start) / 1e9;
console.log(
  `tcpdump -nr: ${tcpdump.toFixed(2)} s, ${(PACKETS / tcpdump / 1e6).toFixed(2)} M packets/s`,
);
const attributor = await loadDefaultAttributor({ ipv6: false });
const t0 = process.hrtime.bigint();
const result = await ingestPcap({
  inputs: [path],
  source: 'darknet:bench',
  store: createMemoryStore(),
  attributor,
  batchBins: 1000,
});
const ours = Number(process.hrtime.bigint() - t0) / 1e9;
console.log(
  `nightlight:  ${ours.toFixed(2)} s, ${(result.accepted / ours / 1e6).toFixed(2)} M packets/s (${result.bins} bins, ${result.points} points); ${(tcpdump / ours).toFixed(1)}× tcpdump's speed`,
);
