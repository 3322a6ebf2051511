/**
 * One HTTP delivery with retries and exponential back-off: network failures, 429 and 5xx are
 * retried (base, 2×base, 4×base … capped); other 4xx are final (the receiver refused the
 * message; retrying would not help). Time and fetch are parameters, so tests need no waits
 * they cannot control.
 */
import { messageOf } from '../../model/failure.js';

export interface RetryOptions {
  /** Attempts in all, including the first. */
  readonly attempts: number;
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
  readonly timeoutMs: number;
  readonly sleep: (ms: number) => Promise<void>;
  readonly fetch: typeof globalThis.fetch;
  /** Called before each retry, for metrics and logs. */
  readonly onRetry?: (attempt: number, reason: string) => void;
}

export const DEFAULT_RETRY: Omit<RetryOptions, 'fetch' | 'sleep'> = {
  attempts: 5,
  baseDelayMs: 500,
  maxDelayMs: 30_000,
  timeoutMs: 10_000,
};

export type DeliveryOutcome =
  | { readonly ok: true; readonly status: number; readonly attempts: number }
  | {
      readonly ok: false;
      readonly retryable: boolean;
      readonly reason: string;
      readonly attempts: number;
    };

export async function postWithRetry(
  url: string,
  init: () => RequestInit,
  options: RetryOptions,
): Promise<DeliveryOutcome> {
  let reason = '';
  for (let attempt = 1; attempt <= options.attempts; attempt++) {
    if (attempt > 1) {
      options.onRetry?.(attempt, reason);
      await options.sleep(Math.min(options.maxDelayMs, options.baseDelayMs * 2 ** (attempt - 2)));
    }
    try {
      const response = await options.fetch(url, {
        ...init(),
        signal: AbortSignal.timeout(options.timeoutMs),
      });
      await response.body?.cancel();
      if (response.ok) return { ok: true, status: response.status, attempts: attempt };
      reason = `HTTP ${response.status}`;
      if (response.status !== 429 && response.status < 500)
        return { ok: false, retryable: false, reason, attempts: attempt };
    } catch (error) {
      reason = messageOf(error);
    }
  }
  return { ok: false, retryable: true, reason, attempts: options.attempts };
}
