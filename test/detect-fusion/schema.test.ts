/**
 * docs/events.schema.json is generated from the zod schema (UPDATE_GOLDEN=1 rewrites it) and
 * real fusion output of every event type validates against the published file.
 */
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, it } from 'node:test';
import { eventsFromAnomalies } from '../../src/detect/detect-events.js';
import { eventJsonSchema, outageEventSchema } from '../../src/detect/detect-events-schema.js';
import { anomaly, context, DAY, HOUR, KZ_NETWORKS, SPECS, T0 } from './fixtures.js';
import { checkJsonSchema } from './json-schema-check.js';

const PATH = resolve(import.meta.dirname, '../../docs/events.schema.json');

function sampleEvents() {
  const cut = T0 + 20 * HOUR;
  const anomalies = [
    anomaly('asn/29355', 'traffic.requests', T0, cut, 0.4),
    anomaly('asn/48503', 'traffic.requests', T0, cut, 0.4),
    ...KZ_NETWORKS.map((n) => anomaly(`asn/${n.asn}`, 'traffic.requests', cut, null, 0.05)),
    anomaly('country/KZ', 'darknet.sources', cut, null, 0.05, 'telescope'),
    anomaly('country/KZ', 'ooni.whatsapp.blocked_share', T0 - 3 * DAY, T0 - DAY, 0.9, 'ooni'),
    anomaly('region/UZ-TO', 'traffic.requests', T0, T0 + HOUR, 0.2),
  ];
  return eventsFromAnomalies(anomalies, {
    specs: SPECS,
    context,
    now: T0 + 3 * DAY,
    from: T0 - 7 * DAY,
    routing: () => true,
  }).events;
}

describe('event JSON schema', () => {
  it('is generated from the zod schema', () => {
    const text = `${JSON.stringify(eventJsonSchema(), null, 2)}\n`;
    if (process.env.UPDATE_GOLDEN === '1') writeFileSync(PATH, text);
    // Compared as data: Prettier may reflow the file.
    assert.deepEqual(
      JSON.parse(readFileSync(PATH, 'utf8')),
      JSON.parse(text),
      'run with UPDATE_GOLDEN=1 and review the diff',
    );
  });

  it('accepts real events of every kind, open and closed', () => {
    const schema = JSON.parse(readFileSync(PATH, 'utf8')) as Record<string, unknown>;
    const events = sampleEvents();
    assert.ok(events.length >= 4, `${events.length} events`);
    for (const event of events) {
      const plain = JSON.parse(JSON.stringify(event)) as unknown;
      assert.deepEqual(checkJsonSchema(schema, plain), [], event.id);
      outageEventSchema.parse(plain);
    }
  });

  it('rejects a malformed event', () => {
    const schema = JSON.parse(readFileSync(PATH, 'utf8')) as Record<string, unknown>;
    const event = JSON.parse(JSON.stringify(sampleEvents()[0])) as Record<string, unknown>;
    event.scope = 'planetary';
    event.location = 'KZ';
    delete event.affected;
    event.extra = 1;
    const errors = checkJsonSchema(schema, event);
    assert.equal(errors.length, 4, errors.join('\n'));
    assert.equal(outageEventSchema.safeParse(event).success, false);
  });
});
