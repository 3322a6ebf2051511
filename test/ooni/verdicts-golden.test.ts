/**
 * Every real OONI fixture through the importer and the re-scorer, compared with a golden file
 * reviewed by hand (UPDATE_GOLDEN=1 rewrites it; review the diff). The synthetic
 * web_connectivity QA cases must each land in the class their name states.
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, it } from 'node:test';
import type { AccessType } from '../../src/model/access.js';
import { expandInputs } from '../../src/collectors/input/expand-inputs.js';
import { openInput } from '../../src/collectors/input/open-input.js';
import { defaultFingerprints } from '../../src/collectors/ooni/fingerprints.js';
import { readOoniRecords } from '../../src/collectors/ooni/read-measurements.js';
import {
  scoreMeasurement,
  type ScoredMeasurement,
} from '../../src/collectors/ooni/score-measurement.js';
import type { TargetVerdict } from '../../src/collectors/ooni/verdict.js';

const fixtures = join(import.meta.dirname, '../fixtures/ooni');
const goldenPath = join(import.meta.dirname, '../golden/ooni-verdicts.json');
// The real networks in the fixtures, typed as the access-type table would type them.
const accessOf = (asn: number): AccessType =>
  asn === 30722 ? 'mixed' : asn === 137 ? 'fixed' : 'unknown';

async function scoreAll(
  dir: string,
): Promise<Map<string, (ScoredMeasurement | { issue: string })[]>> {
  const out = new Map<string, (ScoredMeasurement | { issue: string })[]>();
  for (const file of await expandInputs([join(fixtures, dir)])) {
    const name = relative(fixtures, file);
    const rows: (ScoredMeasurement | { issue: string })[] = [];
    for await (const record of readOoniRecords(await openInput(file))) {
      rows.push(
        record.ok
          ? scoreMeasurement(record.measurement, defaultFingerprints(), accessOf)
          : { issue: `${record.issue.kind}: ${record.issue.reason}` },
      );
    }
    out.set(name, rows);
  }
  return out;
}

function golden(
  rows: Map<string, (ScoredMeasurement | { issue: string })[]>,
): Record<string, unknown> {
  const result: Record<string, unknown> = {};
  for (const [file, records] of rows)
    result[file] = records.map((r) =>
      'issue' in r
        ? r
        : {
            test: `${r.testName} ${r.testVersion ?? '?'}`,
            probe: `${r.probeCc} AS${r.probeAsn} ${r.access}`,
            verdicts: r.verdicts.map(brief),
          },
    );
  return result;
}

function brief(v: TargetVerdict): string {
  return [
    v.target,
    v.detail ?? '-',
    v.verdict,
    v.layer ?? '-',
    v.reason,
    v.fingerprint ?? '-',
  ].join(' | ');
}

describe('OONI verdicts of the real fixtures', () => {
  it('match the reviewed golden file', async () => {
    const actual = golden(
      new Map([...(await scoreAll('measurements')), ...(await scoreAll('qa'))]),
    );
    const text = `${JSON.stringify(actual, null, 1)}\n`;
    if (process.env.UPDATE_GOLDEN === '1' || !existsSync(goldenPath))
      writeFileSync(goldenPath, text);
    assert.deepEqual(actual, JSON.parse(readFileSync(goldenPath, 'utf8')));
  });

  it('imports every real measurement and names each file that holds none', async () => {
    const rows = await scoreAll('measurements');
    const issues = [...rows]
      .filter(([, records]) => records.some((r) => 'issue' in r))
      .map(([file]) => file);
    assert.deepEqual(issues, [
      'measurements/LICENSE.md',
      'measurements/detector_query_ww_BR_2018.json',
      'measurements/fingerprints_dns.json',
      'measurements/fingerprints_http.json',
      'measurements/meek3.json', // a 2015 measurement without probe_cc
    ]);
    const measured = [...rows.values()].flat().filter((r) => !('issue' in r));
    assert.equal(measured.length, 47);
  });

  it('confirms the Iranian block page by its DNS fingerprint', async () => {
    const rows = await scoreAll('measurements');
    const [ir] = rows.get('measurements/web_connectivity_ir_fp.json') ?? [];
    assert.ok(ir !== undefined && !('issue' in ir));
    assert.equal(ir.access, 'mobile');
    assert.deepEqual(ir.verdicts.map(brief), [
      'web | www.facebook.com | blocked | dns | dns_injected_answer | ooni.ir_10dot10_ipv4_1',
    ]);
  });
});

/** What each QA case's name states, as verdict/layer. */
const QA_CLASSES: Readonly<Record<string, string>> = {
  badSSLWithExpiredCertificate: 'down', // the site's own certificate, broken for the control too
  badSSLWithUnknownAuthorityWithConsistentDNS: 'down',
  badSSLWithUnknownAuthorityWithInconsistentDNS: 'blocked/dns',
  badSSLWithWrongServerName: 'down',
  cloudflareCAPTCHAWithHTTP: 'unknown', // a CDN challenge, not the network
  cloudflareCAPTCHAWithHTTPS: 'unknown',
  controlFailureWithSuccessfulHTTPSWebsite: 'ok', // TLS authenticated the site
  controlFailureWithSuccessfulHTTPWebsite: 'unknown',
  dnsBlockingAndroidDNSCacheNoData: 'blocked/dns',
  dnsBlockingBOGON: 'blocked/dns',
  dnsBlockingNXDOMAIN: 'blocked/dns',
  dnsHijackingToLocalhostWithHTTP: 'blocked/dns',
  dnsHijackingToLocalhostWithHTTPS: 'blocked/dns',
  dnsHijackingToProxyWithHTTPSURL: 'blocked/dns',
  dnsHijackingToProxyWithHTTPURL: 'blocked/dns',
  ghostDNSBlockingWithHTTP: 'blocked/dns',
  ghostDNSBlockingWithHTTPS: 'blocked/dns',
  httpBlockingConnectionReset: 'blocked/http',
  httpDiffWithConsistentDNS: 'blocked/http',
  httpDiffWithInconsistentDNS: 'blocked/dns', // the diff follows from the forged answer
  idnaWithoutCensorshipLowercase: 'ok',
  idnaWithoutCensorshipWithFirstLetterUppercase: 'ok',
  largeFileWithHTTP: 'ok',
  largeFileWithHTTPS: 'ok',
  localhostWithHTTP: 'down', // the name resolves to 127.0.0.1 for the control too
  localhostWithHTTPS: 'down',
  redirectWithBrokenLocationForHTTP: 'down',
  redirectWithBrokenLocationForHTTPS: 'down',
  redirectWithConsistentDNSAndThenConnectionRefusedForHTTP: 'blocked/tcp',
  redirectWithConsistentDNSAndThenConnectionRefusedForHTTPS: 'blocked/tcp',
  // The redirect leads to an HTTPS URL in both cases, so the reset, EOF or timeout hits TLS.
  redirectWithConsistentDNSAndThenConnectionResetForHTTP: 'blocked/tls',
  redirectWithConsistentDNSAndThenConnectionResetForHTTPS: 'blocked/tls',
  redirectWithConsistentDNSAndThenEOFForHTTP: 'blocked/tls',
  redirectWithConsistentDNSAndThenEOFForHTTPS: 'blocked/tls',
  redirectWithConsistentDNSAndThenNXDOMAIN: 'blocked/dns',
  redirectWithConsistentDNSAndThenTimeoutForHTTP: 'blocked/tls',
  redirectWithConsistentDNSAndThenTimeoutForHTTPS: 'blocked/tls',
  redirectWithMoreThanTenRedirectsAndHTTP: 'down',
  redirectWithMoreThanTenRedirectsAndHTTPS: 'down',
  successWithHTTP: 'ok',
  successWithHTTPS: 'ok',
  tcpBlockingConnectTimeout: 'blocked/tcp',
  tcpBlockingConnectionRefusedWithInconsistentDNS: 'blocked/dns',
  throttlingWithHTTP: 'blocked/http',
  throttlingWithHTTPS: 'blocked/http',
  tlsBlockingConnectionResetWithConsistentDNS: 'blocked/tls',
  tlsBlockingConnectionResetWithInconsistentDNS: 'blocked/dns',
  websiteDownNXDOMAIN: 'down',
  websiteDownNoAddrs: 'down',
  websiteDownTCPConnect: 'down',
};

describe('web_connectivity QA cases', () => {
  it('each land in the class their name states', async () => {
    const rows = await scoreAll('qa');
    assert.equal(rows.size, Object.keys(QA_CLASSES).length);
    const wrong: string[] = [];
    for (const [file, [scored]] of rows) {
      const name = file.replace(/^qa\//, '').replace(/\.json$/, '');
      const v = scored !== undefined && !('issue' in scored) ? scored.verdicts[0] : undefined;
      const found =
        v === undefined ? 'none' : v.layer === null ? v.verdict : `${v.verdict}/${v.layer}`;
      if (found !== QA_CLASSES[name])
        wrong.push(`${name}: expected ${QA_CLASSES[name]}, found ${found}`);
    }
    assert.deepEqual(wrong, []);
  });
});
