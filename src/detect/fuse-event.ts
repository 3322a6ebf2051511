/**
 * One phase of an incident → a draft event (an OutageEvent still without its id): each
 * affected entity's own intervals (the gaps between them are its partial restorations) and
 * hours of outage, mechanisms and layers from the evidence, depth, severity, and a confidence
 * that rises with every independent (layer, source) pair that agrees. Pure.
 */
import type { EntityId } from '../model/entity.js';
import type {
  AffectedEntity,
  EventEvidence,
  EventLayer,
  EventMechanism,
  Interval,
  OutageEvent,
} from '../model/event.js';
import { layerOfMechanism, mechanismOf, type EvidenceItem } from './classify.js';
import { asnOf } from './entity-context.js';
import type { FusionInput, FusionOptions, Phase } from './fuse.js';
import { SCOPE_RANK } from './fuse-typing.js';
import { accessOf } from './fuse-typing.js';

export type DraftEvent = Omit<OutageEvent, 'id' | 'precededBy'> & {
  /** `outage` or `apps`: the part of the id that tells incidents of one place apart. */
  kind: 'outage' | 'apps';
  precededBy?: DraftEvent;
};

const MECHANISM_ORDER: readonly EventMechanism[] = [
  'routes-withdrawn',
  'blackhole-routes-up',
  'throttling',
  'dns-tampering',
  'tcp-blocking',
  'tls-sni-blocking',
  'http-blocking',
  'unknown',
];
const LAYER_ORDER: readonly EventLayer[] = ['routing', 'reachability', 'application'];
/** What one independent (layer, source) pair adds to confidence, by its strongest anomaly. */
const AGREEMENT = { warning: 0.5, critical: 0.7 } as const;

export function buildDraft(phase: Phase, input: FusionInput, options: FusionOptions): DraftEvent {
  const { items } = phase;
  const now = input.now;
  const first = items[0]!;
  const location: EntityId = first.country === null ? first.entity : `country/${first.country}`;
  const mechanisms = new Map<EventMechanism, number>();
  const layers = new Set<EventLayer>();
  for (const item of items) {
    const end = item.end ?? now;
    const routing =
      item.layer === 'reachability' ? input.routing(item.entity, item.start, end) : null;
    const mechanism = mechanismOf(item, routing, options);
    // How much this item shows its mechanism: what was lost, over how long.
    const weight = (1 - item.level) * Math.max(0, end - item.start);
    mechanisms.set(mechanism, (mechanisms.get(mechanism) ?? 0) + weight);
    layers.add(layerOfMechanism(mechanism, item));
  }
  if (mechanisms.size > 1) mechanisms.delete('unknown');
  const affected = affectedOf(items, now);
  const scope = phase.typings.reduce(
    (best, t) => (SCOPE_RANK[t.scope] > SCOPE_RANK[best] ? t.scope : best),
    phase.typings[0]?.scope ?? 'single-network',
  );
  const depth = depthOf(items, location, input);
  const start = Math.min(...items.map((i) => i.start));
  const open = items.some((i) => i.end === null);
  return {
    kind: first.class === 'application' ? 'apps' : 'outage',
    start,
    end: open ? null : Math.max(...items.map((i) => i.end!)),
    scope,
    access: accessOfPhase(items, input, options),
    layers: LAYER_ORDER.filter((l) => layers.has(l)),
    mechanisms: mechanismsOf(mechanisms, first.class === 'application'),
    location,
    affected,
    apps: [...new Set(items.flatMap((i) => (i.subject === null ? [] : [i.subject])))].sort(),
    depth,
    severity:
      scope === 'nationwide' && depth < options.downLevel
        ? 'critical'
        : scope === 'nationwide' || depth < 0.5
          ? 'major'
          : 'minor',
    confidence: confidenceOf(items),
    signals: [...new Set(items.map((i) => i.signal))].sort(),
    updatedAt: now,
    evidence: evidenceOf(items),
  };
}

/**
 * Connectivity mechanisms in their fixed order (routing, then reachability). Blocking methods
 * by how much of the event each shows, the main one first: an app blocked by TLS SNI on every
 * network and by DNS on one small one is a TLS SNI block first.
 */
function mechanismsOf(weights: ReadonlyMap<EventMechanism, number>, application: boolean) {
  const ordered = MECHANISM_ORDER.filter((m) => weights.has(m));
  if (!application) return ordered;
  return ordered.sort((a, b) => weights.get(b)! - weights.get(a)!);
}

function accessOfPhase(items: readonly EvidenceItem[], input: FusionInput, options: FusionOptions) {
  const networks = [];
  const slices = new Set<'mobile' | 'fixed'>();
  let countryLevel = Infinity;
  for (const item of items) {
    const asn = asnOf(item.entity);
    const network = asn === null ? undefined : input.context.network(asn);
    if (network !== undefined) networks.push(network);
    else if (item.access !== null) slices.add(item.access);
    else if (item.class === 'connectivity' && item.entity.startsWith('country/'))
      countryLevel = Math.min(countryLevel, item.level);
  }
  return accessOf(networks, slices, countryLevel, options.downLevel);
}

/**
 * A routing level at or above this leaves part of the entity's routes announced: traffic can
 * still flow, so where traffic is measured it, not the routing level, says when service
 * stopped. (A prefix count can halve while the address space stays up.)
 */
const PARTIAL_WITHDRAWAL_LEVEL = 0.1;

/** Per entity: merged intervals, lowest level, hours and hours weighted by what was lost. */
function affectedOf(items: readonly EvidenceItem[], now: number): AffectedEntity[] {
  const byEntity = new Map<EntityId, EvidenceItem[]>();
  for (const item of items) {
    let list = byEntity.get(item.entity);
    if (list === undefined) byEntity.set(item.entity, (list = []));
    list.push(item);
  }
  return [...byEntity.keys()].sort().map((entity) => {
    const all = byEntity.get(entity)!;
    // A partial withdrawal (most routes still up) types the mechanism but does not say when the
    // entity was cut: when its traffic or reachability was measured, those say when service
    // was gone, so service back with the withdrawn prefixes still missing is a restoration.
    const measured = all.some((i) => i.class === 'connectivity' && i.layer !== 'routing');
    const own = all
      .filter((i) => !(measured && i.layer === 'routing' && i.level >= PARTIAL_WITHDRAWAL_LEVEL))
      .sort((a, b) => a.start - b.start);
    const merged: { start: number; end: number | null; level: number }[] = [];
    for (const item of own) {
      const last = merged[merged.length - 1];
      if (last !== undefined && (last.end === null || item.start <= last.end)) {
        last.end = last.end === null || item.end === null ? null : Math.max(last.end, item.end);
        last.level = Math.min(last.level, item.level);
      } else merged.push({ start: item.start, end: item.end, level: item.level });
    }
    let hours = 0;
    let effective = 0;
    for (const m of merged) {
      const h = Math.max(0, (m.end ?? now) - m.start) / 3600;
      hours += h;
      effective += h * (1 - m.level);
    }
    const intervals: Interval[] = merged.map((m) => ({ start: m.start, end: m.end }));
    return {
      entity,
      intervals,
      depth: round(Math.min(...merged.map((m) => m.level))),
      outageHours: round(hours),
      effectiveHours: round(effective),
    };
  });
}

/**
 * The location's own level when it has a series; otherwise the affected networks' levels
 * averaged by their weight (an undescribed network weighs 1).
 */
function depthOf(items: readonly EvidenceItem[], location: EntityId, input: FusionInput): number {
  const own = items.filter((i) => i.entity === location);
  if (own.length > 0) return round(Math.min(...own.map((i) => i.level)));
  const levels = new Map<EntityId, number>();
  for (const i of items) levels.set(i.entity, Math.min(levels.get(i.entity) ?? 1, i.level));
  let weight = 0;
  let total = 0;
  for (const [entity, level] of levels) {
    const asn = asnOf(entity);
    const w = (asn === null ? undefined : input.context.network(asn)?.weight) ?? 1;
    weight += w;
    total += w * level;
  }
  return round(weight > 0 ? total / weight : 1);
}

/** 1 − Π(1 − cᵢ) over independent (layer, source) pairs, cᵢ by the pair's strongest anomaly. */
function confidenceOf(items: readonly EvidenceItem[]): number {
  const pairs = new Map<string, number>();
  for (const i of items) {
    const key = `${i.layer}|${i.source}`;
    pairs.set(key, Math.max(pairs.get(key) ?? 0, AGREEMENT[i.severity]));
  }
  let doubt = 1;
  for (const c of pairs.values()) doubt *= 1 - c;
  return round(1 - doubt);
}

function evidenceOf(items: readonly EvidenceItem[]): EventEvidence[] {
  const found = new Map<string, { item: EvidenceItem; entities: Set<EntityId>; depth: number }>();
  for (const i of items) {
    const key = `${i.signal}|${i.source}`;
    const e = found.get(key) ?? { item: i, entities: new Set<EntityId>(), depth: 1 };
    e.entities.add(i.entity);
    e.depth = Math.min(e.depth, i.level);
    found.set(key, e);
  }
  return [...found.keys()].sort().map((key) => {
    const e = found.get(key)!;
    return {
      signal: e.item.signal,
      source: e.item.source,
      layer: e.item.layer,
      entities: e.entities.size,
      depth: round(e.depth),
    };
  });
}

function round(value: number): number {
  return Math.round(value * 1e4) / 1e4;
}
