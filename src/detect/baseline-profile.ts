/**
 * The seasonal baseline behind Nightlight's detector: a slot-of-week profile and a
 * slot-of-day profile (the warm-up fallback), each slot an exponentially weighted mean of the
 * slot means of the bins the detector judged normal. Slots are half an hour (or one bin, for
 * coarser series). Bins inside an anomaly never enter the profile, with no time limit, so an
 * outage never becomes the new normal. Between slot centres the profile is interpolated
 * linearly, so a 5-minute bin on the evening ramp gets its own expectation. State is 384
 * float32 numbers at 5-minute steps: O(1) per bin, bounded memory. Pure.
 */
import type { DetectOptions } from './score-options.js';

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
): SeasonalProfile {
  return new SeasonalProfile(stepSeconds, options);
}

/**
 * The profile as a class rather than closures: the detector calls it once or twice per bin,
 * and V8 inlines a monomorphic method of one class but not closures made anew per series.
 */
export class SeasonalProfile implements SeasonalBaseline {
  private readonly slotSeconds: number;
  private readonly weekSlots: number;
  private readonly daySlots: number;
  private readonly weekly: Float32Array;
  private readonly weeklyN: Uint8Array;
  private readonly daily: Float32Array;
  private readonly dailyN: Uint8Array;
  private readonly binsPerSlot: number;
  private readonly weekAlpha: number;
  private readonly dayAlpha: number;
  private readonly minWeeks: number;
  private readonly half: number;
  private readonly step: number;
  private current = -1;
  /** [slotFrom, slotTo): the seconds of slot `current`, so advance need not divide. */
  private slotFrom = NaN;
  private slotTo = -Infinity;
  private total: number;
  private count = 0;
  /** Interpolation position per bin of the week, when bins fall on a grid that tiles a week. */
  private readonly grid: WeekGrid | null;
  private lastBin = NaN;
  private lastIndex = NaN;

  constructor(stepSeconds: number, options: DetectOptions) {
    // A double field must start as a double (see series-detector.ts).
    this.total = NaN;
    this.total = 0;
    this.slotSeconds = Math.max(SLOT, stepSeconds);
    this.weekSlots = Math.max(1, Math.round(WEEK / this.slotSeconds));
    this.daySlots = Math.max(1, Math.round(DAY / this.slotSeconds));
    // One buffer for the four arrays: 341,200 profiles are 341,200 allocations, not 1.4 M.
    const [w, d] = [this.weekSlots, this.daySlots];
    const buffer = new ArrayBuffer(4 * (w + d) + w + d);
    this.weekly = new Float32Array(buffer, 0, w);
    this.daily = new Float32Array(buffer, 4 * w, d);
    this.weeklyN = new Uint8Array(buffer, 4 * (w + d), w);
    this.dailyN = new Uint8Array(buffer, 4 * (w + d) + w, d);
    this.binsPerSlot = this.slotSeconds / stepSeconds;
    this.weekAlpha = 1 / options.historyWeeks;
    this.dayAlpha = 1 / options.historyDays;
    this.minWeeks = options.minWeeks;
    this.half = stepSeconds / 2;
    this.step = stepSeconds;
    this.grid = weekGrid(stepSeconds, this.slotSeconds, this.weekSlots);
  }

  profileAt(bin: number): number {
    const grid = this.grid;
    let h0: number;
    let f: number;
    if (grid !== null && bin === this.lastBin + grid.step) {
      // The next bin of a regular series: its place in the week is one more, no division.
      const k = this.lastIndex + 1 === grid.bins ? 0 : this.lastIndex + 1;
      this.lastIndex = k;
      this.lastBin = bin;
      h0 = grid.h0[k]!;
      f = grid.f[k]!;
    } else {
      const centre = bin + this.half;
      // Not `%`: floating-point modulo is a libm call, several times slower than this.
      const rem = centre - Math.floor(centre / WEEK) * WEEK;
      let u = rem / this.slotSeconds - 0.5;
      if (u < 0) u += this.weekSlots;
      h0 = Math.floor(u);
      f = u - h0;
      const k = (rem - this.half) / this.step;
      // On the grid (bin a multiple of the step): remember where, for the next bin.
      this.lastBin = grid !== null && k === Math.floor(k) && k >= 0 ? bin : NaN;
      this.lastIndex = k;
    }
    const a = this.slotValue(h0);
    const b = this.slotValue(h0 + 1 === this.weekSlots ? 0 : h0 + 1);
    // Both neighbours or nothing: one stale slot on a diurnal ramp is a false drop.
    return a + f * (b - a);
  }

  advance(bin: number): void {
    if (bin >= this.slotFrom && bin < this.slotTo) return;
    const slot = Math.floor(bin / this.slotSeconds);
    this.slotFrom = slot * this.slotSeconds;
    this.slotTo = (slot + 1) * this.slotSeconds;
    if (slot === this.current) return;
    this.flush();
    this.current = slot;
    this.total = 0;
    this.count = 0;
  }

  learn(value: number): void {
    this.total += value;
    this.count++;
  }

  scale(factor: number): void {
    for (let i = 0; i < this.weekSlots; i++) this.weekly[i]! *= factor;
    for (let i = 0; i < this.daySlots; i++) this.daily[i]! *= factor;
    this.total *= factor;
  }

  private slotValue(slot: number): number {
    if (this.weeklyN[slot]! >= this.minWeeks) return this.weekly[slot]!;
    const d = slot % this.daySlots;
    return this.dailyN[d]! > 0 ? this.daily[d]! : NaN;
  }

  private flush(): void {
    const count = this.count;
    if (count === 0) return;
    const mean = this.total / count;
    const week = this.current % this.weekSlots;
    const day = this.current % this.daySlots;
    // The first samples are averaged plainly, later ones weighted 1/N: a running mean that
    // turns into an N-period memory. A slot seen only in part weighs in part.
    const part = Math.min(1, count / this.binsPerSlot);
    const n = this.weeklyN[week]!;
    const weekly = this.weekly;
    weekly[week] =
      n === 0
        ? mean
        : weekly[week]! + Math.max(1 / (n + 1), this.weekAlpha) * part * (mean - weekly[week]!);
    if (n < 255) this.weeklyN[week] = n + 1;
    const m = this.dailyN[day]!;
    const daily = this.daily;
    daily[day] =
      m === 0
        ? mean
        : daily[day]! + Math.max(1 / (m + 1), this.dayAlpha) * part * (mean - daily[day]!);
    if (m < 255) this.dailyN[day] = m + 1;
  }
}

interface WeekGrid {
  readonly step: number;
  readonly bins: number;
  /** Left slot and interpolation weight of the k-th bin of the week. */
  readonly h0: Int32Array;
  readonly f: Float64Array;
}

const grids = new Map<string, WeekGrid | null>();

/**
 * The slot arithmetic of profileAt, done once per bin of the week (with the same operations, so
 * the same doubles) and shared by every profile of that step: 2016 entries at 5 minutes.
 */
function weekGrid(step: number, slotSeconds: number, weekSlots: number): WeekGrid | null {
  const key = `${step}/${slotSeconds}`;
  let grid = grids.get(key);
  if (grid !== undefined) return grid;
  const bins = WEEK / step;
  if (!Number.isInteger(bins) || !Number.isInteger(step)) grid = null;
  else {
    const h0 = new Int32Array(bins);
    const f = new Float64Array(bins);
    const half = step / 2;
    for (let k = 0; k < bins; k++) {
      let u = (k * step + half) / slotSeconds - 0.5;
      if (u < 0) u += weekSlots;
      h0[k] = Math.floor(u);
      f[k] = u - h0[k]!;
    }
    grid = { step, bins, h0, f };
  }
  grids.set(key, grid);
  return grid;
}
