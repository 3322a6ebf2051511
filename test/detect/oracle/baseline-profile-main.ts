/**
 * The seasonal baseline behind Nightlight's detector: a slot-of-week profile and a
 * slot-of-day profile (the warm-up fallback), each slot an exponentially weighted mean of the
 * slot means of the bins the detector judged normal. Slots are half an hour (or one bin, for
 * coarser series). Bins inside an anomaly never enter the profile, with no time limit, so an
 * outage never becomes the new normal. Between slot centres the profile is interpolated
 * linearly, so a 5-minute bin on the evening ramp gets its own expectation. State is 384
 * float32 numbers at 5-minute steps: O(1) per bin, bounded memory. Pure.
 */
import type { DetectOptions } from '../../../src/detect/score-options.js';

const WEEK = 7 * 86400;
const DAY = 86400;
// Half-hour slots: hourly ones, interpolated linearly, overshoot the trough of a very
// diurnal network by a third (the curvature of the night); half-hour ones by about a tenth.
const SLOT = 1800;

export interface SeasonalBaseline {
  /** Expected value for the bin starting at `bin` (before level and coverage), NaN in warm-up. */
  profileAt(bin: number): number;
  /** Call once per bin, in order, before learn: closes the previous slot into the profiles. */
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
  const slotSeconds = Math.max(SLOT, stepSeconds);
  const weekSlots = Math.max(1, Math.round(WEEK / slotSeconds));
  const daySlots = Math.max(1, Math.round(DAY / slotSeconds));
  const weekly = new Float32Array(weekSlots);
  const weeklyN = new Uint8Array(weekSlots);
  const daily = new Float32Array(daySlots);
  const dailyN = new Uint8Array(daySlots);
  const binsPerSlot = slotSeconds / stepSeconds;
  const weekAlpha = 1 / options.historyWeeks;
  const dayAlpha = 1 / options.historyDays;
  const minWeeks = options.minWeeks;
  const half = stepSeconds / 2;
  let current = -1;
  const total = new Float64Array(1); // a double closure variable would be boxed per update
  let count = 0;

  const update = (
    values: Float32Array,
    counts: Uint8Array,
    slot: number,
    mean: number,
    alpha: number,
  ) => {
    const n = counts[slot]!;
    // The first samples are averaged plainly, later ones weighted 1/N: a running mean that
    // turns into an N-period memory. A slot seen only in part weighs in part.
    const weight = Math.max(1 / (n + 1), alpha) * Math.min(1, count / binsPerSlot);
    values[slot] = n === 0 ? mean : values[slot]! + weight * (mean - values[slot]!);
    if (n < 255) counts[slot] = n + 1;
  };

  const flush = () => {
    if (count === 0) return;
    const mean = total[0]! / count;
    update(weekly, weeklyN, current % weekSlots, mean, weekAlpha);
    update(daily, dailyN, current % daySlots, mean, dayAlpha);
  };

  const slotValue = (slot: number): number => {
    if (weeklyN[slot]! >= minWeeks) return weekly[slot]!;
    const d = slot % daySlots;
    return dailyN[d]! > 0 ? daily[d]! : NaN;
  };

  return {
    profileAt(bin) {
      const centre = bin + half;
      // Not `%`: floating-point modulo is a libm call, several times slower than this.
      let u = (centre - Math.floor(centre / WEEK) * WEEK) / slotSeconds - 0.5;
      if (u < 0) u += weekSlots;
      const h0 = Math.floor(u);
      const f = u - h0;
      const a = slotValue(h0);
      const b = slotValue(h0 + 1 === weekSlots ? 0 : h0 + 1);
      // Both neighbours or nothing: one stale slot on a diurnal ramp is a false drop.
      return a + f * (b - a);
    },
    advance(bin) {
      const slot = Math.floor(bin / slotSeconds);
      if (slot === current) return;
      flush();
      current = slot;
      total[0] = 0;
      count = 0;
    },
    learn(value) {
      total[0]! += value;
      count++;
    },
    scale(factor) {
      for (let i = 0; i < weekSlots; i++) weekly[i]! *= factor;
      for (let i = 0; i < daySlots; i++) daily[i]! *= factor;
      total[0]! *= factor;
    },
  };
}
