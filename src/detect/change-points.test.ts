import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { detectChangePoints, type BinomialBin } from './change-points.js';

const HOUR = 3600;
const bins = (rows: [number, number][], from = 0): BinomialBin[] =>
  rows.map(([trials, blocked], i) => ({ bin: from + i * HOUR, trials, blocked }));

describe('detectChangePoints', () => {
  it('finds the onset and the recovery of a block, dated to where it began', () => {
    const series = bins([
      [5, 0],
      [4, 0],
      [6, 1],
      [5, 5],
      [4, 4],
      [6, 6],
      [5, 0],
      [5, 0],
      [4, 0],
    ]);
    const points = detectChangePoints(series);
    assert.deepEqual(
      points.map((p) => [p.to, p.bin / HOUR]),
      [
        ['blocked', 3],
        ['reachable', 6],
      ],
    );
  });

  it('does not flip on one blocked measurement among many, nor on a lone one', () => {
    assert.deepEqual(
      detectChangePoints(
        bins([
          [20, 1],
          [20, 2],
          [1, 1],
          [20, 1],
        ]),
      ),
      [],
    );
  });

  it('needs more evidence when bins hold fewer measurements', () => {
    const thin = detectChangePoints(
      bins([
        [1, 1],
        [1, 1],
        [1, 1],
        [1, 1],
        [1, 1],
        [1, 1],
      ]),
    );
    assert.equal(thin[0]?.detectedAt, 2 * HOUR);
    const thick = detectChangePoints(bins([[6, 6]]));
    assert.equal(thick[0]?.detectedAt, 0);
  });

  it('reads bins without measurements as unknown, not as reachable', () => {
    const gap = bins([
      [3, 3],
      [0, 0],
      [0, 0],
      [3, 3],
    ]);
    assert.deepEqual(
      detectChangePoints(gap).map((p) => p.to),
      ['blocked'],
    );
  });

  it('shifting every bin shifts the change points and nothing else', () => {
    const row = fc
      .tuple(fc.integer({ min: 0, max: 10 }), fc.integer({ min: 0, max: 10 }))
      .map(([n, b]) => [n, Math.min(n, b)] as [number, number]);
    fc.assert(
      fc.property(
        fc.array(row, { maxLength: 40 }),
        fc.integer({ min: -1000, max: 1000 }),
        (rows, shift) => {
          const a = detectChangePoints(bins(rows));
          const b = detectChangePoints(bins(rows, shift * HOUR));
          assert.deepEqual(
            b,
            a.map((p) => ({
              ...p,
              bin: p.bin + shift * HOUR,
              detectedAt: p.detectedAt + shift * HOUR,
            })),
          );
        },
      ),
    );
  });
});
