/**
 * Fusion: evidence items (classified anomalies of every signal, source and entity) → one
 * draft event per incident. Items of one country and one class (connectivity or application)
 * that overlap in time, or follow each other within `mergeGapSeconds`, form one incident. An
 * incident is split at the edges of its core (the worst moments: widest scope, broadest access,
 * cut rather than reduced) when the lead-in or the tail around it is typed differently
 * (mobile throttling, then a nationwide blackout):
 * an open event keeps its type and id, and a later escalation opens a new event that names
 * the earlier one (`precededBy`). The rules and their reasons: docs/design/0008-event-fusion.md.
 * Pure.
 */
import type { EpochSeconds } from '../model/time.js';
import {
  DEFAULT_CLASSIFY_OPTIONS,
  type ClassifyOptions,
  type EvidenceItem,
  type RoutingView,
} from './classify.js';
import type { EntityContext } from './entity-context.js';
import { buildDraft, type DraftEvent } from './fuse-event.js';
import { SCOPE_RANK, typeActive, type Typing } from './fuse-typing.js';

export interface FusionOptions extends ClassifyOptions {
  /** Items further apart than this are separate incidents. */
  readonly mergeGapSeconds: number;
  /** Share of a country's network weight (or of one access type's) that makes a cut nationwide. */
  readonly nationwideShare: number;
  /** A lead-in or tail shorter than this stays in the core event. */
  readonly minPhaseSeconds: number;
}

export const DEFAULT_FUSION_OPTIONS: FusionOptions = {
  ...DEFAULT_CLASSIFY_OPTIONS,
  mergeGapSeconds: 6 * 3600,
  nationwideShare: 0.5,
  minPhaseSeconds: 3600,
};

export interface FusionInput {
  readonly items: readonly EvidenceItem[];
  readonly context: EntityContext;
  /** Whether routing was seen normal for an entity meanwhile (blackhole vs unknown). */
  readonly routing: RoutingView;
  /** The detection clock: open intervals count up to here. */
  readonly now: EpochSeconds;
  readonly options?: Partial<FusionOptions>;
}

export const endOf = (item: { end: EpochSeconds | null }): number => item.end ?? Infinity;

export function fuseEvidence(input: FusionInput): DraftEvent[] {
  const options = { ...DEFAULT_FUSION_OPTIONS, ...input.options };
  const groups = new Map<string, EvidenceItem[]>();
  for (const item of input.items) {
    const key = `${item.country ?? item.entity}|${item.class}`;
    let list = groups.get(key);
    if (list === undefined) groups.set(key, (list = []));
    list.push(item);
  }
  const drafts: DraftEvent[] = [];
  for (const key of [...groups.keys()].sort()) {
    const items = groups.get(key)!;
    for (const incident of clusters(items, options.mergeGapSeconds)) {
      for (const phase of phases(incident, input.context, options)) {
        const draft = buildDraft(phase, input, options);
        if (phase.escalates && drafts.length > 0) draft.precededBy = drafts[drafts.length - 1]!;
        drafts.push(draft);
      }
    }
  }
  return drafts;
}

/** Items sorted by start, cut wherever the gap to everything before exceeds `gap`. */
function clusters(items: readonly EvidenceItem[], gap: number): EvidenceItem[][] {
  const sorted = [...items].sort((a, b) => a.start - b.start || endOf(a) - endOf(b));
  const found: EvidenceItem[][] = [];
  let current: EvidenceItem[] = [];
  let reach = -Infinity;
  for (const item of sorted) {
    if (current.length > 0 && item.start > reach + gap) {
      found.push(current);
      current = [];
    }
    current.push(item);
    reach = Math.max(current.length === 1 ? -Infinity : reach, endOf(item));
  }
  if (current.length > 0) found.push(current);
  return found;
}

export interface Phase {
  readonly items: readonly EvidenceItem[];
  readonly from: EpochSeconds;
  readonly to: EpochSeconds;
  /** Typing of each elementary interval (the stretches between item edges). */
  readonly typings: readonly Typing[];
  /** This phase follows a differently typed phase of the same incident. */
  readonly escalates: boolean;
}

/** Splits an incident at the edges of its nationwide core when lead-in or tail differ. */
function phases(
  items: readonly EvidenceItem[],
  context: EntityContext,
  options: FusionOptions,
): Phase[] {
  const from = Math.min(...items.map((i) => i.start));
  const to = Math.max(...items.map(endOf));
  const edges = [...new Set(items.flatMap((i) => [i.start, endOf(i)]))].sort((a, b) => a - b);
  const stretches: { from: number; to: number; typing: Typing }[] = [];
  for (let k = 0; k + 1 < edges.length; k++) {
    const [a, b] = [edges[k]!, edges[k + 1]!];
    const active = items.filter((i) => i.start <= a && endOf(i) >= b);
    if (active.length > 0)
      stretches.push({ from: a, to: b, typing: typeActive(active, context, options) });
  }
  const peak = peakOf(stretches, options.minPhaseSeconds);
  const core = stretches.filter((s) => rankOf(s.typing) === peak);
  const whole = (f: number, t: number, escalates: boolean): Phase => ({
    items: clip(items, f, t),
    from: f,
    to: t,
    typings: stretches.filter((s) => s.from >= f && s.to <= t).map((s) => s.typing),
    escalates,
  });
  // Application incidents are one campaign however the blocked apps change; only
  // connectivity incidents escalate from one kind of cut to another.
  if (core.length === 0 || items[0]!.class === 'application') return [whole(from, to, false)];
  const coreFrom = core[0]!.from;
  const coreTo = core[core.length - 1]!.to;
  const coreKind = kindOf(core.map((s) => s.typing));
  // A lead-in or tail is its own event only when it is typed differently: another access
  // type, or throttling where the core is a cut. Networks going dark one after another
  // within the same kind of cut stay one event.
  const differs = (f: number, t: number) => {
    const part = stretches.filter((s) => s.from >= f && s.to <= t).map((s) => s.typing);
    return t - f >= options.minPhaseSeconds && part.length > 0 && kindOf(part) !== coreKind;
  };
  const result: Phase[] = [];
  const splitLead = coreFrom > from && differs(from, coreFrom);
  const splitTail = coreTo < to && differs(coreTo, to);
  if (splitLead) result.push(whole(from, coreFrom, false));
  result.push(whole(splitLead ? coreFrom : from, splitTail ? coreTo : to, splitLead));
  if (splitTail) result.push(whole(coreTo, to, true));
  return result;
}

/** Scope, then breadth of access, then cut over reduced: the ordering of how bad a moment is. */
function rankOf(typing: Typing): number {
  const breadth = typing.access === 'both' ? 2 : typing.access === 'unknown' ? 0 : 1;
  return SCOPE_RANK[typing.scope] * 6 + breadth * 2 + (typing.reduced ? 0 : 1);
}

/** The worst rank held for at least `minSeconds` in all (shorter blips do not define a core). */
function peakOf(
  stretches: readonly { from: number; to: number; typing: Typing }[],
  minSeconds: number,
) {
  const held = new Map<number, number>();
  for (const s of stretches) {
    const rank = rankOf(s.typing);
    held.set(rank, (held.get(rank) ?? 0) + (s.to - s.from));
  }
  const long = [...held].filter(([, seconds]) => seconds >= minSeconds).map(([rank]) => rank);
  return long.length > 0 ? Math.max(...long) : Math.max(...held.keys());
}

/** Access types and whether service was only reduced, over a run of stretches. */
function kindOf(typings: readonly Typing[]): string {
  const access = [...new Set(typings.map((t) => t.access))].sort().join('+');
  return `${access}|${typings.every((t) => t.reduced)}`;
}

/** Items cut to [from, to); an item reaching `to` keeps its own end (open stays open). */
function clip(items: readonly EvidenceItem[], from: number, to: number): EvidenceItem[] {
  return items
    .filter((i) => i.start < to && endOf(i) > from)
    .map((i) => ({
      ...i,
      start: Math.max(i.start, from),
      end: endOf(i) <= to ? i.end : to === Infinity ? null : to,
    }));
}
