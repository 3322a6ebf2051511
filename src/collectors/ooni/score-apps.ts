/**
 * Re-scores the instant-messaging tests (whatsapp, telegram, signal, facebook_messenger) from
 * raw test keys, following OONI's definitions (ooni/spec ts-018, ts-020, ts-029, ts-019) with
 * the differences listed in docs/design/0004-ooni-rescoring.md: failures of the server's own
 * making (an unexpected HTTP status) and a stale pinned CA are not counted as blocking. Pure.
 */
import {
  booleanAt,
  failureAt,
  numberAt,
  objectAt,
  objectsAt,
  stringAt,
  type JsonObject,
} from './json-fields.js';
import type { OoniMeasurement } from './measurement.js';
import { isDnsFailure, layerOfFailure, verdict, type TargetVerdict } from './verdict.js';

/** The server answered, with something the test did not expect: not the network's doing. */
const SERVER_ANSWERED = new Set(['http_unexpected_status_code', 'http_request_failed']);

interface Connect {
  readonly ip: string;
  readonly port: number | null;
  readonly failure: string | null;
  readonly success: boolean;
}

function connectsOf(keys: unknown): Connect[] {
  return objectsAt(keys, 'tcp_connect').map((entry) => {
    const status = objectAt(entry, 'status');
    return {
      ip: stringAt(entry, 'ip') ?? '',
      port: numberAt(entry, 'port'),
      failure: failureAt(status, 'failure'),
      success: status?.success === true,
    };
  });
}

/** Addresses each queried name resolved to, and the names whose resolution failed. */
function resolutions(
  keys: unknown,
  name: RegExp,
): { addresses: Set<string>; failed: string[]; names: number } {
  const addresses = new Set<string>();
  const failed: string[] = [];
  let names = 0;
  for (const query of objectsAt(keys, 'queries')) {
    const hostname = stringAt(query, 'hostname');
    if (hostname === null || !name.test(hostname)) continue;
    names += 1;
    const failure = failureAt(query, 'failure');
    if (failure !== null) failed.push(failure);
    for (const answer of objectsAt(query, 'answers')) {
      const address = stringAt(answer, 'ipv4') ?? stringAt(answer, 'ipv6');
      if (address !== null) addresses.add(address);
    }
  }
  return { addresses, failed, names };
}

/** A secondary target (registration server, web client): blocked at the failure's layer. */
function secondary(
  target: 'whatsapp' | 'telegram',
  failure: string | null,
  what: string,
): TargetVerdict | null {
  if (failure === null || SERVER_ANSWERED.has(failure)) return null;
  return verdict(target, what, 'blocked', failure, layerOfFailure(failure, true));
}

export function scoreWhatsapp(m: OoniMeasurement): TargetVerdict {
  const keys = m.testKeys;
  const endpoints = resolutions(keys, /^e\d+\.whatsapp\.net$/);
  const connects = connectsOf(keys).filter((c) =>
    endpoints.addresses.size > 0 ? endpoints.addresses.has(c.ip) : c.port === 5222,
  );
  // OONI: endpoints are blocked only when every one of them fails.
  if (
    endpoints.names > 0 &&
    endpoints.failed.length === endpoints.names &&
    endpoints.addresses.size === 0
  )
    return verdict(
      'whatsapp',
      'endpoints',
      'blocked',
      endpoints.failed[0] ?? 'dns_lookup_error',
      'dns',
    );
  if (connects.length > 0 && connects.every((c) => !c.success))
    return verdict(
      'whatsapp',
      'endpoints',
      'blocked',
      connects[0]?.failure ?? 'unknown_failure',
      'tcp',
    );
  const other =
    secondary('whatsapp', failureAt(keys, 'registration_server_failure'), 'registration') ??
    secondary('whatsapp', failureAt(keys, 'whatsapp_web_failure'), 'web');
  if (other !== null) return other;
  if (connects.length === 0 && stringAt(keys, 'whatsapp_endpoints_status') === null)
    return verdict('whatsapp', null, 'unknown', 'no_test_keys');
  return verdict('whatsapp', null, 'ok', 'endpoints_reachable');
}

export function scoreTelegram(m: OoniMeasurement): TargetVerdict {
  const keys = m.testKeys;
  const connects = connectsOf(keys);
  if (connects.length > 0 && connects.every((c) => !c.success))
    return verdict(
      'telegram',
      'datacenters',
      'blocked',
      connects[0]?.failure ?? 'unknown_failure',
      'tcp',
    );
  const requests = objectsAt(keys, 'requests');
  const dcRequests = requests.filter(
    (r) => !(stringAt(objectAt(r, 'request'), 'url') ?? '').includes('web.telegram.org'),
  );
  // OONI's telegram_http_blocking: every HTTP request to the data centres failed.
  if (dcRequests.length > 0 && dcRequests.every((r) => failureAt(r, 'failure') !== null)) {
    const failure = failureAt(dcRequests[0], 'failure') ?? 'unknown_failure';
    return verdict(
      'telegram',
      'datacenters',
      'blocked',
      failure,
      isDnsFailure(failure) ? 'dns' : 'http',
    );
  }
  const web = secondary('telegram', failureAt(keys, 'telegram_web_failure'), 'web');
  if (web !== null) return web;
  if (connects.length === 0 && booleanAt(keys, 'telegram_tcp_blocking') === null)
    return verdict('telegram', null, 'unknown', 'no_test_keys');
  return verdict('telegram', null, 'ok', 'datacenters_reachable');
}

function versionBefore(
  version: string | null,
  major: number,
  minor: number,
  patch: number,
): boolean {
  const parts = (version ?? '').split('.').map(Number);
  const [a = 0, b = 0, c = 0] = parts;
  return a < major || (a === major && (b < minor || (b === minor && c < patch)));
}

export function scoreSignal(m: OoniMeasurement): TargetVerdict {
  const keys = m.testKeys;
  const failure =
    failureAt(keys, 'signal_backend_failure') ??
    objectsAt(keys, 'requests')
      .map((r) => failureAt(r, 'failure'))
      .find((f) => f !== null) ??
    null;
  if (failure === null) {
    if (
      stringAt(keys, 'signal_backend_status') === null &&
      objectsAt(keys, 'requests').length === 0
    )
      return verdict('signal', null, 'unknown', 'no_test_keys');
    return verdict('signal', null, 'ok', 'backend_reachable');
  }
  // Signal moved to a new CA in 2022; probes before signal 0.2.2 pinned the old one and
  // failed everywhere with ssl_unknown_authority (a known OONI false positive).
  if (failure === 'ssl_unknown_authority' && versionBefore(m.testVersion, 0, 2, 2))
    return verdict('signal', null, 'unknown', 'stale_pinned_ca');
  return verdict('signal', null, 'blocked', failure, layerOfFailure(failure, true));
}

const FACEBOOK_ENDPOINTS = [
  'b_api',
  'b_graph',
  'edge',
  'external_cdn',
  'scontent_cdn',
  'star',
  'stun',
];

export function scoreFacebookMessenger(m: OoniMeasurement): TargetVerdict {
  const keys: JsonObject = m.testKeys;
  const measured = FACEBOOK_ENDPOINTS.filter(
    (name) => booleanAt(keys, `facebook_${name}_dns_consistent`) !== null,
  );
  if (measured.length === 0 && connectsOf(keys).length === 0)
    return verdict('facebook_messenger', null, 'unknown', 'no_test_keys');
  // DNS consistency means "answers inside Facebook's AS32934", which the probe checked.
  const inconsistent = measured.find(
    (name) => booleanAt(keys, `facebook_${name}_dns_consistent`) === false,
  );
  if (inconsistent !== undefined)
    return verdict('facebook_messenger', inconsistent, 'blocked', 'dns_inconsistent', 'dns');
  const unreachable = measured.find(
    (name) => booleanAt(keys, `facebook_${name}_reachable`) === false,
  );
  if (unreachable !== undefined) {
    const failure = connectsOf(keys).find((c) => !c.success)?.failure ?? 'tcp_connect_failed';
    return verdict('facebook_messenger', unreachable, 'blocked', failure, 'tcp');
  }
  const connects = connectsOf(keys);
  if (connects.length > 0 && connects.every((c) => !c.success))
    return verdict(
      'facebook_messenger',
      'endpoints',
      'blocked',
      connects[0]?.failure ?? 'unknown_failure',
      'tcp',
    );
  return verdict('facebook_messenger', null, 'ok', 'endpoints_reachable');
}
