import assert from 'node:assert/strict';
import { stat } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'node:test';
import type { GeoIssue } from './load-range-csv.js';
import { defaultGeoTablePaths, loadDefaultAttributor } from './load-attributor.js';

const fixture = (name: string) =>
  fileURLToPath(new URL(`../../test/fixtures/geo/${name}`, import.meta.url));

describe('loadDefaultAttributor on fixtures', () => {
  it('loads the given tables and MMDBs, reporting progress and malformed lines', async () => {
    const asnPaths = [fixture('asn-ipv4.csv'), fixture('malformed-asn-ipv4.csv')];
    const countryPaths = [fixture('country-ipv4-num.csv')];
    const progress: [number, number][] = [];
    const issues: GeoIssue[] = [];
    const attributor = await loadDefaultAttributor({
      asnPaths,
      countryPaths,
      mmdbPath: fixture('tiny-city.mmdb'),
      onProgress: (done, total) => progress.push([done, total]),
      onIssue: (issue) => issues.push(issue),
    });
    const sizes = await Promise.all(
      [...asnPaths, ...countryPaths].map(async (p) => (await stat(p)).size),
    );
    const total = sizes.reduce((a, b) => a + b);
    assert.deepEqual(progress[0], [0, total]);
    assert.deepEqual(progress.at(-1), [total, total]);
    assert.ok(progress.every(([done], i) => i === 0 || done >= progress[i - 1]![0]));
    assert.equal(issues.length, 7);
    assert.equal(attributor.stats.tables[1]?.malformed, 7);
    assert.equal(attributor.lookup('2.132.0.1').region, 'KZ-75');
    assert.equal(attributor.lookup('1.0.11.1').asName, 'Good Two');
  });

  it('names a missing table before reading anything', async () => {
    await assert.rejects(
      loadDefaultAttributor({ asnPaths: ['/nonexistent/asn-ipv4.csv'], countryPaths: [] }),
      {
        kind: 'not_found',
        message:
          'Cannot read geo table /nonexistent/asn-ipv4.csv: ENOENT no such file or directory',
      },
    );
  });
});

/*
 * The real tables of the installed @ip-location-db packages (about 5 s). The expected facts were
 * checked against the CSVs independently of this code; for IPv4, with n the address as a number:
 *   cd node_modules/@ip-location-db
 *   awk -F, -v n=16843009 '$1+0<=n && $2+0>=n' asn/asn-ipv4-num.csv \
 *     geo-whois-asn-country/geo-whois-asn-country-ipv4-num.csv
 * (1.1.1.1 → 13335 "Cloudflare, Inc." and AU). For IPv6 the same test in Python on the -num
 * files (awk's doubles cannot hold 128 bits). The Kazakh address counts agree with column
 * ipv4_addresses_geolocated_KZ of the project's reference list kz-asns.csv, computed separately.
 * A newer data package may move these facts: re-check them with the commands above.
 */
describe('loadDefaultAttributor on the real ip-location-db tables', () => {
  it('answers known facts', async () => {
    const paths = defaultGeoTablePaths();
    assert.equal(paths.asn.length, 2);
    assert.match(paths.asn[0]!, /@ip-location-db\/asn\/asn-ipv4-num\.csv$/);
    const attributor = await loadDefaultAttributor();
    for (const table of attributor.stats.tables) assert.equal(table.malformed, 0, table.path);

    const facts: [string, number | null, string | null, string | null][] = [
      ['1.1.1.1', 13335, 'Cloudflare, Inc.', 'AU'],
      ['8.8.8.8', 15169, 'Google LLC', 'US'],
      ['2.132.0.1', 9198, 'JSC Kazakhtelecom', 'KZ'],
      ['178.89.0.1', 9198, 'JSC Kazakhtelecom', 'KZ'],
      ['95.58.193.1', 29355, 'Kcell JSC', 'KZ'], // a Kcell /24 inside Kazakhtelecom space
      ['2.76.0.1', 29355, 'Kcell JSC', 'KZ'],
      ['2.58.197.14', 207695, 'Mario Kurz trading as LUME Solutions', 'DE'],
      ['2.58.197.15', 207695, 'Mario Kurz trading as LUME Solutions', 'BE'], // one GeoFeed address in a DE block
      ['2a03:32c0::1', 29555, 'Mobile Telecom-Service LLP', 'KZ'],
      ['2001:4860:4860::8888', 15169, 'Google LLC', 'US'],
      ['10.0.0.1', null, null, null],
    ];
    for (const [ip, asn, asName, country] of facts) {
      const a = attributor.lookup(ip);
      assert.deepEqual([a.asn, a.asName, a.country], [asn, asName, country], ip);
    }
    assert.equal(attributor.lookup('2.132.0.1').accessType, 'fixed');
    assert.equal(attributor.lookup('95.58.193.1').accessType, 'mobile');

    const kz = attributor.countryNetworks('KZ');
    assert.deepEqual(
      kz.slice(0, 3).map((n) => [n.asn, n.ipv4Addresses, n.accessType]),
      [
        [9198, 1458176, 'fixed'],
        [29355, 715008, 'mobile'],
        [21299, 314368, 'mixed'],
      ],
    );
    assert.equal(attributor.lookupAsn(9198).country, 'KZ');
    assert.equal(attributor.lookupAsn(13335).name, 'Cloudflare, Inc.');
  });
});
