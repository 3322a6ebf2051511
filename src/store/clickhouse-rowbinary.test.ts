import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import type { SignalPoint } from '../model/signal.js';
import { encodePointRows, encodeString } from './clickhouse-rowbinary.js';

/** 2^53 + 2^32 - 1: above what a double holds exactly, and the next version carries a half. */
const VERSION = 2n ** 53n + 2n ** 32n - 1n;

function encodeAll(points: readonly SignalPoint[], firstVersion: bigint): Buffer[] {
  return [...encodePointRows(points, 0, points.length, firstVersion)];
}

/** Reads rows back the way the server does, so a property can compare them with the input. */
function decodeRows(bytes: Buffer): { points: SignalPoint[]; versions: bigint[] } {
  let offset = 0;
  const text = () => {
    let length = 0;
    for (let shift = 1; ; shift *= 128) {
      const byte = bytes[offset++];
      // Fail, not loop, on a varint that runs past the end.
      assert.ok(byte !== undefined && shift <= 128 ** 4, `string length at byte ${offset - 1}`);
      length += (byte & 0x7f) * shift;
      if (byte < 0x80) break;
    }
    offset += length;
    assert.ok(offset <= bytes.length, `string of ${length} bytes runs past the end`);
    return bytes.toString('utf8', offset - length, offset);
  };
  const points: SignalPoint[] = [];
  const versions: bigint[] = [];
  while (offset < bytes.length) {
    const entity = text();
    const signal = text();
    const source = text();
    const bin = bytes.readUInt32LE(offset);
    const isNull = bytes[offset + 4] === 1;
    offset += 5;
    const value = isNull ? null : bytes.readDoubleLE(offset);
    if (!isNull) offset += 8;
    const coverage = bytes.readFloatLE(offset);
    versions.push(bytes.readBigUInt64LE(offset + 4));
    offset += 12;
    points.push({ entity, signal, source, bin, value, coverage });
  }
  assert.equal(offset, bytes.length, 'no row runs past the end');
  return { points, versions };
}

describe('encodeString', () => {
  it('prefixes the UTF-8 bytes with their count as an unsigned LEB128 varint', () => {
    const prefix = (length: number) => [...encodeString('a'.repeat(length)).subarray(0, 4)];
    assert.deepEqual([...encodeString('')], [0x00]);
    assert.deepEqual(prefix(127), [0x7f, 0x61, 0x61, 0x61]);
    assert.deepEqual(prefix(128), [0x80, 0x01, 0x61, 0x61]);
    assert.deepEqual(prefix(300), [0xac, 0x02, 0x61, 0x61]);
    assert.deepEqual(prefix(16_384), [0x80, 0x80, 0x01, 0x61]);
    assert.deepEqual([...encodeString('é')], [0x02, 0xc3, 0xa9]);
  });
});

describe('encodePointRows', () => {
  it('writes a known pair of rows byte for byte: NULL, non-ASCII entity, UInt64 version above 2^53', () => {
    const bin = 1_641_038_400; // 0x61d04240
    const points: SignalPoint[] = [
      { entity: 'país/日本', signal: 'bgp', source: 's', bin, value: null, coverage: 0 },
      {
        entity: 'país/日本',
        signal: 'bgp',
        source: 's',
        bin: bin + 300,
        value: 1.5,
        coverage: 0.5,
      },
    ];
    const names = '0c 70 61 c3 ad 73 2f e6 97 a5 e6 9c ac  03 62 67 70  01 73';
    const expected = [
      // names, bin, NULL, coverage 0, version 2^53 + 2^32 - 1
      `${names}  40 42 d0 61  01  00 00 00 00  ff ff ff ff 00 00 20 00`,
      // names, bin + 300, not NULL and 1.5, coverage 0.5, version 2^53 + 2^32 (carried)
      `${names}  6c 43 d0 61  00 00 00 00 00 00 00 f8 3f  00 00 00 3f  00 00 00 00 01 00 20 00`,
    ].join(' ');
    const chunks = encodeAll(points, VERSION);
    assert.equal(chunks.length, 1);
    assert.equal(chunks[0]!.toString('hex'), expected.replace(/\s+/g, ''));
  });

  it('numbers versions by index into the points, also when encoding a slice', () => {
    const points = Array.from({ length: 5 }, (_, i) => ({
      entity: 'asn/1',
      signal: 's',
      source: 'x',
      bin: i,
      value: i,
      coverage: 1,
    }));
    const [chunk] = [...encodePointRows(points, 2, 4, VERSION)];
    const { points: decoded, versions } = decodeRows(chunk!);
    assert.deepEqual(decoded, points.slice(2, 4));
    assert.deepEqual(versions, [VERSION + 2n, VERSION + 3n]);
  });

  it('splits only between rows, and gives a row larger than a chunk a Buffer of its own', () => {
    const points: SignalPoint[] = Array.from({ length: 30_000 }, (_, i) => ({
      entity: `asn/${i % 97}`,
      signal: 'bgp.slash24',
      source: 'collector-1',
      bin: i * 300,
      value: i % 10 === 0 ? null : i / 7,
      coverage: 1,
    }));
    points.splice(12_345, 0, { ...points[0]!, entity: 'x'.repeat(400_000) });
    const chunks = encodeAll(points, 1n);
    assert.ok(chunks.length >= 4, `several chunks: ${chunks.length}`);
    const decoded = chunks.flatMap((chunk) => decodeRows(chunk).points);
    assert.deepEqual(decoded, points);
  });

  it('decodes to the points it encoded, whatever the names and finite values', () => {
    const name = fc.string({ unit: 'binary', minLength: 1, maxLength: 200 });
    const point = fc
      .record({
        entity: name,
        signal: name,
        source: name,
        bin: fc.nat({ max: 2 ** 32 - 1 }),
        value: fc.option(fc.double({ noNaN: true, noDefaultInfinity: true }), { nil: null }),
        // Float32 in the table: a value that is already a float32 comes back exactly.
        coverage: fc.float({ min: 0, max: 1, noNaN: true }),
      })
      .map((p): SignalPoint => ({ ...p })); // fc.record's objects have no prototype
    fc.assert(
      fc.property(fc.array(point, { maxLength: 50 }), fc.bigInt(0n, 2n ** 63n), (points, first) => {
        const { points: decoded, versions } = decodeRows(Buffer.concat(encodeAll(points, first)));
        assert.deepEqual(decoded, points);
        assert.deepEqual(
          versions,
          points.map((_, i) => first + BigInt(i)),
        );
      }),
    );
  });
});
