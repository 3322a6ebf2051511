/**
 * An application event is typed from the OONI signals themselves: the blocked share split by
 * layer (ooni-signals.ts) declares its mechanism and subject, so fusion names the apps and how
 * they were blocked, with the signal catalogue's own specs (no hand-made ones).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SIGNALS } from '../../src/collectors/signal-catalogue.js';
import { eventsFromAnomalies } from '../../src/detect/detect-events.js';
import { anomaly, context, DAY, T0 } from './fixtures.js';

const run = (anomalies: ReturnType<typeof anomaly>[]) =>
  eventsFromAnomalies(anomalies, {
    specs: SIGNALS,
    context,
    now: T0 + 10 * DAY,
    from: T0 - 7 * DAY,
    routing: () => true,
  }).events;

describe('application events typed from OONI layer signals', () => {
  it('types messengers blocked at TLS as tls-sni-blocking, without `web`', () => {
    const events = run([
      anomaly('country/KZ', 'ooni.whatsapp.blocked_share', T0, T0 + 2 * DAY, 0.9, 'ooni'),
      anomaly('country/KZ', 'ooni.whatsapp.blocked_share_tls', T0, T0 + 2 * DAY, 0.9, 'ooni'),
      anomaly('asn/29355', 'ooni.telegram.blocked_share_tls', T0, T0 + DAY, 0.8, 'ooni'),
    ]);
    assert.equal(events.length, 1);
    const [event] = events;
    assert.deepEqual(event!.mechanisms, ['tls-sni-blocking']);
    assert.deepEqual(event!.apps, ['telegram', 'whatsapp']);
    assert.deepEqual(event!.layers, ['application']);
  });

  it('lists each layer that rose, the strongest first, and `web` only when websites rose', () => {
    const events = run([
      anomaly('asn/9198', 'ooni.whatsapp.blocked_share_dns', T0, T0 + DAY, 0.9, 'ooni'),
      anomaly('asn/29355', 'ooni.whatsapp.blocked_share_tcp', T0, T0 + 2 * DAY, 0.95, 'ooni'),
      anomaly('country/KZ', 'ooni.web.blocked_share_http', T0, T0 + DAY, 0.3, 'ooni'),
    ]);
    assert.equal(events.length, 1);
    assert.deepEqual(events[0]!.mechanisms, ['tcp-blocking', 'dns-tampering', 'http-blocking']);
    assert.deepEqual(events[0]!.apps, ['web', 'whatsapp']);
  });
});
