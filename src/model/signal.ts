/**
 * Signals: one time series per (entity, signal name, source), binned at the signal's cadence.
 * A point carries its coverage so that "no data" is a state of its own, never a zero.
 */
import type { EntityId } from './entity.js';
import type { EventLayer, EventMechanism } from './event.js';
import type { EpochSeconds } from './time.js';

/**
 * One binned value. `source` names the input it came from (a collector instance, a log
 * source, an imported file), so that re-writing the same source and bin replaces the point
 * instead of adding to it.
 */
export interface SignalPoint {
  readonly entity: EntityId;
  readonly signal: string;
  readonly source: string;
  /** Start of the bin, aligned to the signal's step. */
  readonly bin: EpochSeconds;
  /** The measured value, or null when the bin could not be measured (unknown, not zero). */
  readonly value: number | null;
  /** Share of the bin's expected input actually seen, 0…1: 1 is a full bin, 0 is no data. */
  readonly coverage: number;
}

/** How points of several sources (or finer bins) combine into one. */
export type Combine = 'sum' | 'mean' | 'max' | 'min';

/** What a bin without a point means for this signal. */
export type MissingSample =
  /** Nothing known: the collector may have been down (BGP, probing, telescope). */
  | 'unknown'
  /**
   * Zero events happened, where the same source reported other entities in that bin (so it
   * was running): counts of a collector that reports every entity it saw (logs, telescope).
   */
  | 'zero';

/**
 * Which departure from the baseline is evidence of an outage: a drop (traffic, visible
 * prefixes), a rise (the blocked share of OONI tests), or none (context only: shares, bounds,
 * spoofed sources).
 */
export type Evidence = 'drop' | 'rise' | 'none';

/** The statistical shape of the noise, which anomaly scoring reads to set its thresholds. */
export type NoiseModel = 'poisson' | 'gaussian' | 'binomial';

/**
 * What a signal source declares about each signal it emits. Shared code reads these
 * properties and never branches on which collector produced a series.
 */
export interface SignalSpec {
  readonly name: string;
  readonly description: string;
  readonly unit: string;
  readonly stepSeconds: number;
  readonly combine: Combine;
  readonly missing: MissingSample;
  readonly noise: NoiseModel;
  /** Below this baseline volume a drop is not scored (too few samples to tell). */
  readonly minVolume: number;
  /**
   * The layer an anomaly of this signal is evidence about: routing (prefixes visible in
   * BGP), reachability (packets still arrive: traffic, telescope, probing) or application
   * (a service blocked). Fusion types events from this, never from the signal's name.
   */
  readonly layer: EventLayer;
  readonly evidence: Evidence;
  /**
   * What an application-layer signal is about (`whatsapp`, `web`); when absent, fusion reads
   * the `<source>.<subject>[.mobile|.fixed].<metric>` naming convention of the OONI signals.
   */
  readonly subject?: string;
  /** The access slice a country-level signal covers, when it covers only one. */
  readonly access?: 'mobile' | 'fixed';
  /** The blocking mechanism an anomaly of this signal shows (e.g. a DNS-failure share). */
  readonly mechanism?: EventMechanism;
}

/** A series as read back from a store: parallel columns, NaN where the value is unknown. */
export interface SeriesColumns {
  readonly entity: EntityId;
  readonly signal: string;
  readonly source: string;
  readonly bins: Float64Array;
  readonly values: Float64Array;
  readonly coverage: Float32Array;
}

/** One bin of a series combined across sources and re-binned to a coarser step. */
export interface AggregatePoint {
  readonly bin: EpochSeconds;
  readonly value: number | null;
  readonly coverage: number;
  /** How many stored points went into this bin. */
  readonly points: number;
}

/**
 * Many points in columns, as collectors that emit every signal for many entities per bin
 * produce them: row i is (entities[i], bins[i], coverage[i]) and `values[s][i]` is the value
 * of `signals[s]` there, NaN when unknown. It stands for the points (row by row, signal by
 * signal, in that order) and is written without an object per point.
 */
export interface PointColumns {
  readonly source: string;
  readonly signals: readonly string[];
  readonly entities: readonly EntityId[];
  readonly bins: Float64Array;
  readonly coverage: Float64Array;
  /** One column per signal, each as long as `entities`. */
  readonly values: readonly Float64Array[];
}
