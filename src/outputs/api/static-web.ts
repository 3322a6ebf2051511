/**
 * Serves the built dashboard (dist/web) at `/`: files through @hono/node-server's
 * serveStatic (which refuses `..`, encoded separators and doubled slashes), and index.html
 * for client-side routes (paths without a file extension). Without a build, `/` answers a
 * plain message saying how to build it, never a crash.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { serveStatic } from '@hono/node-server/serve-static';
import type { OpenAPIHono } from '@hono/zod-openapi';

/** Prefixes the API owns: never answered with the dashboard's index.html. */
const API_PREFIXES = ['/api/', '/feeds/', '/signals/', '/outages/', '/metrics', '/openapi.json'];

export function registerStaticWeb(app: OpenAPIHono, webRoot: string | null | undefined): void {
  const index = webRoot === null || webRoot === undefined ? null : join(webRoot, 'index.html');
  if (webRoot === null || webRoot === undefined || index === null || !existsSync(index)) {
    app.get('/', (c) =>
      c.text(
        'Nightlight API is running. The dashboard is not built: run `npm run build` (the dashboard goes to dist/web) and restart. API: /openapi.json\n',
        200,
      ),
    );
    return;
  }
  app.use('*', serveStatic({ root: webRoot }));
  app.get('*', (c, next) => {
    const path = c.req.path;
    if (API_PREFIXES.some((prefix) => path.startsWith(prefix)) || /\.[A-Za-z0-9]+$/.test(path))
      return next();
    // Read per request: a rebuild of the dashboard shows without a restart.
    return c.html(readFileSync(index, 'utf8'));
  });
}
