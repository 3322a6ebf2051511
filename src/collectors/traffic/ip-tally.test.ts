import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { createIpTally } from './ip-tally.js';

describe('createIpTally', () => {
  it('counts like a Map, through growth, and visits addresses in ascending order', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.tuple(fc.integer({ min: 0, max: 0xffffffff }), fc.integer({ min: 0, max: 1 })),
          { maxLength: 3000 },
        ),
        (records) => {
          const tally = createIpTally(2);
          const expected = new Map<number, [number, number]>();
          for (const [ip, flag] of records) {
            tally.addIpv4(ip, flag);
            const e = expected.get(ip) ?? [0, 0];
            expected.set(ip, [e[0] + 1, e[1] + flag]);
          }
          const seen: [number, number, number][] = [];
          tally.forEachIpv4((ip, counts, at) => seen.push([ip, counts[at]!, counts[at + 1]!]));
          const want = [...expected].sort(([a], [b]) => a - b).map(([ip, [n, f]]) => [ip, n, f]);
          assert.deepEqual(seen, want);
          assert.equal(tally.distinctIpv4, expected.size);
          // A reset tally counts the same records again from nothing, at its grown capacity.
          tally.reset();
          assert.equal(tally.distinctIpv4, 0);
          for (const [ip, flag] of records) tally.addIpv4(ip, flag);
          const again: [number, number, number][] = [];
          tally.forEachIpv4((ip, counts, at) => again.push([ip, counts[at]!, counts[at + 1]!]));
          assert.deepEqual(again, want);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('keeps IPv6 apart and counts 0.0.0.0 like any address', () => {
    const tally = createIpTally(1);
    tally.addIpv4(0, 0);
    tally.addIpv4(0, 0);
    tally.addIpv6(0x2a0332c0, 0, 0, 1, 0);
    const v4: number[] = [];
    tally.forEachIpv4((ip, counts, at) => v4.push(ip, counts[at]!));
    assert.deepEqual(v4, [0, 2]);
    assert.equal(tally.distinctIpv6, 1);
  });
});
