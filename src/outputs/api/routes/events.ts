/**
 * GET /api/v1/events (filtered list, JSON or CSV) and GET /api/v1/events/{id} (the event, the
 * evidence series of each of its signals, and impact when the impact module is connected).
 */
import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import type { OutageEvent } from '../../../model/event.js';
import type { ApiContext } from '../api-context.js';
import { ApiError } from '../api-error.js';
import { encodeEventsCsv } from '../csv.js';
import { readSeries, type SeriesBody } from '../read-series.js';
import { EntityParam, Format, TimeParam, limitParam } from '../query-params.js';
import {
  ErrorSchema,
  EventDetailSchema,
  EventListSchema,
  EventSchema,
  errorResponses,
} from '../schemas.js';

/** Evidence covers a day before the event and 6 hours after it (or until now). */
const EVIDENCE_BEFORE = 86400;
const EVIDENCE_AFTER = 6 * 3600;
const EVENT_SHAPE = EventSchema.shape;

export function registerEventRoutes(app: OpenAPIHono, api: ApiContext): void {
  const list = createRoute({
    method: 'get',
    path: '/api/v1/events',
    tags: ['events'],
    summary: 'Outage events, newest first',
    request: {
      query: z.object({
        entity: EntityParam.optional().openapi({
          description: 'Events whose location or affected entities include it',
        }),
        from: TimeParam.optional().openapi({ description: 'Events overlapping [from, to)' }),
        to: TimeParam.optional(),
        status: z.enum(['open', 'closed']).optional().openapi({ description: 'open = ongoing' }),
        scope: EVENT_SHAPE.scope.optional(),
        access: EVENT_SHAPE.access.optional(),
        mechanism: EVENT_SHAPE.mechanisms.element.optional(),
        limit: limitParam(api.limits.defaultLimit, api.limits.maxLimit),
        format: Format,
      }),
    },
    responses: {
      200: {
        description: 'Events',
        content: {
          'application/json': { schema: EventListSchema },
          'text/csv': { schema: z.string() },
        },
      },
      ...errorResponses,
    },
  });
  app.openapi(list, async (c) => {
    const q = c.req.valid('query');
    if (q.from !== undefined && q.to !== undefined && q.to <= q.from)
      throw new ApiError(400, 'bad_request', 'Cannot read to: must be after from', 'to');
    const found = await api.store.queryEvents({
      ...(q.from === undefined ? {} : { from: q.from }),
      ...(q.to === undefined ? {} : { to: q.to }),
      ...(q.entity === undefined ? {} : { entity: q.entity }),
      ...(q.status === undefined ? {} : { status: q.status }),
    });
    const matching = found
      .filter((e) => q.scope === undefined || e.scope === q.scope)
      .filter((e) => q.access === undefined || e.access === q.access)
      .filter((e) => q.mechanism === undefined || e.mechanisms.includes(q.mechanism))
      .sort((a, b) => b.start - a.start || a.id.localeCompare(b.id));
    const events = matching.slice(0, q.limit);
    if (q.format === 'csv')
      return c.body(encodeEventsCsv(events), 200, { 'content-type': 'text/csv; charset=utf-8' });
    return c.json(
      {
        events: events.map(eventJson),
        total: matching.length,
        truncated: matching.length > events.length,
      },
      200,
    );
  });

  const detail = createRoute({
    method: 'get',
    path: '/api/v1/events/{id}',
    tags: ['events'],
    summary: 'One event with its evidence and impact',
    request: {
      params: z.object({
        id: z
          .string()
          .min(1)
          .max(200)
          .regex(/^[A-Za-z0-9_.:-]+$/, 'expected letters, digits, and _ . : -')
          .openapi({ example: 'kz-2022-01-05' }),
      }),
    },
    responses: {
      200: {
        description: 'The event',
        content: { 'application/json': { schema: EventDetailSchema } },
      },
      404: {
        description: 'No such event',
        content: { 'application/json': { schema: ErrorSchema } },
      },
      ...errorResponses,
    },
  });
  app.openapi(detail, async (c) => {
    const { id } = c.req.valid('param');
    const event = await findEvent(api, id);
    if (event === undefined) throw new ApiError(404, 'not_found', `No event with id ${id}`, 'id');
    const evidence = await eventEvidence(api, event);
    const impact = api.options.impact === undefined ? null : await api.options.impact(event);
    return c.json({ event: eventJson(event), evidence, impact }, 200);
  });
}

/** The model's readonly event as the schema's (mutable) type: same data, no copy. */
export function eventJson(event: OutageEvent): z.infer<typeof EventSchema> {
  return event as unknown as z.infer<typeof EventSchema>;
}

/** Events are keyed by id but the store has no get-by-id: scan, newest first. */
export async function findEvent(api: ApiContext, id: string): Promise<OutageEvent | undefined> {
  const events = await api.store.queryEvents();
  return events.find((e) => e.id === id);
}

export async function eventEvidence(api: ApiContext, event: OutageEvent): Promise<SeriesBody[]> {
  const from = event.start - EVIDENCE_BEFORE;
  const to = Math.min((event.end ?? api.now()) + EVIDENCE_AFTER, from + api.limits.maxRangeSeconds);
  const evidence: SeriesBody[] = [];
  for (const signal of event.signals.slice(0, api.limits.maxSignals))
    evidence.push(
      await readSeries(api, { entity: event.location, signal, from, to, normalised: false }),
    );
  return evidence;
}
