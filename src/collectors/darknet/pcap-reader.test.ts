import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { createDecodedPacket, decodePacket } from './decode-packet.js';
import { createPcapReader, type CapturedPacket } from './pcap-reader.js';

const fixture = (name: string) =>
  readFileSync(fileURLToPath(new URL(`../../../test/fixtures/pcap/${name}`, import.meta.url)));

interface Summary {
  packets: number;
  ip: number;
  backscatter: number;
  issues: Record<string, number>;
  first: number;
  errors: string[];
}

/** Feeds `bytes` in chunks of `chunk` bytes and tallies what the decoder makes of each packet. */
function summarise(bytes: Uint8Array, chunk = 65536): Summary {
  const out = createDecodedPacket();
  const s: Summary = { packets: 0, ip: 0, backscatter: 0, issues: {}, first: NaN, errors: [] };
  const reader = createPcapReader({
    onPacket(p) {
      if (s.packets++ === 0) s.first = p.time;
      const issue = decodePacket(p.linktype, p.data, p.offset, p.length, out);
      if (issue !== null) s.issues[issue] = (s.issues[issue] ?? 0) + 1;
      else {
        s.ip++;
        if (out.backscatter) s.backscatter++;
      }
    },
    onError: (message) => s.errors.push(message),
  });
  for (let i = 0; i < bytes.length; i += chunk) reader.push(bytes.subarray(i, i + chunk));
  reader.end();
  return s;
}

/** The packets of a pcap, for re-encapsulating them. */
function packetsOf(bytes: Uint8Array): { time: number; data: Uint8Array }[] {
  const packets: { time: number; data: Uint8Array }[] = [];
  const reader = createPcapReader({
    onPacket: (p: CapturedPacket) =>
      packets.push({ time: p.time, data: p.data.slice(p.offset, p.offset + p.length) }),
    onError: (message) => assert.fail(message),
  });
  reader.push(bytes);
  reader.end();
  return packets;
}

function writePcap(
  linktype: number,
  packets: readonly { time: number; data: Uint8Array }[],
): Uint8Array {
  const parts: Buffer[] = [];
  const header = Buffer.alloc(24);
  header.writeUInt32LE(0xa1b2c3d4, 0);
  header.writeUInt16LE(2, 4);
  header.writeUInt16LE(4, 6);
  header.writeUInt32LE(65535, 16);
  header.writeUInt32LE(linktype, 20);
  parts.push(header);
  for (const p of packets) {
    const record = Buffer.alloc(16);
    record.writeUInt32LE(Math.floor(p.time), 0);
    record.writeUInt32LE(Math.round((p.time % 1) * 1e6) % 1e6, 4);
    record.writeUInt32LE(p.data.length, 8);
    record.writeUInt32LE(p.data.length, 12);
    parts.push(record, Buffer.from(p.data));
  }
  return Buffer.concat(parts);
}

// Expected counts from tshark, see test/fixtures/pcap/README.md.
describe('createPcapReader and decodePacket on real captures', () => {
  it('reads the SYN-ACK reflection capture as pcap and as pcapng, in any chunking', () => {
    for (const [name, chunk] of [
      ['amp.TCP.reflection.SYNACK.pcap', 65536],
      ['amp.TCP.reflection.SYNACK.pcap', 7],
      ['amp.TCP.reflection.SYNACK.pcapng', 1000],
    ] as const) {
      const s = summarise(fixture(name), chunk);
      assert.deepEqual(
        {
          packets: s.packets,
          ip: s.ip,
          backscatter: s.backscatter,
          issues: s.issues,
          errors: s.errors,
        },
        { packets: 8000, ip: 7996, backscatter: 7822, issues: { not_ip: 4 }, errors: [] },
        `${name} in chunks of ${chunk}`,
      );
      assert.equal(s.first, 1622865525.551136);
    }
  });

  it('reads the same packets behind Linux cooked, SLL2 and raw IP link layers', () => {
    const ethernet = packetsOf(fixture('amp.TCP.reflection.SYNACK.pcap'));
    const sll = ethernet.map(({ time, data }) => {
      const header = Buffer.alloc(16);
      header.writeUInt16BE(1, 2); // ARPHRD_ETHER
      header.writeUInt16BE(6, 4);
      Buffer.from(data.subarray(6, 12)).copy(header, 6);
      Buffer.from(data.subarray(12, 14)).copy(header, 14); // protocol = ethertype
      return { time, data: Buffer.concat([header, data.subarray(14)]) };
    });
    const sll2 = ethernet.map(({ time, data }) => {
      const header = Buffer.alloc(20);
      Buffer.from(data.subarray(12, 14)).copy(header, 0);
      return { time, data: Buffer.concat([header, data.subarray(14)]) };
    });
    const raw = ethernet
      .filter(({ data }) => data[12] === 0x08 && data[13] === 0x00)
      .map(({ time, data }) => ({ time, data: data.subarray(14) }));
    for (const [linktype, packets, expected] of [
      [113, sll, { not_ip: 4 }],
      [276, sll2, { not_ip: 4 }],
      [101, raw, {}],
    ] as const) {
      const s = summarise(writePcap(linktype, packets));
      assert.deepEqual(
        [s.ip, s.backscatter, s.issues],
        [7996, 7822, expected],
        `link type ${linktype}`,
      );
    }
  });

  it('reads the spoofed SYN flood: no backscatter', () => {
    const s = summarise(fixture('pkt.TCP.synflood.spoofed.first10000.pcap'));
    assert.deepEqual([s.packets, s.ip, s.backscatter, s.errors], [10000, 10000, 0, []]);
  });
});

describe('createPcapReader on bad input', () => {
  it('reports a truncated last record and an unknown magic with offsets', () => {
    const bytes = fixture('amp.TCP.reflection.SYNACK.pcap');
    const s = summarise(bytes.subarray(0, 1000));
    assert.equal(s.errors.length, 1);
    assert.match(s.errors[0]!, /^Cannot read capture: truncated, \d+ bytes left after record \d+$/);
    const garbage = summarise(Buffer.from('this is not a capture at all'));
    assert.deepEqual(garbage.errors, [
      'Cannot read capture: unknown magic 0x74686973, expected pcap or pcapng',
    ]);
  });

  it('never throws on random bytes after a valid header, and decodes random frames without throwing', () => {
    const header = fixture('amp.TCP.reflection.SYNACK.pcap').subarray(0, 24);
    fc.assert(
      fc.property(
        fc.uint8Array({ maxLength: 2000 }),
        fc.integer({ min: 1, max: 300 }),
        (bytes, chunk) => {
          summarise(Buffer.concat([header, bytes]), chunk);
          summarise(bytes, chunk);
          const out = createDecodedPacket();
          for (const linktype of [0, 1, 101, 113, 228, 229, 276])
            decodePacket(linktype, bytes, 0, bytes.length, out);
        },
      ),
      { numRuns: 500 },
    );
  });
});
