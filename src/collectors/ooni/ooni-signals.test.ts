import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createOoniAggregator, OONI_SIGNALS, wilsonInterval } from './ooni-signals.js';
import type { ScoredMeasurement } from './score-measurement.js';
import { verdict, type Verdict } from './verdict.js';

function scored(
  time: number,
  value: Verdict,
  access: ScoredMeasurement['access'] = 'mobile',
): ScoredMeasurement {
  return {
    place: { file: 'x', record: 1, offset: 0 },
    testName: 'whatsapp',
    testVersion: '0.9.0',
    startTime: time,
    probeCc: 'KZ',
    probeAsn: 29355,
    access,
    verdicts: [verdict('whatsapp', null, value, 'test', value === 'blocked' ? 'tcp' : null)],
  };
}
const noChanges = () => [];

describe('wilsonInterval', () => {
  it('is wide for one measurement and narrows with the count', () => {
    const [low1, high1] = wilsonInterval(1, 1);
    const [low20, high20] = wilsonInterval(20, 20);
    assert.ok(low1 < 0.25 && high1 === 1);
    assert.ok(low20 > 0.8);
    assert.ok(high20 - low20 < high1 - low1);
  });
});

describe('createOoniAggregator', () => {
  it('counts per country, ASN and access slice; an undecided bin has an unknown share, not zero', () => {
    const aggregator = createOoniAggregator(3600);
    const jan4 = Date.UTC(2022, 0, 4, 14) / 1000;
    aggregator.add(scored(jan4 + 60, 'blocked'));
    aggregator.add(scored(jan4 + 120, 'ok', 'fixed'));
    aggregator.add(scored(jan4 + 3600, 'unknown'));
    const { points } = aggregator.finish('ooni', noChanges);
    const value = (entity: string, signal: string, bin: number) =>
      points.find((p) => p.entity === entity && p.signal === signal && p.bin === bin);
    assert.equal(value('country/KZ', 'ooni.whatsapp.blocked_share', jan4)?.value, 0.5);
    assert.equal(value('country/KZ', 'ooni.whatsapp.mobile.blocked_share', jan4)?.value, 1);
    assert.equal(value('asn/29355', 'ooni.whatsapp.measurements', jan4)?.value, 2);
    const undecided = value('asn/29355', 'ooni.whatsapp.blocked_share', jan4 + 3600);
    assert.deepEqual([undecided?.value, undecided?.coverage], [null, 0]);
    assert.equal(value('asn/29355', 'ooni.whatsapp.measurements', jan4 + 3600)?.value, 1);
    for (const point of points)
      assert.ok(
        OONI_SIGNALS.some((spec) => spec.name === point.signal),
        point.signal,
      );
  });
});
