import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import type { OutageEvent } from '../../model/event.js';
import { diffEvent, snapshotOf } from './diff-events.js';

const T = 1_641_378_900;
const base: OutageEvent = {
  id: 'e1',
  start: T,
  end: null,
  scope: 'nationwide',
  access: 'both',
  layers: ['reachability'],
  mechanisms: ['blackhole-routes-up'],
  location: 'country/KZ',
  affected: [{ entity: 'asn/9198', intervals: [{ start: T, end: null }], depth: 0.1 }],
  apps: [],
  depth: 0.3,
  severity: 'critical',
  confidence: 0.9,
  signals: [],
  updatedAt: T,
};
const options = { deepenBy: 0.1, debounceSeconds: 1800, now: T + 600 };
const kinds = (changes: { kind: string }[]) => changes.map((c) => c.kind);

describe('diffEvent', () => {
  it('opens a new ongoing event and closes a new ended one', () => {
    assert.deepEqual(kinds(diffEvent(undefined, base, options)), ['opened']);
    assert.deepEqual(kinds(diffEvent(undefined, { ...base, end: T + 60 }, options)), ['closed']);
  });

  it('finds spread, restoration, deepening and closing, with keys from the facts', () => {
    const previous = snapshotOf(base, null);
    const next: OutageEvent = {
      ...base,
      depth: 0.05,
      affected: [
        { entity: 'asn/9198', intervals: [{ start: T, end: T + 500 }], depth: 0.1 },
        { entity: 'asn/29355', intervals: [{ start: T + 300, end: null }], depth: 0.1 },
      ],
    };
    const changes = diffEvent(previous, next, options);
    assert.deepEqual(kinds(changes), ['spread', 'restored', 'deepened']);
    assert.deepEqual(
      changes.map((c) => c.key),
      ['e1:spread:asn/29355', 'e1:restored:asn/9198@1641379400', 'e1:deepened:50'],
    );
    assert.deepEqual(changes[2]!.previousDepth, 0.3);
    assert.deepEqual(kinds(diffEvent(previous, { ...base, end: T + 900 }, options)), ['closed']);
  });

  it('debounces deepening and ignores drops under the threshold', () => {
    const deepenedJustNow = snapshotOf(base, T + 300);
    assert.deepEqual(diffEvent(deepenedJustNow, { ...base, depth: 0.01 }, options), []);
    assert.deepEqual(diffEvent(snapshotOf(base, null), { ...base, depth: 0.25 }, options), []);
  });

  it('reports nothing for an unchanged event, whatever the event', () => {
    const arbitraryEvent = fc.record({
      start: fc.integer({ min: 0, max: 2 ** 31 }),
      ended: fc.boolean(),
      depth: fc.double({ min: 0, max: 1, noNaN: true }),
      affected: fc.uniqueArray(fc.integer({ min: 1, max: 400000 }), { maxLength: 5 }),
      open: fc.boolean(),
    });
    fc.assert(
      fc.property(arbitraryEvent, ({ start, ended, depth, affected, open }) => {
        const event: OutageEvent = {
          ...base,
          start,
          end: ended ? start + 60 : null,
          depth,
          affected: affected.map((asn) => ({
            entity: `asn/${asn}`,
            intervals: [{ start, end: open ? null : start + 30 }],
            depth,
          })),
        };
        assert.deepEqual(
          diffEvent(snapshotOf(event, null), event, { ...options, now: start + 100 }),
          [],
        );
      }),
    );
  });
});
