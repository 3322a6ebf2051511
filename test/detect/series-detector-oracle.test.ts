/**
 * The fast series detector (src/detect/series-detector.ts, one loop over a column of bins)
 * against a copy of the implementation it replaced (test/detect/oracle/): for random series —
 * diurnal Poisson or Gaussian counts, blocked shares, cuts, throttling, long moderate drops that
 * re-base, NaN gaps, low coverage and volumes below the minimum — push() bin by bin, scoreSeries
 * over the whole column and scoreColumn over random chunks all give the old states, expected
 * values and ratios, bit for bit.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import type { SignalSpec } from '../../src/model/signal.js';
import { scoreSeries } from '../../src/detect/score-series.js';
import { BinState } from '../../src/detect/score-state.js';
import type { DetectOptions } from '../../src/detect/score-options.js';
import { createSeriesDetector } from '../../src/detect/series-detector.js';
import { createSeriesDetector as createOracle } from './oracle/series-detector-main.js';
import { createRng } from '../../src/scenario/rng.js';

const STEP = 300;
const DAY = 86400;
const START = 1_640_995_200;

const base: SignalSpec = {
  name: 'x',
  description: '',
  unit: 'count',
  stepSeconds: STEP,
  combine: 'sum',
  missing: 'unknown',
  noise: 'poisson',
  minVolume: 20,
  layer: 'reachability',
  evidence: 'drop',
};
const SPECS: SignalSpec[] = [
  base,
  { ...base, noise: 'gaussian' },
  { ...base, unit: 'share', evidence: 'rise', noise: 'gaussian', minVolume: 0 },
  { ...base, evidence: 'none' },
];

interface Case {
  seed: number;
  days: number;
  volume: number;
  spec: number;
  gaps: number;
  withCoverage: boolean;
  cuts: { day: number; days: number; level: number }[];
  baseline: DetectOptions['baseline'];
}

function seriesOf(c: Case) {
  const rng = createRng(c.seed);
  const random = () => rng.next();
  const n = (c.days * DAY) / STEP;
  const values = new Float64Array(n);
  const coverage = new Float32Array(n).fill(1);
  const rise = SPECS[c.spec]!.evidence === 'rise';
  for (let i = 0; i < n; i++) {
    const t = i * STEP;
    const hour = (t % DAY) / 3600;
    let level = 1;
    for (const cut of c.cuts)
      if (t >= cut.day * DAY && t < (cut.day + cut.days) * DAY) level = cut.level;
    if (rise) {
      values[i] = Math.min(1, Math.max(0, 0.05 + (1 - level) * 0.8 + (random() - 0.5) * 0.1));
    } else {
      const mean = c.volume * (0.55 + 0.45 * Math.cos((2 * Math.PI * (hour - 18)) / 24)) * level;
      const gauss = Math.sqrt(-2 * Math.log(random() || 1e-12)) * Math.cos(2 * Math.PI * random());
      values[i] = Math.max(0, Math.round(mean + Math.sqrt(mean) * gauss));
    }
    if (random() < c.gaps) values[i] = NaN;
    if (random() < c.gaps) {
      // a stretch of NaN, sometimes longer than maxGapSeconds
      const len = Math.floor(random() * 120);
      for (let k = 0; k < len && i + k < n; k++) values[i + k] = NaN;
    }
    if (c.withCoverage) coverage[i] = random() < 0.05 ? random() : 1;
  }
  return { values, coverage };
}

const arbitraryCase: fc.Arbitrary<Case> = fc.record({
  seed: fc.integer({ min: 1, max: 2 ** 30 }),
  days: fc.integer({ min: 1, max: 40 }),
  volume: fc.double({ min: 0.5, max: 5000, noNaN: true }),
  spec: fc.integer({ min: 0, max: SPECS.length - 1 }),
  gaps: fc.constantFrom(0, 0.001, 0.01),
  withCoverage: fc.boolean(),
  cuts: fc.array(
    fc.record({
      day: fc.integer({ min: 0, max: 40 }),
      days: fc.double({ min: 0.01, max: 20, noNaN: true }),
      level: fc.constantFrom(0, 0.02, 0.3, 0.6, 0.8),
    }),
    { maxLength: 3 },
  ),
  baseline: fc.constantFrom<DetectOptions['baseline']>(
    'profile',
    'profile',
    'profile',
    'week-median',
    'similar-days',
  ),
});

function same(a: number, b: number, what: string, i: number) {
  if (!Object.is(a, b)) assert.fail(`${what} differs at bin ${i}: ${a} (new) vs ${b} (old)`);
}

describe('series detector against the implementation it replaced', () => {
  it('gives the same states, expected values and ratios per push, per column and per chunk', () => {
    fc.assert(
      fc.property(arbitraryCase, fc.integer({ min: 1, max: 3000 }), (c, chunk) => {
        const spec = SPECS[c.spec]!;
        const { values, coverage } = seriesOf(c);
        const options = { baseline: c.baseline };
        const oracle = createOracle(spec, options);
        // push() takes coverage as a double: fed one that no Float32Array holds.
        const pushOracle = createOracle(spec, options);
        const fresh = createSeriesDetector(spec, options);
        const batch = scoreSeries(
          { start: START, step: STEP, values, ...(c.withCoverage ? { coverage } : {}) },
          spec,
          options,
        );
        const chunked = createSeriesDetector(spec, options);
        const state = new Uint8Array(values.length);
        const expected = new Float64Array(values.length);
        const ratio = new Float64Array(values.length);
        for (let at = 0; at < values.length; at += chunk) {
          const end = Math.min(values.length, at + chunk);
          chunked.scoreColumn(START + at * STEP, values.subarray(at, end), {
            state,
            expected,
            ratio,
            at,
            ...(c.withCoverage ? { coverage: coverage.subarray(at, end) } : {}),
          });
        }
        let abnormal = 0;
        for (let i = 0; i < values.length; i++) {
          const bin = START + i * STEP;
          const cov = c.withCoverage ? coverage[i]! : 1;
          const old = oracle.push(bin, values[i]!, cov);
          const double = cov === 1 ? 1 : cov * (1 + 1e-9);
          same(
            fresh.push(bin, values[i]!, double),
            pushOracle.push(bin, values[i]!, double),
            'push state',
            i,
          );
          same(fresh.expected, pushOracle.expected, 'push expected', i);
          same(fresh.ratio, pushOracle.ratio, 'push ratio', i);
          const oldRatio = old === BinState.unknown ? NaN : oracle.ratio;
          same(batch.state[i]!, old, 'column state', i);
          same(batch.expected[i]!, oracle.expected, 'column expected', i);
          same(batch.ratio[i]!, oldRatio, 'column ratio', i);
          same(state[i]!, old, 'chunk state', i);
          same(expected[i]!, oracle.expected, 'chunk expected', i);
          same(ratio[i]!, oldRatio, 'chunk ratio', i);
          if (old >= BinState.warning) abnormal++;
        }
        return abnormal >= 0;
      }),
      { numRuns: 60, seed: 6 },
    );
  });

  it('is not vacuous: the random cases include warnings, criticals and unknowns', () => {
    const c: Case = {
      seed: 3,
      days: 30,
      volume: 300,
      spec: 0,
      gaps: 0.001,
      withCoverage: true,
      cuts: [
        { day: 21, days: 1, level: 0.02 },
        { day: 25, days: 1, level: 0.6 },
      ],
      baseline: 'profile',
    };
    const { values, coverage } = seriesOf(c);
    const scored = scoreSeries({ start: START, step: STEP, values, coverage }, SPECS[0]!);
    const counts = [0, 0, 0, 0];
    for (const s of scored.state) counts[s]!++;
    assert.ok(
      counts.every((k) => k > 0),
      counts.join(' '),
    );
  });
});
