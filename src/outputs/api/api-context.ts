/**
 * What every route reads: the options with defaults applied, the signal catalogue by name,
 * a short-lived cache of the store's series listing (a full scan on big stores), and names.
 */
import type { EntityId } from '../../model/entity.js';
import { parseEntity } from '../../model/entity.js';
import type { SignalSpec } from '../../model/signal.js';
import type { SeriesInfo, Store } from '../../store/store.js';
import { DEFAULT_LIMITS, type ApiLimits, type ApiOptions } from './api-options.js';

export interface ApiContext {
  readonly options: ApiOptions;
  readonly store: Store;
  readonly limits: ApiLimits;
  readonly now: () => number;
  spec(signal: string): SignalSpec | undefined;
  /** All stored series (cached for `listingCacheSeconds`). */
  listing(): Promise<readonly SeriesInfo[]>;
  /** Forget cached listings and answers (after an ingest). */
  invalidate(): void;
  /** Called by invalidate(): the response cache registers itself here. */
  onInvalidate(listener: () => void): void;
  nameOf(entity: EntityId): string | null;
}

export function createApiContext(options: ApiOptions): ApiContext {
  const limits = { ...DEFAULT_LIMITS, ...options.limits };
  const specs = new Map(options.signals.map((spec) => [spec.name, spec]));
  let cached: { at: number; listing: Promise<readonly SeriesInfo[]> } | undefined;
  const listeners: (() => void)[] = [];
  const countries = new Intl.DisplayNames(['en'], { type: 'region', fallback: 'none' });
  return {
    options,
    store: options.store,
    limits,
    now: options.clock,
    spec: (signal) => specs.get(signal),
    listing() {
      const now = options.clock();
      if (cached === undefined || now - cached.at >= limits.listingCacheSeconds) {
        const listing = options.store.listSeries();
        cached = { at: now, listing };
        // A failed listing must not stay cached.
        listing.catch(() => {
          if (cached?.listing === listing) cached = undefined;
        });
      }
      return cached.listing;
    },
    invalidate() {
      cached = undefined;
      for (const listener of listeners) listener();
    },
    onInvalidate(listener) {
      listeners.push(listener);
    },
    nameOf(id) {
      const entity = parseEntity(id);
      if (entity.kind === 'country') return countryName(countries, entity.code);
      if (entity.kind === 'asn') return options.asName?.(entity.asn) ?? null;
      return null;
    },
  };
}

function countryName(names: Intl.DisplayNames, code: string): string | null {
  try {
    return names.of(code) ?? null;
  } catch {
    return null;
  }
}
