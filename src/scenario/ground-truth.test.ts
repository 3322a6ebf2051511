import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { buildLabelledCase } from './ground-truth.js';
import { buildNetworkModel } from './network-model.js';
import { parseScenario, type Scenario } from './scenario-schema.js';
import { compileTimeline } from './timeline.js';

const T0 = Date.parse('2023-03-01T00:00:00Z') / 1000;
const iso = (t: number) => new Date(t * 1000).toISOString().replace('.000', '');

function scenario(script: Record<string, unknown>[], shift = 0): Scenario {
  return parseScenario(
    {
      name: 'unit',
      description: 'unit',
      country: 'KZ',
      time: { from: iso(T0 + shift), to: iso(T0 + 10 * 86400 + shift) },
      addressPool: { ipv4: '185.40.0.0/16', ipv6: '2a0b:4000::/29' },
      asns: [
        { asn: 64500, name: 'F', access: 'fixed', users: 300, size24: 8, upstreams: [1] },
        { asn: 64501, name: 'M', access: 'mobile', users: 700, size24: 8, upstreams: [1] },
      ],
      regions: [
        { code: 'KZ-75', name: 'A', population: 1, utcOffsetHours: 6 },
        { code: 'KZ-71', name: 'B', population: 1, utcOffsetHours: 6 },
      ],
      website: { requestsPerUserPerDay: 1 },
      bgp: { peers: [{ name: 'p', asn: 1, ip: '4.68.4.1' }] },
      script: script.map((a) => ({
        ...a,
        at: iso((a.at as number) + shift),
        ...(a.until === undefined ? {} : { until: iso((a.until as number) + shift) }),
      })),
    },
    'unit',
  );
}

const truth = (s: Scenario) => {
  const model = buildNetworkModel(s);
  return buildLabelledCase(s, model, compileTimeline(s, model));
};
const h = (hours: number) => T0 + hours * 3600;

describe('ground truth from the script', () => {
  it('splits a cut at each restoration and types the event', () => {
    const [event] = truth(
      scenario([
        { at: h(24), action: 'blackhole' },
        { at: h(30), action: 'restore' },
        { at: h(33), action: 'blackhole' },
        { at: h(40), action: 'restore', target: { access: ['fixed'] } },
        { at: h(48), action: 'restore' },
      ]),
    ).expected;
    assert.ok(event !== undefined);
    assert.deepEqual(
      [event.scope, event.access, event.mechanisms, event.layers],
      ['nationwide', 'both', ['blackhole-routes-up'], ['reachability']],
    );
    const of = (entity: string) => event.affected.find((a) => a.entity === entity)?.intervals;
    assert.deepEqual(of('asn/64500'), [
      { start: h(24), end: h(30) },
      { start: h(33), end: h(40) },
    ]);
    assert.deepEqual(of('asn/64501'), [
      { start: h(24), end: h(30) },
      { start: h(33), end: h(48) },
    ]);
    // The country is cut while at least half its users are: mobile holds 70%.
    assert.deepEqual(of('country/KZ'), [
      { start: h(24), end: h(30) },
      { start: h(33), end: h(48) },
    ]);
  });

  it('repeats daily cuts and types a regional outage', () => {
    const [daily] = truth(
      scenario([
        { at: h(0), until: h(72), daily: { from: '03:00', to: '05:00' }, action: 'withdraw' },
      ]),
    ).expected;
    assert.deepEqual(
      daily?.affected.find((a) => a.entity === 'country/KZ')?.intervals,
      [0, 1, 2].map((d) => ({ start: h(24 * d + 3), end: h(24 * d + 5) })),
    );
    const [regional] = truth(
      scenario([{ at: h(10), until: h(12), action: 'outage', target: { regions: ['KZ-71'] } }]),
    ).expected;
    assert.deepEqual(
      [regional?.scope, regional?.location, regional?.mechanisms],
      ['regional', 'region/KZ-71', ['unknown']],
    );
    assert.deepEqual(regional?.affected, [
      { entity: 'region/KZ-71', intervals: [{ start: h(10), end: h(12) }] },
    ]);
  });

  it('expects nothing from silences', () => {
    assert.deepEqual(
      truth(scenario([{ at: h(5), until: h(9), action: 'silence', input: 'logs' }])).expected,
      [],
    );
  });

  it('shifting every time by whole days shifts the events and nothing else', () => {
    const kinds = ['blackhole', 'withdraw', 'throttle', 'outage'] as const;
    const action = fc.record({
      at: fc.integer({ min: 0, max: 200 }),
      length: fc.integer({ min: 1, max: 30 }),
      kind: fc.constantFrom(...kinds),
      asns: fc.subarray([64500, 64501], { minLength: 1 }),
    });
    fc.assert(
      fc.property(
        fc.array(action, { minLength: 1, maxLength: 4 }),
        fc.integer({ min: -30, max: 30 }),
        (actions, days) => {
          const script = actions.map((a) => ({
            at: h(a.at),
            until: h(a.at + a.length),
            action: a.kind,
            target: { asns: a.asns },
            ...(a.kind === 'throttle' ? { level: 0.5 } : {}),
          }));
          const base = truth(scenario(script));
          const moved = truth(scenario(script, days * 86400));
          const d = days * 86400;
          const shift = (t: number | null) => (t === null ? null : t + d);
          assert.deepEqual(
            moved.expected,
            base.expected.map((e) => ({
              ...e,
              start: e.start + d,
              end: shift(e.end),
              affected: e.affected.map((a) => ({
                ...a,
                intervals: a.intervals.map((i) => ({ start: i.start + d, end: shift(i.end) })),
              })),
            })),
          );
        },
      ),
      { numRuns: 100, seed: 2022 },
    );
  });
});
