/**
 * How busy a network's users are at a moment: a daily curve by local hour (interpolated) times
 * a weekly factor, per access type, normalised so that a day averages 1. Defaults follow the
 * usual shape of residential traffic (trough around 04–05 local, evening peak; mobile flatter
 * by day, fixed higher in the evening; weekends a little busier at home). Pure.
 */
import type { Scenario, TrafficShape } from './scenario-schema.js';

const DEFAULT_MOBILE: TrafficShape = {
  hourly: [
    0.45, 0.3, 0.2, 0.15, 0.13, 0.15, 0.3, 0.6, 0.85, 1, 1.05, 1.1, 1.15, 1.1, 1.1, 1.1, 1.15, 1.2,
    1.3, 1.4, 1.5, 1.5, 1.25, 0.8,
  ],
  weekly: [1, 1, 1, 1, 1.02, 1.03, 0.98],
};
const DEFAULT_FIXED: TrafficShape = {
  hourly: [
    0.55, 0.35, 0.22, 0.16, 0.14, 0.15, 0.25, 0.45, 0.65, 0.8, 0.9, 0.95, 1, 1, 1, 1.05, 1.1, 1.2,
    1.4, 1.6, 1.75, 1.75, 1.45, 0.95,
  ],
  weekly: [0.97, 0.97, 0.97, 0.97, 0.98, 1.06, 1.08],
};

export interface ShapeFunction {
  /** Relative activity (a day averages about 1) at UTC time t for a given local UTC offset. */
  (t: number, utcOffsetHours: number): number;
}

function compile(shape: TrafficShape): ShapeFunction {
  const hourlyMean = shape.hourly.reduce((a, b) => a + b, 0) / 24;
  const weeklyMean = shape.weekly.reduce((a, b) => a + b, 0) / 7;
  return (t, offset) => {
    const local = t + offset * 3600;
    const hours = (((local / 3600) % 24) + 24) % 24;
    const h = Math.floor(hours);
    const frac = hours - h;
    const value = shape.hourly[h]! * (1 - frac) + shape.hourly[(h + 1) % 24]! * frac;
    // 1970-01-01 was a Thursday: day 0 → index 3 (Monday = 0).
    const day = (Math.floor(local / 86400) + 3) % 7;
    return (value / hourlyMean) * (shape.weekly[day]! / weeklyMean);
  };
}

export function createShapes(s: Scenario): { mobile: ShapeFunction; fixed: ShapeFunction } {
  return {
    mobile: compile(s.traffic.mobile ?? DEFAULT_MOBILE),
    fixed: compile(s.traffic.fixed ?? DEFAULT_FIXED),
  };
}
