import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { densify, normalise } from './dense-series.js';

describe('dense series', () => {
  it('puts each bin in its slot and leaves the rest unknown, never zero', () => {
    const dense = densify(
      [
        { bin: 600, value: 5, coverage: 1, points: 1 },
        { bin: 1200, value: null, coverage: 0.5, points: 1 },
      ],
      300,
      1500,
      300,
    );
    assert.deepEqual(dense, {
      from: 300,
      step: 300,
      values: [null, 5, null, null],
      coverage: [0, 1, 0, 0.5],
      baseline: null,
    });
  });

  it('normalises by the median of known values', () => {
    const dense = densify(
      [0, 1, 2, 3, 4].map((i) => ({
        bin: i * 60,
        value: [10, 10, 1, 10, null][i]!,
        coverage: 1,
        points: 1,
      })),
      0,
      300,
      60,
    );
    assert.deepEqual(normalise(dense).values, [1, 1, 0.1, 1, null]);
    assert.equal(normalise(dense).baseline, 10);
    const zeros = densify([{ bin: 0, value: 0, coverage: 1, points: 1 }], 0, 60, 60);
    assert.deepEqual(normalise(zeros).values, [null]);
  });

  it('has one slot per step for any range', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 1e6 }),
        fc.integer({ min: 1, max: 5000 }),
        fc.constantFrom(60, 300, 3600),
        (from, span, step) => {
          const dense = densify([], from, from + span, step);
          assert.equal(dense.from % step, 0);
          assert.ok(dense.from + dense.values.length * step >= from + span);
          assert.ok(dense.from + (dense.values.length - 1) * step < from + span);
        },
      ),
    );
  });
});
