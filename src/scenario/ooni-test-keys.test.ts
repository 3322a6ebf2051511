import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseMeasurement } from '../collectors/ooni/measurement.js';
import { scoreMeasurement } from '../collectors/ooni/score-measurement.js';
import { defaultFingerprints } from '../collectors/ooni/fingerprints.js';
import {
  facebookKeys,
  signalKeys,
  telegramKeys,
  webConnectivityKeys,
  whatsappKeys,
  type Method,
} from './ooni-test-keys.js';
import { createRng } from './rng.js';

function score(test: string, version: string, input: string | null, keys: Record<string, unknown>) {
  const parsed = parseMeasurement(
    JSON.parse(
      JSON.stringify({
        test_name: test,
        test_version: version,
        input,
        measurement_start_time: '2022-01-04 12:00:00',
        probe_cc: 'KZ',
        probe_asn: 'AS9198',
        test_keys: keys,
      }),
    ),
    { file: 'x', record: 1, offset: null },
  );
  assert.ok(parsed.ok);
  const [verdict] = scoreMeasurement(
    parsed.measurement,
    defaultFingerprints(),
    () => 'fixed',
  ).verdicts;
  return [verdict?.verdict, verdict?.layer];
}

const METHODS: (Method | null)[] = [null, 'dns', 'tcp', 'tls'];

describe('OONI test keys', () => {
  for (const method of METHODS) {
    const expected = method === null ? ['ok', null] : ['blocked', method];
    it(`the messaging tests score ${method ?? 'unblocked'} as ${expected.join(' at ')}`, () => {
      assert.deepEqual(score('whatsapp', '0.9.0', null, whatsappKeys(method)), expected);
      assert.deepEqual(score('telegram', '0.2.0', null, telegramKeys(method)), expected);
      assert.deepEqual(score('signal', '0.2.5', null, signalKeys(method)), expected);
      // facebook_messenger cannot tell a TLS block from a TCP one: it only records reachability.
      const facebook = method === 'tls' ? ['blocked', 'tcp'] : expected;
      assert.deepEqual(score('facebook_messenger', '0.2.0', null, facebookKeys(method)), facebook);
    });
    it(`web_connectivity scores ${method ?? 'unblocked'} as ${expected.join(' at ')}`, () => {
      const url = 'https://web.whatsapp.com/';
      const keys = webConnectivityKeys(url, '104.20.1.2', 13335, method, createRng(1));
      assert.deepEqual(score('web_connectivity', '0.4.1', url, keys), expected);
    });
  }
});
