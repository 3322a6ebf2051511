/**
 * Sparse incremental detection (src/detect/detect-events-incremental.ts: anomaly episodes and
 * run-length routing classes instead of a dense window per series) against the dense
 * implementation it replaced (test/detect/oracle/), which hands its windows to detectScored:
 * for random worlds — cuts of countries, regions and networks, route withdrawals, blocked apps,
 * NaN gaps, skipped bins, series that start late, windows that slide — every run gives the same
 * events, health findings and anomalies.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import type { OutageEvent } from '../../src/model/event.js';
import { createIncrementalDetection } from '../../src/detect/detect-events-incremental.js';
import { context, SPECS } from '../detect-fusion/fixtures.js';
import { createIncrementalDetection as createDense } from './oracle/detect-events-incremental-main.js';
import { createRng } from '../../src/scenario/rng.js';

const STEP = 300;
const HOUR = 3600;
const DAY = 86400;
/** Monday 2022-01-03T00:00:00Z. */
const START = 1641168000;
const DAYS = 16;

const SERIES = [
  { entity: 'country/KZ', signal: 'traffic.requests', source: 'logs:web-1', scale: 3000 },
  { entity: 'asn/9198', signal: 'traffic.requests', source: 'logs:web-1', scale: 1500 },
  { entity: 'asn/29355', signal: 'traffic.requests', source: 'logs:web-1', scale: 900 },
  { entity: 'asn/21299', signal: 'traffic.requests', source: 'logs:web-1', scale: 300 },
  { entity: 'region/KZ-75', signal: 'traffic.requests', source: 'logs:web-1', scale: 500 },
  { entity: 'asn/64500', signal: 'traffic.requests', source: 'logs:web-1', scale: 400 },
  { entity: 'asn/64501', signal: 'traffic.requests', source: 'logs:web-1', scale: 400 },
  { entity: 'country/KZ', signal: 'darknet.sources', source: 'telescope', scale: 400 },
  { entity: 'asn/9198', signal: 'darknet.sources', source: 'telescope', scale: 200 },
  { entity: 'country/KZ', signal: 'bgp.visible_slash24s', source: 'ris', scale: 3000 },
  { entity: 'asn/9198', signal: 'bgp.visible_slash24s', source: 'ris', scale: 1000 },
  { entity: 'asn/29355', signal: 'bgp.visible_slash24s', source: 'ris', scale: 700 },
  { entity: 'country/KZ', signal: 'traffic.mobile_network_share', source: 'logs:web-1', scale: 1 },
  { entity: 'country/KZ', signal: 'ooni.whatsapp.blocked_share', source: 'ooni', scale: 1 },
] as const;

interface World {
  seed: number;
  window: number;
  runEvery: number;
  gaps: number;
  late: number[];
  cuts: { entities: number[]; routing: boolean; day: number; hours: number; level: number }[];
  silences: { source: number; day: number; hours: number }[];
}

const ENTITIES = [...new Set(SERIES.map((s) => s.entity))];
const SOURCES = [...new Set(SERIES.map((s) => s.source))];

const worlds: fc.Arbitrary<World> = fc.record({
  seed: fc.integer({ min: 1, max: 2 ** 30 }),
  window: fc.constantFrom(DAY, 2 * DAY, 5 * DAY, 28 * DAY),
  runEvery: fc.constantFrom(1, 5, 12),
  gaps: fc.constantFrom(0, 0.002, 0.02),
  late: fc.array(fc.integer({ min: 0, max: SERIES.length - 1 }), { maxLength: 3 }),
  silences: fc.array(
    fc.record({
      source: fc.integer({ min: 0, max: 3 }),
      day: fc.double({ min: 7, max: DAYS - 0.1, noNaN: true }),
      hours: fc.double({ min: 0.5, max: 12, noNaN: true }),
    }),
    { maxLength: 2 },
  ),
  cuts: fc.array(
    fc.record({
      entities: fc.array(fc.integer({ min: 0, max: 6 }), { minLength: 1, maxLength: 4 }),
      routing: fc.boolean(),
      day: fc.double({ min: 7, max: DAYS - 0.1, noNaN: true }),
      hours: fc.double({ min: 0.2, max: 60, noNaN: true }),
      level: fc.constantFrom(0, 0.02, 0.1, 0.4, 0.6),
    }),
    { minLength: 1, maxLength: 5 },
  ),
});

function replay(world: World) {
  const rng = createRng(world.seed);
  const random = () => rng.next();
  const options = { specs: SPECS, context, windowSeconds: world.window };
  const sparse = createIncrementalDetection(options);
  const dense = createDense(options);
  let previousSparse: OutageEvent[] = [];
  let previousDense: OutageEvent[] = [];
  let events = 0;
  const bins = (DAYS * DAY) / STEP;
  for (let i = 0; i < bins; i++) {
    const t = START + i * STEP;
    SERIES.forEach((s, k) => {
      if (world.late.includes(k) && i < bins / 3) return;
      const step = SPECS.find((spec) => spec.name === s.signal)!.stepSeconds;
      if (t % step !== 0) return;
      // A skipped bin: the next push fills it as unknown.
      if (random() < world.gaps) return;
      let level = 1;
      for (const cut of world.cuts) {
        const from = START + cut.day * DAY;
        const hit =
          cut.entities.some((e) => ENTITIES[e] === s.entity) && (cut.routing || s.source !== 'ris');
        if (hit && t >= from && t < from + cut.hours * HOUR) level = cut.level;
      }
      const silent = world.silences.some(
        (q) =>
          SOURCES[q.source] === s.source &&
          t >= START + q.day * DAY &&
          t < START + q.day * DAY + q.hours * HOUR,
      );
      const share = s.signal.startsWith('ooni.');
      const diurnal = 1 + 0.5 * Math.sin((2 * Math.PI * (t % DAY)) / DAY);
      let value = share
        ? Math.min(1, 0.05 + (1 - level) * 0.8 + (random() - 0.5) * 0.1)
        : Math.round(s.scale * diurnal * (1 + 0.1 * (random() - 0.5)) * level);
      if (random() < world.gaps || silent) value = NaN;
      const key = { entity: s.entity, signal: s.signal, source: s.source };
      const coverage = random() < 0.01 ? random() : 1;
      assert.equal(sparse.push(key, t, value, coverage), dense.push(key, t, value, coverage));
    });
    if (i > (7 * DAY) / STEP && (i % world.runEvery === 0 || i === bins - 1)) {
      const now = t + STEP;
      const a = sparse.run(now, previousSparse);
      const b = dense.run(now, previousDense);
      assert.deepEqual(a, b, `run at bin ${i}`);
      previousSparse = a.events;
      previousDense = b.events;
      events += a.events.length;
    }
  }
  return events;
}

describe('sparse incremental detection against the dense windows it replaced', () => {
  it('gives the same events, findings and anomalies at every run', () => {
    let withEvents = 0;
    fc.assert(
      fc.property(worlds, (world) => {
        if (replay(world) > 0) withEvents++;
      }),
      { numRuns: 12, seed: 6 },
    );
    // Not vacuous: most random worlds have events to compare.
    assert.ok(withEvents >= 6, `${withEvents} worlds with events`);
  });
});

describe('sparse incremental detection, the edges of a run', () => {
  it('closes a run where a silence longer than maxGapSeconds follows it, as the dense window does', () => {
    const events = replay({
      seed: 5,
      window: 5 * DAY,
      runEvery: 3,
      gaps: 0,
      late: [],
      // KZ cut for 5 h; its web logs fall silent after 4 h, for 8 h (longer than the 6 h gap).
      cuts: [{ entities: [0, 1], routing: false, day: 10, hours: 5, level: 0.02 }],
      silences: [{ source: 0, day: 10 + 4 / 24, hours: 8 }],
    });
    assert.ok(events > 0);
  });
});
