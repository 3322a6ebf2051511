import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { OutageEvent } from '../model/event.js';
import type { NetworkSizes } from './affected-share.js';
import { costOfEvent, costTypeOf } from './event-cost.js';
import type { IndicatorTable } from './indicators.js';

const H = 3600;
const JAN_2022 = Date.UTC(2022, 0, 5) / 1000;
// GDP 365 bn US$ in 2021 (1.0 bn a day), 36.5 M people: upper-middle, digital share 0.034.
const table: IndicatorTable = {
  source: { gdpUsd: 'test', population: 'test' },
  country: (code) =>
    code === 'AA'
      ? { name: 'Testland', iso3: 'AAA', gdpUsd: { '2021': 365e9 }, population: { '2021': 36.5e6 } }
      : undefined,
};
// AS1 fixed 1000 addresses (2000 users), AS2 mobile 100 addresses (2000 users).
const networks: NetworkSizes = {
  countryNetworks: () => [
    { asn: 1, ipv4Addresses: 1000, accessType: 'fixed' },
    { asn: 2, ipv4Addresses: 100, accessType: 'mobile' },
  ],
};

function event(change: Partial<OutageEvent>): OutageEvent {
  return {
    id: 'kz-test',
    start: JAN_2022,
    end: JAN_2022 + 24 * H,
    scope: 'nationwide',
    access: 'both',
    layers: ['reachability'],
    mechanisms: ['blackhole-routes-up'],
    location: 'country/AA',
    affected: [
      // AS2 cut 0–8 h and 12–24 h (restored for 4 h): 20 h; AS1 cut 0–4 h.
      {
        entity: 'asn/2',
        intervals: [
          { start: JAN_2022, end: JAN_2022 + 8 * H },
          { start: JAN_2022 + 12 * H, end: JAN_2022 + 24 * H },
        ],
        depth: 0.05,
      },
      { entity: 'asn/1', intervals: [{ start: JAN_2022, end: JAN_2022 + 4 * H }], depth: 0.05 },
    ],
    apps: [],
    depth: 0.05,
    severity: 'critical',
    confidence: 1,
    signals: [],
    updatedAt: 0,
    ...change,
  };
}

describe('costTypeOf', () => {
  it('types events by what they cut', () => {
    assert.equal(costTypeOf(event({})), 'nationwide');
    assert.equal(costTypeOf(event({ access: 'mobile' })), 'mobile');
    assert.equal(costTypeOf(event({ scope: 'regional' })), 'regional');
    assert.equal(costTypeOf(event({ scope: 'single-network' })), 'regional');
    assert.equal(costTypeOf(event({ mechanisms: ['throttling'], access: 'mobile' })), 'throttling');
    assert.equal(
      costTypeOf(
        event({ layers: ['application'], mechanisms: ['tls-sni-blocking'], apps: ['whatsapp'] }),
      ),
      'app',
    );
  });
});

describe('costOfEvent', () => {
  it('weights by the users of the affected networks over their own hours', () => {
    const cost = costOfEvent(event({}), { indicators: table, share: { networks } });
    // Users: (2000 × 20 h + 2000 × 4 h) / (4000 × 24 h) = 0.5; loss = 1 − 0.05.
    // Cost = 1.0e9 a day × 0.034 × 0.5 × 0.95 × 24 h / 24 = 16.15 M.
    assert.ok(Math.abs(cost.central - 1e9 * 0.034 * 0.5 * 0.95) < 1e-3);
    assert.equal(cost.affected?.basis, 'networks');
    assert.equal(cost.inputs.gdpUsd?.year, 2021);
    assert.equal(cost.type, 'nationwide');
    assert.ok(cost.low <= cost.central && cost.central <= cost.high);
  });

  it('without network sizes counts the hours when anything was cut', () => {
    const cost = costOfEvent(event({}), { indicators: table });
    // Cut 0–8 h and 12–24 h in the union: 20 h; whole country, loss 0.95.
    assert.ok(Math.abs(cost.central - 1e9 * 0.034 * 0.95 * (20 / 24)) < 1e-3);
    assert.equal(cost.inputs.hours?.value, 20);
  });

  it('asks for the app share of each blocked app', () => {
    const blocked = event({
      layers: ['application'],
      mechanisms: ['dns-tampering'],
      apps: ['whatsapp', 'telegram'],
    });
    assert.throws(
      () => costOfEvent(blocked, { indicators: table, appShares: { whatsapp: 0.02 } }),
      /no share of the digital economy for telegram/,
    );
    const cost = costOfEvent(blocked, {
      indicators: table,
      appShares: { whatsapp: 0.02, telegram: 0.01 },
    });
    assert.ok(Math.abs(cost.inputs.appShare!.value - 0.03) < 1e-12);
  });

  it('a user override wins over what the event says', () => {
    const cost = costOfEvent(event({}), {
      indicators: table,
      share: { networks },
      overrides: { affectedShare: 1, depth: 0 },
    });
    assert.ok(Math.abs(cost.central - 1e9 * 0.034) < 1e-3);
  });
});
