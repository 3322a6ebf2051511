import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { OutageEvent } from '../model/event.js';
import type { LabelledCase } from '../model/ground-truth.js';
import { evaluateCase, median, totalsOf } from './evaluate.js';

const H = 3600;
const countryOf = (e: string) =>
  e.startsWith('asn/') ? 'ZZ' : e.slice(e.indexOf('/') + 1, e.indexOf('/') + 3);
const options = { countryOf, slackSeconds: 1800, confirmSeconds: 900 };

const labelled: LabelledCase = {
  name: 'blackout',
  description: '',
  from: 0,
  to: 100 * H,
  expected: [
    {
      location: 'country/ZZ',
      start: 10 * H,
      end: 40 * H,
      scope: 'nationwide',
      access: 'both',
      layers: ['reachability'],
      mechanisms: ['blackhole-routes-up'],
      apps: [],
      affected: [
        {
          entity: 'asn/1',
          intervals: [
            { start: 10 * H, end: 20 * H },
            { start: 25 * H, end: 40 * H },
          ],
        },
      ],
    },
  ],
};

function detected(
  start: number,
  end: number | null,
  intervals: [number, number][],
  layer: 'reachability' | 'application' = 'reachability',
): OutageEvent {
  return {
    id: 'x',
    start,
    end,
    scope: 'nationwide',
    access: 'both',
    layers: [layer],
    mechanisms: [],
    location: 'country/ZZ',
    affected: [
      {
        entity: 'asn/1',
        intervals: intervals.map(([s, e]) => ({ start: s, end: e })),
        depth: 0.05,
      },
    ],
    apps: [],
    depth: 0.05,
    severity: 'critical',
    confidence: 1,
    signals: [],
    updatedAt: 0,
  };
}

describe('evaluateCase', () => {
  it('scores a match: errors, delay, intervals and the restoration found', () => {
    const e = evaluateCase(
      labelled,
      [
        detected(10.5 * H, 41 * H, [
          [10.5 * H, 19 * H],
          [26 * H, 41 * H],
        ]),
      ],
      options,
    );
    assert.equal(e.truePositives, 1);
    assert.equal(e.found, 1);
    assert.deepEqual(e.startErrors, [0.5 * H]);
    assert.deepEqual(e.endErrors, [1 * H]);
    assert.deepEqual(e.delays, [0.5 * H + 900]);
    assert.deepEqual(e.intervals, { expected: 2, found: 2 });
    assert.deepEqual(e.restorations, { expected: 1, found: 1 });
  });

  it('misses the restoration when the detected cut runs through it', () => {
    const e = evaluateCase(labelled, [detected(10 * H, 40 * H, [[10 * H, 40 * H]])], options);
    assert.deepEqual(e.restorations, { expected: 1, found: 0 });
  });

  it('counts an unrelated detection (other layer, other time) as a false event', () => {
    const e = evaluateCase(
      labelled,
      [detected(60 * H, 61 * H, []), detected(11 * H, 12 * H, [], 'application')],
      options,
    );
    assert.equal(e.truePositives, 0);
    assert.equal(e.found, 0);
    assert.equal(e.falseEvents.length, 2);
    const totals = totalsOf([e]);
    assert.equal(totals.precision, 0);
    assert.equal(totals.recall, 0);
    assert.ok(Number.isNaN(totals.medianDelay));
  });

  it('ignores detections outside the labelled window, and keeps one that overlaps it', () => {
    const window = { ...labelled, from: 5 * H, expected: [] };
    const e = evaluateCase(
      window,
      [detected(1 * H, 2 * H, []), detected(4 * H, 6 * H, []), detected(100 * H, 101 * H, [])],
      options,
    );
    assert.equal(e.detected, 1);
    assert.deepEqual(
      e.falseEvents.map((f) => f.start),
      [4 * H],
    );
  });

  it('takes an open end as the case end', () => {
    const e = evaluateCase(labelled, [detected(10 * H, null, [[10 * H, 20 * H]])], options);
    assert.deepEqual(e.endErrors, [60 * H]);
  });

  it('median of even and odd counts', () => {
    assert.equal(median([3, 1, 2]), 2);
    assert.equal(median([4, 1, 2, 3]), 2.5);
  });
});
