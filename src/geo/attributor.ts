/**
 * The Attributor answers "whose is this address": ASN, AS name, country, region and access
 * type, each with the source it came from. Precedence: for the ASN, BGP origins, then the
 * MMDB, then ip-location-db; for the country, the MMDB, then ip-location-db; regions come
 * only from the MMDB. Unparseable input throws NightlightError('bad_input'); an address
 * nobody knows answers nulls and 'unknown', never a guess.
 */
import type { AccessType } from '../model/access.js';
import { NightlightError } from '../model/failure.js';
import type { AccessTypeTable } from './access-types.js';
import { createAsDirectory, type AsInfo, type CountryNetwork } from './as-directory.js';
import {
  sourcesOf,
  type AsnSource,
  type Attributes,
  type Attribution,
  type CountrySource,
} from './attribution.js';
import { decodeCountry } from './country-code.js';
import type { RangeRows } from './flatten-ranges.js';
import {
  formatIpv4,
  formatIpv6,
  parseIp,
  parseIpv4OrNegative,
  type IpAddress,
  type Ipv6Address,
} from './ip.js';
import { buildIpv4Table } from './ipv4-table.js';
import { buildIpv6Table } from './ipv6-table.js';
import type { RangeCsv } from './load-range-csv.js';
import { combineMmdb, type MmdbAnswer, type MmdbSource } from './mmdb.js';
import type { OriginTable } from './origin-table.js';

export type { Attributes, Attribution, AttributionSources, AsnSource } from './attribution.js';

/** What the range table and BGP say, before the MMDB is consulted. */
interface Found {
  readonly tableInfo: AsInfo | null;
  /** The BGP origin, or 0 when no announced prefix covers the address. */
  readonly origin: number;
  /** Packed country from the table (0 = none). */
  readonly country: number;
}

export interface TableReport {
  readonly path: string;
  readonly kind: 'asn' | 'country';
  readonly family: 4 | 6;
  readonly lines: number;
  readonly records: number;
  readonly malformed: number;
}

export interface AttributorStats {
  readonly ipv4Segments: number;
  readonly ipv6Segments: number;
  readonly asns: number;
  readonly tables: readonly TableReport[];
  /** Paths of the MMDB files in use. */
  readonly mmdb: readonly string[];
}

export interface Attributor {
  lookup(ip: string): Attribution;
  lookupAddress(ip: IpAddress): Attribution;
  /**
   * Bulk path: `ip` is a uint32 (1.2.3.4 is 0x01020304). The answer leaves out the address,
   * which the caller has: formatting it would cost more than the lookup itself. Answers may
   * be shared between calls, and are frozen.
   */
  lookupIpv4(ip: number): Attributes;
  /**
   * Bulk path for one bin of addresses: ips[0…count) must ascend (uint32). Writes into ids an
   * answer number per address; `answer(id)` is the answer. Equal numbers are equal answers,
   * so a caller can keep per-answer state in typed arrays. With range tables alone this is
   * one forward walk over the table (Ipv4Table.findSorted), and nothing is allocated per
   * address; with BGP origins or an MMDB it looks each address up. Equals lookupIpv4.
   */
  attributeSortedIpv4(ips: Uint32Array, count: number, ids: Int32Array): void;
  /** The answer numbered `id` by attributeSortedIpv4 (frozen, shared). */
  answer(id: number): Attributes;
  lookupAsn(asn: number): AsInfo;
  countryNetworks(country: string): CountryNetwork[];
  readonly stats: AttributorStats;
}

export interface AttributorOptions {
  readonly asnTables: readonly RangeCsv[];
  readonly countryTables: readonly RangeCsv[];
  readonly accessTypes: AccessTypeTable;
  /** One database or several (City plus ASN): per field, the first that knows answers. */
  readonly mmdb?: MmdbSource | readonly MmdbSource[] | undefined;
  readonly origins?: OriginTable | undefined;
}

function concatRows<K>(parts: readonly RangeRows<K>[]): RangeRows<K> {
  if (parts.length === 1) return parts[0]!;
  return {
    starts: parts.flatMap((p) => p.starts),
    ends: parts.flatMap((p) => p.ends),
    values: parts.flatMap((p) => p.values),
  };
}

/** All rows of one kind, per family; a table of the other kind is a configuration mistake. */
function rowsOf(tables: readonly RangeCsv[], kind: 'asn' | 'country') {
  const v4: RangeRows<number>[] = [];
  const v6: RangeRows<bigint>[] = [];
  for (const table of tables) {
    if (table.kind !== kind) {
      throw new NightlightError(
        'bad_config',
        `Cannot use geo table ${table.path}: it is a ${table.kind} table, given as ${kind}`,
      );
    }
    if (table.family === 4) v4.push(table.rows);
    else v6.push(table.rows);
  }
  return { v4: concatRows(v4), v6: concatRows(v6) };
}

export function createAttributor(options: AttributorOptions): Attributor {
  const { asnTables, countryTables, accessTypes, origins } = options;
  const mmdbs =
    options.mmdb === undefined ? [] : 'lookup' in options.mmdb ? [options.mmdb] : options.mmdb;
  const mmdb = combineMmdb(mmdbs);
  const asnRows = rowsOf(asnTables, 'asn');
  const countryRows = rowsOf(countryTables, 'country');
  const v4 = buildIpv4Table(asnRows.v4, countryRows.v4);
  const v6 = buildIpv6Table(asnRows.v6, countryRows.v6);
  const names = new Map<number, string>();
  for (const table of asnTables)
    for (const [asn, name] of table.names) if (!names.has(asn)) names.set(asn, name);
  const directory = createAsDirectory({ names, ipv4: v4, accessTypes });

  // Without BGP origins or an MMDB an IPv4 answer depends on its segment alone: it is built
  // once per distinct (AS, country), frozen, and shared by the segments that have it. The
  // bulk path is then a search and an array read, with nothing allocated.
  const perSegment = origins === undefined && mmdb === undefined;
  const segmentAnswers: (Attributes | null)[] = [];
  for (let i = 0; perSegment && i < v4.size; i++) segmentAnswers.push(null);
  const distinctAnswers = new Map<number, Attributes>();
  function segmentAnswer(i: number): Attributes {
    let shared = segmentAnswers[i];
    if (shared === null || shared === undefined) {
      const asn = v4.asns[i]!;
      const country = v4.countries[i]!;
      const key = asn * 65536 + country;
      shared = distinctAnswers.get(key);
      if (shared === undefined) {
        const tableInfo = asn === 0 ? null : directory.get(asn);
        shared = Object.freeze(answer(null, 4, { tableInfo, origin: 0, country }, null));
        distinctAnswers.set(key, shared);
      }
      segmentAnswers[i] = shared;
    }
    return shared;
  }

  // Answer numbers for the bulk path. Per-segment answers are shared objects, numbered by
  // identity; other answers are fresh per lookup, numbered by their content.
  const numbered: Attributes[] = [];
  const numberOf = new Map<Attributes | string, number>();
  const segmentNumbers = new Int32Array(perSegment ? v4.size : 0).fill(-1);
  function numberAnswer(a: Attributes, key: Attributes | string): number {
    let id = numberOf.get(key);
    if (id === undefined) {
      id = numbered.length;
      numbered.push(a);
      numberOf.set(key, id);
    }
    return id;
  }
  function contentKey(a: Attributes): string {
    const { asn, asName, country, region, accessType, sources } = a;
    const from = `${sources.asn},${sources.country},${sources.region},${sources.accessType}`;
    return `${asn}|${asName}|${country}|${region}|${accessType}|${from}`;
  }

  function answer(ip: string, family: 4 | 6, found: Found, m: MmdbAnswer | null): Attribution;
  function answer(ip: null, family: 4, found: Found, m: MmdbAnswer | null): Attributes;
  function answer(
    ip: string | null,
    family: 4 | 6,
    found: Found,
    m: MmdbAnswer | null,
  ): Attributes | Attribution {
    const { tableInfo, origin } = found;
    let info = origin === 0 || origin === tableInfo?.asn ? tableInfo : directory.get(origin);
    let asnFrom: AsnSource | null = origin !== 0 ? 'bgp' : info === null ? null : 'ip-location-db';
    let country = decodeCountry(found.country);
    let countryFrom: CountrySource | null = country === null ? null : 'ip-location-db';
    let region: string | null = null;
    let asName = info === null ? null : info.name;
    let accessType: AccessType = info === null ? 'unknown' : info.accessType;
    let accessFrom = info === null ? null : info.accessTypeSource;
    if (m !== null) {
      // The MMDB's ASN unless BGP knows better; its country and region when it has them.
      if (m.asn !== null && asnFrom !== 'bgp') {
        if (m.asn !== info?.asn) info = directory.get(m.asn);
        asnFrom = 'mmdb';
      }
      if (m.country !== null) [country, countryFrom] = [m.country, 'mmdb'];
      region = m.region;
      // The MMDB's organisation names its own AS only, not one BGP put in its place.
      asName = info === null ? null : (info.name ?? (m.asn === info.asn ? m.asName : null));
      // Only an AS named by the MMDB alone needs classifying here; the directory has the rest.
      const access =
        info === null
          ? null
          : info.name === null && asName !== null
            ? accessTypes.classify(info.asn, asName)
            : null;
      accessType = access?.accessType ?? info?.accessType ?? 'unknown';
      accessFrom = access === null ? (info?.accessTypeSource ?? null) : access.source;
    }
    const asn = info === null ? null : info.asn;
    const sources = sourcesOf(asnFrom, countryFrom, region === null ? null : 'mmdb', accessFrom);
    if (ip === null) return { asn, asName, country, region, accessType, sources };
    return { ip, family, asn, asName, country, region, accessType, sources };
  }

  function foundIpv4(value: number): Found {
    const i = v4.find(value);
    const asn = v4.asns[i]!;
    const tableInfo = asn === 0 ? null : directory.get(asn);
    const origin = origins === undefined ? 0 : origins.lookupIpv4(value);
    return { tableInfo, origin, country: v4.countries[i]! };
  }

  function ipv4(value: number, text: string): Attribution {
    if (perSegment) {
      const a = segmentAnswer(v4.find(value));
      const { asn, asName, country, region, accessType, sources } = a;
      return { ip: text, family: 4, asn, asName, country, region, accessType, sources };
    }
    return answer(text, 4, foundIpv4(value), mmdb === undefined ? null : mmdb.lookup(text));
  }

  function ipv6(ip: Ipv6Address): Attribution {
    const i = v6.find(ip.w0, ip.w1, ip.w2, ip.w3);
    const text = formatIpv6(ip.w0, ip.w1, ip.w2, ip.w3);
    const asn = v6.asns[i]!;
    const tableInfo = asn === 0 ? null : directory.get(asn);
    const origin = origins === undefined ? 0 : (origins.lookup(ip) ?? 0);
    const found = { tableInfo, origin, country: v6.countries[i]! };
    return answer(text, 6, found, mmdb === undefined ? null : mmdb.lookup(text));
  }

  function lookupIpv4(value: number): Attributes {
    if (value >>> 0 !== value) {
      throw new NightlightError(
        'bad_input',
        `Cannot look up IPv4 address: expected an integer 0…4294967295, found ${value}`,
      );
    }
    if (perSegment) return segmentAnswer(v4.find(value));
    const found = foundIpv4(value);
    return answer(null, 4, found, mmdb === undefined ? null : mmdb.lookup(formatIpv4(value)));
  }

  return {
    lookup(text) {
      const value = parseIpv4OrNegative(text);
      // Strictly parsed dotted quads are already canonical, so the input doubles as `ip`.
      if (value >= 0) return ipv4(value, text);
      const ip = parseIp(text);
      return ip.family === 4 ? ipv4(ip.value, formatIpv4(ip.value)) : ipv6(ip);
    },
    lookupAddress(ip) {
      return ip.family === 4 ? ipv4(ip.value, formatIpv4(ip.value)) : ipv6(ip);
    },
    lookupIpv4,
    attributeSortedIpv4(ips, count, ids) {
      if (perSegment) {
        v4.findSorted(ips, count, ids);
        for (let k = 0; k < count; k++) {
          const segment = ids[k]!;
          let id = segmentNumbers[segment]!;
          if (id < 0) {
            const shared = segmentAnswer(segment);
            segmentNumbers[segment] = id = numberAnswer(shared, shared);
          }
          ids[k] = id;
        }
        return;
      }
      for (let k = 0; k < count; k++) {
        const a = lookupIpv4(ips[k]!);
        ids[k] = numberAnswer(Object.isFrozen(a) ? a : Object.freeze(a), contentKey(a));
      }
    },
    answer(id) {
      const a = numbered[id];
      if (a === undefined)
        throw new NightlightError(
          'bad_input',
          `Cannot find answer ${id}: ${numbered.length} numbered so far`,
        );
      return a;
    },
    lookupAsn(asn) {
      if (asn >>> 0 !== asn) {
        throw new NightlightError(
          'bad_input',
          `Cannot look up AS: expected an ASN 0…4294967295, found ${asn}`,
        );
      }
      return directory.get(asn);
    },
    countryNetworks: (country) => directory.countryNetworks(country),
    stats: {
      ipv4Segments: v4.size,
      ipv6Segments: v6.size,
      asns: directory.size,
      tables: [...asnTables, ...countryTables].map(
        ({ path, kind, family, lines, records, malformed }) => ({
          path,
          kind,
          family,
          lines,
          records,
          malformed,
        }),
      ),
      mmdb: mmdbs.map((m) => m.path),
    },
  };
}
