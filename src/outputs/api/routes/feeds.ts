/**
 * Atom feeds of outage events: GET /feeds/atom.xml (all) and GET /feeds/{CC}.atom (events
 * whose location or affected entities include the country). The 50 most recently updated
 * events of the last 30 days.
 */
import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import { buildAtomFeed } from '../../alerts/atom-feed.js';
import type { ApiContext } from '../api-context.js';
import { errorResponses } from '../schemas.js';

const FEED_DAYS = 30;
const FEED_ENTRIES = 50;
const ATOM = 'application/atom+xml; charset=utf-8';

export function registerFeedRoutes(app: OpenAPIHono, api: ApiContext): void {
  const feed = async (country: string | null, selfPath: string, origin: string) => {
    const now = api.now();
    const events = await api.store.queryEvents({
      from: now - FEED_DAYS * 86400,
      ...(country === null ? {} : { entity: `country/${country}` }),
    });
    const recent = [...events].sort((a, b) => b.updatedAt - a.updatedAt).slice(0, FEED_ENTRIES);
    const site = (api.options.publicUrl ?? origin).replace(/\/+$/, '');
    const name = country === null ? 'all countries' : (api.nameOf(`country/${country}`) ?? country);
    return buildAtomFeed({
      id: `urn:nightlight:feed:${country ?? 'global'}`,
      title: `Nightlight outages: ${name}`,
      selfUrl: `${site}${selfPath}`,
      siteUrl: site,
      events: recent,
      nameOf: (entity) => api.nameOf(entity),
      now,
    });
  };

  const global = createRoute({
    method: 'get',
    path: '/feeds/atom.xml',
    tags: ['feeds'],
    summary: 'Atom feed of all outage events',
    responses: {
      200: { description: 'Atom 1.0', content: { 'application/atom+xml': { schema: z.string() } } },
      ...errorResponses,
    },
  });
  app.openapi(global, async (c) =>
    c.body(await feed(null, '/feeds/atom.xml', new URL(c.req.url).origin), 200, {
      'content-type': ATOM,
    }),
  );

  const perCountry = createRoute({
    method: 'get',
    path: '/feeds/{file}',
    tags: ['feeds'],
    summary: "Atom feed of one country's outage events, e.g. /feeds/KZ.atom",
    request: {
      params: z.object({
        file: z
          .string()
          .regex(/^[A-Za-z]{2}\.atom$/, 'expected CC.atom with an ISO 3166-1 alpha-2 code')
          .openapi({ example: 'KZ.atom' }),
      }),
    },
    responses: {
      200: { description: 'Atom 1.0', content: { 'application/atom+xml': { schema: z.string() } } },
      ...errorResponses,
    },
  });
  app.openapi(perCountry, async (c) => {
    const country = c.req.valid('param').file.slice(0, 2).toUpperCase();
    return c.body(await feed(country, `/feeds/${country}.atom`, new URL(c.req.url).origin), 200, {
      'content-type': ATOM,
    });
  });
}
