/**
 * The alert loop's one step: read recent events, diff each against the snapshot last alerted
 * on, build one message per change, hand it to every sink that has not accepted its key yet,
 * and record what was accepted. Never a flood: at most `maxPerRun` messages per run (the rest
 * wait for the next run), deepenings debounced, and events that ended long before they were
 * first seen recorded silently. A failed delivery leaves the snapshot as it was, so the same
 * change (same key) is found and offered again next run; sinks that already accepted it skip.
 */
import type { EntityId } from '../../model/entity.js';
import type { OutageEvent } from '../../model/event.js';
import type { EpochSeconds } from '../../model/time.js';
import type { Store } from '../../store/store.js';
import type { AlertMessage } from './alert-change.js';
import { loadLedger, pruneLedger, saveLedger, type AlertLedger } from './alert-ledger.js';
import type { AlertSink } from './alert-sink.js';
import { buildAlertText } from './alert-text.js';
import { DEFAULT_DIFF, diffEvent, snapshotOf } from './diff-events.js';

export interface AlertDispatcherOptions {
  readonly store: Store;
  readonly sinks: readonly AlertSink[];
  readonly clock: () => EpochSeconds;
  readonly nameOf: (entity: EntityId) => string | null;
  /** Events overlapping the last `windowSeconds` are examined. */
  readonly windowSeconds?: number;
  /** An event first seen after it ended more than this long ago is recorded, not announced. */
  readonly backfillSeconds?: number;
  readonly maxPerRun?: number;
  readonly deepenBy?: number;
  readonly debounceSeconds?: number;
  readonly onDelivery?: (
    sink: string,
    message: AlertMessage,
    ok: boolean,
    reason: string | null,
  ) => void;
}

export interface DispatchSummary {
  /** Messages every sink accepted in this run. */
  readonly sent: number;
  /** Messages some sink did not accept: offered again next run. */
  readonly failed: number;
  /** Changes left for the next run by the per-run cap. */
  readonly deferred: number;
  readonly silent: number;
}

export interface AlertDispatcher {
  run(): Promise<DispatchSummary>;
}

export function createAlertDispatcher(options: AlertDispatcherOptions): AlertDispatcher {
  const windowSeconds = options.windowSeconds ?? 7 * 86400;
  const backfillSeconds = options.backfillSeconds ?? 6 * 3600;
  const maxPerRun = options.maxPerRun ?? 20;
  const deepenBy = options.deepenBy ?? DEFAULT_DIFF.deepenBy;
  const debounceSeconds = options.debounceSeconds ?? DEFAULT_DIFF.debounceSeconds;
  let running: Promise<DispatchSummary> | undefined;

  async function runOnce(): Promise<DispatchSummary> {
    const { store, sinks } = options;
    const now = options.clock();
    const ledger: AlertLedger = (await loadLedger(store)) ?? { events: {}, delivered: {} };
    const delivered = new Map(sinks.map((s) => [s.name, new Set(ledger.delivered[s.name] ?? [])]));
    const events = (await store.queryEvents({ from: now - windowSeconds })).sort(
      (a, b) => a.updatedAt - b.updatedAt || a.id.localeCompare(b.id),
    );
    let sent = 0;
    let failed = 0;
    let deferred = 0;
    let silent = 0;
    for (const event of events) {
      const previous = ledger.events[event.id];
      if (previous === undefined && event.end !== null && event.end < now - backfillSeconds) {
        ledger.events[event.id] = snapshotOf(event, null);
        silent++;
        continue;
      }
      const changes = diffEvent(previous, event, { deepenBy, debounceSeconds, now });
      if (changes.length === 0) {
        if (previous !== undefined)
          ledger.events[event.id] = settle(previous.depth, event, previous.deepenedAt, false);
        continue;
      }
      if (sent + failed + changes.length > maxPerRun) {
        deferred += changes.length;
        continue;
      }
      let allAccepted = true;
      for (const change of changes) {
        const { title, text } = buildAlertText(event, change, options.nameOf, now);
        const message: AlertMessage = {
          key: change.key,
          kind: change.kind,
          title,
          text,
          at: change.at,
          event,
        };
        let accepted = true;
        for (const sink of sinks) {
          const keys = delivered.get(sink.name)!;
          if (keys.has(message.key)) continue;
          const outcome = await sink.deliver(message);
          options.onDelivery?.(sink.name, message, outcome.ok, outcome.ok ? null : outcome.reason);
          if (outcome.ok) keys.add(message.key);
          else accepted = false;
        }
        if (accepted) sent++;
        else failed++;
        allAccepted &&= accepted;
      }
      if (allAccepted) {
        const deepened = changes.some((c) => c.kind === 'deepened');
        ledger.events[event.id] = settle(
          previous?.depth ?? event.depth,
          event,
          deepened ? now : (previous?.deepenedAt ?? null),
          deepened,
        );
      }
      // Saved after each event: a crash mid-run must not resend what was already accepted.
      for (const [name, keys] of delivered) ledger.delivered[name] = [...keys];
      await saveLedger(store, ledger, now);
    }
    pruneLedger(ledger, now - windowSeconds - 86400);
    for (const [name, keys] of delivered) ledger.delivered[name] = [...keys];
    await saveLedger(store, ledger, now);
    return { sent, failed, deferred, silent };
  }

  return {
    // Overlapping runs (a slow sink and a short interval) would send the same change twice.
    run() {
      running ??= runOnce().finally(() => {
        running = undefined;
      });
      return running;
    },
  };
}

/**
 * The snapshot to keep: the depth reference is the depth last alerted on, raised when the
 * event recovers, so a slow slide of many small drops still adds up to one deepening alert.
 */
function settle(
  reference: number,
  event: OutageEvent,
  deepenedAt: EpochSeconds | null,
  deepened: boolean,
) {
  const snapshot = snapshotOf(event, deepenedAt);
  return deepened ? snapshot : { ...snapshot, depth: Math.max(reference, event.depth) };
}
