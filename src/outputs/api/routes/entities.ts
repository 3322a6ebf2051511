/** GET /api/v1/entities: entities with stored series, their names and signals. */
import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import { parseEntity } from '../../../model/entity.js';
import type { ApiContext } from '../api-context.js';
import { EntityListSchema, errorResponses } from '../schemas.js';
import { EntityType, limitParam } from '../query-params.js';

export function registerEntityRoutes(app: OpenAPIHono, api: ApiContext): void {
  const route = createRoute({
    method: 'get',
    path: '/api/v1/entities',
    tags: ['entities'],
    summary: 'Entities with stored signals, with names',
    request: {
      query: z.object({
        type: EntityType.optional(),
        q: z
          .string()
          .max(100)
          .optional()
          .openapi({ description: 'Case-insensitive substring of the code or name' }),
        limit: limitParam(api.limits.defaultLimit, api.limits.maxLimit),
      }),
    },
    responses: {
      200: {
        description: 'Entities, by id',
        content: { 'application/json': { schema: EntityListSchema } },
      },
      ...errorResponses,
    },
  });
  app.openapi(route, async (c) => {
    const { type, q, limit } = c.req.valid('query');
    const byEntity = new Map<string, { signals: Set<string>; first: number; last: number }>();
    for (const info of await api.listing()) {
      let entry = byEntity.get(info.entity);
      if (entry === undefined)
        byEntity.set(
          info.entity,
          (entry = { signals: new Set(), first: info.first, last: info.last }),
        );
      entry.signals.add(info.signal);
      entry.first = Math.min(entry.first, info.first);
      entry.last = Math.max(entry.last, info.last);
    }
    const needle = q?.trim().toLowerCase() ?? '';
    const all = [...byEntity]
      .map(([id, entry]) => {
        const entity = parseEntity(id);
        const code = entity.kind === 'asn' ? String(entity.asn) : entity.code;
        return {
          id,
          type: entity.kind,
          code,
          name: api.nameOf(id),
          signals: [...entry.signals].sort(),
          first: entry.first,
          last: entry.last,
        };
      })
      .filter((e) => type === undefined || e.type === type)
      .filter(
        (e) =>
          needle === '' ||
          e.code.toLowerCase().includes(needle) ||
          e.id.toLowerCase().includes(needle) ||
          (e.name?.toLowerCase().includes(needle) ?? false),
      )
      .sort((a, b) => a.id.localeCompare(b.id));
    return c.json({ entities: all.slice(0, limit), total: all.length }, 200);
  });
}
