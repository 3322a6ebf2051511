/** GET /api/v1/cost: a cost what-if, answered by the impact module once it is connected. */
import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import type { ApiContext } from '../api-context.js';
import { ApiError } from '../api-error.js';
import { ErrorSchema, errorResponses } from '../schemas.js';

export function registerCostRoutes(app: OpenAPIHono, api: ApiContext): void {
  const route = createRoute({
    method: 'get',
    path: '/api/v1/cost',
    tags: ['impact'],
    summary: 'Cost of a hypothetical shutdown (a range, with its formula and inputs)',
    request: {
      query: z.object({
        country: z
          .string()
          .regex(/^[A-Za-z]{2}$/, 'expected an ISO 3166-1 alpha-2 code')
          .transform((s) => s.toUpperCase())
          .openapi({ type: 'string', example: 'KZ' }),
        hours: z.coerce
          .number()
          .positive()
          .max(24 * 366)
          .openapi({ type: 'number', example: 24 }),
        type: z.enum(['nationwide', 'mobile', 'app']).default('nationwide'),
      }),
    },
    responses: {
      200: {
        description: "The impact module's answer",
        content: {
          'application/json': { schema: z.object({ cost: z.unknown() }).openapi('Cost') },
        },
      },
      501: {
        description: 'The impact module is not connected',
        content: { 'application/json': { schema: ErrorSchema } },
      },
      ...errorResponses,
    },
  });
  app.openapi(route, async (c) => {
    const query = c.req.valid('query');
    if (api.options.cost === undefined)
      throw new ApiError(
        501,
        'not_implemented',
        'Cost estimates are not available: this server runs without the impact module',
      );
    return c.json({ cost: await api.options.cost(query) }, 200);
  });
}
