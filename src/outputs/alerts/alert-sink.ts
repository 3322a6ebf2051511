/**
 * The alert sink contract: one message in, one delivery outcome out. Sinks (webhook, Slack,
 * Matrix) are factories returning this shape; the dispatcher never asks which kind it has.
 */
import type { AlertMessage } from './alert-change.js';
import type { DeliveryOutcome } from './post-with-retry.js';

export interface AlertSink {
  /** Stable name: the ledger records deliveries per sink name. */
  readonly name: string;
  deliver(message: AlertMessage): Promise<DeliveryOutcome>;
}
