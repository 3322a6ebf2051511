import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createSimilarDaysBaseline, createWeekMedianBaseline } from './baseline-candidates.js';
import { createSeasonalBaseline } from './baseline-profile.js';
import { DEFAULT_DETECT_OPTIONS } from './score-options.js';

const STEP = 300;
const WEEK = 7 * 86400;

describe('baseline candidates', () => {
  it('week median: the median of the same bin in the previous weeks, unlearnt bins left out', () => {
    const b = createWeekMedianBaseline(STEP);
    for (let w = 0; w < 3; w++) {
      b.advance(w * WEEK);
      if (w !== 1) b.learn(10 + w * 10); // week 1 was anomalous: nothing learnt
    }
    assert.equal(b.profileAt(3 * WEEK), 20); // median of 10 and 30
    assert.ok(Number.isNaN(b.profileAt(3 * WEEK + STEP)));
  });

  it('similar days: a steady series gives its own level', () => {
    const b = createSimilarDaysBaseline(STEP);
    for (let t = 0; t < 10 * 86400; t += STEP) {
      b.advance(t);
      b.learn(100);
    }
    b.advance(10 * 86400);
    assert.equal(b.profileAt(10 * 86400), 100);
  });

  it('profile: falls back to the daily slots until two weekly samples exist, then uses them', () => {
    const b = createSeasonalBaseline(STEP, DEFAULT_DETECT_OPTIONS);
    const weekend = (t: number) => Math.floor(t / 86400 + 4) % 7 >= 5; // Sat, Sun
    for (let t = 0; t < 3 * WEEK; t += STEP) {
      b.advance(t);
      b.learn(weekend(t) ? 50 : 100);
    }
    b.advance(3 * WEEK);
    // 1970-01-22 is a Thursday (100); 1970-01-24 a Saturday (50).
    assert.ok(Math.abs(b.profileAt(3 * WEEK + 12 * 3600) - 100) < 1e-6);
    assert.ok(Math.abs(b.profileAt(3 * WEEK + 2 * 86400 + 12 * 3600) - 50) < 1e-6);
  });
});
