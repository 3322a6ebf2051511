/**
 * The baselines Nightlight compared its seasonal profile against on the accuracy harness
 * (docs/design/0007): (b) the median of the same bin of the week over the last 4 weeks, and
 * (a) Cloudflare Radar's rule, the median of the 6 days among the last 28 most similar to the
 * last complete day, at the same time of day. Both keep raw bins (NaN where the detector
 * judged a bin anomalous, so outages stay out of them too): 4 weeks of 5-minute bins, 32 KB
 * per series, ten times the profile's state. Pure.
 */
import type { SeasonalBaseline } from './baseline-profile.js';

const DAY = 86400;
const WEEK = 7 * DAY;

/** (b) Same time of the week, median of the last `weeks` weeks. */
export function createWeekMedianBaseline(stepSeconds: number, weeks = 4): SeasonalBaseline {
  const perWeek = Math.round(WEEK / stepSeconds);
  // One week more than read, so the oldest week read is not the slot being written.
  const ring = new Float32Array(perWeek * (weeks + 1)).fill(NaN);
  const scratch = new Float64Array(weeks);
  let index = -1;
  let bin0 = 0;
  return {
    profileAt(bin) {
      const at = Math.floor(bin / stepSeconds);
      let n = 0;
      for (let w = 1; w <= weeks; w++) {
        const i = at - w * perWeek;
        if (i < 0) break;
        const v = ring[i % ring.length]!;
        if (v === v) scratch[n++] = v;
      }
      if (n < 2) return NaN;
      return medianOf(scratch, n);
    },
    advance(bin) {
      bin0 = bin;
      index = Math.floor(bin0 / stepSeconds) % ring.length;
      ring[index] = NaN;
    },
    learn(value) {
      ring[index] = value;
    },
    scale(factor) {
      for (let i = 0; i < ring.length; i++) ring[i]! *= factor;
    },
  };
}

/** (a) Cloudflare Radar-like: median over the 6 days most similar to yesterday, of 28. */
export function createSimilarDaysBaseline(
  stepSeconds: number,
  days = 28,
  pick = 6,
): SeasonalBaseline {
  const perDay = Math.round(DAY / stepSeconds);
  const ring = new Float32Array(perDay * (days + 1)).fill(NaN);
  const chosen: number[] = [];
  const scratch = new Float64Array(pick);
  let index = -1;
  let day = -1;

  /** Days ago (1…days) of the `pick` days closest to yesterday in hourly shape and level. */
  const choose = (today: number) => {
    chosen.length = 0;
    const perHour = Math.max(1, Math.round(3600 / stepSeconds));
    const hourly = (d: number) => {
      const out = new Float64Array(Math.ceil(perDay / perHour));
      const base = ((((today - d) % (days + 1)) + days + 1) % (days + 1)) * perDay;
      for (let h = 0; h < out.length; h++) {
        let s = 0;
        let n = 0;
        for (let k = h * perHour; k < Math.min(perDay, (h + 1) * perHour); k++) {
          const v = ring[base + k]!;
          if (v === v) {
            s += v;
            n++;
          }
        }
        out[h] = n > 0 ? s / n : NaN;
      }
      return out;
    };
    const yesterday = hourly(1);
    const scores: [number, number][] = [];
    for (let d = 2; d <= days; d++) {
      const other = hourly(d);
      let sum = 0;
      let n = 0;
      for (let h = 0; h < other.length; h++) {
        const a = yesterday[h]!;
        const b = other[h]!;
        if (a === a && b === b && a + b > 0) {
          sum += ((a - b) / (a + b)) ** 2;
          n++;
        }
      }
      if (n >= other.length / 2) scores.push([sum / n, d]);
    }
    scores.sort((x, y) => x[0] - y[0]);
    // Yesterday itself is a candidate too: the most similar day to itself.
    if (yesterday.some((v) => v === v)) chosen.push(1);
    for (const [, d] of scores.slice(0, pick - chosen.length)) chosen.push(d);
  };

  return {
    profileAt(bin) {
      const at = Math.floor(bin / stepSeconds);
      let n = 0;
      for (const d of chosen) {
        const i = at - d * perDay;
        if (i < 0) continue;
        const v = ring[i % ring.length]!;
        if (v === v) scratch[n++] = v;
      }
      if (n < 2) return NaN;
      return medianOf(scratch, n);
    },
    advance(bin) {
      const at = Math.floor(bin / stepSeconds);
      const today = Math.floor(bin / DAY);
      if (today !== day) {
        day = today;
        choose(today);
      }
      index = at % ring.length;
      ring[index] = NaN;
    },
    learn(value) {
      ring[index] = value;
    },
    scale(factor) {
      for (let i = 0; i < ring.length; i++) ring[i]! *= factor;
    },
  };
}

function medianOf(values: Float64Array, n: number): number {
  const sorted = Array.from(values.subarray(0, n)).sort((a, b) => a - b);
  const mid = n >> 1;
  return n % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}
