/**
 * The Kazakhstan scenario's ground truth follows the reported timeline
 * (../shared/reference/kz2022-reported-timeline.csv): messengers from 2 January, mobile first
 * on 4 January (Tele2 and Kcell), the nationwide blackout with routes mostly up from 10:30 UTC
 * on 5 January, the brief restoration, fixed back on 10 January (Almaty after 111 hours),
 * mobile on 11 January; real ASNs; ~75% mobile traffic.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildLabelledCase } from '../../src/scenario/ground-truth.js';
import { loadScenario } from '../../src/scenario/load-scenario.js';
import { buildNetworkModel } from '../../src/scenario/network-model.js';
import { compileTimeline } from '../../src/scenario/timeline.js';
import { utc } from './support.js';

describe('kz-2022', async () => {
  const s = await loadScenario('kz-2022');
  const model = buildNetworkModel(s);
  const truth = buildLabelledCase(s, model, compileTimeline(s, model));
  const [apps, shutdown] = truth.expected;
  const intervals = (entity: string) =>
    shutdown?.affected.find((a) => a.entity === entity)?.intervals;

  it('has the real networks and ~75% mobile traffic', () => {
    for (const asn of [9198, 29355, 21299, 48503, 29555])
      assert.ok(model.planOf.has(asn), `AS${asn}`);
    const users = model.plans.reduce((n, p) => n + p.asn.users, 0);
    const mobile = model.plans.reduce((n, p) => n + p.asn.users * p.mobileShare, 0);
    assert.ok(Math.abs(users - 16_106_250) < 10_000);
    assert.ok(Math.abs(mobile / users - 0.75) < 0.01, `${mobile / users}`);
  });

  it('blocks WhatsApp and Telegram from 2 January', () => {
    assert.deepEqual(
      [apps?.start, apps?.apps, apps?.layers],
      [utc('2022-01-02T12:00:00Z'), ['telegram', 'whatsapp'], ['application']],
    );
  });

  it('cuts mobile first, then the whole country with routes mostly up, with every restoration', () => {
    assert.ok(shutdown !== undefined);
    assert.deepEqual(
      [shutdown.scope, shutdown.access, shutdown.mechanisms[0]],
      ['nationwide', 'both', 'blackhole-routes-up'],
    );
    assert.ok(
      shutdown.mechanisms.includes('routes-withdrawn') &&
        shutdown.mechanisms.includes('throttling'),
    );
    assert.equal(intervals('asn/29355')?.[0]?.start, utc('2022-01-04T14:30:00Z'));
    assert.equal(intervals('asn/48503')?.[0]?.start, utc('2022-01-04T14:30:00Z'));
    assert.equal(intervals('asn/9198')?.[0]?.start, utc('2022-01-05T10:30:00Z'));
    assert.deepEqual(intervals('country/KZ'), [
      { start: utc('2022-01-04T14:30:00Z'), end: utc('2022-01-06T03:00:00Z') },
      { start: utc('2022-01-06T06:30:00Z'), end: utc('2022-01-11T03:00:00Z') },
    ]);
    // Fixed broadband returns on 10 January; 111 h after 10:30 UTC on 5 January is 01:30 on the 10th.
    assert.equal(intervals('asn/9198')?.at(-1)?.end, utc('2022-01-10T06:00:00Z'));
    assert.equal(utc('2022-01-05T10:30:00Z') + 111 * 3600, utc('2022-01-10T01:30:00Z'));
    assert.equal(shutdown.end, utc('2022-01-11T03:00:00Z'));
  });

  it('cites a source or says ASSUMPTION for every script action that starts something', () => {
    const uncited = s.script.filter(
      (a) => a.action !== 'restore' && a.action !== 'blackhole' && a.cite === undefined,
    );
    assert.deepEqual(uncited, []);
  });
});
