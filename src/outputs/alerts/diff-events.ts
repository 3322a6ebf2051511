/**
 * What changed between the version of an event last alerted on (a small snapshot) and its
 * new version from the store: opened, deepened, spread, restored (partial restoration of an
 * affected entity) and closed. Pure; keys are derived from facts so the same change always
 * has the same key.
 */
import type { EntityId } from '../../model/entity.js';
import type { OutageEvent } from '../../model/event.js';
import type { EpochSeconds } from '../../model/time.js';
import type { AlertChange } from './alert-change.js';

/** What the dispatcher remembers of an event: enough to tell what changed. */
export interface EventSnapshot {
  readonly id: string;
  readonly start: EpochSeconds;
  readonly end: EpochSeconds | null;
  readonly depth: number;
  /** Affected entity → whether its last interval is still open. */
  readonly affected: Readonly<Record<EntityId, boolean>>;
  /** When a deepening was last alerted (for the debounce), or null. */
  readonly deepenedAt: EpochSeconds | null;
}

export interface DiffOptions {
  /** A drop of depth by at least this much (absolute share of normal) is a deepening. */
  readonly deepenBy: number;
  /** At most one deepening alert per event within this many seconds. */
  readonly debounceSeconds: number;
  readonly now: EpochSeconds;
}

export const DEFAULT_DIFF: Omit<DiffOptions, 'now'> = { deepenBy: 0.1, debounceSeconds: 1800 };

export function snapshotOf(event: OutageEvent, deepenedAt: EpochSeconds | null): EventSnapshot {
  return {
    id: event.id,
    start: event.start,
    end: event.end,
    depth: event.depth,
    affected: Object.fromEntries(
      event.affected.map((a) => [a.entity, a.intervals.at(-1)?.end === null]),
    ),
    deepenedAt,
  };
}

export function diffEvent(
  previous: EventSnapshot | undefined,
  next: OutageEvent,
  options: DiffOptions,
): AlertChange[] {
  const change = (
    kind: AlertChange['kind'],
    key: string,
    at: EpochSeconds,
    entities: readonly EntityId[] = [],
    previousDepth: number | null = null,
  ): AlertChange => ({ kind, key: `${next.id}:${key}`, at, entities, previousDepth });

  if (previous === undefined) {
    if (next.end !== null) return [change('closed', `closed:${next.end}`, next.end)];
    return [change('opened', `opened:${next.start}`, next.start)];
  }
  const changes: AlertChange[] = [];
  // An event closed earlier and ongoing again is a new opening of the same incident.
  if (previous.end !== null && next.end === null)
    changes.push(change('opened', `reopened:${previous.end}`, options.now));
  if (next.end === null) {
    const added = next.affected.map((a) => a.entity).filter((e) => !(e in previous.affected));
    if (added.length > 0)
      changes.push(change('spread', `spread:${added.join('+')}`, options.now, added));
    const restored = next.affected.filter((a) => {
      const last = a.intervals.at(-1);
      return previous.affected[a.entity] === true && last !== undefined && last.end !== null;
    });
    if (restored.length > 0) {
      const at = Math.max(...restored.map((a) => a.intervals.at(-1)!.end!));
      changes.push(
        change(
          'restored',
          `restored:${restored.map((a) => `${a.entity}@${a.intervals.at(-1)!.end}`).join('+')}`,
          at,
          restored.map((a) => a.entity),
        ),
      );
    }
    const debounced =
      previous.deepenedAt !== null && options.now - previous.deepenedAt < options.debounceSeconds;
    if (previous.depth - next.depth >= options.deepenBy - 1e-9 && !debounced)
      changes.push(
        change(
          'deepened',
          `deepened:${Math.round(next.depth * 1000)}`,
          options.now,
          [],
          previous.depth,
        ),
      );
  }
  if (previous.end === null && next.end !== null)
    changes.push(change('closed', `closed:${next.end}`, next.end));
  return changes;
}
