/**
 * Bearer-token check for ingest and admin endpoints. The comparison runs in constant time over
 * SHA-256 digests, so neither the token's content nor its length leaks through timing. With
 * no token configured these endpoints are disabled (403), never open.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { MiddlewareHandler } from 'hono';
import { ApiError } from './api-error.js';

export function createBearerAuth(token: string | undefined): MiddlewareHandler {
  const expected = token === undefined || token === '' ? null : digest(token);
  return async (c, next) => {
    if (expected === null)
      throw new ApiError(
        403,
        'forbidden',
        'Ingest and admin endpoints are disabled: no API token is configured (NIGHTLIGHT_API_TOKEN)',
      );
    const header = c.req.header('authorization') ?? '';
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    if (match?.[1] === undefined || !timingSafeEqual(digest(match[1]), expected)) {
      c.header('WWW-Authenticate', 'Bearer realm="nightlight"');
      throw new ApiError(
        401,
        'unauthorized',
        'Cannot authorise: expected Authorization: Bearer <token> with the configured token',
      );
    }
    await next();
  };
}

function digest(text: string): Buffer {
  return createHash('sha256').update(text).digest();
}
