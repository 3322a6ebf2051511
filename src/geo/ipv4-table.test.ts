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

  it('walks sorted addresses to the segments find() gives, on random tables', () => {
    // Dense tables (many segments per /16) and sparse ones, addresses with runs and repeats.
    const start = fc.oneof(
      fc.nat({ max: 0xffffffff }),
      fc.nat({ max: 0x3ffff }).map((n) => 0x0a000000 + n * 61),
    );
    const probe = fc.oneof(
      fc.nat({ max: 0xffffffff }),
      fc.nat({ max: 0x3ffffff }).map((n) => 0x0a000000 + n),
      fc.constantFrom(0, 0xffffffff),
    );
    fc.assert(
      fc.property(
        fc.uniqueArray(start, { maxLength: 300 }),
        fc.array(probe, { maxLength: 300 }),
        (raw, probes) => {
          const starts = [0, ...raw.filter((s) => s > 0).sort((a, b) => a - b)];
          const table = createIpv4Table({
            starts,
            asns: starts.map((_, i) => i + 1),
            countries: starts.map(() => 0),
          });
          const ips = Uint32Array.from([...probes, ...starts, ...starts.map((s) => s + 1)]).sort();
          const out = new Int32Array(ips.length + 1).fill(-7);
          table.findSorted(ips, ips.length, out);
          assert.deepEqual(
            [...out.subarray(0, ips.length)],
            [...ips].map((ip) => table.find(ip)),
          );
          assert.equal(out[ips.length], -7, 'writes nothing past count');
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
