/**
 * Events: one incident, fused from anomalies of several signals and entities, typed by scope,
 * access, layer and mechanism, with every cut/restore cycle of every affected entity.
 */
import type { EntityId } from './entity.js';
import type { EpochSeconds } from './time.js';

export type EventScope = 'nationwide' | 'regional' | 'single-network';
export type EventAccess = 'mobile' | 'fixed' | 'both' | 'unknown';
export type EventLayer = 'routing' | 'reachability' | 'application';
export type EventMechanism =
  | 'routes-withdrawn'
  | 'blackhole-routes-up'
  | 'dns-tampering'
  | 'tcp-blocking'
  | 'tls-sni-blocking'
  | 'http-blocking'
  | 'throttling'
  | 'unknown';

/** An interval with no end is still open. */
export interface Interval {
  readonly start: EpochSeconds;
  readonly end: EpochSeconds | null;
}

export interface AffectedEntity {
  readonly entity: EntityId;
  /** Each cut of this entity; the gaps between them are its partial restorations. */
  readonly intervals: readonly Interval[];
  /** Lowest observed level, as a share of normal (0.05 is "5% of normal"). */
  readonly depth: number;
  /** Hours inside the intervals (an open interval counts up to the event's updatedAt). */
  readonly outageHours?: number;
  /** Hours of connectivity lost: each interval's hours times (1 − its level), so 10 h at 5% of normal is 9.5 h. */
  readonly effectiveHours?: number;
}

/** One signal of one source that took part in an event: the evidence behind its typing. */
export interface EventEvidence {
  readonly signal: string;
  readonly source: string;
  readonly layer: EventLayer;
  /** Entities whose anomalies of this signal went into the event. */
  readonly entities: number;
  /** Lowest level seen in this signal, as a share of normal. */
  readonly depth: number;
}

export interface OutageEvent {
  readonly id: string;
  readonly start: EpochSeconds;
  readonly end: EpochSeconds | null;
  readonly scope: EventScope;
  readonly access: EventAccess;
  readonly layers: readonly EventLayer[];
  readonly mechanisms: readonly EventMechanism[];
  /** The country (or region) the event is about, e.g. `country/KZ`. */
  readonly location: EntityId;
  readonly affected: readonly AffectedEntity[];
  /** Applications blocked, for application-layer events (`whatsapp`, `telegram`, …). */
  readonly apps: readonly string[];
  readonly depth: number;
  readonly severity: 'minor' | 'major' | 'critical';
  /** 0…1, higher when independent signals agree. */
  readonly confidence: number;
  /** Signals whose anomalies make up the event. */
  readonly signals: readonly string[];
  /** When this version of the event was computed. */
  readonly updatedAt: EpochSeconds;
  /** Per signal and source, what the event rests on (independent sources raise confidence). */
  readonly evidence?: readonly EventEvidence[];
  /** The event this one escalated from, e.g. mobile throttling before a nationwide blackout. */
  readonly precededBy?: string;
}

export function isOngoing(event: OutageEvent): boolean {
  return event.end === null;
}

/** Every entity the event names: its location and the affected entities. */
export function eventEntities(event: OutageEvent): EntityId[] {
  return [...new Set([event.location, ...event.affected.map((a) => a.entity)])];
}
