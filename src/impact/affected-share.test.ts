import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import type { AffectedEntity, Interval, OutageEvent } from '../model/event.js';
import { computeAffectedShare, type NetworkSizes } from './affected-share.js';

const H = 3600;
const span = (from: number, to: number | null): Interval => ({
  start: from * H,
  end: to === null ? null : to * H,
});

// AS1 fixed, 1000 addresses; AS2 mobile, 100 addresses; AS3 content, 500 addresses. Central
// users per address: fixed 2, mobile 20, content 0 → 2000, 2000 and 0 users, 4000 in all.
const networks: NetworkSizes = {
  countryNetworks: (country) =>
    country === 'AA'
      ? [
          { asn: 1, ipv4Addresses: 1000, accessType: 'fixed' },
          { asn: 2, ipv4Addresses: 100, accessType: 'mobile' },
          { asn: 3, ipv4Addresses: 500, accessType: 'content' },
        ]
      : [],
};

function event(affected: AffectedEntity[], end: number | null = 10): OutageEvent {
  return {
    id: 'e1',
    start: 0,
    end: end === null ? null : end * H,
    scope: 'nationwide',
    access: 'both',
    layers: ['reachability'],
    mechanisms: ['blackhole-routes-up'],
    location: 'country/AA',
    affected,
    apps: [],
    depth: 0,
    severity: 'critical',
    confidence: 1,
    signals: [],
    updatedAt: 0,
  };
}

// AS2 cut 0–4 h and 6–10 h (restored 4–6 h): 8 h; AS1 cut 0–2 h.
const twoNetworks = event([
  { entity: 'asn/2', intervals: [span(0, 4), span(6, 10)], depth: 0 },
  { entity: 'asn/1', intervals: [span(0, 2)], depth: 0 },
]);
const close = (actual: number, expected: number) =>
  assert.ok(Math.abs(actual - expected) < 1e-12, `${actual} ≠ ${expected}`);

describe('computeAffectedShare', () => {
  it('weights each network by its own outage hours, restorations excluded', () => {
    const s = computeAffectedShare(twoNetworks, { networks });
    assert.equal(s.basis, 'networks');
    assert.equal(s.window.hours, 10);
    // Address space: (100 × 8 h + 1000 × 2 h) / (1600 × 10 h) = 2800 / 16000.
    close(s.addressSpace!.average, 0.175);
    close(s.addressSpace!.peak, 1100 / 1600); // both cut during 0–2 h
    // Networks: (8 h + 2 h) / (3 networks × 10 h).
    close(s.networks!.average, 1 / 3);
    close(s.networks!.peak, 2 / 3);
    // Users: (2000 × 8 + 2000 × 2) / (4000 × 10) = 0.5; all users cut during 0–2 h.
    close(s.users.average, 0.5);
    close(s.users.peak, 1);
    close(s.effectiveHours.value, 5);
    assert.deepEqual(
      s.entities.map((e) => [e.entity, e.hours, e.users]),
      [
        ['asn/2', 8, 2000],
        ['asn/1', 2, 2000],
      ],
    );
  });

  it('takes the users range from the corners of the users-per-address ranges', () => {
    const s = computeAffectedShare(twoNetworks, { networks });
    // Users = 1000 f (AS1) and 100 m (AS2); average = (800 m + 2000 f) / (10 (1000 f + 100 m)).
    // f = 3, m = 8: 12400 / 38000 (lowest); f = 1, m = 80: 66000 / 90000 (highest).
    close(s.users.low, 12400 / 38000);
    close(s.users.high, 66000 / 90000);
    close(s.effectiveHours.low, (12400 / 38000) * 10);
  });

  it('uses configured user counts before the address-space fallback', () => {
    const s = computeAffectedShare(twoNetworks, {
      networks,
      users: {
        usersOf: (asn) => (asn === 2 ? { users: 6000, source: 'operator report' } : undefined),
      },
    });
    close(s.users.average, (6000 * 8 + 2000 * 2) / (8000 * 10)); // 0.65
    assert.equal(s.entities[0]?.usersSource, 'operator report');
  });

  it('merges repeated and overlapping entries of one network', () => {
    const repeated = event([
      { entity: 'asn/2', intervals: [span(0, 3)], depth: 0 },
      { entity: 'asn/2', intervals: [span(2, 4), span(6, 10)], depth: 0 },
      { entity: 'asn/1', intervals: [span(0, 2)], depth: 0 },
    ]);
    close(computeAffectedShare(repeated, { networks }).users.average, 0.5);
  });

  it('closes open intervals at the time now, and needs it for an ongoing event', () => {
    const ongoing = event([{ entity: 'asn/2', intervals: [span(5, null)], depth: 0 }], null);
    const s = computeAffectedShare(ongoing, { networks, now: 10 * H });
    close(s.users.average, (2000 * 5) / (4000 * 10));
    assert.throws(
      () => computeAffectedShare(ongoing, { networks }),
      /it is ongoing and no time now/,
    );
  });

  it('notes a network with no address space in the country', () => {
    const s = computeAffectedShare(
      event([{ entity: 'asn/99', intervals: [span(0, 10)], depth: 0 }]),
      {
        networks,
      },
    );
    assert.equal(s.users.average, 0);
    assert.match(s.notes.join(), /asn\/99 has no address space located in AA/);
  });

  it('uses region shares when the event names regions, and says which one is missing', () => {
    const regional = event([{ entity: 'region/AA-01', intervals: [span(0, 5)], depth: 0 }]);
    const s = computeAffectedShare(regional, { regionShares: { 'AA-01': 0.25 } });
    assert.equal(s.basis, 'regions');
    close(s.users.average, 0.125); // 0.25 × 5 h / 10 h
    assert.equal(s.addressSpace, null);
    assert.throws(() => computeAffectedShare(regional, {}), /no share of users for region\/AA-01/);
  });

  it('counts the whole country when the event names only the country', () => {
    const whole = event([{ entity: 'country/AA', intervals: [span(0, 4), span(6, 10)], depth: 0 }]);
    const s = computeAffectedShare(whole, {});
    assert.equal(s.basis, 'country');
    close(s.users.average, 0.8);
    close(s.effectiveHours.value, 8);
  });

  it('needs network sizes for an event that names networks', () => {
    assert.throws(
      () => computeAffectedShare(twoNetworks, {}),
      /names networks but no network sizes/,
    );
  });

  it('keeps shares within 0…1, peak ≥ average, and never grows when a restoration is added', () => {
    const intervals = fc.array(
      fc
        .tuple(fc.integer({ min: 0, max: 20 }), fc.integer({ min: 1, max: 20 }))
        .map(([a, d]) => span(a, a + d)),
      { maxLength: 4 },
    );
    fc.assert(
      fc.property(intervals, intervals, fc.integer({ min: 0, max: 40 }), (i1, i2, cutAt) => {
        const e = event(
          [
            { entity: 'asn/1', intervals: i1, depth: 0 },
            { entity: 'asn/2', intervals: i2, depth: 0 },
          ],
          30,
        );
        const s = computeAffectedShare(e, { networks });
        for (const m of [s.addressSpace!, s.networks!, s.users]) {
          assert.ok(m.average >= 0 && m.average <= 1 + 1e-12 && m.peak <= 1 + 1e-12);
          assert.ok(m.peak + 1e-12 >= m.average);
        }
        assert.ok(
          s.users.low <= s.users.average + 1e-12 && s.users.average <= s.users.high + 1e-12,
        );
        // A restoration: AS2 is back from cutAt on.
        const restored = event(
          [
            { entity: 'asn/1', intervals: i1, depth: 0 },
            {
              entity: 'asn/2',
              intervals: i2.map((i) => ({
                start: i.start,
                end: Math.min(i.end!, Math.max(i.start, cutAt * H)),
              })),
              depth: 0,
            },
          ],
          30,
        );
        assert.ok(
          computeAffectedShare(restored, { networks }).users.average <= s.users.average + 1e-12,
        );
      }),
    );
  });
});
