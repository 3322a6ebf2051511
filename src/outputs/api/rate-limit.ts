/**
 * Rate limiting per client address with a token bucket: `burst` requests at once, refilled
 * at `perSecond`. Buckets are kept in a map bounded by evicting the oldest entries, so a
 * flood of spoofed addresses cannot grow memory without bound. Answers 429 with Retry-After.
 */
import type { MiddlewareHandler } from 'hono';
import { ApiError } from './api-error.js';

const MAX_CLIENTS = 10_000;

export interface RateLimitOptions {
  readonly burst: number;
  readonly perSecond: number;
  /** Milliseconds, monotonic enough for refills. */
  readonly now: () => number;
  readonly clientOf: (c: Parameters<MiddlewareHandler>[0]) => string;
}

export function createRateLimit(options: RateLimitOptions): MiddlewareHandler {
  const { burst, perSecond, now, clientOf } = options;
  const buckets = new Map<string, { tokens: number; at: number }>();
  return async (c, next) => {
    if (burst <= 0) return next();
    const client = clientOf(c);
    const time = now();
    const bucket = buckets.get(client) ?? { tokens: burst, at: time };
    bucket.tokens = Math.min(burst, bucket.tokens + ((time - bucket.at) / 1000) * perSecond);
    bucket.at = time;
    // Re-insert so the map's order is least-recently-seen first.
    buckets.delete(client);
    buckets.set(client, bucket);
    if (buckets.size > MAX_CLIENTS) buckets.delete(buckets.keys().next().value!);
    if (bucket.tokens < 1) {
      c.header('Retry-After', String(Math.ceil((1 - bucket.tokens) / perSecond)));
      throw new ApiError(
        429,
        'rate_limited',
        `Too many requests: at most ${perSecond} per second with bursts of ${burst}`,
      );
    }
    bucket.tokens -= 1;
    return next();
  };
}
