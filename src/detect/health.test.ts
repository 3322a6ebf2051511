import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { anomaly, context, DAY, HOUR, SPECS, T0 } from '../../test/detect-fusion/fixtures.js';
import type { SourcedAnomaly } from './classify.js';
import { eventsFromAnomalies } from './detect-events.js';
import { findSilences } from './health.js';

const COUNTRIES = ['UZ', 'KG', 'TJ', 'TM', 'AZ'];
const observed = new Map([['logs:web-1', new Set(['KZ', ...COUNTRIES])]]);

function run(anomalies: SourcedAnomaly[]) {
  return eventsFromAnomalies(anomalies, {
    specs: SPECS,
    context,
    now: T0 + DAY,
    from: T0 - DAY,
    routing: () => true,
    observed,
  });
}

/** Every country the log source sees drops at once: the website is down, not the world. */
const siteDown = (start: number, end: number) => [
  anomaly('country/KZ', 'traffic.requests', start, end, 0.01),
  ...COUNTRIES.map((cc) => anomaly(`country/${cc}`, 'traffic.requests', start, end, 0.01)),
];

describe('vantage health', () => {
  it('reports a source that lost every country at once and emits no outage', () => {
    const { events, health } = run(siteDown(T0, T0 + 2 * HOUR));
    assert.deepEqual(events, []);
    assert.equal(health.length, 1);
    assert.equal(health[0]!.kind, 'vantage-cut');
    assert.equal(health[0]!.source, 'logs:web-1');
    assert.deepEqual(health[0]!.countries, ['AZ', 'KG', 'KZ', 'TJ', 'TM', 'UZ']);
    assert.equal(health[0]!.start, T0);
    assert.equal(health[0]!.end, T0 + 2 * HOUR);
  });

  it('keeps an outage another source confirms during the vantage failure', () => {
    const { events, health } = run([
      ...siteDown(T0, T0 + 2 * HOUR),
      anomaly('country/KZ', 'darknet.sources', T0, T0 + 2 * HOUR, 0.05, 'telescope'),
    ]);
    assert.equal(health.length, 1);
    assert.deepEqual(
      events.map((e) => e.location),
      ['country/KZ'],
    );
    assert.deepEqual(events[0]!.evidence!.map((e) => e.source).sort(), ['logs:web-1', 'telescope']);
  });

  it('does not mistake one country cut off for a failed vantage', () => {
    const { events, health } = run([anomaly('country/KZ', 'traffic.requests', T0, T0 + DAY, 0.05)]);
    assert.deepEqual(health, []);
    assert.equal(events.length, 1);
  });

  it('does not mistake two countries cut at once for a failed vantage', () => {
    const { events, health } = run([
      anomaly('country/KZ', 'traffic.requests', T0, T0 + DAY, 0.05),
      anomaly('country/UZ', 'traffic.requests', T0, T0 + DAY, 0.05),
    ]);
    assert.deepEqual(health, []);
    assert.equal(events.length, 2);
  });

  it('finds a silent source, ongoing or not, and ignores short gaps and the warm-up', () => {
    const values = new Float64Array(48).fill(100);
    values.fill(NaN, 0, 6); // before the first data: not a silence
    values.fill(NaN, 10, 12); // two bins: jitter
    values.fill(NaN, 20, 30); // 50 minutes
    values.fill(NaN, 40); // until the end: ongoing
    const other = new Float64Array(48).fill(NaN);
    const findings = findSilences([
      { source: 'logs:web-1', country: 'KZ', start: T0, step: 300, values },
      { source: 'logs:web-1', country: 'UZ', start: T0, step: 300, values: other },
    ]);
    assert.deepEqual(
      findings.map((f) => [
        f.kind,
        (f.start - T0) / 300,
        f.end === null ? null : (f.end - T0) / 300,
      ]),
      [
        ['silent', 20, 30],
        ['silent', 40, null],
      ],
    );
    assert.deepEqual(findings[0]!.countries, ['KZ', 'UZ']);
    // The same gap while another series of the source still reports is no silence.
    const busy = new Float64Array(48).fill(5);
    assert.deepEqual(
      findSilences([
        { source: 'logs:web-1', country: 'KZ', start: T0, step: 300, values },
        { source: 'logs:web-1', country: 'UZ', start: T0, step: 300, values: busy },
      ]),
      [],
    );
  });

  it('judges silence against the source rhythm: a nightly lull is no silence, the same gap by day is', () => {
    // Five weeks of an hourly source (OONI-like) that is quiet from 22:00 to 04:00 UTC every
    // night, with noise: now and then one night hour has a measurement.
    const hours = 35 * 24;
    const start = Date.UTC(2023, 1, 5) / 1000;
    const values = new Float64Array(hours).fill(3);
    for (let h = 0; h < hours; h++) {
      const hod = h % 24;
      if ((hod >= 22 || hod < 4) && (h * 7919) % 10 !== 0) values[h] = NaN;
    }
    const nightly = (v: Float64Array) =>
      findSilences([{ source: 'ooni', country: 'KZ', start, step: 3600, values: v }]).map((f) => [
        new Date(f.start * 1000).toISOString().slice(0, 13),
        (f.end! - f.start) / 3600,
      ]);
    assert.deepEqual(nightly(values), []);
    // A four-hour silence in the afternoon of day 20 is out of rhythm: reported.
    const cut = values.slice();
    cut.fill(NaN, 20 * 24 + 12, 20 * 24 + 16);
    assert.deepEqual(nightly(cut), [['2023-02-25T12', 4]]);
    // The old rule (any gap of minSilentBins) would have reported the nights.
    assert.ok(
      findSilences([{ source: 'ooni', country: 'KZ', start, step: 3600, values }], {
        maxSilenceChance: 1,
      }).length > 20,
    );
  });
});
