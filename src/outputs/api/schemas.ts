/**
 * Response and body schemas of the API, named in the OpenAPI document. The event schema
 * mirrors src/model/event.ts and also validates events posted to the ingest endpoint.
 */
import { z } from '@hono/zod-openapi';

export const ErrorSchema = z
  .object({
    error: z.object({
      code: z.string().openapi({ example: 'bad_request' }),
      message: z.string().openapi({ example: 'Cannot read from: expected ISO 8601 with a zone' }),
      path: z.string().optional(),
      requestId: z.string().optional(),
    }),
  })
  .openapi('Error');

export const errorResponses = {
  400: {
    description: 'A parameter is invalid',
    content: { 'application/json': { schema: ErrorSchema } },
  },
  429: { description: 'Rate limited', content: { 'application/json': { schema: ErrorSchema } } },
  503: {
    description: 'Store unavailable',
    content: { 'application/json': { schema: ErrorSchema } },
  },
} as const;

export const EntitySchema = z
  .object({
    id: z.string().openapi({ example: 'country/KZ' }),
    type: z.enum(['country', 'region', 'asn']),
    code: z.string().openapi({ example: 'KZ' }),
    name: z.string().nullable().openapi({ example: 'Kazakhstan' }),
    signals: z.array(z.string()).openapi({ example: ['traffic.requests'] }),
    first: z.number().int().nullable().openapi({ description: 'First stored bin, epoch seconds' }),
    last: z.number().int().nullable().openapi({ description: 'Last stored bin, epoch seconds' }),
  })
  .openapi('Entity');

export const EntityListSchema = z
  .object({ entities: z.array(EntitySchema), total: z.number().int() })
  .openapi('EntityList');

export const SeriesSchema = z
  .object({
    entity: z.string().openapi({ example: 'country/KZ' }),
    signal: z.string().openapi({ example: 'traffic.requests' }),
    unit: z.string().openapi({ example: 'requests' }),
    description: z.string().nullable(),
    layer: z.enum(['routing', 'reachability', 'application']).nullable(),
    step: z.number().int().openapi({ description: 'Seconds between values', example: 300 }),
    nativeStep: z.number().int().openapi({ description: "The signal's own bin width, seconds" }),
    from: z.number().int().openapi({ description: 'Epoch seconds of values[0]' }),
    until: z.number().int().openapi({ description: 'Epoch seconds after the last value' }),
    normalised: z.boolean(),
    baseline: z.number().nullable().openapi({
      description: 'When normalised: the median of the known values the values were divided by',
    }),
    values: z.array(z.number().nullable()).openapi({ description: 'null = unknown (never zero)' }),
    coverage: z.array(z.number()).openapi({ description: 'Share of expected input seen, 0…1' }),
  })
  .openapi('Series');

export const SeriesListSchema = z.object({ series: z.array(SeriesSchema) }).openapi('SeriesList');

const EpochOrNull = z.number().int().nullable();

export const EventSchema = z
  .object({
    id: z.string().min(1).max(200),
    start: z.number().int().nonnegative(),
    end: EpochOrNull,
    scope: z.enum(['nationwide', 'regional', 'single-network']),
    access: z.enum(['mobile', 'fixed', 'both', 'unknown']),
    layers: z.array(z.enum(['routing', 'reachability', 'application'])),
    mechanisms: z.array(
      z.enum([
        'routes-withdrawn',
        'blackhole-routes-up',
        'dns-tampering',
        'tcp-blocking',
        'tls-sni-blocking',
        'http-blocking',
        'throttling',
        'unknown',
      ]),
    ),
    location: z.string().max(40),
    affected: z.array(
      z.object({
        entity: z.string().max(40),
        intervals: z.array(z.object({ start: z.number().int(), end: EpochOrNull })),
        depth: z.number().min(0),
      }),
    ),
    apps: z.array(z.string().max(100)),
    depth: z.number().min(0),
    severity: z.enum(['minor', 'major', 'critical']),
    confidence: z.number().min(0).max(1),
    signals: z.array(z.string().max(100)),
    updatedAt: z.number().int().nonnegative(),
  })
  .openapi('OutageEvent');

export const EventListSchema = z
  .object({
    events: z.array(EventSchema),
    total: z.number().int().openapi({ description: 'Matching events before the limit' }),
    truncated: z.boolean(),
  })
  .openapi('EventList');

export const EvidenceSchema = SeriesSchema.openapi('Evidence');

export const EventDetailSchema = z
  .object({
    event: EventSchema,
    evidence: z.array(EvidenceSchema).openapi({
      description: "Each of the event's signals for its location, from a day before to 6 h after",
    }),
    impact: z
      .unknown()
      .openapi({ description: 'Impact estimate; null until the impact module is connected' }),
  })
  .openapi('EventDetail');

export const HealthSchema = z
  .object({
    status: z.enum(['ok', 'degraded']),
    store: z.string(),
    time: z.number().int(),
    version: z.string(),
  })
  .openapi('Health');

export const IngestResultSchema = z
  .object({
    written: z.number().int(),
    skipped: z.number().int(),
    issues: z.array(z.object({ line: z.number().int(), message: z.string() })),
  })
  .openapi('IngestResult');
