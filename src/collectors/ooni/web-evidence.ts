/**
 * Flat observations from web_connectivity test keys, across schema generations (0.0.1 from
 * 2016 to 0.5 today): the probe's DNS answers, TCP connects, TLS handshakes and final HTTP
 * response, beside what the control measured. Pure; missing fields become empty or null.
 */
import {
  failureAt,
  isObject,
  numberAt,
  objectAt,
  objectsAt,
  stringAt,
  stringsAt,
  type JsonObject,
} from './json-fields.js';

export interface Connect {
  readonly endpoint: string;
  readonly failure: string | null;
  readonly success: boolean;
}

export interface HttpResponse {
  readonly failure: string | null;
  readonly status: number | null;
  readonly body: string | null;
  readonly truncated: boolean;
  readonly headers: ReadonlyMap<string, string>;
}

export interface WebEvidence {
  readonly addresses: readonly string[];
  /** ASNs of the answers, when the probe annotated them (0.4 and later). */
  readonly answerAsns: ReadonlySet<number>;
  readonly dnsFailure: string | null;
  readonly connects: readonly Connect[];
  readonly tlsFailures: readonly string[];
  readonly tlsSuccesses: number;
  /** The last response of the redirect chain (OONI lists requests newest first). */
  readonly response: HttpResponse | null;
  /** Every response of the redirect chain, where a block page or its redirect may hide. */
  readonly responses: readonly HttpResponse[];
  readonly httpFailure: string | null;
  readonly control: ControlEvidence | null;
}

export interface ControlEvidence {
  readonly failure: string | null;
  readonly addresses: readonly string[] | null;
  readonly dnsFailure: string | null;
  /** ASNs of the control's addresses. */
  readonly asns: ReadonlySet<number>;
  readonly ipAsns: ReadonlyMap<string, number>;
  readonly connects: ReadonlyMap<string, boolean>;
  readonly httpFailure: string | null;
  readonly status: number | null;
  readonly bodyLength: number | null;
  readonly title: string | null;
  /** The control fetched the page: the site works from an uncensored vantage point. */
  readonly httpOk: boolean;
}

/** Body text: a string, or OONI's `{format: "base64", data}` for non-UTF-8 bodies. */
export function bodyText(value: unknown): string | null {
  if (typeof value === 'string') return value;
  if (isObject(value) && value.format === 'base64' && typeof value.data === 'string')
    return Buffer.from(value.data, 'base64').toString('latin1');
  return null;
}

function headerMap(response: JsonObject | null): Map<string, string> {
  const headers = new Map<string, string>();
  const list = response?.headers_list;
  if (Array.isArray(list)) {
    for (const pair of list)
      if (Array.isArray(pair) && typeof pair[0] === 'string') {
        const value = bodyText(pair[1]);
        if (value !== null) headers.set(pair[0].toLowerCase(), value);
      }
  }
  const object = objectAt(response, 'headers');
  if (object !== null)
    for (const [name, value] of Object.entries(object)) {
      const text = bodyText(Array.isArray(value) ? value[0] : value);
      if (text !== null && !headers.has(name.toLowerCase())) headers.set(name.toLowerCase(), text);
    }
  return headers;
}

function addresses(queries: readonly JsonObject[]): { addresses: string[]; asns: Set<number> } {
  const found: string[] = [];
  const asns = new Set<number>();
  for (const query of queries)
    for (const answer of objectsAt(query, 'answers')) {
      const address = stringAt(answer, 'ipv4') ?? stringAt(answer, 'ipv6');
      if (address !== null && !found.includes(address)) found.push(address);
      const asn = numberAt(answer, 'asn');
      if (asn !== null && asn > 0) asns.add(asn);
    }
  return { addresses: found, asns };
}

function controlOf(keys: JsonObject): ControlEvidence | null {
  const control = objectAt(keys, 'control');
  const failure = failureAt(keys, 'control_failure');
  if (control === null || Object.keys(control).length === 0)
    return failure === null ? null : emptyControl(failure);
  const dns = objectAt(control, 'dns');
  const http = objectAt(control, 'http_request');
  const connects = new Map<string, boolean>();
  for (const [endpoint, value] of Object.entries(objectAt(control, 'tcp_connect') ?? {}))
    if (isObject(value) && typeof value.status === 'boolean') connects.set(endpoint, value.status);
  // ip_info (0.5) annotates every address either side saw with its ASN.
  const ipAsns = new Map<string, number>();
  for (const [address, info] of Object.entries(objectAt(control, 'ip_info') ?? {})) {
    const asn = numberAt(info, 'asn');
    if (asn !== null && asn > 0) ipAsns.set(address, asn);
  }
  // Old controls list CNAME targets among the addresses; only IP addresses count.
  const controlAddresses =
    dns === null ? null : stringsAt(dns, 'addrs').filter((a) => /^[\d.]+$|:/.test(a));
  const asns = new Set(
    (controlAddresses ?? []).flatMap((a) => {
      const asn = ipAsns.get(a);
      return asn === undefined ? [] : [asn];
    }),
  );
  const status = numberAt(http, 'status_code');
  const httpFailure = failureAt(http, 'failure');
  return {
    failure,
    addresses: controlAddresses,
    ipAsns,
    dnsFailure: failureAt(dns, 'failure'),
    asns,
    connects,
    httpFailure,
    status: status !== null && status > 0 ? status : null,
    bodyLength: numberAt(http, 'body_length'),
    title: stringAt(http, 'title'),
    httpOk:
      failure === null && http !== null && httpFailure === null && status !== null && status > 0,
  };
}

function emptyControl(failure: string): ControlEvidence {
  return {
    failure,
    addresses: null,
    dnsFailure: null,
    asns: new Set(),
    ipAsns: new Map(),
    connects: new Map(),
    httpFailure: null,
    status: null,
    bodyLength: null,
    title: null,
    httpOk: false,
  };
}

export function webEvidence(keys: JsonObject): WebEvidence {
  // Since 0.5 the probe also resolves over DoH to find more addresses to try; DoH bypasses
  // the network's resolvers, so only the system and plain-UDP lookups can show DNS tampering.
  const queries = objectsAt(keys, 'queries').filter((q) => {
    const type = stringAt(q, 'query_type');
    return (
      (type === null || type === 'A' || type === 'AAAA' || type === 'ANY') &&
      stringAt(q, 'engine') !== 'doh'
    );
  });
  const { addresses: found, asns } = addresses(queries);
  const control = controlOf(keys);
  for (const address of found) {
    const asn = control?.ipAsns.get(address);
    if (asn !== undefined) asns.add(asn);
  }
  const queryFailure =
    queries.map((q) => failureAt(q, 'failure')).find((f) => f !== null && f !== 'dns_no_answer') ??
    null;
  const connects = objectsAt(keys, 'tcp_connect').map((entry) => {
    const status = objectAt(entry, 'status');
    const ip = stringAt(entry, 'ip') ?? '';
    const port = numberAt(entry, 'port');
    const endpoint = ip.includes(':') ? `[${ip}]:${port}` : `${ip}:${port}`;
    return { endpoint, failure: failureAt(status, 'failure'), success: status?.success === true };
  });
  const handshakes = objectsAt(keys, 'tls_handshakes');
  const requests = objectsAt(keys, 'requests');
  const responses = requests.map(responseOf);
  return {
    addresses: found,
    answerAsns: asns,
    dnsFailure:
      failureAt(keys, 'dns_experiment_failure') ?? (found.length === 0 ? queryFailure : null),
    connects,
    tlsFailures: handshakes.map((h) => failureAt(h, 'failure')).filter((f) => f !== null),
    tlsSuccesses: handshakes.filter((h) => failureAt(h, 'failure') === null).length,
    response: responses[0] ?? null,
    responses,
    httpFailure: failureAt(keys, 'http_experiment_failure') ?? responses[0]?.failure ?? null,
    control,
  };
}

function responseOf(request: JsonObject): HttpResponse {
  const response = objectAt(request, 'response');
  const code = numberAt(response, 'code');
  return {
    failure: failureAt(request, 'failure'),
    status: code !== null && code > 0 ? code : null,
    body: bodyText(response?.body),
    truncated: response?.body_is_truncated === true,
    headers: headerMap(response),
  };
}
