/**
 * What the alert dispatcher has already said, kept in the store's checkpoint table under
 * `alerts:ledger` (so it lives wherever the events live, needs no extra file, and survives
 * restarts): a snapshot per event of the version last alerted on, and per sink the keys of
 * the messages it accepted. Bounded: old snapshots and keys are dropped.
 */
import { NightlightError, messageOf } from '../../model/failure.js';
import type { EpochSeconds } from '../../model/time.js';
import type { Store } from '../../store/store.js';
import type { EventSnapshot } from './diff-events.js';

export const LEDGER_SOURCE = 'alerts:ledger';
/** Keys remembered per sink: far more than one run can send. */
const KEYS_PER_SINK = 5000;

export interface AlertLedger {
  readonly events: Record<string, EventSnapshot>;
  readonly delivered: Record<string, string[]>;
}

export async function loadLedger(store: Store): Promise<AlertLedger | undefined> {
  const checkpoint = await store.getCheckpoint(LEDGER_SOURCE);
  if (checkpoint === undefined) return undefined;
  const position = checkpoint.position as Partial<AlertLedger> | null;
  if (typeof position !== 'object' || position === null)
    throw new NightlightError(
      'bad_input',
      `Cannot read alert ledger ${LEDGER_SOURCE}: not an object`,
    );
  return { events: { ...position.events }, delivered: { ...position.delivered } };
}

export async function saveLedger(
  store: Store,
  ledger: AlertLedger,
  now: EpochSeconds,
): Promise<void> {
  const delivered = Object.fromEntries(
    Object.entries(ledger.delivered).map(([sink, keys]) => [sink, keys.slice(-KEYS_PER_SINK)]),
  );
  try {
    await store.putCheckpoint({
      source: LEDGER_SOURCE,
      position: { events: ledger.events, delivered },
      updatedAt: now,
    });
  } catch (error) {
    throw new NightlightError(
      'store_unavailable',
      `Cannot save alert ledger: ${messageOf(error)}`,
      { cause: error },
    );
  }
}

/** Drops snapshots of events that ended before `before`: they can no longer change. */
export function pruneLedger(ledger: AlertLedger, before: EpochSeconds): void {
  for (const [id, snapshot] of Object.entries(ledger.events))
    if (snapshot.end !== null && snapshot.end < before) delete ledger.events[id];
}
