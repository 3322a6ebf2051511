/**
 * zod schemas for the parameters every route shares: times (ISO 8601 with a zone, or epoch
 * seconds), entity types and codes, limits, formats. Each refusal names the parameter.
 */
import { z } from '@hono/zod-openapi';
import { ApiError } from './api-error.js';
import { parseEntity, type EntityId } from '../../model/entity.js';
import { isNightlightError, messageOf } from '../../model/failure.js';
import { formatEntity } from '../../model/entity.js';
import { parseTime, type EpochSeconds } from '../../model/time.js';

const MAX_EPOCH = 4294967295;

/** A time parameter: ISO 8601 with a zone or epoch seconds; epoch seconds after parsing. */
export const TimeParam = z
  .string()
  .max(40)
  .transform((text, ctx): EpochSeconds => {
    try {
      const time = parseTime(text);
      if (time < 0 || time > MAX_EPOCH) throw new Error(`out of range, found ${text}`);
      return time;
    } catch (error) {
      ctx.addIssue({
        code: 'custom',
        message: isNightlightError(error)
          ? 'expected ISO 8601 with a zone (2022-01-05T10:30:00Z) or epoch seconds'
          : messageOf(error),
      });
      return z.NEVER;
    }
  })
  .openapi({
    type: 'string',
    description: 'ISO 8601 with a zone, or epoch seconds',
    example: '2022-01-05T00:00:00Z',
  });

export const EntityType = z
  .enum(['country', 'region', 'asn'])
  .openapi({ description: 'country (ISO 3166-1), region (ISO 3166-2) or asn' });

/** `country/KZ`, `region/KZ-75`, `asn/9198` (or `asn/AS9198`), canonicalised. */
export const EntityParam = z
  .string()
  .max(40)
  .transform((text, ctx): EntityId => {
    try {
      return formatEntity(parseEntity(text));
    } catch {
      ctx.addIssue({ code: 'custom', message: 'expected country/CC, region/CC-SUB or asn/N' });
      return z.NEVER;
    }
  })
  .openapi({ type: 'string', example: 'country/KZ' });

export const EntityCode = z
  .string()
  .max(16)
  .regex(/^[A-Za-z0-9-]+$/, 'expected a country code, region code or AS number')
  .openapi({ example: 'KZ' });

/** Canonical id of a type and code from a path, or a 400 naming the code. */
export function entityOf(type: string, code: string): EntityId {
  try {
    return formatEntity(parseEntity(`${type}/${code}`));
  } catch {
    throw new ApiError(
      400,
      'bad_request',
      `Cannot read entityCode: expected a ${type} code, found ${JSON.stringify(code.slice(0, 20))}`,
      'entityCode',
    );
  }
}

export const Format = z.enum(['json', 'csv']).default('json');

/** A comma-separated list of signal names, e.g. `traffic.requests,darknet.sources`. */
export const SignalList = z
  .string()
  .max(1000)
  .regex(/^[A-Za-z0-9_.:-]+(,[A-Za-z0-9_.:-]+)*$/, 'expected signal names separated by commas')
  .transform((text) => [...new Set(text.split(','))])
  .openapi({ type: 'string', example: 'traffic.requests' });

export function limitParam(defaultLimit: number, maxLimit: number) {
  return z.coerce
    .number()
    .int()
    .min(1)
    .max(maxLimit)
    .default(defaultLimit)
    .openapi({ type: 'integer', description: `1 to ${maxLimit}, default ${defaultLimit}` });
}
