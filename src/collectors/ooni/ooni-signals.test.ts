import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createOoniAggregator, OONI_SIGNALS, wilsonInterval } from './ooni-signals.js';
import type { ScoredMeasurement } from './score-measurement.js';
import { verdict, type BlockingLayer, type OoniTarget, type Verdict } from './verdict.js';
import { appOfHost } from './app-hosts.js';

function scored(
  time: number,
  value: Verdict,
  access: ScoredMeasurement['access'] = 'mobile',
): ScoredMeasurement {
  return {
    place: { file: 'x', record: 1, offset: 0 },
    testName: 'whatsapp',
    testVersion: '0.9.0',
    startTime: time,
    probeCc: 'KZ',
    probeAsn: 29355,
    access,
    verdicts: [verdict('whatsapp', null, value, 'test', value === 'blocked' ? 'tcp' : null)],
  };
}
const noChanges = () => [];

describe('wilsonInterval', () => {
  it('is wide for one measurement and narrows with the count', () => {
    const [low1, high1] = wilsonInterval(1, 1);
    const [low20, high20] = wilsonInterval(20, 20);
    assert.ok(low1 < 0.25 && high1 === 1);
    assert.ok(low20 > 0.8);
    assert.ok(high20 - low20 < high1 - low1);
  });
});

describe('createOoniAggregator', () => {
  it('counts per country, ASN and access slice; an undecided bin has an unknown share, not zero', () => {
    const aggregator = createOoniAggregator(3600);
    const jan4 = Date.UTC(2022, 0, 4, 14) / 1000;
    aggregator.add(scored(jan4 + 60, 'blocked'));
    aggregator.add(scored(jan4 + 120, 'ok', 'fixed'));
    aggregator.add(scored(jan4 + 3600, 'unknown'));
    const { points } = aggregator.finish('ooni', noChanges);
    const value = (entity: string, signal: string, bin: number) =>
      points.find((p) => p.entity === entity && p.signal === signal && p.bin === bin);
    assert.equal(value('country/KZ', 'ooni.whatsapp.blocked_share', jan4)?.value, 0.5);
    assert.equal(value('country/KZ', 'ooni.whatsapp.mobile.blocked_share', jan4)?.value, 1);
    assert.equal(value('asn/29355', 'ooni.whatsapp.measurements', jan4)?.value, 2);
    const undecided = value('asn/29355', 'ooni.whatsapp.blocked_share', jan4 + 3600);
    assert.deepEqual([undecided?.value, undecided?.coverage], [null, 0]);
    assert.equal(value('asn/29355', 'ooni.whatsapp.measurements', jan4 + 3600)?.value, 1);
    for (const point of points)
      assert.ok(
        OONI_SIGNALS.some((spec) => spec.name === point.signal),
        point.signal,
      );
  });
});

describe('blocked share by layer', () => {
  const at = Date.UTC(2022, 0, 4, 14) / 1000;
  const one = (
    target: OoniTarget,
    detail: string | null,
    value: Verdict,
    layer: BlockingLayer | null,
    asn = 29355,
  ): ScoredMeasurement => ({
    place: { file: 'x', record: 1, offset: 0 },
    testName: target === 'web' ? 'web_connectivity' : target,
    testVersion: '0.4.0',
    startTime: at + 60,
    probeCc: 'KZ',
    probeAsn: asn,
    access: 'mobile',
    verdicts: [verdict(target, detail, value, 'test', layer)],
  });

  it('splits the blocked share by DNS, TCP, TLS and HTTP, each declaring its mechanism', () => {
    const aggregator = createOoniAggregator(3600);
    aggregator.add(one('whatsapp', 'web', 'blocked', 'tls'));
    aggregator.add(one('whatsapp', 'web', 'blocked', 'tls'));
    aggregator.add(one('whatsapp', 'endpoints', 'blocked', 'tcp', 48716));
    aggregator.add(one('whatsapp', null, 'ok', null));
    aggregator.add(one('whatsapp', null, 'unknown', null));
    const { points } = aggregator.finish('ooni', noChanges);
    const value = (entity: string, signal: string) =>
      points.find((p) => p.entity === entity && p.signal === signal)?.value;
    assert.equal(value('country/KZ', 'ooni.whatsapp.blocked_share'), 3 / 4);
    assert.equal(value('country/KZ', 'ooni.whatsapp.blocked_share_tls'), 2 / 4);
    assert.equal(value('country/KZ', 'ooni.whatsapp.blocked_share_tcp'), 1 / 4);
    assert.equal(value('country/KZ', 'ooni.whatsapp.blocked_share_dns'), 0);
    assert.equal(value('asn/29355', 'ooni.whatsapp.blocked_share_tls'), 2 / 3);
    assert.equal(value('asn/48716', 'ooni.whatsapp.blocked_share_tcp'), 1);
    // The split is for countries and networks; access slices keep the plain share only.
    assert.equal(value('country/KZ', 'ooni.whatsapp.mobile.blocked_share_tls'), undefined);
    const specs = new Map(OONI_SIGNALS.map((s) => [s.name, s]));
    for (const [layer, mechanism] of [
      ['dns', 'dns-tampering'],
      ['tcp', 'tcp-blocking'],
      ['tls', 'tls-sni-blocking'],
      ['http', 'http-blocking'],
    ] as const) {
      const spec = specs.get(`ooni.telegram.blocked_share_${layer}`);
      assert.deepEqual(
        [spec?.evidence, spec?.layer, spec?.subject, spec?.mechanism],
        ['rise', 'application', 'telegram', mechanism],
      );
    }
    for (const point of points) assert.ok(specs.has(point.signal), point.signal);
  });

  it("counts a test of an app's own web client for the app, not for `web`", () => {
    const aggregator = createOoniAggregator(3600);
    aggregator.add(one('web', 'web.whatsapp.com', 'blocked', 'tls'));
    aggregator.add(one('web', 'www.bbc.com', 'ok', null));
    aggregator.add(one('web', 'web.telegram.org', 'blocked', 'tls'));
    const { points } = aggregator.finish('ooni', noChanges);
    const value = (signal: string) =>
      points.find((p) => p.entity === 'country/KZ' && p.signal === signal)?.value;
    assert.equal(value('ooni.web.blocked_share'), 0);
    assert.equal(value('ooni.whatsapp.blocked_share_tls'), 1);
    assert.equal(value('ooni.telegram.blocked_share_tls'), 1);
  });

  it('knows app hosts on label boundaries only', () => {
    assert.equal(appOfHost('web.whatsapp.com'), 'whatsapp');
    assert.equal(appOfHost('WEB.TELEGRAM.ORG.'), 'telegram');
    assert.equal(appOfHost('signal.org'), 'signal');
    assert.equal(appOfHost('notwhatsapp.com'), null);
    assert.equal(appOfHost('www.bbc.com'), null);
    assert.equal(appOfHost(null), null);
  });
});
