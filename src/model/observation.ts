/**
 * Observations: what a collector extracts from one raw record, before binning into signals.
 * Each collector defines its own `kind` and payload; the common envelope lets them be logged,
 * counted and replayed alike.
 */
import type { EpochSeconds } from './time.js';

export interface Observation<Kind extends string = string, Payload = unknown> {
  readonly kind: Kind;
  /** Collector instance that saw it, e.g. `rrc00`, `web-1`, `ooni`. */
  readonly source: string;
  readonly time: EpochSeconds;
  readonly payload: Payload;
}
