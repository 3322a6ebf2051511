/**
 * Classification of single anomalies before fusion: each becomes an evidence item with its
 * country, its class (connectivity or application), its level as a share of normal and the
 * mechanism it points at. Everything is read from the signal's declared `layer`, `evidence`,
 * `subject`, `access` and `mechanism`, never from which collector made it. Pure; an anomaly
 * of an undeclared signal, or of a signal that is context only (evidence 'none'), is left out.
 */
import type { Anomaly, AnomalyLevel } from '../model/anomaly.js';
import type { EntityId } from '../model/entity.js';
import type { EventLayer, EventMechanism } from '../model/event.js';
import type { SignalSpec } from '../model/signal.js';
import type { EpochSeconds } from '../model/time.js';
import type { EntityContext } from './entity-context.js';

/** An anomaly as fusion sees it; `source` names the vantage point (log, collector, file). */
export type SourcedAnomaly = Anomaly & { readonly source?: string };

export type EvidenceClass = 'connectivity' | 'application';

export interface EvidenceItem {
  readonly entity: EntityId;
  readonly signal: string;
  readonly source: string;
  readonly layer: EventLayer;
  readonly class: EvidenceClass;
  /** The country the entity belongs to, or null when the context does not know it. */
  readonly country: string | null;
  readonly start: EpochSeconds;
  readonly end: EpochSeconds | null;
  /** Share of normal service left at the deepest point: 0.05 is "5% of normal". */
  readonly level: number;
  readonly severity: AnomalyLevel;
  /** For application signals: the app or service blocked (`whatsapp`, `web`). */
  readonly subject: string | null;
  /** The access slice a country-level signal covers, when it covers one. */
  readonly access: 'mobile' | 'fixed' | null;
  /** Declared by the signal (application signals that know the failure type). */
  readonly mechanism: EventMechanism | null;
}

export interface ClassifyOptions {
  /** Below this share of normal, reachability is gone, not reduced (throttling above). */
  readonly downLevel: number;
}

export const DEFAULT_CLASSIFY_OPTIONS: ClassifyOptions = { downLevel: 0.25 };

const SLICES = new Set(['mobile', 'fixed']);

/** `ooni.whatsapp.mobile.blocked_share` → subject whatsapp, slice mobile (the OONI convention). */
function conventionOf(name: string): { subject: string | null; access: 'mobile' | 'fixed' | null } {
  const parts = name.split('.');
  if (parts.length < 3) return { subject: null, access: null };
  const slice =
    parts.length >= 4 && SLICES.has(parts[2]!) ? (parts[2] as 'mobile' | 'fixed') : null;
  return { subject: parts[1]!, access: slice };
}

export function classifyAnomaly(
  anomaly: SourcedAnomaly,
  spec: SignalSpec | undefined,
  context: EntityContext,
): EvidenceItem | null {
  if (spec === undefined || spec.evidence === 'none') return null;
  const application = spec.layer === 'application';
  const convention = application ? conventionOf(spec.name) : { subject: null, access: null };
  return {
    entity: anomaly.entity,
    signal: anomaly.signal,
    source: anomaly.source ?? 'unknown',
    layer: spec.layer,
    class: application ? 'application' : 'connectivity',
    country: context.countryOf(anomaly.entity),
    start: anomaly.start,
    end: anomaly.end,
    level: levelOf(anomaly, spec),
    severity: anomaly.level,
    subject: spec.subject ?? convention.subject,
    access: spec.access ?? convention.access,
    mechanism: spec.mechanism ?? null,
  };
}

/**
 * Share of normal service left. A drop signal says it directly (observed / expected); a rise
 * signal is a blocked share, so what is left is 1 − the share (a ratio when it is no share).
 */
function levelOf(anomaly: Anomaly, spec: SignalSpec): number {
  if (spec.evidence === 'drop') return clamp01(anomaly.ratio);
  if (anomaly.observed >= 0 && anomaly.observed <= 1 && spec.unit === 'share')
    return clamp01(1 - anomaly.observed);
  return anomaly.ratio > 0 ? clamp01(1 / anomaly.ratio) : 1;
}

function clamp01(value: number): number {
  return Number.isFinite(value) ? Math.min(1, Math.max(0, value)) : 1;
}

/** Whether routing was seen normal for an entity over an interval: true, false, or null (unknown). */
export type RoutingView = (
  entity: EntityId,
  start: EpochSeconds,
  end: EpochSeconds,
) => boolean | null;

/**
 * The mechanism one connectivity item shows. Routing evidence is routes withdrawn. A
 * reachability drop to near zero is a blackhole only when routing was seen normal meanwhile
 * (otherwise the routes may have gone too: unknown); a reduction that leaves service is throttling.
 */
export function mechanismOf(
  item: EvidenceItem,
  routingNormal: boolean | null,
  options: ClassifyOptions,
): EventMechanism {
  if (item.mechanism !== null) return item.mechanism;
  if (item.class === 'application') return 'unknown';
  if (item.layer === 'routing') return 'routes-withdrawn';
  if (item.level >= options.downLevel) return 'throttling';
  return routingNormal === true ? 'blackhole-routes-up' : 'unknown';
}

/** The layer a mechanism is evidence of. */
export function layerOfMechanism(mechanism: EventMechanism, item: EvidenceItem): EventLayer {
  if (item.class === 'application') return 'application';
  return mechanism === 'routes-withdrawn' ? 'routing' : 'reachability';
}
