/**
 * The vocabulary of alerts: what changed about an event, and the message built from it.
 * Types only.
 */
import type { EntityId } from '../../model/entity.js';
import type { OutageEvent } from '../../model/event.js';
import type { EpochSeconds } from '../../model/time.js';

export type AlertChangeKind = 'opened' | 'deepened' | 'spread' | 'restored' | 'closed';

export interface AlertChange {
  readonly kind: AlertChangeKind;
  /**
   * Deduplication key, derived from the facts only (event id, change, and what changed), so
   * the same change found again after a restart or a failed delivery has the same key.
   */
  readonly key: string;
  /** Entities newly affected (spread) or restored (restored). */
  readonly entities: readonly EntityId[];
  /** Depth before a deepening, for "now 2% of normal (was 20%)". */
  readonly previousDepth: number | null;
  /** When the change happened (event start, restoration, end) or was seen (deepened). */
  readonly at: EpochSeconds;
}

export interface AlertMessage {
  readonly key: string;
  readonly kind: AlertChangeKind;
  readonly title: string;
  readonly text: string;
  readonly at: EpochSeconds;
  readonly event: OutageEvent;
}
