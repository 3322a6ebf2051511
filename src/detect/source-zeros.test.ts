import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { SignalSpec } from '../model/signal.js';
import type { DetectionSeries } from './detect-events.js';
import { fillSourceZeros } from './source-zeros.js';

const N = NaN;
const specs = new Map<string, Pick<SignalSpec, 'missing'>>([
  ['traffic.requests', { missing: 'zero' }],
  ['traffic.mobile_ua_share', { missing: 'unknown' }],
]);

function series(
  entity: string,
  signal: string,
  source: string,
  values: number[],
  coverage = values.map(() => 1),
): DetectionSeries {
  return {
    entity: entity,
    signal,
    source,
    series: {
      start: 0,
      step: 300,
      values: Float64Array.from(values),
      coverage: Float32Array.from(coverage),
    },
  };
}

describe('fillSourceZeros', () => {
  it('writes zeros only where the same source saw another entity, with its coverage', () => {
    const busy = series(
      'country/KZ',
      'traffic.requests',
      'logs:a',
      [90, 80, N, 70, 60],
      [1, 0.5, 0, 1, 1],
    );
    const small = series('asn/50482', 'traffic.requests', 'logs:a', [3, N, N, N, 2]);
    const share = series('asn/50482', 'traffic.mobile_ua_share', 'logs:a', [0.5, N, N, N, 1]);
    const other = series('asn/50482', 'traffic.requests', 'logs:b', [N, N, N, 5, N]);
    fillSourceZeros([busy, small, share, other], specs);
    // Bin 2: the log reported nobody, so it did not cover it: unknown, not zero.
    assert.deepEqual([...small.series.values], [3, 0, N, 0, 2]);
    assert.deepEqual([...small.series.coverage!], [1, 0.5, 1, 1, 1]);
    // A share of no requests stays unknown; another source's grid is its own.
    assert.deepEqual([...share.series.values], [0.5, N, N, N, 1]);
    assert.deepEqual([...other.series.values], [N, N, N, 5, N]);
    assert.deepEqual([...busy.series.values], [90, 80, N, 70, 60]);
  });
});
