/**
 * How a series-level case is described: effects that scale the cells of the synthetic world
 * over an interval (a cut, a throttle, a holiday, a ramp), gaps where a source's series are
 * unknown, and the events it expects. The generator turns a description into series.
 */
import type { ExpectedEvent } from '../../model/ground-truth.js';

export interface CellEffect {
  /** Networks affected (all when absent). */
  readonly asns?: readonly number[];
  /** Regions affected (all when absent). */
  readonly regions?: readonly string[];
  /** Days from the case start, [from, to). */
  readonly from: number;
  readonly to: number;
  /** Multipliers of normal; 1 when absent. */
  readonly requests?: number;
  readonly ips?: number;
  readonly darknet?: number;
  readonly bgp?: number;
  /** Blocked share of OONI WhatsApp tests while the effect lasts. */
  readonly whatsappBlocked?: number;
  /** Reach the multipliers linearly over [from, to) and hold them after: a slow decline. */
  readonly ramp?: boolean;
}

export interface UnknownGap {
  /** Signal-name prefix, e.g. `darknet.` for the whole telescope. */
  readonly signalPrefix: string;
  readonly from: number;
  readonly to: number;
}

export interface SeriesCaseSpec {
  readonly name: string;
  readonly description: string;
  readonly days: number;
  readonly effects: readonly CellEffect[];
  readonly gaps?: readonly UnknownGap[];
  /** Diurnal amplitude per ASN, overriding the world's. */
  readonly diurnal?: Readonly<Record<number, number>>;
  /** Expected events with times in days from the case start (converted on generation). */
  readonly expected: readonly ExpectedEvent[];
}
