/**
 * What fusion needs to know about entities beyond their series: which country a region or
 * network belongs to, each network's access type (mobile, fixed, …) and its size weight
 * (located IPv4 addresses, or any other share of users). Built by the CLI from the geo layer,
 * handed to detection as plain data; pure. An entity nobody describes has no country and
 * becomes an event of its own.
 */
import type { AccessType } from '../model/access.js';
import { parseEntity, type EntityId } from '../model/entity.js';

export interface NetworkInfo {
  readonly asn: number;
  /** ISO 3166-1 alpha-2 code of the country the network serves. */
  readonly country: string;
  readonly access: AccessType;
  /** Size in the country (addresses, users); only ratios between networks matter. */
  readonly weight: number;
}

export interface EntityContext {
  /** The country an entity belongs to (`KZ` for `country/KZ`, `region/KZ-75` or a known ASN). */
  countryOf(entity: EntityId): string | null;
  network(asn: number): NetworkInfo | undefined;
  /** The networks of a country, as described (possibly none). */
  networksOf(country: string): readonly NetworkInfo[];
}

export function createEntityContext(networks: readonly NetworkInfo[]): EntityContext {
  const byAsn = new Map<number, NetworkInfo>();
  const byCountry = new Map<string, NetworkInfo[]>();
  for (const network of networks) {
    byAsn.set(network.asn, network);
    let list = byCountry.get(network.country);
    if (list === undefined) byCountry.set(network.country, (list = []));
    list.push(network);
  }
  const countries = new Map<EntityId, string | null>();
  return {
    countryOf(entity) {
      let found = countries.get(entity);
      if (found === undefined) {
        const parsed = parseEntity(entity);
        found =
          parsed.kind === 'asn'
            ? (byAsn.get(parsed.asn)?.country ?? null)
            : parsed.code.slice(0, 2);
        countries.set(entity, found);
      }
      return found;
    },
    network: (asn) => byAsn.get(asn),
    networksOf: (country) => byCountry.get(country) ?? [],
  };
}

/** The ASN of an `asn/N` id, or null for countries and regions. */
export function asnOf(entity: EntityId): number | null {
  return entity.startsWith('asn/') ? Number(entity.slice(4)) : null;
}
