import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { iodaAnomaliesOf, iodaScoreSeries } from './ioda-method.js';
import { BinState } from './score-state.js';

const STEP = 300;
const DAY = 86400;

/** A flat series at 100 with a cut to `level` over [from, to) days. */
function flat(days: number, from: number, to: number, level: number) {
  const values = new Float64Array((days * DAY) / STEP).fill(100);
  values.fill(100 * level, (from * DAY) / STEP, (to * DAY) / STEP);
  return { start: 0, step: STEP, values };
}

describe('IODA method', () => {
  it('is silent during the 1 h warm-up and below a baseline of 20', () => {
    const scored = iodaScoreSeries(flat(1, 0, 0, 1), 'probing');
    assert.equal(scored.state[11], BinState.unknown);
    assert.equal(scored.state[12], BinState.normal);
    const low = iodaScoreSeries(
      { start: 0, step: STEP, values: new Float64Array(100).fill(19) },
      'probing',
    );
    assert.ok(low.state.every((s) => s === BinState.unknown));
  });

  it('applies the telescope thresholds: 20% of normal is a warning, 5% critical', () => {
    const warning = iodaScoreSeries(flat(9, 8, 8.5, 0.2), 'telescope');
    assert.equal(warning.state[(8 * DAY) / STEP], BinState.warning);
    const critical = iodaScoreSeries(flat(9, 8, 8.5, 0.05), 'telescope');
    assert.equal(critical.state[(8 * DAY) / STEP], BinState.critical);
    assert.equal(
      iodaScoreSeries(flat(9, 8, 8.5, 0.3), 'telescope').state[(8 * DAY) / STEP],
      BinState.normal,
    );
  });

  it('inpaints for 7 days only: a 14-day outage becomes the new normal before its end', () => {
    const scored = iodaScoreSeries(flat(30, 8, 22, 0.3), 'probing');
    const found = iodaAnomaliesOf('country/KZ', 'x', scored);
    assert.equal(found.length, 1);
    assert.equal(found[0]!.start, 8 * DAY);
    // Inpainting stops at day 15; half of the 7-day window is outage after 3.5 more days.
    assert.ok(
      found[0]!.end! > 18 * DAY && found[0]!.end! < 19 * DAY,
      `end ${found[0]!.end! / DAY}`,
    );
  });

  it('closes an event at the next normal bin, across unknown bins', () => {
    const series = flat(9, 8, 8.5, 0.1);
    series.values.fill(NaN, (8.5 * DAY) / STEP, (8.625 * DAY) / STEP);
    const found = iodaAnomaliesOf('country/KZ', 'x', iodaScoreSeries(series, 'probing'));
    assert.equal(found.length, 1);
    assert.equal(found[0]!.end, 8.625 * DAY);
  });
});
