/**
 * The HTTP API as a Hono app: `createApi(options)` wires middleware (request id, security
 * headers, CORS for reads, URL size limit, rate limit, metrics) and the routes, and serves
 * the OpenAPI document at /openapi.json. No I/O of its own beyond the store it is given and
 * the dashboard files, so tests run it in-process (app.request) or behind a real socket.
 */
import { getConnInfo } from '@hono/node-server/conninfo';
import { OpenAPIHono } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { cors } from 'hono/cors';
import { requestId } from 'hono/request-id';
import { secureHeaders } from 'hono/secure-headers';
import { routePath } from 'hono/route';
import { createApiContext, type ApiContext } from './api-context.js';
import {
  ApiError,
  createErrorHandler,
  errorResponse,
  validationError,
  type ApiLogger,
} from './api-error.js';
import type { ApiOptions } from './api-options.js';
import { createApiMetrics, type ApiMetrics } from './metrics.js';
import { createRateLimit } from './rate-limit.js';
import { createResponseCache } from './response-cache.js';
import { registerCostRoutes } from './routes/cost.js';
import { registerEntityRoutes } from './routes/entities.js';
import { registerEventRoutes } from './routes/events.js';
import { registerFeedRoutes } from './routes/feeds.js';
import { API_VERSION, registerHealthRoutes } from './routes/health.js';
import { registerIngestRoutes } from './routes/ingest.js';
import { registerIodaRoutes } from './routes/ioda.js';
import { registerSignalRoutes } from './routes/signals.js';
import { registerStaticWeb } from './static-web.js';

export interface Api {
  readonly app: OpenAPIHono;
  readonly metrics: ApiMetrics;
  readonly context: ApiContext;
  /** Resolves when no request is in flight (graceful shutdown waits for it). */
  readonly idle: () => Promise<void>;
}

const defaultLog: ApiLogger = (entry) =>
  process.stderr.write(
    `nightlight api ${entry.level} request=${entry.requestId}: ${entry.message}\n`,
  );

export function createApi(options: ApiOptions): Api {
  const api = createApiContext(options);
  const metrics = createApiMetrics(options.store, options.clock);
  const log = options.log ?? defaultLog;
  const app = new OpenAPIHono({
    defaultHook: (result, c) => {
      if (!result.success)
        return errorResponse(
          c,
          validationError(result.error, result.target === 'param' ? 'path' : 'parameter'),
        );
      return undefined;
    },
  });
  app.onError(createErrorHandler(log));
  app.notFound((c) =>
    errorResponse(
      c,
      new ApiError(404, 'not_found', `No route for ${c.req.method} ${c.req.path.slice(0, 100)}`),
    ),
  );

  let inFlight = 0;
  let idleWaiters: (() => void)[] = [];
  app.use('*', requestId());
  app.use('*', async (c: Context, next) => {
    const started = performance.now();
    inFlight++;
    try {
      await next();
    } finally {
      if (--inFlight === 0) {
        for (const done of idleWaiters) done();
        idleWaiters = [];
      }
    }
    // Route templates, never raw paths, as labels: a scan of random URLs must not create series.
    const route = routePath(c, c.req.routeIndex);
    metrics.observe(route, c.req.method, c.res.status, (performance.now() - started) / 1000);
  });
  app.use(
    '*',
    secureHeaders({
      contentSecurityPolicy: {
        defaultSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        styleSrc: ["'self'", "'unsafe-inline'"],
        connectSrc: ["'self'"],
        objectSrc: ["'none'"],
        frameAncestors: ["'none'"],
      },
      crossOriginResourcePolicy: 'cross-origin',
    }),
  );
  app.use('*', async (c, next) => {
    if (c.req.url.length > api.limits.maxUrlBytes)
      throw new ApiError(
        414,
        'bad_request',
        `Cannot read URL: longer than ${api.limits.maxUrlBytes} bytes`,
      );
    await next();
  });
  const clientOf = (c: Context): string => {
    let remote: string | undefined;
    try {
      remote = getConnInfo(c).remote.address;
    } catch {
      remote = undefined; // app.request() in tests has no socket
    }
    return options.clientIp?.(c.req.raw, remote) ?? remote ?? 'local';
  };
  app.use(
    '*',
    createRateLimit({
      burst: api.limits.rateBurst,
      perSecond: api.limits.ratePerSecond,
      now: () => performance.now(),
      clientOf,
    }),
  );
  // Reads are public and may be used from any origin; writes are not (no CORS on them).
  const publicReads = [
    '/api/v1/entities',
    '/api/v1/signals/*',
    // Also matches /api/v1/events itself: listing both would run the middleware twice.
    '/api/v1/events/*',
    '/api/v1/cost',
    '/openapi.json',
    '/signals/*',
    '/outages/*',
    '/feeds/*',
  ];
  for (const path of [...publicReads, '/api/v1/health'])
    app.use(path, cors({ origin: '*', allowMethods: ['GET', 'HEAD', 'OPTIONS'] }));
  const cache = createResponseCache({
    seconds: api.limits.responseCacheSeconds,
    maxEntries: 1000,
    now: () => performance.now(),
  });
  api.onInvalidate(() => cache.clear());
  for (const path of publicReads) app.use(path, cache.middleware);

  registerHealthRoutes(app, api);
  registerEntityRoutes(app, api);
  registerSignalRoutes(app, api);
  registerEventRoutes(app, api);
  registerCostRoutes(app, api);
  registerIodaRoutes(app, api);
  registerIngestRoutes(app, api, metrics);
  registerFeedRoutes(app, api);
  app.get('/metrics', async (c) =>
    c.body(await metrics.render(), 200, {
      'content-type': 'text/plain; version=0.0.4; charset=utf-8',
    }),
  );
  app.doc('/openapi.json', {
    openapi: '3.0.3',
    info: {
      title: 'Nightlight API',
      version: API_VERSION,
      description:
        'Internet shutdown observatory: entities, signals, typed outage events, IODA v2-compatible reads. See docs/api.md.',
      license: { name: 'Apache-2.0' },
    },
  });
  registerStaticWeb(app, options.webRoot);
  return {
    app,
    metrics,
    context: api,
    idle: () =>
      inFlight === 0 ? Promise.resolve() : new Promise<void>((done) => idleWaiters.push(done)),
  };
}
