/**
 * What is known about each autonomous system: its name (from the ASN tables), its country
 * (where most of its IPv4 space is, per the country table), how many IPv4 addresses it holds
 * in each country, and its access type. Built once at load from the merged IPv4 table; pure.
 */
import type { AccessType } from '../model/access.js';
import { NightlightError } from '../model/failure.js';
import type { AccessTypeSource, AccessTypeTable } from './access-types.js';
import { decodeCountry, encodeCountry } from './country-code.js';
import type { Ipv4Table } from './ipv4-table.js';

export interface AsInfo {
  readonly asn: number;
  readonly name: string | null;
  /** The country holding most of the AS's IPv4 addresses, or null without IPv4 space. */
  readonly country: string | null;
  readonly ipv4Addresses: number;
  readonly accessType: AccessType;
  readonly accessTypeSource: AccessTypeSource | null;
}

export interface CountryNetwork {
  readonly asn: number;
  readonly name: string | null;
  /** IPv4 addresses of this AS located in the country (not its whole space). */
  readonly ipv4Addresses: number;
  readonly accessType: AccessType;
}

export interface AsDirectory {
  /** Number of ASes with a name or IPv4 space. */
  readonly size: number;
  /** Always answers; an AS nobody knows has null name and country. */
  get(asn: number): AsInfo;
  /** ASes with IPv4 space in the country, most addresses first (ties: lower ASN first). */
  countryNetworks(country: string): CountryNetwork[];
}

export interface AsDirectoryInput {
  readonly names: ReadonlyMap<number, string>;
  readonly ipv4: Ipv4Table | null;
  readonly accessTypes: AccessTypeTable;
}

export function createAsDirectory(input: AsDirectoryInput): AsDirectory {
  const { names, ipv4, accessTypes } = input;
  // asn → packed country → addresses. Nested maps keep the keys small integers, which V8
  // hashes far faster than the 48-bit numbers a single combined key would need.
  const space = new Map<number, Map<number, number>>();
  if (ipv4 !== null) {
    for (let i = 0; i < ipv4.size; i++) {
      const asn = ipv4.asns[i]!;
      if (asn === 0) continue;
      let countries = space.get(asn);
      if (countries === undefined) space.set(asn, (countries = new Map<number, number>()));
      const country = ipv4.countries[i]!;
      countries.set(country, (countries.get(country) ?? 0) + ipv4.addressesIn(i));
    }
  }
  const totals = new Map<number, { addresses: number; country: number }>();
  for (const [asn, countries] of space) {
    let addresses = 0;
    let best = 0;
    let bestAddresses = 0;
    for (const [country, count] of countries) {
      addresses += count;
      const wins = count > bestAddresses || (count === bestAddresses && country < best);
      if (country !== 0 && wins) [best, bestAddresses] = [country, count];
    }
    totals.set(asn, { addresses, country: best });
  }

  const infos = new Map<number, AsInfo>();
  const get = (asn: number): AsInfo => {
    let info = infos.get(asn);
    if (info === undefined) {
      const name = names.get(asn) ?? null;
      const total = totals.get(asn);
      const { accessType, source } = accessTypes.classify(asn, name);
      info = {
        asn,
        name,
        country: decodeCountry(total?.country ?? 0),
        ipv4Addresses: total?.addresses ?? 0,
        accessType,
        accessTypeSource: source,
      };
      infos.set(asn, info);
    }
    return info;
  };

  return {
    size: new Set([...names.keys(), ...totals.keys()]).size,
    get,
    countryNetworks(country) {
      const code = encodeCountry(country.toUpperCase());
      if (code === 0) {
        throw new NightlightError(
          'bad_input',
          `Cannot list networks: expected a country code like KZ, found ${JSON.stringify(country)}`,
        );
      }
      const found: CountryNetwork[] = [];
      for (const [asn, countries] of space) {
        const addresses = countries.get(code);
        if (addresses === undefined) continue;
        const { name, accessType } = get(asn);
        found.push({ asn, name, ipv4Addresses: addresses, accessType });
      }
      return found.sort((a, b) => b.ipv4Addresses - a.ipv4Addresses || a.asn - b.asn);
    },
  };
}
