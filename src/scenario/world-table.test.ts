import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { formatPrefix, parsePrefix, prefixBounds } from '../geo/prefix.js';
import { buildNetworkModel } from './network-model.js';
import { parseScenario, type Scenario } from './scenario-schema.js';
import { buildWorldTable } from './world-table.js';

function scenario(world: Record<string, number> = {}, pool = '185.40.0.0/16'): Scenario {
  return parseScenario(
    {
      name: 'unit',
      description: 'unit',
      country: 'DE',
      time: { from: '2023-03-01T00:00:00Z', to: '2023-03-02T00:00:00Z' },
      addressPool: { ipv4: pool, ipv6: '2a0b:4000::/29' },
      asns: [
        { asn: 64500, name: 'F', access: 'fixed', users: 300, size24: 8, upstreams: [1] },
        // A scenario network that is also on the world list keeps its own routes only.
        {
          asn: 7922,
          name: 'Local',
          access: 'mobile',
          users: 700,
          prefixes: ['24.0.0.0/16'],
          upstreams: [1],
        },
      ],
      website: { requestsPerUserPerDay: 1 },
      visitors: [
        { asn: 12389, name: 'RT', country: 'RU', prefixes: ['95.24.0.0/16'], requestsPerDay: 1 },
      ],
      bgp: { peers: [{ name: 'p', asn: 1, ip: '4.68.4.1' }], world },
    },
    'unit',
  );
}

const table = (s: Scenario) => buildWorldTable(s, buildNetworkModel(s));

describe('rest-of-world table', () => {
  it('has the configured number of prefixes per family, mostly /24s but not only', () => {
    const world = table(scenario());
    const v4 = world.filter((w) => w.prefix.prefix.address.family === 4 && w.prefix.asn !== 12389);
    const v6 = world.filter((w) => w.prefix.prefix.address.family === 6);
    // Defaults for a small country: the minimums, 500 and 100, split over the world networks;
    // the ones clashing with the scenario (AS7922 is local here, DE is the scenario's own
    // country) are left out.
    assert.ok(v4.length > 350 && v4.length <= 500, `${v4.length}`);
    assert.ok(v6.length > 70 && v6.length <= 100, `${v6.length}`);
    const lengths = new Set(v4.map((w) => w.prefix.prefix.length));
    assert.ok(lengths.has(24) && lengths.has(22) && lengths.has(16), [...lengths].join());
    assert.ok(world.every((w) => w.country !== 'DE' && w.prefix.asn !== 7922));
  });

  it('grows with the country, so a peer without its routes stays above 90% of the largest', () => {
    const s = scenario();
    const many = Array.from({ length: 100 }, (_, i) => `185.40.${i}.0/24`);
    const big = parseScenario(
      {
        ...s,
        time: { from: '2023-03-01T00:00:00Z', to: '2023-03-02T00:00:00Z' },
        asns: [{ ...s.asns[0]!, size24: undefined, prefixes: many }],
      },
      'unit',
    );
    const v4 = table(big).filter(
      (w) => w.prefix.prefix.address.family === 4 && w.prefix.asn !== 12389,
    );
    // 12 × 100 national prefixes, split over the world networks of other countries.
    assert.ok(v4.length > 1100 && v4.length <= 1200, `${v4.length}`);
    assert.ok(v4.length / (v4.length + 100) >= 0.9);
  });

  it('includes the visitors, and is empty otherwise when switched off', () => {
    const world = table(scenario({ ipv4Prefixes: 0, ipv6Prefixes: 0 }));
    assert.deepEqual(
      world.map((w) => [w.prefix.asn, formatPrefix(w.prefix.prefix), w.country]),
      [[12389, '95.24.0.0/16', 'RU']],
    );
  });

  it('never overlaps the scenario, its pool, the telescope or itself', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 3000 }),
        fc.integer({ min: 0, max: 400 }),
        fc.constantFrom('185.40.0.0/16', '24.128.0.0/9', '58.0.0.0/8', '3.0.0.0/10'),
        (ipv4Prefixes, ipv6Prefixes, pool) => {
          const s = scenario({ ipv4Prefixes, ipv6Prefixes }, pool);
          const world = table(s);
          const forbidden = [
            parsePrefix(pool),
            parsePrefix('24.0.0.0/16'),
            parsePrefix('44.0.0.0/9'),
            parsePrefix('2a0b:4000::/29'),
          ].map(prefixBounds);
          const ranges = world
            .map((w) => ({
              family: w.prefix.prefix.address.family,
              ...prefixBounds(w.prefix.prefix),
            }))
            .sort((a, b) => a.family - b.family || (a.first < b.first ? -1 : 1));
          ranges.forEach((r, i) => {
            const next = ranges[i + 1];
            if (next !== undefined && next.family === r.family) assert.ok(r.last < next.first);
            if (r.family === 4)
              for (const f of forbidden.slice(0, 3))
                assert.ok(r.last < f.first || r.first > f.last);
          });
          return true;
        },
      ),
      { numRuns: 20 },
    );
  });

  it('is the same table every time', () => {
    const s = scenario();
    const text = (list: ReturnType<typeof table>) =>
      list.map((w) => `${w.prefix.asn} ${formatPrefix(w.prefix.prefix)} ${w.upstream}`).join('\n');
    assert.equal(text(table(s)), text(table(s)));
  });
});
