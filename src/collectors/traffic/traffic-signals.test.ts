import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import fc from 'fast-check';
import { loadAccessTypes, type AccessTypeTable } from '../../geo/access-types.js';
import { createAttributor, type Attributor } from '../../geo/attributor.js';
import { encodeCountry } from '../../geo/country-code.js';
import type { RangeCsv } from '../../geo/load-range-csv.js';
import { createIpTally, type IpTally } from './ip-tally.js';
import { createTrafficColumns, FLAG_MOBILE_UA, TRAFFIC_SIGNALS } from './traffic-signals.js';

let accessTypes: AccessTypeTable;
before(async () => {
  accessTypes = await loadAccessTypes();
});

/** Addresses in a few /24s around 10.0.0.0, where the random tables put their edges. */
const SPAN = 4 * 256;
const BASE = 0x0a000000;

function table(kind: 'asn' | 'country', ranges: readonly (readonly number[])[]): RangeCsv {
  return {
    path: `random-${kind}-ipv4.csv`,
    kind,
    family: 4,
    bytes: 0,
    lines: ranges.length,
    records: ranges.length,
    malformed: 0,
    issues: [],
    // One AS named as a mobile network, so the mobile-network share is exercised.
    names: new Map(kind === 'asn' ? [[64510, 'Example Mobile Network']] : []),
    rows: {
      starts: ranges.map((r) => BASE + r[0]!),
      ends: ranges.map((r) => BASE + Math.min(SPAN - 1, r[0]! + r[1]!)),
      values: ranges.map((r) => r[2]!),
    },
  };
}

const ranges = (values: fc.Arbitrary<number>) =>
  fc.array(fc.tuple(fc.nat({ max: SPAN - 1 }), fc.nat({ max: 300 }), values), { maxLength: 12 });

/** The signals of one bin computed the plain way: one lookup and one Set per address. */
function expected(attributor: Attributor, tally: IpTally) {
  const out = new Map<
    string,
    { r: number; ips: number; s24: Set<number>; net: number; ua: number }
  >();
  tally.forEachIpv4((ip, counts, at) => {
    const a = attributor.lookupIpv4(ip);
    const entities = [
      a.country === null ? null : `country/${a.country}`,
      a.asn === null ? null : `asn/${a.asn}`,
    ];
    for (const entity of entities) {
      if (entity === null) continue;
      const e = out.get(entity) ?? { r: 0, ips: 0, s24: new Set(), net: 0, ua: 0 };
      e.r += counts[at]!;
      e.ips++;
      e.s24.add(ip >>> 8);
      if (a.accessType === 'mobile') e.net += counts[at]!;
      e.ua += counts[at + 1]!;
      out.set(entity, e);
    }
  });
  return new Map(
    [...out].map(([entity, e]) => [entity, [e.r, e.ips, e.s24.size, 0, e.net / e.r, e.ua / e.r]]),
  );
}

describe('createTrafficColumns', () => {
  it('sums each bin per country and ASN as a per-address lookup does', () => {
    const hit = fc.record({ offset: fc.nat({ max: SPAN - 1 }), mobile: fc.boolean() });
    fc.assert(
      fc.property(
        ranges(fc.constantFrom(64496, 64510, 9198, 29355)),
        ranges(fc.constantFrom('KZ', 'NL', 'RU').map(encodeCountry)),
        fc.array(fc.array(hit, { maxLength: 120 }), { minLength: 1, maxLength: 3 }),
        (asn, country, bins) => {
          const attributor = createAttributor({
            asnTables: [table('asn', asn)],
            countryTables: [table('country', country)],
            accessTypes,
          });
          const columns = createTrafficColumns({ attributor, source: 't', userAgents: true });
          bins.forEach((hits, bin) => {
            const tally = createIpTally(2);
            for (const h of hits) tally.addIpv4(BASE + h.offset, h.mobile ? FLAG_MOBILE_UA : 0);
            const want = expected(attributor, tally);
            const block = columns({ bin: bin * 300, tally, coverage: 1 }, new Set());
            assert.deepEqual(
              block.signals,
              TRAFFIC_SIGNALS.map((s) => s.name),
            );
            const got = new Map(
              block.entities.map((entity, i) => [entity, block.values.map((v) => v[i]!)]),
            );
            // Entities silent in this bin but busy before get zeros; the rest must match.
            for (const [entity, values] of got)
              if (!want.has(entity)) assert.equal(values[0], 0, entity);
            for (const [entity, values] of want) assert.deepEqual(got.get(entity), values, entity);
          });
        },
      ),
      { numRuns: 200 },
    );
  });
});
