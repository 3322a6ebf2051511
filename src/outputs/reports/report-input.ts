/**
 * What an incident report is built from: the event, one series per signal of the event's
 * location, what is known about the affected networks, and an optional cost range (the impact
 * module computes it; a report without one says "not available"). The builders are pure: the
 * command reads the store and the clock and hands everything in.
 */
import type { AccessType } from '../../model/access.js';
import type { EntityId } from '../../model/entity.js';
import type { OutageEvent } from '../../model/event.js';
import type { EpochSeconds } from '../../model/time.js';

/** One signal of the event's location, binned at `step`, null where the bin is unknown. */
export interface ReportSeries {
  readonly signal: string;
  readonly unit: string;
  readonly description: string;
  readonly step: number;
  /** Start of the first bin. */
  readonly from: EpochSeconds;
  readonly values: readonly (number | null)[];
}

/** A cost range, in the currency named, as the impact module publishes it. */
export interface ReportCost {
  readonly low: number;
  readonly high: number;
  readonly currency: string;
  /** One line on how it was computed (formula name, inputs), shown under the range. */
  readonly basis?: string;
}

export interface ReportNetwork {
  readonly name: string;
  readonly access: AccessType;
}

export interface ReportInput {
  readonly event: OutageEvent;
  readonly series: readonly ReportSeries[];
  /** Null (or absent) when no cost estimate is available. */
  readonly cost?: ReportCost | null;
  /** Names and access types of affected ASNs, by number; unknown ones print bare. */
  readonly networks?: ReadonlyMap<number, ReportNetwork>;
  /** When the report was generated (printed in its footer). */
  readonly generatedAt: EpochSeconds;
}

export type { EntityId };
