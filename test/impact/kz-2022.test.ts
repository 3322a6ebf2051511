/**
 * Kazakhstan, January 2022, end to end through the impact layer: the reconstructed blackout
 * (kz-2022-event.ts) over the networks of the KZ reference, users weighted by access type.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { computeAffectedShare } from '../../src/impact/affected-share.js';
import { estimateCost } from '../../src/impact/cost-model.js';
import { costOfEvent } from '../../src/impact/event-cost.js';
import { USERS_PER_ADDRESS, usersPerAddress } from '../../src/impact/users-per-address.js';
import { kz2022Event, kzNetworks, networkSizes } from './kz-2022-event.js';

const networks = await kzNetworks();
const sizes = networkSizes(networks);
const event = kz2022Event(networks);

describe('Kazakhstan 2022', () => {
  it('the address-space fallback puts the mobile share of users around Cloudflare’s 75%', () => {
    const { fixed, mobile } = USERS_PER_ADDRESS;
    const users = (n: (typeof networks)[number]) =>
      n.ipv4Addresses * usersPerAddress(n.accessType, USERS_PER_ADDRESS, fixed.value, mobile.value);
    const total = networks.reduce((s, n) => s + users(n), 0);
    const of = (types: string[]) =>
      networks.filter((n) => types.includes(n.accessType)).reduce((s, n) => s + users(n), 0) /
      total;
    // Mixed operators (Beeline) carry both: the measured share must lie between the two counts.
    assert.ok(
      of(['mobile']) < 0.75 && 0.75 < of(['mobile', 'mixed']),
      `${of(['mobile'])} ${of(['mobile', 'mixed'])}`,
    );
  });

  it('cuts everyone at the peak, and restorations bring the effective hours below the span', () => {
    const share = computeAffectedShare(event, { networks: sizes });
    assert.ok(Math.abs(share.users.peak - 1) < 1e-9);
    assert.ok(share.users.average < 1);
    assert.ok(share.effectiveHours.value < share.window.hours);
    assert.ok(share.effectiveHours.low <= share.effectiveHours.value);
    assert.ok(share.effectiveHours.value <= share.effectiveHours.high);
    assert.deepEqual(share.notes, []);
  });

  it('costs less than 144 h of a full nationwide cut, with the range ordered', () => {
    const cost = costOfEvent(event, { share: { networks: sizes } });
    const whatIf = estimateCost({ country: 'KZ', type: 'nationwide', hours: 144, year: 2022 });
    assert.equal(cost.inputs.gdpUsd.year, 2021);
    assert.ok(0 < cost.low && cost.low <= cost.central && cost.central <= cost.high);
    assert.ok(cost.central < whatIf.central);
  });
});
