/**
 * The published shape of an outage event, as a zod schema: the single definition behind
 * docs/events.schema.json (generated from it, checked by a test) and the validator for events
 * read back from files or other observatories. Mirrors src/model/event.ts; a test keeps the
 * two in step by validating real detection output.
 */
import { z } from 'zod';

const epoch = z.number().int().min(0).describe('UTC seconds since the Unix epoch');
const share = z.number().min(0).max(1);
const entityId = z
  .string()
  .regex(/^(?:country\/[A-Z]{2}|region\/[A-Z]{2}-[A-Z0-9]{1,3}|asn\/\d{1,10})$/)
  .describe('country/KZ, region/KZ-75 or asn/9198');
const layer = z.enum(['routing', 'reachability', 'application']);

export const intervalSchema = z
  .object({
    start: epoch,
    end: epoch.nullable().describe('exclusive end, null while the interval is open'),
  })
  .strict();

export const affectedSchema = z
  .object({
    entity: entityId,
    intervals: z
      .array(intervalSchema)
      .min(1)
      .describe('each cut of this entity; the gaps between them are its partial restorations'),
    depth: share.describe('lowest level seen, as a share of normal (0.05 is 5% of normal)'),
    outageHours: z.number().min(0).optional().describe('hours inside the intervals'),
    effectiveHours: z
      .number()
      .min(0)
      .optional()
      .describe('hours of connectivity lost: hours × (1 − level) per interval'),
  })
  .strict();

export const evidenceSchema = z
  .object({
    signal: z.string(),
    source: z.string(),
    layer,
    entities: z.number().int().min(1),
    depth: share,
  })
  .strict();

export const outageEventSchema = z
  .object({
    id: z.string().min(1).describe('stable: location, start bin and kind, kept while ongoing'),
    start: epoch,
    end: epoch.nullable().describe('exclusive end, null while the event is ongoing'),
    scope: z.enum(['nationwide', 'regional', 'single-network']),
    access: z.enum(['mobile', 'fixed', 'both', 'unknown']),
    layers: z.array(layer),
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
    location: entityId.describe('the country (or network) the event is about'),
    affected: z.array(affectedSchema),
    apps: z.array(z.string()).describe('applications blocked, for application-layer events'),
    depth: share,
    severity: z.enum(['minor', 'major', 'critical']),
    confidence: share.describe('higher when independent signals (layers, sources) agree'),
    signals: z.array(z.string()),
    updatedAt: epoch.describe('when this version of the event was computed'),
    evidence: z.array(evidenceSchema).optional(),
    precededBy: z
      .string()
      .optional()
      .describe('the event this one escalated from, e.g. mobile throttling before a blackout'),
  })
  .strict()
  .describe(
    'One Nightlight outage event: a fused, typed incident (docs/design/0008-event-fusion.md)',
  );

/** The JSON Schema of an event (draft 2020-12), as published in docs/events.schema.json. */
export function eventJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(outageEventSchema);
  return {
    $schema: schema.$schema,
    $id: 'https://nightlight.invalid/schemas/events.schema.json',
    title: 'Nightlight outage event',
    ...schema,
  };
}
