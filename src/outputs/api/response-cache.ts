/**
 * A short-lived cache of successful public GET answers, keyed by the full URL. Signals are
 * 5-minute bins and events change at most once a minute, while one DuckDB connection answers
 * one query at a time: a few seconds of caching turns a burst of identical dashboard
 * requests into one store query. Bounded (oldest entries evicted), emptied by every ingest,
 * and announced to clients and proxies with Cache-Control.
 */
import type { MiddlewareHandler } from 'hono';

interface Entry {
  readonly at: number;
  readonly status: number;
  readonly headers: [string, string][];
  readonly body: ArrayBuffer;
}

export interface ResponseCache {
  readonly middleware: MiddlewareHandler;
  clear(): void;
}

export function createResponseCache(options: {
  readonly seconds: number;
  readonly maxEntries: number;
  /** Milliseconds. */
  readonly now: () => number;
}): ResponseCache {
  const entries = new Map<string, Entry>();
  const ttl = options.seconds * 1000;
  const middleware: MiddlewareHandler = async (c, next) => {
    if (ttl <= 0 || c.req.method !== 'GET') return next();
    const key = c.req.url;
    const hit = entries.get(key);
    if (hit !== undefined && options.now() - hit.at < ttl) {
      c.res = new Response(hit.body, { status: hit.status, headers: hit.headers });
      return;
    }
    await next();
    if (c.res.status !== 200) return;
    c.res.headers.set('cache-control', `public, max-age=${options.seconds}`);
    const body = await c.res.clone().arrayBuffer();
    entries.delete(key);
    entries.set(key, { at: options.now(), status: 200, headers: [...c.res.headers], body });
    if (entries.size > options.maxEntries) entries.delete(entries.keys().next().value!);
  };
  return {
    middleware,
    clear() {
      entries.clear();
    },
  };
}
