/**
 * Prints the cost of the Kazakhstan January 2022 blackout as reconstructed in
 * test/impact/kz-2022-event.ts: users' affected share from kz-asns.csv, restorations counted.
 *
 *   node --import tsx scripts/kz-2022-cost.ts
 */
import { costOfEvent } from '../src/impact/event-cost.js';
import { USERS_PER_ADDRESS, usersPerAddress } from '../src/impact/users-per-address.js';
import { kz2022Event, kzNetworks, networkSizes } from '../test/impact/kz-2022-event.js';

const networks = await kzNetworks();
const cost = costOfEvent(kz2022Event(networks), { share: { networks: networkSizes(networks) } });
const m = (usd: number) => `${(usd / 1e6).toFixed(1)}M`;
const a = cost.affected!;
const { fixed, mobile } = USERS_PER_ADDRESS;
const users = (types: readonly string[]) =>
  networks
    .filter((n) => types.includes(n.accessType))
    .reduce(
      (sum, n) =>
        sum +
        n.ipv4Addresses *
          usersPerAddress(n.accessType, USERS_PER_ADDRESS, fixed.value, mobile.value),
      0,
    );
const all = users(['mobile', 'mixed', 'fixed', 'unknown', 'transit', 'content']);
console.log(
  JSON.stringify(
    {
      window: { hours: a.window.hours },
      users: a.users,
      addressSpace: a.addressSpace,
      networks: a.networks,
      effectiveHours: a.effectiveHours,
      mobileUserShare: {
        mobileOnly: users(['mobile']) / all,
        withMixed: users(['mobile', 'mixed']) / all,
      },
      cost: { central: m(cost.central), low: m(cost.low), high: m(cost.high) },
      gdpYear: cost.inputs.gdpUsd.year,
      loss: cost.inputs.loss.value,
    },
    null,
    2,
  ),
);
