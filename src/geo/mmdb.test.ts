import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'node:test';
import { ASN_NETWORKS, CITY_NETWORKS, encodeMmdb } from '../../test/fixtures/geo/make-mmdb.js';
import { combineMmdb, openMmdb, readMmdbRecord } from './mmdb.js';

const fixture = (name: string) =>
  fileURLToPath(new URL(`../../test/fixtures/geo/${name}`, import.meta.url));

describe('openMmdb', () => {
  it('reads country and ISO 3166-2 region from a City layout', async () => {
    const city = await openMmdb(fixture('tiny-city.mmdb'));
    assert.equal(city.databaseType, 'Nightlight-Test-City');
    assert.deepEqual(city.lookup('2.132.5.6'), {
      asn: null,
      asName: null,
      country: 'KZ',
      region: 'KZ-75',
    });
    assert.deepEqual(city.lookup('2.135.255.255'), {
      asn: null,
      asName: null,
      country: 'KZ',
      region: 'KZ-75',
    });
    assert.equal(city.lookup('2.136.0.0'), null);
    assert.equal(city.lookup('95.56.1.1')?.region, 'KZ-71');
    assert.deepEqual(city.lookup('1.1.1.1'), {
      asn: null,
      asName: null,
      country: 'AU',
      region: null,
    });
    // DB-IP lite: subdivision names without ISO codes give no region.
    assert.deepEqual(city.lookup('192.0.2.9'), {
      asn: null,
      asName: null,
      country: 'NL',
      region: null,
    });
    assert.equal(city.lookup('2a03:32c0::1')?.region, 'KZ-75');
    assert.equal(city.lookup('8.8.8.8'), null);
  });

  it('reads the ASN layout', async () => {
    const asn = await openMmdb(fixture('tiny-asn.mmdb'));
    assert.deepEqual(asn.lookup('2.132.0.1'), {
      asn: 9198,
      asName: 'JSC Kazakhtelecom',
      country: null,
      region: null,
    });
    assert.equal(asn.lookup('2a03:32c0:ffff::1')?.asn, 29555);
  });

  it('combines databases field by field', async () => {
    const both = combineMmdb([
      await openMmdb(fixture('tiny-city.mmdb')),
      await openMmdb(fixture('tiny-asn.mmdb')),
    ]);
    assert.deepEqual(both?.lookup('2.132.0.1'), {
      asn: 9198,
      asName: 'JSC Kazakhtelecom',
      country: 'KZ',
      region: 'KZ-75',
    });
    assert.deepEqual(both?.lookup('1.1.1.1'), {
      asn: null,
      asName: null,
      country: 'AU',
      region: null,
    });
    assert.equal(both?.lookup('8.8.8.8'), null);
    assert.equal(combineMmdb([]), undefined);
  });

  it('names a missing or invalid database in one clear error', async () => {
    await assert.rejects(openMmdb('/nonexistent/City.mmdb'), {
      kind: 'not_found',
      message: 'Cannot open MMDB database /nonexistent/City.mmdb: ENOENT no such file or directory',
    });
    const csv = fixture('asn-ipv4.csv');
    await assert.rejects(openMmdb(csv), {
      kind: 'bad_input',
      message: new RegExp(`^Cannot open MMDB database ${csv}: `),
    });
  });

  it('uses fixtures that make-mmdb.ts still writes byte for byte', async () => {
    assert.deepEqual(
      await readFile(fixture('tiny-city.mmdb')),
      encodeMmdb(CITY_NETWORKS, 'Nightlight-Test-City'),
    );
    assert.deepEqual(
      await readFile(fixture('tiny-asn.mmdb')),
      encodeMmdb(ASN_NETWORKS, 'Nightlight-Test-ASN'),
    );
  });
});

describe('readMmdbRecord', () => {
  it('reads the ASN from traits (GeoIP2 ISP and Enterprise layouts)', () => {
    const record = {
      country: { iso_code: 'kz' },
      traits: { autonomous_system_number: 29355, autonomous_system_organization: 'Kcell JSC' },
    };
    assert.deepEqual(readMmdbRecord(record), {
      asn: 29355,
      asName: 'Kcell JSC',
      country: 'KZ',
      region: null,
    });
  });

  it('ignores values of the wrong shape instead of trusting them', () => {
    assert.deepEqual(
      readMmdbRecord({
        autonomous_system_number: '9198',
        country: { iso_code: 'Kazakhstan' },
        subdivisions: [{ iso_code: 'ALMATY' }],
      }),
      { asn: null, asName: null, country: null, region: null },
    );
    assert.deepEqual(
      readMmdbRecord({ country: { iso_code: 'KZ' }, subdivisions: [{ iso_code: 'ALMA' }] }),
      { asn: null, asName: null, country: 'KZ', region: null },
    );
    assert.deepEqual(readMmdbRecord(null), {
      asn: null,
      asName: null,
      country: null,
      region: null,
    });
    assert.deepEqual(readMmdbRecord({ autonomous_system_number: 0 }), {
      asn: null,
      asName: null,
      country: null,
      region: null,
    });
  });
});
