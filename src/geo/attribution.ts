/**
 * The answer to "whose is this address", and where each part of it came from. Source sets
 * are shared frozen objects, one per combination, so answering allocates only the answer.
 */
import type { AccessType } from '../model/access.js';
import type { AccessTypeSource } from './access-types.js';

export type AsnSource = 'bgp' | 'mmdb' | 'ip-location-db';
export type CountrySource = 'mmdb' | 'ip-location-db';

export interface AttributionSources {
  readonly asn: AsnSource | null;
  readonly country: CountrySource | null;
  readonly region: 'mmdb' | null;
  readonly accessType: AccessTypeSource | null;
}

/** What is known about an address, without the address (the answer of the bulk IPv4 path). */
export interface Attributes {
  readonly asn: number | null;
  readonly asName: string | null;
  readonly country: string | null;
  /** ISO 3166-2 (`KZ-75`), from an MMDB only. */
  readonly region: string | null;
  readonly accessType: AccessType;
  readonly sources: AttributionSources;
}

export interface Attribution extends Attributes {
  /** Canonical text (RFC 5952 for IPv6; IPv4-mapped addresses as IPv4). */
  readonly ip: string;
  readonly family: 4 | 6;
}

const ASN_SOURCES = [null, 'bgp', 'mmdb', 'ip-location-db'] as const;
const COUNTRY_SOURCES = [null, 'mmdb', 'ip-location-db'] as const;
const REGION_SOURCES = [null, 'mmdb'] as const;
const ACCESS_SOURCES = [null, 'curated', 'name-rule'] as const;
const ALL: AttributionSources[] = [];
for (const asn of ASN_SOURCES)
  for (const country of COUNTRY_SOURCES)
    for (const region of REGION_SOURCES)
      for (const accessType of ACCESS_SOURCES)
        ALL.push(Object.freeze({ asn, country, region, accessType }));

export function sourcesOf(
  asn: AsnSource | null,
  country: CountrySource | null,
  region: 'mmdb' | null,
  accessType: AccessTypeSource | null,
): AttributionSources {
  const a = asn === null ? 0 : asn === 'bgp' ? 1 : asn === 'mmdb' ? 2 : 3;
  const c = country === null ? 0 : country === 'mmdb' ? 1 : 2;
  const t = accessType === null ? 0 : accessType === 'curated' ? 1 : 2;
  return ALL[((a * 3 + c) * 2 + (region === null ? 0 : 1)) * 3 + t]!;
}
