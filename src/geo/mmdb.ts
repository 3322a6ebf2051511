/**
 * MaxMind DB files (GeoIP2/GeoLite2 City, Country, ASN; DB-IP lite) through the `maxmind`
 * package, imported only when a database is configured. Reads the common layouts: country
 * `country.iso_code`, region `country.iso_code`-`subdivisions[0].iso_code` (ISO 3166-2, e.g.
 * KZ-75), ASN `autonomous_system_number` at the top or under `traits`. An unreadable or
 * invalid file is one NightlightError naming the path.
 */
import { messageOf, NightlightError } from '../model/failure.js';
import { isCountryCode } from './country-code.js';
import { describeFileError } from './file-error.js';

export interface MmdbAnswer {
  readonly asn: number | null;
  readonly asName: string | null;
  readonly country: string | null;
  /** ISO 3166-2 code (`KZ-75`), or null when the database has no subdivision ISO code. */
  readonly region: string | null;
}

export interface MmdbSource {
  readonly path: string;
  /** From the file's metadata, e.g. `GeoLite2-City`. */
  readonly databaseType: string;
  /** Null when the database has no record for the address. */
  lookup(ipText: string): MmdbAnswer | null;
}

const REGION = /^[A-Z]{2}-[A-Z0-9]{1,3}$/;

interface LooseRecord {
  country?: { iso_code?: unknown };
  subdivisions?: { iso_code?: unknown }[];
  autonomous_system_number?: unknown;
  autonomous_system_organization?: unknown;
  traits?: { autonomous_system_number?: unknown; autonomous_system_organization?: unknown };
}

const text = (value: unknown) => (typeof value === 'string' && value !== '' ? value : null);

/** The fields Nightlight uses, from one record of any of the supported layouts. */
export function readMmdbRecord(record: unknown): MmdbAnswer {
  const r = (typeof record === 'object' && record !== null ? record : {}) as LooseRecord;
  const iso = text(r.country?.iso_code)?.toUpperCase() ?? null;
  const country = iso !== null && isCountryCode(iso) ? iso : null;
  const subdivision = text(r.subdivisions?.[0]?.iso_code)?.toUpperCase() ?? null;
  const region = country !== null && subdivision !== null ? `${country}-${subdivision}` : null;
  const asn = r.autonomous_system_number ?? r.traits?.autonomous_system_number;
  const asName = r.autonomous_system_organization ?? r.traits?.autonomous_system_organization;
  return {
    asn: typeof asn === 'number' && Number.isInteger(asn) && asn > 0 ? asn : null,
    asName: text(asName),
    country,
    region: region !== null && REGION.test(region) ? region : null,
  };
}

export async function openMmdb(path: string): Promise<MmdbSource> {
  const maxmind = await import('maxmind');
  let reader: Awaited<ReturnType<typeof maxmind.open>>;
  try {
    reader = await maxmind.open(path);
  } catch (error) {
    if ((error as { code?: unknown } | null)?.code !== undefined) {
      throw describeFileError('Cannot open MMDB database', path, error);
    }
    throw new NightlightError(
      'bad_input',
      `Cannot open MMDB database ${path}: ${messageOf(error)}`,
      {
        cause: error,
      },
    );
  }
  return {
    path,
    databaseType: reader.metadata.databaseType,
    lookup(ipText) {
      const record = reader.get(ipText);
      return record === null ? null : readMmdbRecord(record);
    },
  };
}

/** Several databases as one (a City and an ASN database): per field, the first that knows. */
export function combineMmdb(sources: readonly MmdbSource[]): MmdbSource | undefined {
  if (sources.length <= 1) return sources[0];
  return {
    path: sources.map((s) => s.path).join(', '),
    databaseType: sources.map((s) => s.databaseType).join(', '),
    lookup(ipText) {
      let merged: MmdbAnswer | null = null;
      for (const source of sources) {
        const found = source.lookup(ipText);
        if (found === null) continue;
        merged =
          merged === null
            ? found
            : {
                asn: merged.asn ?? found.asn,
                asName: merged.asn === null ? found.asName : merged.asName,
                country: merged.country ?? found.country,
                region: merged.region ?? found.region,
              };
      }
      return merged;
    },
  };
}
