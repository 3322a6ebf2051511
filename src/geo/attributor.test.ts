import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { before, describe, it } from 'node:test';
import fc from 'fast-check';
import { loadAccessTypes, type AccessTypeTable } from './access-types.js';
import { createAttributor, type Attributor } from './attributor.js';
import { encodeCountry } from './country-code.js';
import { loadRangeCsv, type RangeCsv } from './load-range-csv.js';
import { openMmdb, type MmdbSource } from './mmdb.js';
import { createOriginTable } from './origin-table.js';

const fixture = (name: string) =>
  fileURLToPath(new URL(`../../test/fixtures/geo/${name}`, import.meta.url));

let asnTables: RangeCsv[];
let countryTables: RangeCsv[];
let accessTypes: AccessTypeTable;
let mmdb: MmdbSource[];
let attributor: Attributor;

before(async () => {
  asnTables = [
    await loadRangeCsv(fixture('asn-ipv4-num.csv'), { kind: 'asn' }),
    await loadRangeCsv(fixture('asn-ipv6.csv'), { kind: 'asn' }),
  ];
  countryTables = [
    await loadRangeCsv(fixture('country-ipv4.csv'), { kind: 'country' }),
    await loadRangeCsv(fixture('country-ipv6-num.csv'), { kind: 'country' }),
  ];
  accessTypes = await loadAccessTypes();
  mmdb = [await openMmdb(fixture('tiny-city.mmdb')), await openMmdb(fixture('tiny-asn.mmdb'))];
  attributor = createAttributor({ asnTables, countryTables, accessTypes });
});

/** asn, country of an address, for compact boundary tables. */
const brief = (ip: string) => {
  const a = attributor.lookup(ip);
  return [a.asn, a.country];
};

describe('createAttributor lookups on the fixture tables', () => {
  it('answers the first and last address of each range, and nothing in the gaps', () => {
    const cases: [string, (number | string | null)[]][] = [
      ['0.0.0.0', [64496, null]],
      ['0.0.0.255', [64496, null]],
      ['0.0.1.0', [null, null]],
      ['0.255.255.255', [null, null]],
      ['1.0.0.0', [13335, 'AU']],
      ['1.0.0.255', [13335, 'AU']],
      ['1.0.1.0', [null, 'CN']], // in the country table only
      ['1.0.3.255', [null, 'CN']],
      ['1.0.4.0', [null, null]],
      ['2.131.255.255', [null, null]],
      ['2.132.0.0', [9198, 'KZ']],
      ['2.135.255.255', [9198, 'KZ']],
      ['2.136.0.0', [null, null]],
      ['95.58.192.255', [9198, 'KZ']],
      ['95.58.193.0', [29355, 'KZ']],
      ['95.58.193.255', [29355, 'KZ']],
      ['95.58.194.0', [9198, 'KZ']],
      ['192.0.2.255', [64501, 'NL']],
      ['192.0.3.0', [64502, 'NL']], // adjacent ranges, one country range over both
      ['192.0.4.0', [null, null]],
      ['255.255.254.255', [null, null]],
      ['255.255.255.0', [64511, 'ZZ']],
      ['255.255.255.255', [64511, 'ZZ']],
    ];
    for (const [ip, expected] of cases) assert.deepEqual(brief(ip), expected, ip);
  });

  it('lets the more specific range win where ranges nest', () => {
    assert.deepEqual(brief('2.132.0.255'), [9198, 'KZ']);
    assert.deepEqual(brief('2.132.1.0'), [64500, 'KZ']);
    assert.deepEqual(brief('2.132.1.255'), [64500, 'KZ']);
    assert.deepEqual(brief('2.132.2.0'), [9198, 'KZ']);
    // A single GeoFeed address inside a whois block (real rows of geo-whois-asn-country).
    assert.deepEqual(brief('2.58.197.14'), [null, 'DE']);
    assert.deepEqual(brief('2.58.197.15'), [null, 'BE']);
    assert.deepEqual(brief('2.58.197.16'), [null, 'DE']);
  });

  it('answers IPv6 at range boundaries, nested ranges and both ends of the space', () => {
    const cases: [string, (number | string | null)[]][] = [
      ['::', [64496, null]],
      ['::ffff', [64496, null]],
      ['::1:0', [null, null]],
      ['2a03:32c0::', [29555, 'KZ']],
      ['2a03:32c0:7:ffff:ffff:ffff:ffff:ffff', [29555, 'KZ']],
      ['2a03:32c0:8::', [48503, 'KZ']],
      ['2a03:32c0:8:1::5', [64500, 'KZ']],
      ['2a03:32c0:8:2::', [48503, 'KZ']],
      ['2a03:32c0:a::', [null, 'KZ']],
      ['2a03:32c1::', [null, null]],
      ['ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff', [64511, null]],
    ];
    for (const [ip, expected] of cases) assert.deepEqual(brief(ip), expected, ip);
  });

  it('gives the whole answer with its sources', () => {
    assert.deepEqual(attributor.lookup('2.132.0.1'), {
      ip: '2.132.0.1',
      family: 4,
      asn: 9198,
      asName: 'JSC Kazakhtelecom',
      country: 'KZ',
      region: null,
      accessType: 'fixed',
      sources: {
        asn: 'ip-location-db',
        country: 'ip-location-db',
        region: null,
        accessType: 'curated',
      },
    });
    assert.deepEqual(attributor.lookup('10.0.0.1'), {
      ip: '10.0.0.1',
      family: 4,
      asn: null,
      asName: null,
      country: null,
      region: null,
      accessType: 'unknown',
      sources: { asn: null, country: null, region: null, accessType: null },
    });
    const mobile = attributor.lookup('192.0.2.1');
    assert.equal(mobile.accessType, 'mobile');
    assert.equal(mobile.sources.accessType, 'name-rule');
    assert.equal(attributor.lookup('192.0.3.1').accessType, 'content');
    assert.equal(attributor.lookup('2.26.200.1').asName, 'LLC "SPUTNIK"');
  });

  it('answers IPv4-mapped IPv6 as IPv4 and writes IPv6 canonically', () => {
    const mapped = attributor.lookup('::ffff:2.132.0.1');
    assert.equal(mapped.ip, '2.132.0.1');
    assert.equal(mapped.family, 4);
    assert.equal(mapped.asn, 9198);
    assert.equal(attributor.lookup('2A03:32C0:0008:0001:0:0:0:5').ip, '2a03:32c0:8:1::5');
  });

  it('gives the same answer on the numeric fast path, without the address', () => {
    for (const ip of ['2.132.1.7', '95.58.193.9', '10.0.0.1', '255.255.255.255', '0.0.0.0']) {
      const full = attributor.lookup(ip);
      const value = ip.split('.').reduce((sum, part) => sum * 256 + Number(part), 0);
      assert.deepEqual({ ...attributor.lookupIpv4(value), ip, family: 4 }, full, ip);
      assert.ok(Object.isFrozen(attributor.lookupIpv4(value)));
    }
  });

  it('refuses what is not an address', () => {
    assert.throws(() => attributor.lookup('2.132.0'), {
      kind: 'bad_input',
      message: /^Cannot parse IP address: .*found "2.132.0"$/,
    });
    for (const value of [-1, 2 ** 32, 1.5, NaN]) {
      assert.throws(() => attributor.lookupIpv4(value), {
        kind: 'bad_input',
        message: `Cannot look up IPv4 address: expected an integer 0…4294967295, found ${value}`,
      });
    }
  });
});

/** A random IPv4 table of `kind`: ranges (possibly overlapping) with values from `values`. */
function randomTable(kind: 'asn' | 'country', values: fc.Arbitrary<number>) {
  const range = fc
    .tuple(fc.nat({ max: 0xffffffff }), fc.nat({ max: 1 << 20 }), values)
    .map(([start, length, value]) => [start, Math.min(0xffffffff, start + length), value] as const);
  return fc.array(range, { maxLength: 60 }).map((ranges): RangeCsv => ({
    path: `random-${kind}-ipv4.csv`,
    kind,
    family: 4,
    bytes: 0,
    lines: ranges.length,
    records: ranges.length,
    malformed: 0,
    issues: [],
    names: new Map(),
    rows: {
      starts: ranges.map((r) => r[0]),
      ends: ranges.map((r) => r[1]),
      values: ranges.map((r) => r[2]),
    },
  }));
}

describe('createAttributor bulk path for sorted addresses', () => {
  /** Per address: the bulk answer equals lookupIpv4, and one number means one answer. */
  function agrees(subject: Attributor, ips: Uint32Array) {
    const ids = new Int32Array(ips.length);
    subject.attributeSortedIpv4(ips, ips.length, ids);
    const byId = new Map<number, unknown>();
    ips.forEach((ip, k) => {
      const expected = subject.lookupIpv4(ip);
      assert.deepEqual(subject.answer(ids[k]!), expected, `address ${ip}`);
      const first = byId.get(ids[k]!) ?? expected;
      assert.deepEqual(first, expected, `answer ${ids[k]} of address ${ip}`);
      byId.set(ids[k]!, first);
    });
  }
  // Addresses near range edges as well as anywhere.
  const sortedIps = (edges: readonly number[]) =>
    fc
      .array(
        fc.oneof(
          fc.nat({ max: 0xffffffff }),
          fc
            .tuple(fc.constantFrom(0, ...edges), fc.integer({ min: -2, max: 2 }))
            .map(([e, d]) => Math.min(0xffffffff, Math.max(0, e + d))),
        ),
        { maxLength: 200 },
      )
      .map((ips) => Uint32Array.from(ips).sort());

  it('answers as lookupIpv4 on random range tables', () => {
    fc.assert(
      fc.property(
        randomTable('asn', fc.constantFrom(9198, 29355, 64496, 13335, 12389)),
        randomTable('country', fc.constantFrom('KZ', 'RU', 'NL', 'AU').map(encodeCountry)),
        fc.nat({ max: 0xffffffff }),
        (asn, country, seed) => {
          const subject = createAttributor({
            asnTables: [asn],
            countryTables: [country],
            accessTypes,
          });
          const edges = [...asn.rows.starts, ...asn.rows.ends, ...country.rows.ends] as number[];
          const ips = fc.sample(sortedIps(edges), { numRuns: 1, seed })[0]!;
          agrees(subject, ips);
        },
      ),
      { numRuns: 150 },
    );
  });

  it('answers as lookupIpv4 with BGP origins and MMDBs, and on the fixture tables', () => {
    const origins = createOriginTable();
    origins.add('2.132.0.0/16', 64999);
    const withAll = createAttributor({ asnTables, countryTables, accessTypes, origins, mmdb });
    const edges = [0x02840000, 0x0284ffff, 0x5f38c100, 0x5f38c1ff, 0xc0000200, 0xc0000300];
    fc.assert(
      fc.property(sortedIps(edges), (ips) => {
        agrees(attributor, ips);
        agrees(withAll, ips);
      }),
      { numRuns: 60 },
    );
    assert.throws(() => attributor.answer(1e6), { kind: 'bad_input' });
  });
});

describe('createAttributor sources in order of precedence', () => {
  it('takes the ASN from BGP origins first', () => {
    const origins = createOriginTable();
    origins.add('2.132.0.0/16', 64999);
    origins.add('2a03:32c0::/32', 64998);
    const withBgp = createAttributor({ asnTables, countryTables, accessTypes, origins, mmdb });
    const a = withBgp.lookup('2.132.0.1');
    assert.equal(a.asn, 64999);
    assert.equal(a.asName, null);
    assert.equal(a.accessType, 'unknown');
    assert.deepEqual(a.sources, { asn: 'bgp', country: 'mmdb', region: 'mmdb', accessType: null });
    assert.equal(a.region, 'KZ-75');
    assert.equal(withBgp.lookupIpv4(0x02840001).asn, 64999);
    assert.equal(withBgp.lookup('2a03:32c0::1').asn, 64998);
    // Outside the announced prefix the tables answer again.
    assert.equal(withBgp.lookup('2.133.0.1').asn, 9198);
  });

  it('takes the ASN and country from the MMDB before ip-location-db', () => {
    const withMmdb = createAttributor({ asnTables, countryTables, accessTypes, mmdb });
    assert.deepEqual(withMmdb.lookup('2.132.0.1'), {
      ip: '2.132.0.1',
      family: 4,
      asn: 9198,
      asName: 'JSC Kazakhtelecom',
      country: 'KZ',
      region: 'KZ-75',
      accessType: 'fixed',
      sources: { asn: 'mmdb', country: 'mmdb', region: 'mmdb', accessType: 'curated' },
    });
    // An AS only the MMDB names: its name, typed by the name rule.
    const mobile = withMmdb.lookup('192.0.2.1');
    assert.deepEqual(
      [mobile.asn, mobile.asName, mobile.accessType, mobile.country, mobile.region],
      [64510, 'Example Mobile Network', 'mobile', 'NL', null],
    );
    assert.deepEqual(mobile.sources, {
      asn: 'mmdb',
      country: 'mmdb',
      region: null,
      accessType: 'name-rule',
    });
    // Where the MMDB knows nothing the tables answer.
    const plain = withMmdb.lookup('95.58.193.1');
    assert.deepEqual(
      [plain.asn, plain.sources.asn, plain.country, plain.sources.country],
      [29355, 'ip-location-db', 'KZ', 'ip-location-db'],
    );
    assert.equal(withMmdb.lookupIpv4(0x5f38_0001).region, 'KZ-71');
    assert.deepEqual(
      withMmdb.stats.mmdb,
      mmdb.map((m) => m.path),
    );
  });

  it('refuses a country table given as an ASN table', () => {
    assert.throws(
      () => createAttributor({ asnTables: countryTables, countryTables, accessTypes }),
      {
        kind: 'bad_config',
        message: `Cannot use geo table ${countryTables[0]!.path}: it is a country table, given as asn`,
      },
    );
  });
});

describe('createAttributor AS metadata', () => {
  it('describes an AS: name, majority country, IPv4 space, access type', () => {
    // 2.132.0.0/14 and 95.56.0.0/14, each less one /24 held by another AS.
    assert.deepEqual(attributor.lookupAsn(9198), {
      asn: 9198,
      name: 'JSC Kazakhtelecom',
      country: 'KZ',
      ipv4Addresses: 2 * (2 ** 18 - 256),
      accessType: 'fixed',
      accessTypeSource: 'curated',
    });
    assert.deepEqual(attributor.lookupAsn(4200000000), {
      asn: 4200000000,
      name: null,
      country: null,
      ipv4Addresses: 0,
      accessType: 'unknown',
      accessTypeSource: null,
    });
    assert.equal(attributor.lookupAsn(64496).country, null); // space without a country
    assert.throws(() => attributor.lookupAsn(-1), { kind: 'bad_input' });
  });

  it("lists a country's networks by addresses located there, largest first", () => {
    assert.deepEqual(attributor.countryNetworks('kz'), [
      { asn: 9198, name: 'JSC Kazakhtelecom', ipv4Addresses: 523776, accessType: 'fixed' },
      { asn: 29355, name: 'Kcell JSC', ipv4Addresses: 256, accessType: 'mobile' },
      {
        asn: 64500,
        name: 'Nested More Specific Example',
        ipv4Addresses: 256,
        accessType: 'unknown',
      },
    ]);
    assert.deepEqual(attributor.countryNetworks('FR'), []);
    assert.throws(() => attributor.countryNetworks('KAZ'), {
      kind: 'bad_input',
      message: 'Cannot list networks: expected a country code like KZ, found "KAZ"',
    });
  });

  it('counts what it loaded', () => {
    const { stats } = attributor;
    assert.equal(stats.tables.length, 4);
    assert.deepEqual(
      stats.tables.map((t) => [t.kind, t.family, t.records, t.malformed]),
      [
        ['asn', 4, 12, 0],
        ['asn', 6, 6, 0],
        ['country', 4, 10, 0],
        ['country', 6, 2, 0],
      ],
    );
    assert.ok(stats.ipv4Segments > 12 && stats.ipv6Segments > 6);
    assert.deepEqual(stats.mmdb, []);
  });
});
