/**
 * The MRT reader on bad input: random, truncated and corrupted bytes never throw, every byte
 * is in exactly one record or error, and a bad record in the middle costs only itself.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { encodeMrtRecord } from '../../src/collectors/bgp/mrt/encode-record.js';
import type { MrtRecord, MrtResult } from '../../src/collectors/bgp/mrt/models.js';
import { readMrt, type ReadMrtOptions } from '../../src/collectors/bgp/mrt/read-mrt.js';
import { isNightlightError } from '../../src/model/failure.js';
import { mrtRecord } from './arbitraries.js';

async function* chunked(bytes: Uint8Array, sizes: readonly number[]): AsyncGenerator<Uint8Array> {
  let at = 0;
  for (let i = 0; at < bytes.length; i++) {
    const size = Math.max(1, sizes.length === 0 ? bytes.length : sizes[i % sizes.length]!);
    yield Buffer.from(bytes.subarray(at, at + size));
    at += size;
  }
}

async function readAll(
  bytes: Uint8Array,
  sizes: readonly number[] = [],
  options: ReadMrtOptions = {},
) {
  const results: MrtResult[] = [];
  for await (const result of readMrt(chunked(bytes, sizes), options)) results.push(result);
  return results;
}

/** Offsets are contiguous from 0 and lengths add up to the input; error bytes are the input's. */
function assertAccounted(results: readonly MrtResult[], input: Uint8Array): void {
  let at = 0;
  for (const r of results) {
    const offset = r.ok ? r.offset : r.error.offset;
    const length = r.ok ? r.length : r.error.length;
    assert.equal(offset, at);
    assert.ok(length > 0);
    if (!r.ok)
      assert.deepEqual(
        Buffer.from(r.error.bytes),
        Buffer.from(input.subarray(offset, offset + r.error.bytes.length)),
      );
    at += length;
  }
  assert.equal(at, input.length);
}

const concat = (records: readonly MrtRecord[]) =>
  Buffer.concat(records.map((r) => encodeMrtRecord(r)));
const sizes = fc.array(fc.integer({ min: 1, max: 300 }), { maxLength: 5 });

describe('readMrt on bad input', () => {
  it('never throws on random bytes and accounts for every byte', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 2000 }), sizes, async (bytes, chunkSizes) => {
        assertAccounted(await readAll(bytes, chunkSizes), bytes);
      }),
      { numRuns: 300, seed: 1 },
    );
  });

  it('reads every record of valid input, whatever the chunking', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(mrtRecord, { maxLength: 6 }),
        sizes,
        async (records, chunkSizes) => {
          const bytes = concat(records);
          const results = await readAll(bytes, chunkSizes);
          assert.equal(results.length, records.length);
          assert.ok(results.every((r) => r.ok));
          assertAccounted(results, bytes);
        },
      ),
      { numRuns: 200, seed: 2 },
    );
  });

  it('keeps the records before a truncation and reports the rest as one error', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(mrtRecord, { minLength: 1, maxLength: 5 }),
        fc.nat(),
        sizes,
        async (records, cut, chunkSizes) => {
          const bytes = concat(records);
          const truncated = bytes.subarray(0, cut % bytes.length);
          const results = await readAll(truncated, chunkSizes);
          assertAccounted(results, truncated);
          assert.ok(results.slice(0, -1).every((r) => r.ok));
        },
      ),
      { numRuns: 200, seed: 3 },
    );
  });

  it('never throws on corrupted records and accounts for every byte', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(mrtRecord, { minLength: 1, maxLength: 5 }),
        fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), {
          minLength: 1,
          maxLength: 8,
        }),
        sizes,
        async (records, flips, chunkSizes) => {
          const bytes = concat(records);
          for (const [at, value] of flips) bytes[at % bytes.length] = value;
          assertAccounted(await readAll(bytes, chunkSizes), bytes);
        },
      ),
      { numRuns: 300, seed: 4 },
    );
  });

  const state = (peerAs: number): MrtRecord => ({
    header: { timestamp: 1, microseconds: null, type: 16, subtype: 0 },
    body: {
      kind: 'BGP4MP_STATE_CHANGE',
      peerAs,
      localAs: 2,
      interfaceIndex: 0,
      afi: 1,
      peerIpAddress: { family: 4, value: 0xc0000201 },
      localIpAddress: { family: 4, value: 0xc0000202 },
      oldState: 1,
      newState: 2,
    },
  });

  it('reports a bad record in the middle with its offset, length and bytes, and goes on', async () => {
    const good = encodeMrtRecord(state(65001));
    // A BGP4MP_MESSAGE whose BGP header declares more bytes than the record holds.
    const bad = Buffer.from(good);
    bad.writeUInt16BE(1, 6);
    const input = Buffer.concat([good, bad, good]);
    const results = await readAll(input, [7]);
    assertAccounted(results, input);
    assert.equal(results.length, 3);
    const [first, second, third] = results;
    assert.ok(first?.ok && third?.ok && second !== undefined && !second.ok);
    assert.equal(second.error.offset, good.length);
    assert.equal(second.error.length, bad.length);
    assert.deepEqual(Buffer.from(second.error.bytes), bad);
    assert.match(
      second.error.message,
      /^Cannot parse MRT record at offset 32: type 16 subtype 1: BGP message header needs 19 bytes, 4 remain$/,
    );
  });

  it('names the declared and remaining lengths of a truncated last record', async () => {
    const good = encodeMrtRecord(state(65001));
    const input = Buffer.concat([good, good.subarray(0, 20)]);
    const results = await readAll(input);
    const last = results.at(-1);
    assert.ok(last !== undefined && !last.ok);
    assert.equal(
      last.error.message,
      'Cannot parse MRT record at offset 32: declared length 20 exceeds remaining 8 bytes',
    );
  });

  it('takes an absurd declared length as the end of what can be framed, keeping only the first bytes', async () => {
    const good = encodeMrtRecord(state(65001));
    const corrupt = Buffer.from(good);
    corrupt.writeUInt32BE(0xfffffff0, 8);
    const input = Buffer.concat([good, corrupt, Buffer.alloc(5000, 7)]);
    const results = await readAll(input, [100], { maxRecordLength: 1 << 20, maxErrorBytes: 1000 });
    assertAccounted(results, input);
    const last = results.at(-1);
    assert.ok(last !== undefined && !last.ok);
    assert.equal(last.error.length, input.length - good.length);
    assert.equal(last.error.bytes.length, 1000);
    assert.match(last.error.reason, /declared length 4294967280 exceeds the limit/);
  });

  it('throws a bad_input NightlightError in strict mode', async () => {
    const good = encodeMrtRecord(state(65001));
    await assert.rejects(
      readAll(Buffer.concat([good, good.subarray(0, 3)]), [], { strict: true }),
      (error) => isNightlightError(error) && error.kind === 'bad_input',
    );
  });
});
