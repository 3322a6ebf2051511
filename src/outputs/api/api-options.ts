/**
 * What `createApi` is built from: the store, the signal catalogue, a clock, the ingest token,
 * limits, and optional hooks for modules that land later (impact, cost). Every default lives
 * here so docs/api.md can quote one place.
 */
import type { OutageEvent } from '../../model/event.js';
import type { SignalSpec } from '../../model/signal.js';
import type { EpochSeconds } from '../../model/time.js';
import type { Store } from '../../store/store.js';
import type { ApiLogger } from './api-error.js';

export interface ApiLimits {
  /** Longest time range one request may read. */
  readonly maxRangeSeconds: number;
  /** Most bins one series may return (range / step). */
  readonly maxPoints: number;
  /** Most signals one request may read. */
  readonly maxSignals: number;
  /** Default and largest page of events and entities. */
  readonly defaultLimit: number;
  readonly maxLimit: number;
  /** Largest request body (ingest). */
  readonly maxBodyBytes: number;
  /** Largest URL (path and query), to refuse oversized parameters early. */
  readonly maxUrlBytes: number;
  /** Token bucket per client IP: burst size and refill per second; 0 turns limiting off. */
  readonly rateBurst: number;
  readonly ratePerSecond: number;
  /** How long entity and series listings are cached, in seconds (ingest clears the cache). */
  readonly listingCacheSeconds: number;
  /** How long successful public GET answers are cached, in seconds; 0 turns it off. */
  readonly responseCacheSeconds: number;
}

export const DEFAULT_LIMITS: ApiLimits = {
  maxRangeSeconds: 400 * 86400,
  maxPoints: 20_000,
  maxSignals: 20,
  defaultLimit: 100,
  maxLimit: 1000,
  maxBodyBytes: 8 * 1024 * 1024,
  maxUrlBytes: 4096,
  rateBurst: 120,
  ratePerSecond: 20,
  listingCacheSeconds: 30,
  responseCacheSeconds: 10,
};

export interface CostQuery {
  /** ISO 3166-1 alpha-2 code. */
  readonly country: string;
  readonly hours: number;
  readonly type: 'nationwide' | 'mobile' | 'app';
}

export interface ApiOptions {
  readonly store: Store;
  /** Signal catalogue: unit, step and combine rule of each signal. */
  readonly signals: readonly SignalSpec[];
  /** Current time, epoch seconds (tests pass a fixed clock). */
  readonly clock: () => EpochSeconds;
  /** Bearer token for ingest and admin endpoints; absent or empty disables them (403). */
  readonly auth?: { readonly token?: string | undefined };
  readonly limits?: Partial<ApiLimits>;
  /** Name of an AS (from the geo layer's AS directory), or null when unknown. */
  readonly asName?: (asn: number) => string | null;
  /** Impact of an event (src/impact, connected when it lands); `impact: null` without it. */
  readonly impact?: (event: OutageEvent) => unknown;
  /** Cost what-if (src/impact); GET /api/v1/cost answers 501 without it. */
  readonly cost?: (query: CostQuery) => unknown;
  /** Directory of the built dashboard (index.html and assets); null to serve no dashboard. */
  readonly webRoot?: string | null;
  /** Client address for rate limiting; the default reads the socket's remote address. */
  readonly clientIp?: (request: Request, remote: string | undefined) => string;
  readonly log?: ApiLogger;
  /** Base URL used in Atom feed links, e.g. https://nightlight.example.org. */
  readonly publicUrl?: string;
}
