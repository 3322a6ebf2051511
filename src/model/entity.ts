/**
 * Entities are what signals describe: a country (ISO 3166-1 alpha-2), a region (ISO 3166-2
 * subdivision) or an autonomous system. Their textual ids (`country/KZ`, `region/KZ-75`,
 * `asn/9198`) are the keys used in stores, URLs and files.
 */
import { NightlightError } from './failure.js';

export type Entity =
  | { readonly kind: 'country'; readonly code: string }
  | { readonly kind: 'region'; readonly code: string }
  | { readonly kind: 'asn'; readonly asn: number };

export type EntityKind = Entity['kind'];

/** `country/KZ`, `region/KZ-75` or `asn/9198`. */
export type EntityId = string;

const COUNTRY = /^[A-Z]{2}$/;
const REGION = /^[A-Z]{2}-[A-Z0-9]{1,3}$/;
const ASN = /^(?:AS)?(\d{1,10})$/i;
export const MAX_ASN = 4294967295;

export function country(code: string): Entity {
  return parseEntity(`country/${code}`);
}

export function region(code: string): Entity {
  return parseEntity(`region/${code}`);
}

export function asn(number: number): Entity {
  return parseEntity(`asn/${number}`);
}

export function formatEntity(entity: Entity): EntityId {
  return entity.kind === 'asn' ? `asn/${entity.asn}` : `${entity.kind}/${entity.code}`;
}

/** Parses an entity id; country and region codes are upper-cased, `asn/AS9198` is accepted. */
export function parseEntity(id: string): Entity {
  const slash = id.indexOf('/');
  const kind = id.slice(0, slash);
  const rest = id.slice(slash + 1);
  if (slash > 0) {
    if (kind === 'country' && COUNTRY.test(rest.toUpperCase()))
      return { kind, code: rest.toUpperCase() };
    if (kind === 'region' && REGION.test(rest.toUpperCase()))
      return { kind, code: rest.toUpperCase() };
    const match = kind === 'asn' ? ASN.exec(rest) : null;
    if (match?.[1] !== undefined && Number(match[1]) <= MAX_ASN)
      return { kind: 'asn', asn: Number(match[1]) };
  }
  throw new NightlightError(
    'bad_input',
    `Cannot parse entity: expected country/CC, region/CC-SUB or asn/N, found ${JSON.stringify(id)}`,
  );
}

/** The canonical id of an id typed by a person (`asn/AS9198` → `asn/9198`). */
export function normalizeEntityId(id: string): EntityId {
  return formatEntity(parseEntity(id));
}
