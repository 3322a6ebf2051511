import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { OoniMeasurement } from './measurement.js';
import { scoreFacebookMessenger, scoreSignal, scoreTelegram, scoreWhatsapp } from './score-apps.js';
import { scoreDnscheck, scoreStunreachability, scoreTor } from './score-circumvention.js';

function measurement(
  testName: string,
  testKeys: Record<string, unknown>,
  extra: Partial<OoniMeasurement> = {},
): OoniMeasurement {
  return {
    place: { file: 'synthetic', record: 1, offset: 0 },
    reportId: null,
    testName,
    testVersion: '0.9.0',
    startTime: 1641301200,
    probeCc: 'KZ',
    probeAsn: 9198,
    networkName: null,
    networkType: null,
    input: null,
    testKeys,
    ...extra,
  };
}
const connect = (ip: string, port: number, failure: string | null) => ({
  ip,
  port,
  status: { success: failure === null, failure },
});
const brief = (v: { verdict: string; layer: string | null; reason: string }) =>
  `${v.verdict}/${v.layer ?? '-'} ${v.reason}`;

describe('whatsapp', () => {
  const query = (n: number, ip: string) => ({
    hostname: `e${n}.whatsapp.net`,
    failure: null,
    answers: [{ answer_type: 'A', ipv4: ip }],
  });
  it('is blocked only when every endpoint fails', () => {
    const queries = [query(1, '157.0.0.1'), query(2, '157.0.0.2')];
    const all = measurement('whatsapp', {
      queries,
      tcp_connect: [
        connect('157.0.0.1', 443, 'generic_timeout_error'),
        connect('157.0.0.2', 5222, 'generic_timeout_error'),
      ],
    });
    assert.equal(brief(scoreWhatsapp(all)), 'blocked/tcp generic_timeout_error');
    const one = measurement('whatsapp', {
      queries,
      tcp_connect: [
        connect('157.0.0.1', 443, 'generic_timeout_error'),
        connect('157.0.0.2', 5222, null),
      ],
    });
    assert.equal(brief(scoreWhatsapp(one)), 'ok/- endpoints_reachable');
  });
  it('does not count an unexpected HTTP status of WhatsApp Web as blocking', () => {
    const m = measurement('whatsapp', {
      tcp_connect: [connect('157.0.0.1', 5222, null)],
      whatsapp_web_failure: 'http_unexpected_status_code',
    });
    assert.equal(scoreWhatsapp(m).verdict, 'ok');
    const reset = measurement('whatsapp', {
      tcp_connect: [connect('157.0.0.1', 5222, null)],
      registration_server_failure: 'connection_reset',
    });
    assert.equal(brief(scoreWhatsapp(reset)), 'blocked/tls connection_reset');
  });
});

describe('telegram', () => {
  it('is blocked at TCP when every data-centre connect fails, at HTTP when every POST does', () => {
    const tcp = measurement('telegram', {
      tcp_connect: [
        connect('149.154.175.50', 80, 'connection_refused'),
        connect('149.154.175.50', 443, 'connection_refused'),
      ],
    });
    assert.equal(brief(scoreTelegram(tcp)), 'blocked/tcp connection_refused');
    const http = measurement('telegram', {
      tcp_connect: [connect('149.154.175.50', 80, null)],
      requests: [{ failure: 'connection_reset', request: { url: 'http://149.154.175.50/' } }],
    });
    assert.equal(brief(scoreTelegram(http)), 'blocked/http connection_reset');
  });
});

describe('signal', () => {
  it('reads DNS failures as DNS blocking and a stale pinned CA as unknown', () => {
    assert.equal(
      brief(scoreSignal(measurement('signal', { signal_backend_failure: 'dns_nxdomain_error' }))),
      'blocked/dns dns_nxdomain_error',
    );
    const stale = measurement(
      'signal',
      { signal_backend_failure: 'ssl_unknown_authority' },
      { testVersion: '0.2.0' },
    );
    assert.equal(brief(scoreSignal(stale)), 'unknown/- stale_pinned_ca');
    const current = measurement(
      'signal',
      { signal_backend_failure: 'ssl_unknown_authority' },
      { testVersion: '0.2.3' },
    );
    assert.equal(brief(scoreSignal(current)), 'blocked/tls ssl_unknown_authority');
  });
});

describe('facebook_messenger', () => {
  it('flags DNS answers outside Facebook before unreachable endpoints', () => {
    const m = measurement('facebook_messenger', {
      facebook_edge_dns_consistent: false,
      facebook_edge_reachable: false,
      facebook_star_dns_consistent: true,
    });
    assert.equal(brief(scoreFacebookMessenger(m)), 'blocked/dns dns_inconsistent');
  });
});

describe('tor, dnscheck, stunreachability', () => {
  it('tor is blocked only when every target fails', () => {
    const targets = { a: { failure: 'generic_timeout_error' }, b: { failure: null } };
    assert.equal(scoreTor(measurement('tor', { targets })).verdict, 'ok');
    const none = { a: { failure: 'connection_reset', failed_operation: 'tls_handshake' } };
    assert.equal(
      brief(scoreTor(measurement('tor', { targets: none }))),
      'blocked/tls connection_reset',
    );
  });
  it('dnscheck is blocked when the bootstrap or every lookup fails', () => {
    const input = 'dot://1.1.1.1/';
    assert.equal(
      brief(
        scoreDnscheck(
          measurement('dnscheck', { bootstrap_failure: 'dns_nxdomain_error' }, { input }),
        ),
      ),
      'blocked/dns dns_nxdomain_error',
    );
    const lookups = {
      '1.1.1.1:853': { failure: 'connection_reset' },
      '[2606:4700::1111]:853': { failure: 'connection_reset' },
    };
    assert.equal(
      brief(scoreDnscheck(measurement('dnscheck', { lookups }, { input }))),
      'blocked/tls connection_reset',
    );
    assert.equal(
      scoreDnscheck(measurement('dnscheck', { lookups: { x: { failure: null } } }, { input }))
        .verdict,
      'ok',
    );
  });
  it('stunreachability counts DNS failures only: a UDP timeout may be the server', () => {
    assert.equal(
      scoreStunreachability(
        measurement('stunreachability', { endpoint: 'stun.l.google.com:19302', failure: null }),
      ).verdict,
      'ok',
    );
    assert.equal(
      scoreStunreachability(measurement('stunreachability', { failure: 'generic_timeout_error' }))
        .verdict,
      'unknown',
    );
    assert.equal(
      brief(
        scoreStunreachability(measurement('stunreachability', { failure: 'dns_nxdomain_error' })),
      ),
      'blocked/dns dns_nxdomain_error',
    );
  });
});
