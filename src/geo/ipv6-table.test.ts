import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { ipv6FromBigInt } from './ip.js';
import { createIpv6Table } from './ipv6-table.js';

describe('createIpv6Table', () => {
  it('finds the segment of any address, comparing all four words', () => {
    // Keys that share leading words, so that every word of the comparison matters.
    const word = fc.constantFrom(0, 1, 0x7fffffff, 0x80000000, 0xffffffff);
    const key = fc
      .tuple(fc.constantFrom(0x20010db8, 0x2a0332c0, 0xffffffff), word, word, word)
      .map(
        ([a, b, c, d]) => (BigInt(a) << 96n) | (BigInt(b) << 64n) | (BigInt(c) << 32n) | BigInt(d),
      );
    fc.assert(
      fc.property(
        fc.uniqueArray(key, { maxLength: 30 }),
        fc.array(key, { maxLength: 30 }),
        (raw, probes) => {
          const starts = [0n, ...raw.filter((k) => k > 0n).sort((a, b) => (a < b ? -1 : 1))];
          const table = createIpv6Table({
            starts,
            asns: starts.map((_, i) => i + 1),
            countries: starts.map(() => 0),
          });
          for (const probe of [
            ...probes,
            ...starts,
            ...starts.map((s) => (s > 0n ? s - 1n : 0n)),
          ]) {
            const expected = starts.reduce((found, start, i) => (start <= probe ? i : found), 0);
            const { w0, w1, w2, w3 } = ipv6FromBigInt(probe);
            assert.equal(table.find(w0, w1, w2, w3), expected, probe.toString(16));
          }
        },
      ),
    );
  });
});
