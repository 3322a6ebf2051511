/**
 * Test keys of the OONI tests a volunteer's phone or laptop runs (whatsapp, telegram, signal,
 * facebook_messenger, web_connectivity 0.4), shaped like the real ones (ooni/spec ts-018,
 * ts-020, ts-029, ts-019, ts-017) for three ways of blocking: DNS (NXDOMAIN from the
 * network's resolver), TCP (connects time out) and TLS (the handshake is reset after the
 * ClientHello names the blocked server). Nightlight's re-scoring must call them ok or blocked
 * at that layer; test/scenarios checks it. Pure.
 */
import type { Rng } from './rng.js';

export type Method = 'dns' | 'tcp' | 'tls';

const WHATSAPP_IPS = ['157.240.9.53', '157.240.20.53', '31.13.72.53'];
const TELEGRAM_DCS = [
  '149.154.175.50',
  '149.154.167.51',
  '149.154.175.100',
  '149.154.167.91',
  '91.108.56.130',
];
const SIGNAL_IP = '76.223.92.165';
const TIMEOUT = 'generic_timeout_error';
const RESET = 'connection_reset';
const NXDOMAIN = 'dns_nxdomain_error';

function query(hostname: string, addresses: readonly string[], failure: string | null, asn = 0) {
  return {
    answers:
      failure === null
        ? addresses.map((ipv4) => ({ answer_type: 'A', ipv4, asn, ttl: null }))
        : null,
    engine: 'system',
    failure,
    hostname,
    query_type: 'A',
    resolver_address: '',
    t: 0.03,
  };
}

function connect(ip: string, port: number, failure: string | null) {
  return {
    ip,
    port,
    status: { blocked: failure !== null, failure, success: failure === null },
    t: 0.06,
  };
}

export function whatsappKeys(method: Method | null): Record<string, unknown> {
  const dns = method === 'dns' ? NXDOMAIN : null;
  const tcp = method === 'tcp' ? TIMEOUT : null;
  const tls = method === 'tls' ? RESET : null;
  return {
    queries: [
      query('e1.whatsapp.net', WHATSAPP_IPS.slice(0, 1), dns, 32934),
      query('e2.whatsapp.net', WHATSAPP_IPS.slice(1, 2), dns, 32934),
    ],
    tcp_connect: dns === null ? WHATSAPP_IPS.slice(0, 2).map((ip) => connect(ip, 5222, tcp)) : [],
    registration_server_failure: dns ?? tcp ?? tls,
    registration_server_status: method === null ? 'ok' : 'blocked',
    whatsapp_endpoints_blocked: method === 'tcp' ? WHATSAPP_IPS.slice(0, 2) : [],
    whatsapp_endpoints_dns_inconsistent: [],
    whatsapp_endpoints_status: method === 'dns' || method === 'tcp' ? 'blocked' : 'ok',
    whatsapp_web_failure: dns ?? tcp ?? tls,
    whatsapp_web_status: method === null ? 'ok' : 'blocked',
  };
}

export function telegramKeys(method: Method | null): Record<string, unknown> {
  const tcp = method === 'tcp' ? TIMEOUT : null;
  const web = method === 'dns' ? NXDOMAIN : method === 'tls' ? RESET : tcp;
  return {
    tcp_connect: TELEGRAM_DCS.map((ip) => connect(ip, 443, tcp)),
    requests: TELEGRAM_DCS.slice(0, 2).map((ip) => ({
      failure: tcp,
      request: { method: 'POST', url: `http://${ip}/`, headers: {}, body: '' },
      response:
        tcp === null
          ? { code: 501, body: '', headers: { Server: 'nginx/0.3.33' } }
          : { code: 0, body: null, headers: {} },
    })),
    telegram_http_blocking: tcp !== null,
    telegram_tcp_blocking: tcp !== null,
    telegram_web_failure: web,
    telegram_web_status: web === null ? 'ok' : 'blocked',
  };
}

export function signalKeys(method: Method | null): Record<string, unknown> {
  const failure =
    method === 'dns'
      ? NXDOMAIN
      : method === 'tcp'
        ? 'connection_refused'
        : method === 'tls'
          ? RESET
          : null;
  return {
    queries: [
      query(
        'textsecure-service.whispersystems.org',
        [SIGNAL_IP],
        method === 'dns' ? NXDOMAIN : null,
        16509,
      ),
    ],
    requests: [],
    signal_backend_failure: failure,
    signal_backend_status: failure === null ? 'ok' : 'blocked',
  };
}

export function facebookKeys(method: Method | null): Record<string, unknown> {
  const endpoints = ['b_api', 'b_graph', 'edge', 'external_cdn', 'scontent_cdn', 'star', 'stun'];
  const keys: Record<string, unknown> = {
    tcp_connect: [
      connect('157.240.9.35', 443, method === 'tcp' || method === 'tls' ? TIMEOUT : null),
    ],
    facebook_dns_blocking: method === 'dns',
    facebook_tcp_blocking: method === 'tcp' || method === 'tls',
  };
  for (const name of endpoints) {
    keys[`facebook_${name}_dns_consistent`] = method !== 'dns';
    keys[`facebook_${name}_reachable`] = method === null || method === 'dns';
  }
  return keys;
}

/** web_connectivity 0.4 for one HTTPS URL: probe and control, blocked at `method` or not. */
export function webConnectivityKeys(
  url: string,
  address: string,
  asn: number,
  method: Method | null,
  rng: Rng,
): Record<string, unknown> {
  const host = new URL(url).hostname;
  const title = `${host}: home`;
  const body = `<!doctype html><html><head><title>${title}</title></head><body>${'x'.repeat(200 + rng.int(200))}</body></html>`;
  const dnsFailure = method === 'dns' ? NXDOMAIN : null;
  const tcpFailure = method === 'tcp' ? TIMEOUT : null;
  const tlsFailure = method === 'tls' ? RESET : null;
  const httpFailure = dnsFailure ?? tcpFailure ?? tlsFailure;
  return {
    agent: 'redirect',
    client_resolver: '10.0.0.1',
    retries: null,
    socksproxy: null,
    queries: [query(host, [address], dnsFailure, asn)],
    dns_experiment_failure: dnsFailure,
    dns_consistency: method === 'dns' ? 'inconsistent' : 'consistent',
    tcp_connect: dnsFailure === null ? [connect(address, 443, tcpFailure)] : [],
    tls_handshakes:
      dnsFailure === null && tcpFailure === null
        ? [
            {
              address: `${address}:443`,
              cipher_suite: tlsFailure === null ? 'TLS_AES_128_GCM_SHA256' : '',
              failure: tlsFailure,
              negotiated_protocol: tlsFailure === null ? 'h2' : '',
              server_name: host,
              t: 0.1,
              tls_version: tlsFailure === null ? 'TLSv1.3' : '',
            },
          ]
        : [],
    requests: [
      {
        failure: httpFailure,
        request: { method: 'GET', url, headers: {}, body: '', tor: { is_tor: false } },
        response:
          httpFailure === null
            ? {
                code: 200,
                body,
                body_is_truncated: false,
                headers_list: [['Content-Type', 'text/html; charset=utf-8']],
                headers: { 'Content-Type': 'text/html; charset=utf-8' },
              }
            : { code: 0, body: null, headers: {} },
      },
    ],
    http_experiment_failure: httpFailure,
    control_failure: null,
    control: {
      dns: { addrs: [address], failure: null },
      tcp_connect: { [`${address}:443`]: { status: true, failure: null } },
      http_request: {
        body_length: body.length,
        failure: null,
        title,
        headers: { 'Content-Type': 'text/html; charset=utf-8' },
        status_code: 200,
      },
      ip_info: { [address]: { asn, flags: 11 } },
    },
    body_length_match: httpFailure === null ? true : null,
    body_proportion: httpFailure === null ? 1 : 0,
    status_code_match: httpFailure === null ? true : null,
    headers_match: httpFailure === null ? true : null,
    title_match: httpFailure === null ? true : null,
    accessible: httpFailure === null,
    blocking:
      method === null
        ? false
        : method === 'dns'
          ? 'dns'
          : method === 'tcp'
            ? 'tcp_ip'
            : 'http-failure',
  };
}
