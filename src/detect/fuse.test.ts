import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  anomaly,
  context,
  DAY,
  HOUR,
  KZ_NETWORKS,
  SPECS,
  T0,
} from '../../test/detect-fusion/fixtures.js';
import type { SourcedAnomaly } from './classify.js';
import { eventsFromAnomalies } from './detect-events.js';

const routesUp = () => true;
const routesUnknown = () => null;

function run(
  anomalies: SourcedAnomaly[],
  routing: () => boolean | null = routesUp,
  now = T0 + 10 * DAY,
) {
  return eventsFromAnomalies(anomalies, {
    specs: SPECS,
    context,
    now,
    from: T0 - 7 * DAY,
    routing,
  });
}

const allKz = (start: number, end: number | null, level: number, source?: string) =>
  KZ_NETWORKS.map((n) => anomaly(`asn/${n.asn}`, 'traffic.requests', start, end, level, source));

describe('fusion', () => {
  it('types a nationwide blackhole with routes up and keeps every restoration per network', () => {
    const end = T0 + 5 * DAY;
    const anomalies = [
      ...allKz(T0, end, 0.05).filter((a) => a.entity !== 'asn/9198'),
      // Kazakhtelecom: three cuts, two partial restorations.
      anomaly('asn/9198', 'traffic.requests', T0, T0 + 20 * HOUR, 0.04),
      anomaly('asn/9198', 'traffic.requests', T0 + 23 * HOUR, T0 + 2 * DAY, 0.05),
      anomaly('asn/9198', 'traffic.requests', T0 + 2 * DAY + 4 * HOUR, end, 0.06),
      anomaly('country/KZ', 'traffic.requests', T0, end, 0.05),
      anomaly('country/KZ', 'darknet.sources', T0 + 300, end, 0.1, 'telescope'),
    ];
    const { events, health } = run(anomalies);
    assert.deepEqual(health, []);
    assert.equal(events.length, 1);
    const [event] = events;
    assert.equal(event!.scope, 'nationwide');
    assert.equal(event!.access, 'both');
    assert.deepEqual(event!.mechanisms, ['blackhole-routes-up']);
    assert.deepEqual(event!.layers, ['reachability']);
    assert.equal(event!.location, 'country/KZ');
    assert.equal(event!.start, T0);
    assert.equal(event!.end, end);
    assert.equal(event!.severity, 'critical');
    assert.equal(event!.depth, 0.05);
    assert.equal(event!.id, 'KZ-20220105T1030Z-outage');
    const kt = event!.affected.find((a) => a.entity === 'asn/9198')!;
    assert.deepEqual(
      kt.intervals.map((i) => [(i.start - T0) / HOUR, (i.end! - T0) / HOUR]),
      [
        [0, 20],
        [23, 48],
        [52, 120],
      ],
    );
    assert.equal(kt.outageHours, 113);
    assert.ok(Math.abs(kt.effectiveHours! - (20 * 0.96 + 25 * 0.95 + 68 * 0.94)) < 0.01);
    // Two independent sources agree: more confident than either alone.
    const alone = run(anomalies.filter((a) => a.source !== 'telescope')).events[0]!;
    assert.ok(event!.confidence > alone.confidence, `${event!.confidence} > ${alone.confidence}`);
    assert.deepEqual(
      event!.evidence!.map((e) => `${e.signal} ${e.source} ${e.entities}`),
      ['darknet.sources telescope 1', 'traffic.requests logs:web-1 7'],
    );
  });

  it('says unknown, not blackhole, when routing was not observed', () => {
    const { events } = run(allKz(T0, T0 + DAY, 0.05), routesUnknown);
    assert.deepEqual(events[0]!.mechanisms, ['unknown']);
  });

  it('types routes withdrawn from a routing signal', () => {
    const anomalies = [
      anomaly('asn/9198', 'bgp.visible_slash24s', T0, T0 + 6 * HOUR, 0.02, 'ris:rrc00'),
      anomaly('asn/9198', 'traffic.requests', T0, T0 + 6 * HOUR, 0.03),
    ];
    const { events } = run(anomalies, () => false);
    assert.equal(events.length, 1);
    assert.deepEqual(events[0]!.mechanisms, ['routes-withdrawn']);
    assert.deepEqual(events[0]!.layers, ['routing', 'reachability']);
    assert.equal(events[0]!.access, 'fixed');
    // Kazakhtelecom alone holds over half the located space: its cut is nationwide.
    assert.equal(events[0]!.scope, 'nationwide');
  });

  it('types one small network as single-network', () => {
    const { events } = run([anomaly('asn/41798', 'traffic.requests', T0, T0 + 3 * HOUR, 0.1)]);
    assert.equal(events.length, 1);
    assert.equal(events[0]!.scope, 'single-network');
    assert.equal(events[0]!.access, 'fixed');
    assert.equal(events[0]!.severity, 'major');
    assert.deepEqual(
      events[0]!.affected.map((a) => a.entity),
      ['asn/41798'],
    );
  });

  it('types a region as regional', () => {
    const { events } = run([anomaly('region/KZ-75', 'traffic.requests', T0, T0 + 8 * HOUR, 0.1)]);
    assert.equal(events.length, 1);
    assert.equal(events[0]!.scope, 'regional');
    assert.equal(events[0]!.location, 'country/KZ');
    assert.equal(events[0]!.access, 'unknown');
  });

  it('types mobile networks reduced but not cut as nationwide mobile throttling', () => {
    const anomalies = [
      anomaly('asn/29355', 'traffic.requests', T0, T0 + 18 * HOUR, 0.4),
      anomaly('asn/48503', 'traffic.requests', T0 + HOUR, T0 + 18 * HOUR, 0.35),
    ];
    const { events } = run(anomalies);
    assert.equal(events.length, 1);
    assert.equal(events[0]!.access, 'mobile');
    assert.deepEqual(events[0]!.mechanisms, ['throttling']);
    assert.equal(events[0]!.scope, 'nationwide');
    assert.equal(
      events[0]!.depth,
      Math.round(((715008 * 0.4 + 76032 * 0.35) / 791040) * 1e4) / 1e4,
    );
    // One mobile operator alone is a single network, not the country's mobile access.
    const one = run([anomalies[0]!]).events[0]!;
    assert.equal(one.scope, 'single-network');
  });

  it('splits mobile throttling followed by a nationwide blackout into two linked events', () => {
    const cut = T0 + 20 * HOUR;
    const end = T0 + 5 * DAY;
    const anomalies = [
      anomaly('asn/29355', 'traffic.requests', T0, cut, 0.4),
      anomaly('asn/48503', 'traffic.requests', T0, cut, 0.4),
      ...allKz(cut, end, 0.05),
    ];
    const { events } = run(anomalies);
    assert.equal(events.length, 2);
    const [first, second] = events;
    assert.deepEqual(
      [first!.access, first!.mechanisms, first!.end],
      ['mobile', ['throttling'], cut],
    );
    assert.deepEqual(
      [second!.access, second!.mechanisms, second!.start],
      ['both', ['blackhole-routes-up'], cut],
    );
    assert.equal(second!.precededBy, first!.id);
    assert.notEqual(first!.id, second!.id);
  });

  it('keeps networks going dark one after another within one cut as one event', () => {
    const anomalies = KZ_NETWORKS.map((n, i) =>
      anomaly(`asn/${n.asn}`, 'traffic.requests', T0 + i * 1800, T0 + DAY, 0.05),
    );
    const { events } = run(anomalies);
    assert.equal(events.length, 1);
    assert.equal(events[0]!.start, T0);
  });

  it('types application blocking with its apps, apart from connectivity', () => {
    const anomalies = [
      anomaly('country/KZ', 'ooni.whatsapp.blocked_share', T0 - 2 * DAY, T0 + DAY, 0.9, 'ooni'),
      anomaly('country/KZ', 'ooni.telegram.mobile.blocked_share', T0 - DAY, T0 + DAY, 0.8, 'ooni'),
      anomaly('asn/41798', 'traffic.requests', T0, T0 + 3 * HOUR, 0.1),
    ];
    const { events } = run(anomalies);
    assert.equal(events.length, 2);
    const apps = events.find((e) => e.apps.length > 0)!;
    assert.deepEqual(apps.apps, ['telegram', 'whatsapp']);
    assert.deepEqual(apps.layers, ['application']);
    assert.deepEqual(apps.mechanisms, ['unknown']);
    assert.equal(apps.scope, 'nationwide');
    assert.equal(apps.access, 'mobile');
    assert.ok(apps.id.endsWith('-apps'));
    assert.ok(Math.abs(apps.depth - 0.1) < 1e-9);
  });

  it('reads an application mechanism from the signal that declares it', () => {
    const { events } = run([
      anomaly('asn/9198', 'probe.dns_failure_share', T0, T0 + DAY, 0.9, 'probe'),
    ]);
    assert.deepEqual(events[0]!.mechanisms, ['dns-tampering']);
    assert.deepEqual(events[0]!.apps, ['twitter']);
  });

  it('leaves out signals that are context only', () => {
    const { events } = run([
      anomaly('country/KZ', 'traffic.mobile_network_share', T0, T0 + DAY, 0.1),
    ]);
    assert.deepEqual(events, []);
  });

  it('keeps an event open while an anomaly is ongoing and counts its hours up to now', () => {
    const now = T0 + 10 * HOUR;
    const { events } = run([anomaly('asn/41798', 'traffic.requests', T0, null, 0)], routesUp, now);
    assert.equal(events[0]!.end, null);
    assert.equal(events[0]!.affected[0]!.intervals[0]!.end, null);
    assert.equal(events[0]!.affected[0]!.outageHours, 10);
    assert.equal(events[0]!.updatedAt, now);
  });

  it('keeps the id of an ongoing event across runs and closes it when it ends', () => {
    const first = run([anomaly('asn/41798', 'traffic.requests', T0, null, 0)], routesUp, T0 + HOUR);
    const second = eventsFromAnomalies(
      [anomaly('asn/41798', 'traffic.requests', T0 + 600, T0 + 5 * HOUR, 0)],
      {
        specs: SPECS,
        context,
        now: T0 + 6 * HOUR,
        from: T0 - DAY,
        routing: routesUp,
        previous: first.events,
      },
    );
    assert.equal(second.events.length, 1);
    assert.equal(second.events[0]!.id, first.events[0]!.id);
    assert.equal(second.events[0]!.end, T0 + 5 * HOUR);
    // A run whose window starts after the event began keeps the earlier start.
    const third = eventsFromAnomalies(
      [anomaly('asn/41798', 'traffic.requests', T0 + 2 * HOUR, null, 0)],
      {
        specs: SPECS,
        context,
        now: T0 + 6 * HOUR,
        from: T0 + 2 * HOUR,
        routing: routesUp,
        previous: first.events,
      },
    );
    assert.equal(third.events[0]!.id, first.events[0]!.id);
    assert.equal(third.events[0]!.start, T0);
  });

  it('closes a previous open event that a run no longer sees', () => {
    const first = run([anomaly('asn/41798', 'traffic.requests', T0, null, 0)], routesUp, T0 + HOUR);
    const later = eventsFromAnomalies([], {
      specs: SPECS,
      context,
      now: T0 + 2 * HOUR,
      from: T0 - DAY,
      routing: routesUp,
      previous: first.events,
    });
    assert.equal(later.events.length, 1);
    assert.equal(later.events[0]!.id, first.events[0]!.id);
    assert.equal(later.events[0]!.end, T0 + HOUR);
    assert.equal(later.events[0]!.affected[0]!.intervals[0]!.end, T0 + HOUR);
  });

  it('makes an event of its own for a network the context does not know', () => {
    const { events } = run([anomaly('asn/65010', 'traffic.requests', T0, T0 + HOUR, 0.1)]);
    assert.equal(events[0]!.location, 'asn/65010');
    assert.equal(events[0]!.scope, 'single-network');
    assert.equal(events[0]!.id, 'AS65010-20220105T1030Z-outage');
  });
});
