/**
 * Re-scores tor, dnscheck and stunreachability. None has a control vantage point, so a lone
 * timeout is not proof: tor is blocked only when every target fails, dnscheck when every
 * lookup fails, and stunreachability only on DNS failures (a UDP timeout may be the server).
 * Pure.
 */
import { failureAt, isObject, objectAt, stringAt, type JsonObject } from './json-fields.js';
import type { OoniMeasurement } from './measurement.js';
import { isDnsFailure, verdict, type BlockingLayer, type TargetVerdict } from './verdict.js';

function connectLayer(failure: string, operation: string | null): BlockingLayer {
  if (isDnsFailure(failure)) return 'dns';
  if (operation === 'tls_handshake' || failure.startsWith('ssl_')) return 'tls';
  if (operation === 'http_round_trip') return 'http';
  return 'tcp';
}

export function scoreTor(m: OoniMeasurement): TargetVerdict {
  const raw = m.testKeys.targets;
  const targets: JsonObject[] = (
    Array.isArray(raw) ? raw : isObject(raw) ? Object.values(raw) : []
  ).filter(isObject);
  if (targets.length === 0) return verdict('tor', null, 'unknown', 'no_targets');
  const failed = targets.filter((t) => failureAt(t, 'failure') !== null);
  if (failed.length < targets.length)
    return verdict(
      'tor',
      `${targets.length - failed.length}/${targets.length} targets reachable`,
      'ok',
      failed.length === 0 ? 'targets_reachable' : 'some_targets_reachable',
    );
  const first = failed[0];
  const failure = failureAt(first, 'failure') ?? 'unknown_failure';
  return verdict(
    'tor',
    `0/${targets.length} targets reachable`,
    'blocked',
    failure,
    connectLayer(failure, stringAt(first, 'failed_operation')),
  );
}

export function scoreDnscheck(m: OoniMeasurement): TargetVerdict {
  const keys = m.testKeys;
  const bootstrap = failureAt(keys, 'bootstrap_failure');
  if (bootstrap !== null) return verdict('dnscheck', m.input, 'blocked', bootstrap, 'dns');
  const lookups = Object.values(objectAt(keys, 'lookups') ?? {}).filter(isObject);
  if (lookups.length === 0) return verdict('dnscheck', m.input, 'unknown', 'no_lookups');
  const failures = lookups.map((l) => failureAt(l, 'failure'));
  if (failures.some((f) => f === null))
    return verdict('dnscheck', m.input, 'ok', 'resolver_reachable');
  const failure = failures[0] ?? 'unknown_failure';
  const encrypted = /^(?:dot|https):/i.test(m.input ?? '');
  const layer: BlockingLayer = isDnsFailure(failure)
    ? 'dns'
    : failure.startsWith('ssl_') || (encrypted && failure === 'connection_reset')
      ? 'tls'
      : 'tcp';
  return verdict('dnscheck', m.input, 'blocked', failure, layer);
}

export function scoreStunreachability(m: OoniMeasurement): TargetVerdict {
  const keys = m.testKeys;
  const endpoint = stringAt(keys, 'endpoint') ?? m.input;
  const failure = failureAt(keys, 'failure');
  if (failure === null)
    return Object.keys(keys).length === 0
      ? verdict('stunreachability', endpoint, 'unknown', 'no_test_keys')
      : verdict('stunreachability', endpoint, 'ok', 'stun_answered');
  if (isDnsFailure(failure))
    return verdict('stunreachability', endpoint, 'blocked', failure, 'dns');
  return verdict('stunreachability', endpoint, 'unknown', failure);
}
