/**
 * IODA API v2-compatible reads, so IODA clients and scripts work against Nightlight:
 * GET /signals/raw/{entityType}/{entityCode} and GET /outages/events, answered in IODA's
 * envelope `{type, metadata, requestParameters, error, perf, data}`. Shapes follow IODA's
 * open API code (CAIDA/ioda-api: Response/Envelope.php, TimeSeries/TimeSeriesNormalizer.php,
 * Entity/Outages/OutagesEventNormalizer.php); see docs/api.md for what differs. Errors are
 * answered in the same envelope, with `error` set and `data` null.
 */
import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type { OutageEvent } from '../../../model/event.js';
import { formatTime } from '../../../model/time.js';
import type { ApiContext } from '../api-context.js';
import { ApiError, validationError } from '../api-error.js';
import { checkRange, readSeries } from '../read-series.js';
import { EntityCode, EntityType, TimeParam, entityOf } from '../query-params.js';

const Envelope = (data: z.ZodType) =>
  z.object({
    type: z.string(),
    metadata: z.object({ requestTime: z.string(), responseTime: z.string() }),
    requestParameters: z.record(z.string(), z.string()),
    error: z.string().nullable(),
    perf: z.unknown().nullable(),
    data: data.nullable(),
  });

const IodaSeries = z
  .object({
    entityType: z.string(),
    entityCode: z.string(),
    entityName: z.string(),
    datasource: z.string(),
    from: z.number().int(),
    until: z.number().int(),
    step: z.number().int(),
    nativeStep: z.number().int(),
    values: z.array(z.number().nullable()),
  })
  .openapi('IodaSeries');

const IodaEvent = z
  .object({
    location: z.string().openapi({ example: 'country/KZ' }),
    location_name: z.string(),
    start: z.number().int(),
    duration: z.number().int(),
    uncertainty: z.number().nullable(),
    status: z.number().int(),
    fraction: z.number().nullable(),
    score: z.number(),
    overlaps_window: z.boolean(),
  })
  .openapi('IodaEvent');

const IodaSignalsEnvelope = Envelope(z.array(z.array(IodaSeries))).openapi('IodaSignalsEnvelope');
const IodaEventsEnvelope = Envelope(z.array(IodaEvent)).openapi('IodaEventsEnvelope');
const IodaErrorEnvelope = Envelope(z.null()).openapi('IodaErrorEnvelope');

export function registerIodaRoutes(app: OpenAPIHono, api: ApiContext): void {
  const envelope = (c: Context, type: string, data: unknown, error: string | null = null) => ({
    type,
    metadata: {
      requestTime: isoSeconds(api.now()),
      responseTime: isoSeconds(api.now()),
    },
    requestParameters: Object.fromEntries(
      Object.entries(c.req.queries()).map(([k, v]) => [k.slice(0, 50), (v[0] ?? '').slice(0, 200)]),
    ),
    error,
    perf: null,
    data: error === null ? data : null,
  });
  /** Validation failures answered in IODA's envelope rather than ours. */
  const iodaHook =
    (type: string) => (result: { success: boolean; error?: z.ZodError }, c: Context) => {
      if (result.success || result.error === undefined) return undefined;
      return c.json(
        envelope(c, type, null, validationError(result.error, 'parameter').message),
        400,
      );
    };

  const signals = createRoute({
    method: 'get',
    path: '/signals/raw/{entityType}/{entityCode}',
    tags: ['ioda'],
    summary: 'IODA v2-compatible raw signals (datasource = Nightlight signal name)',
    request: {
      params: z.object({ entityType: EntityType, entityCode: EntityCode }),
      query: z.object({
        from: TimeParam,
        until: TimeParam,
        datasource: z
          .string()
          .max(100)
          .regex(/^[A-Za-z0-9_.:-]+$/)
          .optional()
          .openapi({ description: 'A Nightlight signal name; default all of the entity' }),
        maxPoints: z.coerce.number().int().positive().optional().openapi({ type: 'integer' }),
      }),
    },
    responses: {
      200: {
        description: 'IODA envelope, data[0] = one series per datasource',
        content: { 'application/json': { schema: IodaSignalsEnvelope } },
      },
      400: {
        description: 'Invalid parameter',
        content: { 'application/json': { schema: IodaErrorEnvelope } },
      },
    },
  });
  app.openapi(
    signals,
    async (c) => {
      const { entityType, entityCode } = c.req.valid('param');
      const q = c.req.valid('query');
      let entity: string;
      try {
        entity = entityOf(entityType, entityCode);
        checkRange(api, q.from, q.until);
      } catch (error) {
        if (error instanceof ApiError)
          return c.json(envelope(c, 'signals', null, error.message), 400);
        throw error;
      }
      const stored = (await api.listing()).filter((s) => s.entity === entity);
      const names =
        q.datasource === undefined
          ? [...new Set(stored.map((s) => s.signal))].sort()
          : [q.datasource];
      const name = api.nameOf(entity) ?? entityCode;
      const series = [];
      for (const signal of names.slice(0, api.limits.maxSignals)) {
        const native = api.spec(signal)?.stepSeconds ?? 300;
        const points = Math.min(q.maxPoints ?? api.limits.maxPoints, api.limits.maxPoints);
        const step = native * Math.max(1, Math.ceil((q.until - q.from) / native / points));
        const s = await readSeries(api, {
          entity,
          signal,
          from: q.from,
          to: q.until,
          step,
          normalised: false,
        });
        series.push({
          entityType,
          entityCode: entity.slice(entity.indexOf('/') + 1),
          entityName: name,
          datasource: signal,
          from: s.from,
          until: s.until,
          step: s.step,
          nativeStep: s.nativeStep,
          values: s.values,
        });
      }
      return c.json(envelope(c, 'signals', [series]), 200);
    },
    iodaHook('signals'),
  );

  const events = createRoute({
    method: 'get',
    path: '/outages/events',
    tags: ['ioda'],
    summary: 'IODA v2-compatible outage events (format codf)',
    request: {
      query: z.object({
        from: TimeParam,
        until: TimeParam,
        entityType: EntityType.optional(),
        entityCode: EntityCode.optional(),
        limit: z.coerce
          .number()
          .int()
          .min(1)
          .max(api.limits.maxLimit)
          .optional()
          .openapi({ type: 'integer' }),
        page: z.coerce.number().int().min(0).max(100000).optional().openapi({ type: 'integer' }),
      }),
    },
    responses: {
      200: {
        description: 'IODA envelope with events',
        content: { 'application/json': { schema: IodaEventsEnvelope } },
      },
      400: {
        description: 'Invalid parameter',
        content: { 'application/json': { schema: IodaErrorEnvelope } },
      },
    },
  });
  app.openapi(
    events,
    async (c) => {
      const q = c.req.valid('query');
      let entity: string | undefined;
      try {
        checkRange(api, q.from, q.until);
        if ((q.entityType === undefined) !== (q.entityCode === undefined))
          throw new ApiError(
            400,
            'bad_request',
            'Cannot read entityType/entityCode: give both or neither',
            'entityCode',
          );
        entity =
          q.entityType === undefined || q.entityCode === undefined
            ? undefined
            : entityOf(q.entityType, q.entityCode);
      } catch (error) {
        if (error instanceof ApiError)
          return c.json(envelope(c, 'events', null, error.message), 400);
        throw error;
      }
      const found = await api.store.queryEvents({
        from: q.from,
        to: q.until,
        ...(entity === undefined ? {} : { entity }),
      });
      const limit = q.limit ?? api.limits.maxLimit;
      const page = q.page ?? 0;
      const data = found
        .slice(page * limit, page * limit + limit)
        .map((event) => iodaEvent(api, event, q.from, q.until));
      return c.json(envelope(c, 'events', data), 200);
    },
    iodaHook('events'),
  );
}

/** IODA's "codf" event: score is relative drop × minutes, as IODA scores its events. */
function iodaEvent(api: ApiContext, event: OutageEvent, from: number, until: number) {
  const end = event.end ?? api.now();
  const duration = Math.max(0, end - event.start);
  return {
    location: event.location,
    location_name: api.nameOf(event.location) ?? event.location,
    start: event.start,
    duration,
    uncertainty: null,
    status: event.end === null ? 1 : 0,
    fraction: null,
    score: Math.round((1 - Math.min(1, event.depth)) * (duration / 60) * 100) / 100,
    overlaps_window: event.start < from || end > until,
  };
}

function isoSeconds(time: number): string {
  return formatTime(time).replace('Z', '+00:00');
}
