import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import {
  flattenRanges,
  IPV4_KEYS,
  IPV6_KEYS,
  zipSteps,
  type StepFunction,
} from './flatten-ranges.js';

/** The value at `key`: the segment whose start is the last at or before it. */
function valueAt(step: StepFunction<number>, key: number): number {
  let found = 0;
  step.starts.forEach((start, i) => {
    if (start <= key) found = step.values[i]!;
  });
  return found;
}

describe('flattenRanges', () => {
  it('lays out disjoint ranges with gaps as 0, both ends of the space included', () => {
    const step = flattenRanges(IPV4_KEYS, {
      starts: [0, 10, 21, 0xffffff00],
      ends: [9, 20, 30, 0xffffffff],
      values: [1, 2, 3, 4],
    });
    // 10…20 follows 0…9 directly, 21…30 follows 10…20 directly; 31… is a gap.
    assert.deepEqual(step, { starts: [0, 10, 21, 31, 0xffffff00], values: [1, 2, 3, 0, 4] });
  });

  it('lets the narrowest range win inside a wider one, and the wider resume after it', () => {
    const step = flattenRanges(IPV4_KEYS, {
      starts: [0, 100, 150],
      ends: [999, 199, 159],
      values: [1, 2, 3],
    });
    assert.deepEqual(step, { starts: [0, 100, 150, 160, 200, 1000], values: [1, 2, 3, 2, 1, 0] });
  });

  it('handles unsorted input and partial overlaps', () => {
    const step = flattenRanges(IPV4_KEYS, { starts: [50, 0], ends: [149, 99], values: [2, 1] });
    // Equal widths: the later row by start wins where they overlap.
    assert.deepEqual(step, { starts: [0, 50, 150], values: [1, 2, 0] });
  });

  it('lets the later of two identical ranges win', () => {
    const step = flattenRanges(IPV4_KEYS, { starts: [5, 5], ends: [9, 9], values: [1, 2] });
    assert.deepEqual(step, { starts: [0, 5, 10], values: [0, 2, 0] });
  });

  it('merges neighbours with the same value', () => {
    const step = flattenRanges(IPV4_KEYS, { starts: [0, 10], ends: [9, 19], values: [7, 7] });
    assert.deepEqual(step, { starts: [0, 20], values: [7, 0] });
  });

  it('works on 128-bit keys up to the last address', () => {
    const max = IPV6_KEYS.max;
    const step = flattenRanges(IPV6_KEYS, {
      starts: [0n, max - 255n],
      ends: [(1n << 64n) - 1n, max],
      values: [1, 2],
    });
    assert.deepEqual(step, { starts: [0n, 1n << 64n, max - 255n], values: [1, 0, 2] });
  });

  it('agrees with a brute-force narrowest-range rule on small spaces', () => {
    const range = fc.tuple(fc.nat(63), fc.nat(15), fc.integer({ min: 1, max: 5 }));
    fc.assert(
      fc.property(fc.array(range, { maxLength: 12 }), (ranges) => {
        const rows = {
          starts: ranges.map(([s]) => s),
          ends: ranges.map(([s, w]) => s + w),
          values: ranges.map(([, , v]) => v),
        };
        const step = flattenRanges(IPV4_KEYS, rows);
        // Rows sorted by start (stable) decide ties: the later one wins among equal widths.
        const order = rows.starts
          .map((_, i) => i)
          .sort((a, b) => rows.starts[a]! - rows.starts[b]! || a - b);
        for (let key = 0; key < 90; key++) {
          let best = -1;
          for (const i of order) {
            if (rows.starts[i]! > key || rows.ends[i]! < key) continue;
            const width = rows.ends[i]! - rows.starts[i]!;
            if (best < 0 || width <= rows.ends[best]! - rows.starts[best]!) best = i;
          }
          assert.equal(valueAt(step, key), best < 0 ? 0 : rows.values[best]!, `key ${key}`);
        }
        for (let i = 1; i < step.starts.length; i++) {
          assert.ok(step.starts[i]! > step.starts[i - 1]!, 'starts increase');
          assert.notEqual(step.values[i], step.values[i - 1], 'neighbours differ');
        }
      }),
    );
  });
});

describe('zipSteps', () => {
  it('answers both values per segment, splitting where either changes', () => {
    const a = { starts: [0, 10, 20], values: [0, 1, 0] };
    const b = { starts: [0, 15], values: [5, 6] };
    assert.deepEqual(zipSteps(IPV4_KEYS, a, b), {
      starts: [0, 10, 15, 20],
      a: [0, 1, 1, 0],
      b: [5, 5, 6, 6],
    });
  });
});
