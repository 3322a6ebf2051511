import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { createPrefixTable } from '../rib/prefix-table.js';
import { createCoveredUnits } from './covered-units.js';

describe('covered units', () => {
  it('counts the union of visible prefixes in /24s, each unit owned once', () => {
    // Prefixes inside 10.0.0.0/12 of lengths 12…28: plenty of nesting and duplicates.
    const arbitraryPrefix = fc
      .record({ length: fc.integer({ min: 12, max: 28 }), bits: fc.nat() })
      .map(({ length, bits }) => {
        const mask = length === 0 ? 0 : (~0 << (32 - length)) >>> 0;
        const value = ((0x0a000000 | ((bits & 0x000fffff) << 8)) & mask) >>> 0;
        return { address: { family: 4 as const, value }, length };
      });
    fc.assert(
      fc.property(fc.array(fc.tuple(arbitraryPrefix, fc.boolean()), { maxLength: 40 }), (list) => {
        const table = createPrefixTable(4);
        const visible = new Uint8Array(64);
        const slash24s = new Set<number>();
        for (const [prefix, shown] of list) {
          const id = table.intern(prefix);
          if (!shown) continue;
          visible[id] = 1;
          const first = prefix.address.value >>> 8;
          const count = prefix.length >= 24 ? 1 : 2 ** (24 - prefix.length);
          for (let i = 0; i < count; i++) slash24s.add(first + i);
        }
        const owned = new Float64Array(64);
        const totals = createCoveredUnits(table).measure(visible, owned);
        assert.equal(totals.ipv4, slash24s.size);
        assert.equal(
          owned.reduce((s, x) => s + x, 0),
          slash24s.size,
        );
        assert.ok(owned.every((x) => x >= 0));
      }),
      { seed: 6, numRuns: 300 },
    );
  });

  it('keeps its order when the table grows between measurements', () => {
    const table = createPrefixTable(2);
    const units = createCoveredUnits(table);
    const visible = new Uint8Array(8).fill(1);
    const owned = new Float64Array(8);
    table.intern({ address: { family: 4, value: 0x0a010000 }, length: 24 });
    assert.equal(units.measure(visible, owned).ipv4, 1);
    table.intern({ address: { family: 4, value: 0x0a000000 }, length: 8 });
    table.intern({ address: { family: 6, w0: 0x20010db8, w1: 0, w2: 0, w3: 0 }, length: 32 });
    table.intern({ address: { family: 4, value: 0 }, length: 0 });
    const totals = units.measure(visible, owned);
    assert.deepEqual(totals, { ipv4: 65536, ipv6: 65536 });
    assert.deepEqual([...owned.subarray(0, 4)], [1, 65535, 65536, 0]);
  });
});
