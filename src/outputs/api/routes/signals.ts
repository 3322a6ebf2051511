/**
 * GET /api/v1/signals/{entityType}/{entityCode}: an entity's signals at any step, raw or
 * normalised, as JSON or CSV. Aggregation runs in the store.
 */
import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import type { ApiContext } from '../api-context.js';
import { ApiError } from '../api-error.js';
import { encodeSeriesCsv } from '../csv.js';
import { checkRange, readSeries } from '../read-series.js';
import {
  EntityCode,
  EntityType,
  Format,
  SignalList,
  TimeParam,
  entityOf,
} from '../query-params.js';
import { SeriesListSchema, errorResponses } from '../schemas.js';

const WEEK = 7 * 86400;

export function registerSignalRoutes(app: OpenAPIHono, api: ApiContext): void {
  const route = createRoute({
    method: 'get',
    path: '/api/v1/signals/{entityType}/{entityCode}',
    tags: ['signals'],
    summary: "An entity's signals, aggregated in the store",
    request: {
      params: z.object({ entityType: EntityType, entityCode: EntityCode }),
      query: z.object({
        signal: SignalList.optional().openapi({
          description: "Comma-separated signal names; default all of the entity's signals",
        }),
        from: TimeParam.optional().openapi({ description: 'Inclusive; default `to` minus 7 days' }),
        to: TimeParam.optional().openapi({ description: 'Exclusive; default now' }),
        step: z.coerce
          .number()
          .int()
          .positive()
          .max(366 * 86400)
          .optional()
          .openapi({
            type: 'integer',
            description:
              "Seconds per value, a multiple of the signal's step; default its step, coarsened to stay within the points limit",
          }),
        normalise: z
          .enum(['true', 'false'])
          .default('false')
          .openapi({ description: 'Divide by the median of the known values in the window' }),
        format: Format,
      }),
    },
    responses: {
      200: {
        description: 'One series per signal; values null where unknown',
        content: {
          'application/json': { schema: SeriesListSchema },
          'text/csv': {
            schema: z.string().openapi({ example: 'time,entity,signal,value,coverage' }),
          },
        },
      },
      404: {
        description: 'No such entity',
        content: {
          'application/json': { schema: errorResponses[400].content['application/json'].schema },
        },
      },
      ...errorResponses,
    },
  });
  app.openapi(route, async (c) => {
    const { entityType, entityCode } = c.req.valid('param');
    const query = c.req.valid('query');
    const entity = entityOf(entityType, entityCode);
    const to = query.to ?? api.now();
    const from = query.from ?? to - WEEK;
    checkRange(api, from, to);
    const stored = (await api.listing()).filter((s) => s.entity === entity);
    const signals = query.signal ?? [...new Set(stored.map((s) => s.signal))].sort();
    if (signals.length > api.limits.maxSignals)
      throw new ApiError(
        400,
        'bad_request',
        `Cannot read signal: at most ${api.limits.maxSignals} signals per request, found ${signals.length}`,
        'signal',
      );
    if (stored.length === 0 && query.signal === undefined)
      throw new ApiError(404, 'not_found', `No signals stored for ${entity}`);
    const series = [];
    for (const signal of signals)
      series.push(
        await readSeries(api, {
          entity,
          signal,
          from,
          to,
          step: query.step,
          normalised: query.normalise === 'true',
        }),
      );
    if (query.format === 'csv')
      return c.body(encodeSeriesCsv(series), 200, {
        'content-type': 'text/csv; charset=utf-8',
        'content-disposition': `attachment; filename="${entity.replace('/', '-')}.csv"`,
      });
    return c.json({ series }, 200);
  });
}
