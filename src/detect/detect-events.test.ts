import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import type { OutageEvent } from '../model/event.js';
import { context, SPECS } from '../../test/detect-fusion/fixtures.js';
import { detect, detectEvents, type DetectionSeries } from './detect-events.js';
import { createIncrementalDetection } from './detect-events-incremental.js';

const STEP = 300;
const DAY = 86400;
const WEEK = 7 * DAY;
/** Monday 2022-01-03T00:00:00Z. */
const START = 1641168000;
const DAYS = 21;

interface Cut {
  readonly day: number;
  readonly hour: number;
  readonly hours: number;
  readonly level: number;
}

/** Diurnal traffic with seeded noise for a few KZ entities; `cuts` push chosen networks down. */
function world(shift: number, cut: Cut, seed: number): DetectionSeries[] {
  let state = seed;
  const noise = () => {
    state = (state * 1103515245 + 12345) % 2 ** 31;
    return state / 2 ** 31 - 0.5;
  };
  const n = (DAYS * DAY) / STEP;
  const from = START + cut.day * DAY + cut.hour * 3600;
  const to = from + cut.hours * 3600;
  const make = (
    entity: string,
    scale: number,
    affected: boolean,
    source = 'logs:web-1',
    signal = 'traffic.requests',
  ) => {
    const values = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const t = START + i * STEP;
      const diurnal = 1 + 0.5 * Math.sin((2 * Math.PI * (t % DAY)) / DAY);
      const down = affected && t >= from && t < to;
      values[i] = Math.round(scale * diurnal * (1 + 0.06 * noise()) * (down ? cut.level : 1));
    }
    return { entity, signal, source, series: { start: START + shift, step: STEP, values } };
  };
  return [
    make('country/KZ', 3000, true),
    make('asn/9198', 1500, true),
    make('asn/29355', 900, true),
    make('asn/41798', 200, false),
    make('country/KZ', 400, true, 'telescope', 'darknet.sources'),
    make('country/KZ', 3000, false, 'ris', 'bgp.visible_slash24s'),
  ];
}

/** An event with every time moved back by `shift` and its id recomputed from the moved start. */
function unshift(event: OutageEvent, shift: number) {
  const back = (t: number | null) => (t === null ? null : t - shift);
  return {
    ...event,
    id: event.id.replace(/-\d{8}T\d{4}Z-/, '-'),
    start: event.start - shift,
    end: back(event.end),
    updatedAt: event.updatedAt - shift,
    affected: event.affected.map((a) => ({
      ...a,
      intervals: a.intervals.map((i) => ({ start: i.start - shift, end: back(i.end) })),
    })),
  };
}

const cuts = fc.record({
  day: fc.integer({ min: 15, max: 19 }),
  hour: fc.integer({ min: 0, max: 23 }),
  hours: fc.integer({ min: 2, max: 30 }),
  level: fc.constantFrom(0.02, 0.1, 0.4),
});

describe('detectEvents on scored series', () => {
  it('finds a cut of the country and its networks, typed by the declared layers', () => {
    const cut = { day: 16, hour: 10, hours: 20, level: 0.02 };
    const result = detect({
      series: world(0, cut, 7),
      specs: SPECS,
      context,
      now: START + DAYS * DAY,
    });
    assert.deepEqual(result.health, []);
    assert.equal(result.events.length, 1, JSON.stringify(result.events, null, 1));
    const [event] = result.events;
    const truth = START + 16 * DAY + 10 * 3600;
    assert.ok(Math.abs(event!.start - truth) <= 3 * STEP, `${event!.start - truth}`);
    assert.deepEqual(event!.mechanisms, ['blackhole-routes-up']);
    assert.equal(event!.scope, 'nationwide');
    assert.ok(event!.depth < 0.1);
    assert.deepEqual(event!.evidence!.map((e) => e.source).sort(), ['logs:web-1', 'telescope']);
  });

  it('emits nothing for a quiet world', () => {
    const cut = { day: 16, hour: 10, hours: 20, level: 1 };
    assert.deepEqual(
      detectEvents({ series: world(0, cut, 7), specs: SPECS, context, now: START + DAYS * DAY }),
      [],
    );
  });

  it('shifting all timestamps by whole weeks shifts the events and nothing else', () => {
    fc.assert(
      fc.property(
        cuts,
        fc.integer({ min: -60, max: 60 }),
        fc.integer({ min: 1, max: 1000 }),
        (cut, weeks, seed) => {
          const shift = weeks * WEEK;
          const now = START + DAYS * DAY;
          const base = detectEvents({ series: world(0, cut, seed), specs: SPECS, context, now });
          const moved = detectEvents({
            series: world(shift, cut, seed),
            specs: SPECS,
            context,
            now: now + shift,
          });
          assert.deepEqual(
            moved.map((e) => unshift(e, shift)),
            base.map((e) => unshift(e, 0)),
          );
          assert.ok(base.length > 0 || cut.level === 0.4);
        },
      ),
      { numRuns: 8, seed: 20220105 },
    );
  });

  it('gives the same events incrementally, bin by bin, as in one batch, keeping ids while ongoing', () => {
    const cut = { day: 16, hour: 10, hours: 20, level: 0.02 };
    const series = world(0, cut, 11);
    const now = START + DAYS * DAY;
    const batch = detect({ series, specs: SPECS, context, now });
    const incremental = createIncrementalDetection({ specs: SPECS, context });
    let previous: OutageEvent[] = [];
    const ids = new Set<string>();
    const n = series[0]!.series.values.length;
    for (let i = 0; i < n; i++) {
      const bin = START + i * STEP;
      for (const s of series)
        incremental.push(
          { entity: s.entity, signal: s.signal, source: s.source! },
          bin,
          s.series.values[i]!,
        );
      // Hourly runs through the outage: the open event keeps its id as it grows.
      if (i % 12 === 11 && bin > START + 16 * DAY) {
        const result = incremental.run(bin + STEP, previous);
        previous = result.events;
        for (const e of result.events) ids.add(e.id);
      }
    }
    const final = incremental.run(now, previous);
    assert.equal(ids.size, 1, [...ids].join(' '));
    assert.deepEqual(
      final.events.map((e) => unshift(e, 0)),
      batch.events.map((e) => unshift(e, 0)),
    );
    assert.deepEqual(
      final.events.map((e) => e.id),
      [...ids],
    );
    assert.equal(incremental.size, series.length);
  });

  it('keeps a bounded window per series and still finds the event inside it', () => {
    const cut = { day: 18, hour: 3, hours: 10, level: 0.02 };
    const series = world(0, cut, 5);
    const now = START + DAYS * DAY;
    const batch = detect({ series, specs: SPECS, context, now });
    const incremental = createIncrementalDetection({
      specs: SPECS,
      context,
      windowSeconds: 5 * DAY,
    });
    const n = series[0]!.series.values.length;
    for (let i = 0; i < n; i++)
      for (const s of series)
        incremental.push(
          { entity: s.entity, signal: s.signal, source: s.source! },
          START + i * STEP,
          s.series.values[i]!,
        );
    const result = incremental.run(now, []);
    assert.equal(result.events.length, 1);
    assert.deepEqual(unshift(result.events[0]!, 0), unshift(batch.events[0]!, 0));
    // Pushing an old bin again is refused, not scored twice.
    assert.equal(
      incremental.push(
        { entity: 'country/KZ', signal: 'traffic.requests', source: 'logs:web-1' },
        START,
        1,
      ),
      false,
    );
  });

  it('reports a source that stops sending as silent, incrementally', () => {
    const incremental = createIncrementalDetection({ specs: SPECS, context });
    const key = { entity: 'country/KZ', signal: 'traffic.requests', source: 'logs:web-1' };
    for (let i = 0; i < 100; i++) incremental.push(key, START + i * STEP, 1000);
    assert.deepEqual(incremental.run(START + 101 * STEP, []).health, []);
    const later = incremental.run(START + 110 * STEP, []).health;
    assert.deepEqual(
      later.map((h) => [h.kind, h.source, h.start, h.end, h.countries]),
      [['silent', 'logs:web-1', START + 100 * STEP, null, ['KZ']]],
    );
  });
});
