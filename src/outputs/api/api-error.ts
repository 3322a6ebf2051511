/**
 * Errors the API answers with: one JSON shape, `{error: {code, message, path?, requestId}}`.
 * Client mistakes (4xx) carry our own message; store and internal failures are logged with
 * their request id and answered with a generic message, so no store text reaches a client.
 */
import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { ZodError } from 'zod';
import { isNightlightError, messageOf } from '../../model/failure.js';

export type ApiErrorCode =
  | 'bad_request'
  | 'unauthorized'
  | 'forbidden'
  | 'not_found'
  | 'payload_too_large'
  | 'unsupported_media_type'
  | 'rate_limited'
  | 'not_implemented'
  | 'store_unavailable'
  | 'internal';

export class ApiError extends Error {
  override readonly name = 'ApiError';
  constructor(
    readonly status: ContentfulStatusCode,
    readonly code: ApiErrorCode,
    message: string,
    readonly path?: string,
  ) {
    super(message);
  }
}

export interface ErrorBody {
  readonly error: {
    readonly code: ApiErrorCode;
    readonly message: string;
    readonly path?: string;
    readonly requestId?: string;
  };
}

/** What the server log receives: one line per failure that a client does not see in full. */
export type ApiLogger = (entry: {
  level: 'warn' | 'error';
  requestId: string;
  message: string;
}) => void;

export function errorResponse(c: Context, error: ApiError): Response {
  const requestId = requestIdOf(c);
  const body: ErrorBody = {
    error: {
      code: error.code,
      message: error.message,
      ...(error.path === undefined ? {} : { path: error.path }),
      ...(requestId === undefined ? {} : { requestId }),
    },
  };
  return c.json(body, error.status);
}

/** The first issue of a zod error as a 400: its path (dotted) and message. */
export function validationError(error: ZodError, where: string): ApiError {
  const issue = error.issues[0];
  const path = issue?.path.map(String).join('.') ?? '';
  const message = issue?.message ?? 'invalid';
  return new ApiError(
    400,
    'bad_request',
    `Cannot read ${where}${path === '' ? '' : ` ${path}`}: ${message}`,
    path === '' ? where : path,
  );
}

/** Maps anything thrown by a handler to a response; hides what clients must not see. */
export function createErrorHandler(log: ApiLogger) {
  return (error: unknown, c: Context): Response => {
    if (error instanceof ApiError) return errorResponse(c, error);
    // Hono's own refusals (415 for a body type the route does not take, malformed JSON …).
    if (error instanceof HTTPException && error.status < 500)
      return errorResponse(
        c,
        new ApiError(
          error.status,
          error.status === 415 ? 'unsupported_media_type' : 'bad_request',
          error.status === 415
            ? 'Cannot read body: send Content-Type text/csv, application/json or application/x-ndjson'
            : `Cannot read request: ${error.message || 'malformed'}`,
        ),
      );
    if (isNightlightError(error) && error.kind === 'bad_input')
      return errorResponse(c, new ApiError(400, 'bad_request', error.message));
    if (isNightlightError(error) && error.kind === 'not_found')
      return errorResponse(c, new ApiError(404, 'not_found', error.message));
    const requestId = requestIdOf(c) ?? '-';
    const unavailable = isNightlightError(error) && error.kind === 'store_unavailable';
    log({ level: 'error', requestId, message: messageOf(error) });
    return errorResponse(
      c,
      unavailable
        ? new ApiError(503, 'store_unavailable', 'The store is unavailable; try again later')
        : new ApiError(500, 'internal', 'Internal error; the server log has the details'),
    );
  };
}

function requestIdOf(c: Context): string | undefined {
  const id: unknown = c.get('requestId' as never);
  return typeof id === 'string' ? id : undefined;
}
