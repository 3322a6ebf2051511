/** GET /api/v1/health: the process answers and the store can be read. */
import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import type { ApiContext } from '../api-context.js';
import { HealthSchema } from '../schemas.js';

export const API_VERSION = '1.0.0';

export function registerHealthRoutes(app: OpenAPIHono, api: ApiContext): void {
  const route = createRoute({
    method: 'get',
    path: '/api/v1/health',
    tags: ['meta'],
    summary: 'Liveness and store reachability',
    responses: {
      200: { description: 'Healthy', content: { 'application/json': { schema: HealthSchema } } },
      503: {
        description: 'The store cannot be read',
        content: { 'application/json': { schema: HealthSchema } },
      },
    },
  });
  app.openapi(route, async (c) => {
    const ok = await api.store.listEntities().then(
      () => true,
      () => false,
    );
    const body = {
      status: ok ? ('ok' as const) : ('degraded' as const),
      store: api.store.kind,
      time: api.now(),
      version: API_VERSION,
    };
    return ok ? c.json(body, 200) : c.json(body, 503);
  });
}
