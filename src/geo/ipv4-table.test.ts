import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { createIpv4Table } from './ipv4-table.js';

/** The last segment starting at or before ip, by linear search. */
function slowFind(starts: readonly number[], ip: number): number {
  let found = 0;
  starts.forEach((start, i) => {
    if (start <= ip) found = i;
  });
  return found;
}

describe('createIpv4Table', () => {
  it('finds the segment of any address, around /16 boundaries too', () => {
    // Starts drawn near /16 boundaries, where the index hands over to the binary search.
    const start = fc.oneof(
      fc.nat({ max: 0xffffffff }),
      fc
        .nat({ max: 0xffff })
        .chain((p) =>
          fc.constantFrom(p * 65536, p * 65536 + 1, p * 65536 - 1).filter((s) => s > 0),
        ),
    );
    fc.assert(
      fc.property(
        fc.uniqueArray(start, { maxLength: 40 }),
        fc.array(fc.nat({ max: 0xffffffff }), { maxLength: 40 }),
        (raw, probes) => {
          const starts = [0, ...raw.filter((s) => s > 0 && s <= 0xffffffff).sort((a, b) => a - b)];
          const table = createIpv4Table({
            starts,
            asns: starts.map((_, i) => i + 1),
            countries: starts.map(() => 0),
          });
          for (const ip of [
            ...probes,
            ...starts,
            ...starts.map((s) => Math.max(0, s - 1)),
            0,
            0xffffffff,
          ]) {
            assert.equal(table.find(ip), slowFind(starts, ip), `ip ${ip}`);
          }
          const sizes = starts.map((_, i) => table.addressesIn(i));
          assert.equal(
            sizes.reduce((a, b) => a + b, 0),
            2 ** 32,
          );
        },
      ),
    );
  });

  it('answers from a table of one segment', () => {
    const table = createIpv4Table({ starts: [0], asns: [7], countries: [0] });
    assert.equal(table.find(0), 0);
    assert.equal(table.find(0xffffffff), 0);
    assert.equal(table.addressesIn(0), 2 ** 32);
  });
});
