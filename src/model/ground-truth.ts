/**
 * Ground truth: what a labelled scenario says happened, written by the scenario engine and
 * read by the accuracy harness. A negative case (a collector outage, a holiday dip) expects no
 * events at all.
 */
import type { EntityId } from './entity.js';
import type { EventAccess, EventLayer, EventMechanism, EventScope, Interval } from './event.js';
import type { EpochSeconds } from './time.js';

export interface ExpectedEntity {
  readonly entity: EntityId;
  /** Each cut of this entity; the gaps between them are its restorations. */
  readonly intervals: readonly Interval[];
}

export interface ExpectedEvent {
  /** The country (or region) the event is about, e.g. `country/KZ`. */
  readonly location: EntityId;
  readonly start: EpochSeconds;
  readonly end: EpochSeconds | null;
  readonly scope: EventScope;
  readonly access: EventAccess;
  readonly layers: readonly EventLayer[];
  readonly mechanisms: readonly EventMechanism[];
  /** Applications blocked, for application-layer events. */
  readonly apps: readonly string[];
  readonly affected: readonly ExpectedEntity[];
}

export interface LabelledCase {
  /** Stable name, e.g. `kz-2022`, `collector-outage`. */
  readonly name: string;
  readonly description: string;
  /** The time range detection should cover. */
  readonly from: EpochSeconds;
  readonly to: EpochSeconds;
  readonly expected: readonly ExpectedEvent[];
}
