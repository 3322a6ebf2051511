/**
 * Token-protected writes and admin reads: POST /api/v1/ingest/series (CSV, JSON or NDJSON
 * points), POST /api/v1/ingest/events (events as JSON), GET /api/v1/admin/store. Bodies over
 * the size limit are refused with 413 before they are read in full.
 */
import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import { bodyLimit } from 'hono/body-limit';
import type { OutageEvent } from '../../../model/event.js';
import { normalizeEntityId } from '../../../model/entity.js';
import type { ApiContext } from '../api-context.js';
import { ApiError, validationError } from '../api-error.js';
import { createBearerAuth } from '../bearer-auth.js';
import type { ApiMetrics } from '../metrics.js';
import { parseIngest, type IngestFormat } from '../parse-ingest.js';
import { ErrorSchema, EventSchema, IngestResultSchema } from '../schemas.js';

const REPORTED_ISSUES = 20;

export function registerIngestRoutes(app: OpenAPIHono, api: ApiContext, metrics: ApiMetrics): void {
  const auth = createBearerAuth(api.options.auth?.token);
  const limit = bodyLimit({
    maxSize: api.limits.maxBodyBytes,
    onError: () => {
      throw new ApiError(
        413,
        'payload_too_large',
        `Cannot read body: larger than ${api.limits.maxBodyBytes} bytes`,
      );
    },
  });
  app.openAPIRegistry.registerComponent('securitySchemes', 'bearer', {
    type: 'http',
    scheme: 'bearer',
  });
  const denied = {
    401: {
      description: 'Missing or wrong token',
      content: { 'application/json': { schema: ErrorSchema } },
    },
    403: {
      description: 'No token configured: endpoint disabled',
      content: { 'application/json': { schema: ErrorSchema } },
    },
    413: {
      description: 'Body too large',
      content: { 'application/json': { schema: ErrorSchema } },
    },
  };

  const series = createRoute({
    method: 'post',
    path: '/api/v1/ingest/series',
    tags: ['ingest'],
    summary: 'Write signal points (time,entity,signal,value[,coverage[,source]])',
    security: [{ bearer: [] }],
    middleware: [auth, limit] as const,
    request: {
      body: {
        content: {
          'text/csv': {
            schema: z.string().openapi({
              example:
                'time,entity,signal,value\n2022-01-05T10:30:00Z,country/KZ,traffic.requests,1200',
            }),
          },
          'application/json': { schema: z.array(z.record(z.string(), z.unknown())) },
          'application/x-ndjson': { schema: z.string() },
        },
      },
    },
    responses: {
      200: {
        description: 'Points written; bad lines reported and skipped',
        content: { 'application/json': { schema: IngestResultSchema } },
      },
      ...denied,
    },
  });
  app.openapi(series, async (c) => {
    const type = (c.req.header('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
    const format: IngestFormat =
      type === 'application/json' ? 'json' : type === 'application/x-ndjson' ? 'ndjson' : 'csv';
    const text = await c.req.text();
    const { points, issues } = parseIngest(text, format, (signal) => api.spec(signal), 'api');
    if (points.length > 0) await api.store.writePoints(points);
    api.invalidate();
    metrics.ingested(points.length, issues.length);
    return c.json(
      { written: points.length, skipped: issues.length, issues: issues.slice(0, REPORTED_ISSUES) },
      200,
    );
  });

  const events = createRoute({
    method: 'post',
    path: '/api/v1/ingest/events',
    tags: ['ingest'],
    summary: 'Insert or replace events by id',
    security: [{ bearer: [] }],
    middleware: [auth, limit] as const,
    request: { body: { content: { 'application/json': { schema: z.array(z.unknown()) } } } },
    responses: {
      200: {
        description: 'Events written',
        content: { 'application/json': { schema: z.object({ written: z.number().int() }) } },
      },
      400: {
        description: 'An event is invalid',
        content: { 'application/json': { schema: ErrorSchema } },
      },
      ...denied,
    },
  });
  app.openapi(events, async (c) => {
    const parsed = z.array(EventSchema).max(10_000).safeParse(c.req.valid('json'));
    if (!parsed.success) throw validationError(parsed.error, 'event');
    const written: OutageEvent[] = parsed.data.map((e) => ({
      ...e,
      location: normalizeEntityId(e.location),
      affected: e.affected.map((a) => ({ ...a, entity: normalizeEntityId(a.entity) })),
    }));
    await api.store.writeEvents(written);
    return c.json({ written: written.length }, 200);
  });

  const info = createRoute({
    method: 'get',
    path: '/api/v1/admin/store',
    tags: ['admin'],
    summary: 'What the store holds',
    security: [{ bearer: [] }],
    middleware: [auth] as const,
    responses: {
      200: {
        description: 'Store counts',
        content: {
          'application/json': {
            schema: z.object({
              kind: z.string(),
              series: z.number(),
              points: z.number(),
              events: z.number(),
              checkpoints: z.number(),
            }),
          },
        },
      },
      ...denied,
    },
  });
  app.openapi(info, async (c) => {
    const { kind, series, points, events, checkpoints } = await api.store.info();
    // location is left out: it may name paths on the server.
    return c.json({ kind, series, points, events, checkpoints }, 200);
  });
}
