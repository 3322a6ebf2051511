/** Anomalies: one signal of one entity departing from its baseline for an interval. */
import type { EntityId } from './entity.js';
import type { EpochSeconds } from './time.js';

export type AnomalyLevel = 'warning' | 'critical';

export interface Anomaly {
  readonly entity: EntityId;
  readonly signal: string;
  readonly start: EpochSeconds;
  /** Exclusive end, or null while ongoing. */
  readonly end: EpochSeconds | null;
  readonly level: AnomalyLevel;
  /** Expected and observed values at the deepest point. */
  readonly baseline: number;
  readonly observed: number;
  /** observed / baseline at the deepest point (0.05 is "5% of normal"). */
  readonly ratio: number;
  /** Relative drop integrated over time, in minutes (IODA's score, for comparison). */
  readonly score: number;
}
