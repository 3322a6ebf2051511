/**
 * The seasonal baseline behind Nightlight's detector: an hour-of-week profile (168 slots) and
 * an hour-of-day profile (24 slots, the warm-up fallback), each slot an exponentially weighted
 * mean of the hourly means of the bins the detector judged normal. Bins inside an anomaly never
 * enter it, with no time limit, so an outage never becomes the new normal. Between slot
 * centres the profile is interpolated linearly, so a 5-minute bin on the evening ramp gets its
 * own expectation. State is 2 × 192 numbers: O(1) per bin, bounded memory. Pure.
 */
import type { DetectOptions } from './score-options.js';

const HOUR = 3600;
const WEEK_HOURS = 168;
const DAY_HOURS = 24;
const WEEK = WEEK_HOURS * HOUR;

export interface SeasonalBaseline {
  /** Expected value for the bin starting at `bin` (before level and coverage), NaN in warm-up. */
  profileAt(bin: number): number;
  /** Call once per bin, in order, before learn: closes the previous hour into the profiles. */
  advance(bin: number): void;
  /** Adds a normal bin's value, already divided by the level factor and the coverage. */
  learn(value: number): void;
  /** Multiplies the whole profile: a re-based permanent level shift. */
  scale(factor: number): void;
}

export function createSeasonalBaseline(
  stepSeconds: number,
  options: DetectOptions,
): SeasonalBaseline {
  const weekly = new Float64Array(WEEK_HOURS);
  const weeklyN = new Uint8Array(WEEK_HOURS);
  const daily = new Float64Array(DAY_HOURS);
  const dailyN = new Uint8Array(DAY_HOURS);
  const binsPerHour = Math.max(1, HOUR / stepSeconds);
  const weekAlpha = 1 / options.historyWeeks;
  const dayAlpha = 1 / options.historyDays;
  const minWeeks = options.minWeeks;
  const half = stepSeconds / 2;
  let hour = -1;
  let sum = 0;
  let count = 0;

  const update = (
    values: Float64Array,
    counts: Uint8Array,
    slot: number,
    mean: number,
    alpha: number,
  ) => {
    const n = counts[slot]!;
    // The first samples are averaged plainly, later ones weighted 1/N: a running mean that
    // turns into an N-period memory.
    const weight = Math.max(1 / (n + 1), alpha) * Math.min(1, count / binsPerHour);
    values[slot] = n === 0 ? mean : values[slot]! + weight * (mean - values[slot]!);
    if (n < 255) counts[slot] = n + 1;
  };

  const flush = () => {
    if (count === 0) return;
    const mean = sum / count;
    update(weekly, weeklyN, hour % WEEK_HOURS, mean, weekAlpha);
    update(daily, dailyN, hour % DAY_HOURS, mean, dayAlpha);
  };

  const slotValue = (slot: number): number => {
    if (weeklyN[slot]! >= minWeeks) return weekly[slot]!;
    const d = slot % DAY_HOURS;
    return dailyN[d]! > 0 ? daily[d]! : NaN;
  };

  return {
    profileAt(bin) {
      let u = ((bin + half) % WEEK) / HOUR - 0.5;
      if (u < 0) u += WEEK_HOURS;
      const h0 = Math.floor(u);
      const f = u - h0;
      const a = slotValue(h0);
      const b = slotValue(h0 + 1 === WEEK_HOURS ? 0 : h0 + 1);
      // Both neighbours or nothing: one stale slot on a diurnal ramp is a false drop.
      return a + f * (b - a);
    },
    advance(bin) {
      const h = Math.floor(bin / HOUR);
      if (h === hour) return;
      flush();
      hour = h;
      sum = 0;
      count = 0;
    },
    learn(value) {
      sum += value;
      count++;
    },
    scale(factor) {
      for (let i = 0; i < WEEK_HOURS; i++) weekly[i]! *= factor;
      for (let i = 0; i < DAY_HOURS; i++) daily[i]! *= factor;
      sum *= factor;
    },
  };
}
