/**
 * Re-scores web_connectivity (all versions) from its raw test keys into one verdict for the
 * URL, in order of the strength of evidence: block-page fingerprints, DNS (injected, bogon,
 * failed or inconsistent answers), TCP, TLS, HTTP failures, then HTTP differences. Every
 * "blocked" needs the control to have succeeded where the probe failed, except fingerprints
 * and bogons, which speak for themselves. Pure. See docs/design/0004-ooni-rescoring.md.
 */
import { isBogon } from './bogons.js';
import type { Fingerprints } from './fingerprints.js';
import { booleanAt, numberAt, stringAt, type JsonObject } from './json-fields.js';
import type { OoniMeasurement } from './measurement.js';
import {
  isDnsFailure,
  layerOfFailure,
  verdict,
  type BlockingLayer,
  type TargetVerdict,
  type Verdict,
} from './verdict.js';
import { webEvidence, type HttpResponse, type WebEvidence } from './web-evidence.js';

/** Failures of the probe's own HTTP client on what the server sent: a broken site. */
const SERVER_SIDE_FAILURES = [
  /^http_invalid_redirect/,
  /too many redirects/,
  /^http_unexpected_redirect_url/,
];

// Old OONI (< 0.5) compared body lengths with this threshold; so do we, for plain HTTP.
const BODY_PROPORTION = 0.7;

function hostOf(url: string | null): string | null {
  if (url === null) return null;
  try {
    return new URL(url).hostname.toLowerCase();
  } catch {
    return url;
  }
}

function titleOf(body: string | null): string | null {
  const match = body === null ? null : /<title[^>]*>([^<]{0,200})<\/title>/i.exec(body);
  return match?.[1]?.trim() ?? null;
}

export function scoreWebConnectivity(
  m: OoniMeasurement,
  fingerprints: Fingerprints,
): TargetVerdict {
  const host = hostOf(m.input);
  const https = m.input?.toLowerCase().startsWith('https:') ?? false;
  const v = (
    value: Verdict,
    reason: string,
    layer: BlockingLayer | null = null,
    fp: string | null = null,
  ) => verdict('web', host, value, reason, layer, fp);
  if (m.input === null || Object.keys(m.testKeys).length === 0) return v('unknown', 'no_test_keys');
  const e = webEvidence(m.testKeys);
  const c = e.control;
  const controlAddresses = c?.addresses ?? [];

  // Block pages: what the probe was served, whatever the control saw.
  const pageFp =
    e.responses.map((r) => fingerprints.matchHttp(r.body, r.headers)).find((fp) => fp !== null) ??
    null;
  if (pageFp?.scope === 'fp') return v('unknown', 'false_positive_fingerprint', null, pageFp.name);
  const blockPage = pageFp?.name ?? null;

  // DNS first: when the answer was forged, what follows (a block page, a failed connect)
  // happened because of it, so the layer is DNS and a block page only confirms it.
  for (const address of e.addresses) {
    const fp = fingerprints.matchDns(address);
    if (fp !== null && !controlAddresses.includes(address))
      return v('blocked', 'dns_injected_answer', 'dns', fp.name);
  }
  const dns = scoreDns(e, stringAt(m.testKeys, 'dns_consistency'));
  if (dns !== null)
    return v(dns.verdict, dns.reason, 'dns', dns.verdict === 'blocked' ? blockPage : null);
  if (blockPage !== null) return v('blocked', 'http_blockpage', 'http', blockPage);

  // Connects to the addresses the network's resolver gave (0.5 also tries DoH addresses,
  // which a user's browser would not).
  const connects =
    e.addresses.length === 0
      ? e.connects
      : e.connects.filter((t) =>
          e.addresses.some((a) => t.endpoint.startsWith(a.includes(':') ? `[${a}]` : `${a}:`)),
        );
  if (connects.length > 0 && connects.every((connect) => !connect.success)) {
    const failure = connects[0]?.failure ?? 'unknown_failure';
    if (c === null || c.failure !== null) return v('unknown', 'control_failure');
    const controlReached = [...c.connects.values()].some(Boolean) || c.httpOk;
    return controlReached ? v('blocked', failure, 'tcp') : v('down', failure);
  }

  if (e.httpFailure !== null) {
    const failure = e.httpFailure;
    if (SERVER_SIDE_FAILURES.some((pattern) => pattern.test(failure))) return v('down', failure);
    // Probe bugs of old versions (Python codec errors …) say nothing about the network.
    if (failure.startsWith('unknown_failure')) return v('unknown', 'probe_error');
    if (c?.httpOk === true) {
      let layer = layerOfFailure(failure, https);
      if (!isDnsFailure(failure) && layer !== 'tcp')
        layer = e.tlsFailures.length > 0 ? 'tls' : e.tlsSuccesses > 0 ? 'http' : layer;
      return v('blocked', failure, layer);
    }
    if (c !== null && c.failure === null && c.httpFailure !== null) return v('down', failure);
    return v('unknown', 'control_failure');
  }

  const response = e.response;
  if (response?.status == null) return v('unknown', 'no_http_response');
  // A completed TLS handshake authenticated the server: whatever it sent is the site's own.
  if (https && e.tlsFailures.length === 0) return v('ok', 'https_authenticated');
  if (c === null || !c.httpOk) return v('unknown', 'control_failure');
  const diff = httpDiff(response, c.status, c.bodyLength, c.title, m.testKeys);
  if (diff === null) return v('ok', 'http_consistent');
  // CDN challenges (Cloudflare's 403/503 with cf-ray) differ from the control but are the
  // CDN's answer to the probe's address, not the network's interference.
  if (response.headers.has('cf-ray') && (response.status === 403 || response.status === 503))
    return v('unknown', 'cdn_challenge');
  return v('blocked', diff, 'http');
}

function scoreDns(
  e: WebEvidence,
  consistency: string | null,
): { verdict: Verdict; reason: string } | null {
  const c = e.control;
  const controlAddresses = c?.addresses ?? null;
  if (e.addresses.some(isBogon)) {
    if (controlAddresses?.some(isBogon) === true)
      return { verdict: 'down', reason: 'dns_bogon_for_control_too' };
    return { verdict: 'blocked', reason: 'dns_bogon_answer' };
  }
  if (e.addresses.length === 0 && e.dnsFailure !== null) {
    if (controlAddresses !== null && controlAddresses.length > 0)
      return { verdict: 'blocked', reason: e.dnsFailure };
    if (
      c !== null &&
      c.failure === null &&
      (c.dnsFailure !== null || controlAddresses?.length === 0)
    )
      return { verdict: 'down', reason: e.dnsFailure };
    return { verdict: 'unknown', reason: 'control_failure' };
  }
  if (e.addresses.length === 0 || c === null) return null;
  if (c.dnsFailure === 'dns_nxdomain_error' || c.dnsFailure === 'dns_name_error')
    return { verdict: 'blocked', reason: 'dns_answer_for_nonexistent_name' };
  if (controlAddresses === null || controlAddresses.length === 0) return null;
  if (e.addresses.some((address) => controlAddresses.includes(address))) return null;
  // Different addresses are normal for CDNs; different networks are not. Without ASNs on
  // both sides (before 0.4), fall back to OONI's own consistency judgement.
  if (e.answerAsns.size > 0 && c.asns.size > 0) {
    if ([...e.answerAsns].some((asn) => c.asns.has(asn))) return null;
    return { verdict: 'blocked', reason: 'dns_inconsistent' };
  }
  return consistency === 'inconsistent' ? { verdict: 'blocked', reason: 'dns_inconsistent' } : null;
}

function httpDiff(
  response: HttpResponse,
  status: number | null,
  bodyLength: number | null,
  title: string | null,
  keys: JsonObject,
): string | null {
  if (
    status !== null &&
    response.status !== status &&
    !(isRedirectOrOk(response.status) && isRedirectOrOk(status))
  )
    return 'http_status_mismatch';
  // The probe compared the full body it downloaded; archives and test data may hold a
  // truncated one, so the probe's own proportion and title match win when recorded.
  if (booleanAt(keys, 'title_match') === true) return null;
  let proportion = numberAt(keys, 'body_proportion');
  if (proportion === null) {
    if (response.truncated || response.body === null || bodyLength === null || bodyLength <= 0)
      return null;
    const length = Buffer.byteLength(response.body);
    proportion = Math.min(length, bodyLength) / Math.max(length, bodyLength);
  }
  if (proportion >= BODY_PROPORTION) return null;
  const probeTitle = titleOf(response.body);
  if (
    title !== null &&
    title !== '' &&
    probeTitle !== null &&
    probeTitle.toLowerCase() === title.toLowerCase()
  )
    return null;
  return 'http_body_mismatch';
}

function isRedirectOrOk(status: number | null): boolean {
  return status !== null && status >= 200 && status < 400;
}
