/**
 * A small network's counts: a few requests a bin. The detector judges them over the summed
 * bins of its smoothing window, and anomaliesOf places the edges of a cut at the most likely
 * change points, so cuts and the partial restoration between them are found within minutes.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { SignalSpec } from '../model/signal.js';
import { createRng } from '../scenario/rng.js';
import { anomaliesOf } from './anomalies.js';
import { BinState, scoreSeries } from './score-series.js';

const STEP = 300;
const DAY = 86400;
const START = 1_640_995_200;

const spec: SignalSpec = {
  name: 'traffic.requests',
  description: '',
  unit: 'requests',
  stepSeconds: STEP,
  combine: 'sum',
  missing: 'zero',
  noise: 'poisson',
  minVolume: 50,
  layer: 'reachability',
  evidence: 'drop',
};

/** Poisson counts around `mean` per bin, with a mild daily shape; cuts leave 2%. */
function sparse(days: number, mean: number, seed: number, cuts: [number, number][]) {
  const random = createRng(seed);
  const values = new Float64Array((days * DAY) / STEP);
  for (let i = 0; i < values.length; i++) {
    const t = i * STEP;
    const hour = (t % DAY) / 3600;
    let m = mean * (0.8 + 0.2 * Math.cos((2 * Math.PI * (hour - 12)) / 24));
    if (cuts.some(([from, to]) => t >= from && t < to)) m *= 0.02;
    values[i] = random.poisson(m);
  }
  return { start: START, step: STEP, values };
}

describe('a sparse count series (a few requests a bin)', () => {
  const day = 22 * DAY;
  const cuts: [number, number][] = [
    [day + 10.5 * 3600, day + 27 * 3600],
    [day + 30.5 * 3600, day + 40 * 3600],
  ];
  // About 5–8 requests a bin: the minimum volume (50) is met over the hour, never in one bin. (A
  // sparser night is unknown, and a cut across it is found as two.)
  const series = sparse(26, 8, 7, cuts);
  const scored = scoreSeries(series, spec);

  it('is judged over summed bins instead of being unknown below the minimum volume', () => {
    const inCut = (day + 15 * 3600) / STEP;
    assert.equal(scored.state[inCut], BinState.critical);
    const normal = (day - 3 * DAY + 14 * 3600) / STEP;
    assert.equal(scored.state[normal], BinState.normal);
  });

  it('finds both cuts and the restoration between them, edges within 15 minutes', () => {
    const found = anomaliesOf('asn/50482', spec.name, scored, spec).filter(
      (a) => a.start >= START + day,
    );
    assert.equal(found.length, 2, JSON.stringify(found));
    for (const [k, [from, to]] of cuts.entries()) {
      assert.ok(Math.abs(found[k]!.start - (START + from)) <= 900, `start ${k}`);
      assert.ok(Math.abs(found[k]!.end! - (START + to)) <= 900, `end ${k}`);
    }
  });

  it('raises nothing in the weeks without a cut', () => {
    const quiet = anomaliesOf('asn/50482', spec.name, scored, spec).filter(
      (a) => a.start < START + day,
    );
    assert.deepEqual(quiet, []);
  });
});
