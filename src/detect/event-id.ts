/**
 * Stable event ids, and the hand-over between detection runs. An id is derived from the
 * event's location, start bin and kind (`KZ-20220105T1030Z-outage`); a new run that finds an
 * event overlapping a previous one of the same place and kind keeps the previous id (and its
 * earlier start, when the run's window no longer reaches back to it), so an ongoing event is
 * updated in place. A previous open event the run no longer sees is closed at the last end
 * it knew. Pure.
 */
import { parseEntity, type EntityId } from '../model/entity.js';
import type { OutageEvent } from '../model/event.js';
import type { EpochSeconds } from '../model/time.js';
import type { DraftEvent } from './fuse-event.js';

export function eventId(location: EntityId, start: EpochSeconds, kind: 'outage' | 'apps'): string {
  const entity = parseEntity(location);
  const place = entity.kind === 'asn' ? `AS${entity.asn}` : entity.code;
  const time = new Date(start * 1000).toISOString();
  const compact = `${time.slice(0, 4)}${time.slice(5, 7)}${time.slice(8, 10)}T${time.slice(11, 13)}${time.slice(14, 16)}Z`;
  return `${place}-${compact}-${kind}`;
}

export function kindOfEvent(event: Pick<OutageEvent, 'layers' | 'apps'>): 'outage' | 'apps' {
  return event.apps.length > 0 || (event.layers.length === 1 && event.layers[0] === 'application')
    ? 'apps'
    : 'outage';
}

const overlaps = (
  a: { start: number; end: number | null },
  b: { start: number; end: number | null },
) => a.start <= (b.end ?? Infinity) && b.start <= (a.end ?? Infinity);

export interface Reconciled {
  readonly events: OutageEvent[];
  /** Previous open events no longer seen, closed by this run. */
  readonly closed: OutageEvent[];
}

/**
 * Gives each draft its id, reusing a matching previous event's; closes previous open events
 * of the run's window that nothing matched. `from` is where the run's window starts.
 */
export function reconcileEvents(
  drafts: readonly DraftEvent[],
  previous: readonly OutageEvent[],
  window: { from: EpochSeconds; now: EpochSeconds },
): Reconciled {
  const used = new Set<string>();
  const ids = new Map<DraftEvent, string>();
  const events: OutageEvent[] = [];
  for (const draft of drafts) {
    const match = previous.find(
      (p) =>
        !used.has(p.id) &&
        p.location === draft.location &&
        kindOfEvent(p) === draft.kind &&
        overlaps(p, draft),
    );
    let id = match?.id ?? eventId(draft.location, draft.start, draft.kind);
    while (used.has(id)) id = `${id}-2`;
    used.add(id);
    ids.set(draft, id);
    const before = draft.precededBy === undefined ? undefined : ids.get(draft.precededBy);
    const { kind, precededBy, ...rest } = draft;
    void kind;
    void precededBy;
    events.push({
      ...rest,
      id,
      start: match !== undefined && match.start < window.from ? match.start : draft.start,
      ...(before === undefined ? {} : { precededBy: before }),
    });
  }
  const closed = previous
    .filter((p) => p.end === null && !used.has(p.id) && p.start < window.now)
    .map((p) => closeEvent(p, window.now));
  return { events, closed };
}

/** Closes an event at the last end it knew (its latest closed interval, or its update time). */
export function closeEvent(event: OutageEvent, now: EpochSeconds): OutageEvent {
  let last = event.start;
  for (const a of event.affected)
    for (const i of a.intervals) last = Math.max(last, i.end ?? event.updatedAt);
  const end = Math.max(last, event.start);
  return {
    ...event,
    end,
    affected: event.affected.map((a) => ({
      ...a,
      intervals: a.intervals.map((i) => (i.end === null ? { start: i.start, end } : i)),
    })),
    updatedAt: now,
  };
}
