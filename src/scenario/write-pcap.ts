/**
 * Writes what a network telescope (a darknet, an unused /9 like UCSD's 44.0.0.0/9) captures:
 * classic pcap (µs, Ethernet), one gzip file per day. Per bin: scanning hosts in each cell
 * (infected devices, in proportion to its /24s, scaled by the script's traffic factor; a
 * withdrawn prefix cannot reach the telescope) sending TCP SYNs, ICMP echo requests and UDP
 * probes, several packets each; random-source spoofed SYNs, one packet each; and backscatter
 * (SYN-ACK, RST, ICMP unreachable) from victims of floods elsewhere. tcpdump.org
 * pcap-savefile(5); IPv4 per RFC 791 with a correct header checksum.
 */
import { join } from 'node:path';
import { createFileSink, type FileSink } from './file-sink.js';
import { prefixAt, type NetworkModel } from './network-model.js';
import type { Rng } from './rng.js';
import type { Scenario } from './scenario-schema.js';
import type { Timeline } from './timeline.js';
import { dayStamp, type WriteResult } from './write-logs.js';

const TELESCOPE = 0x2c000000; // 44.0.0.0/9
const TELESCOPE_SIZE = 1 << 23;
const SCAN_PORTS = [23, 445, 22, 80, 8080, 3389, 5555, 2323, 443, 1433];
const FRAME = 14 + 20 + 20;

type Kind = 'syn' | 'echo' | 'udp' | 'synack' | 'rst' | 'unreachable';

function globalHeader(): Uint8Array {
  const b = Buffer.alloc(24);
  b.writeUInt32LE(0xa1b2c3d4, 0);
  b.writeUInt16LE(2, 4);
  b.writeUInt16LE(4, 6);
  b.writeUInt32LE(65535, 16);
  b.writeUInt32LE(1, 20); // LINKTYPE_ETHERNET
  return b;
}

function writePacket(
  b: Buffer,
  at: number,
  t: number,
  src: number,
  dst: number,
  kind: Kind,
  rng: Rng,
): number {
  const seconds = Math.floor(t);
  b.writeUInt32LE(seconds, at);
  b.writeUInt32LE(Math.min(999999, Math.floor((t - seconds) * 1e6)), at + 4);
  b.writeUInt32LE(FRAME, at + 8);
  b.writeUInt32LE(FRAME, at + 12);
  const e = at + 16;
  b.fill(0, e, e + FRAME);
  b.writeUInt32BE(0x00163e00, e); // destination MAC 00:16:3e:00:00:01
  b.writeUInt16BE(0x0001, e + 4);
  b.writeUInt32BE(0x02000000, e + 6); // router MAC 02:00:00:00:00:fe
  b.writeUInt16BE(0x00fe, e + 10);
  b.writeUInt16BE(0x0800, e + 12);
  const ip = e + 14;
  const protocol = kind === 'echo' || kind === 'unreachable' ? 1 : kind === 'udp' ? 17 : 6;
  b.writeUInt8(0x45, ip);
  b.writeUInt16BE(40, ip + 2);
  b.writeUInt16BE(rng.int(65536), ip + 4);
  b.writeUInt8(kind === 'syn' ? 64 + rng.int(64) : 50 + rng.int(200), ip + 8);
  b.writeUInt8(protocol, ip + 9);
  b.writeUInt32BE(src >>> 0, ip + 12);
  b.writeUInt32BE(dst >>> 0, ip + 16);
  let sum = 0;
  for (let i = 0; i < 20; i += 2) sum += b.readUInt16BE(ip + i);
  while (sum > 0xffff) sum = (sum & 0xffff) + (sum >>> 16);
  b.writeUInt16BE(~sum & 0xffff, ip + 10);
  const l4 = ip + 20;
  if (protocol === 6) {
    const ports: [number, number] =
      kind === 'syn'
        ? [1024 + rng.int(64000), rng.pick(SCAN_PORTS)]
        : [rng.pick([80, 443, 53, 25]), 1024 + rng.int(64000)];
    b.writeUInt16BE(ports[0], l4);
    b.writeUInt16BE(ports[1], l4 + 2);
    b.writeUInt32BE(rng.int(4294967296), l4 + 4);
    if (kind === 'synack') b.writeUInt32BE(rng.int(4294967296), l4 + 8);
    b.writeUInt8(0x50, l4 + 12);
    b.writeUInt8(kind === 'syn' ? 0x02 : kind === 'synack' ? 0x12 : 0x04, l4 + 13);
    b.writeUInt16BE(kind === 'rst' ? 0 : 29200, l4 + 14);
  } else if (protocol === 1) {
    b.writeUInt8(kind === 'echo' ? 8 : 3, l4);
    b.writeUInt8(kind === 'echo' ? 0 : 3, l4 + 1);
    b.writeUInt32BE(rng.int(4294967296), l4 + 4);
  } else {
    b.writeUInt16BE(1024 + rng.int(64000), l4);
    b.writeUInt16BE(rng.pick([53, 123, 1900, 5060]), l4 + 2);
    b.writeUInt16BE(20, l4 + 4);
  }
  return at + 16 + FRAME;
}

export async function writePcap(
  s: Scenario,
  model: NetworkModel,
  timeline: Timeline,
  rng: Rng,
  dir: string,
): Promise<WriteResult> {
  const step = s.time.stepSeconds;
  const d = s.darknet;
  const files: string[] = [];
  let sink: FileSink | null = null;
  let day = '';
  let records = 0;
  let bytes = 0;
  const packets: { t: number; src: number; kind: Kind }[] = [];
  for (let bin = s.time.from; bin < s.time.to; bin += step) {
    const stamp = dayStamp(bin);
    if (stamp !== day) {
      await sink?.close();
      day = stamp;
      const name = join(dir, `telescope-${stamp}.pcap.gz`);
      files.push(name);
      sink = createFileSink(name);
      await sink.write(globalHeader());
      bytes += 24;
    }
    if (timeline.isSilent('darknet', bin)) continue;
    const middle = bin + step / 2;
    for (const cell of model.cells) {
      const { plan } = cell;
      const size = cell.v4[1] - cell.v4[0];
      const n = rng.poisson(
        (size / 1000) * d.sourcesPer1000Slash24 * timeline.factor(cell, middle),
      );
      for (let k = 0; k < n; k++) {
        const block = cell.v4[0] + rng.int(size);
        const i = prefixAt(plan.cum4, block);
        const t0 = bin + rng.next() * step;
        if (timeline.withdrawn(plan, 4, i, t0)) continue;
        const src = (((plan.v4[i]!.first + block - plan.cum4[i]!) << 8) | (1 + rng.int(254))) >>> 0;
        const count = 2 + rng.poisson(d.packetsPerSource - 2);
        const kind: Kind = rng.next() < 0.85 ? 'syn' : rng.next() < 0.6 ? 'echo' : 'udp';
        for (let p = 0; p < count; p++) packets.push({ t: bin + rng.next() * step, src, kind });
      }
    }
    for (let k = rng.poisson(d.spoofedPerBin); k > 0; k--)
      packets.push({ t: bin + rng.next() * step, src: rng.int(4294967296), kind: 'syn' });
    for (let k = rng.poisson(d.backscatterPerBin); k > 0; k--)
      packets.push({
        t: bin + rng.next() * step,
        src: rng.int(0xe0000000),
        kind: rng.pick(['synack', 'synack', 'rst', 'unreachable'] as const),
      });
    packets.sort((a, b) => a.t - b.t);
    const buffer = Buffer.alloc(packets.length * (16 + FRAME));
    let at = 0;
    for (const p of packets)
      at = writePacket(buffer, at, p.t, p.src, TELESCOPE + rng.int(TELESCOPE_SIZE), p.kind, rng);
    records += packets.length;
    bytes += at;
    packets.length = 0;
    await sink!.write(buffer);
  }
  await sink?.close();
  return { files, records, bytes };
}
