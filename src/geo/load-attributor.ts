/**
 * Loads an Attributor from files: by default the ip-location-db CSV tables installed as npm
 * packages (`@ip-location-db/asn`, `@ip-location-db/geo-whois-asn-country`, CC BY 4.0), the
 * shipped access-types.csv, and optionally an MMDB and BGP origins. Progress is reported
 * through a callback in bytes read; geo/ draws nothing. Missing files or packages are one
 * NightlightError naming what is missing; malformed lines go to `onIssue` and the stats.
 */
import { stat } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { NightlightError } from '../model/failure.js';
import { loadAccessTypes } from './access-types.js';
import { createAttributor, type Attributor } from './attributor.js';
import { describeFileError } from './file-error.js';
import { loadRangeCsv, type GeoIssue, type RangeCsv } from './load-range-csv.js';
import { openMmdb } from './mmdb.js';
import type { OriginTable } from './origin-table.js';
import type { TableKind } from './range-csv.js';

export interface GeoTablePaths {
  readonly asn: readonly string[];
  readonly country: readonly string[];
}

const require = createRequire(import.meta.url);

function packageFile(name: string, file: string): string {
  try {
    return require.resolve(`${name}/${file}`);
  } catch (error) {
    throw new NightlightError(
      'bad_config',
      `Cannot find geo data ${name}/${file}: install it (npm install ${name}) or configure the table paths`,
      { cause: error },
    );
  }
}

/** The `-num` CSVs of the installed ip-location-db packages (numbers parse fastest). */
export function defaultGeoTablePaths(options: { ipv6?: boolean } = {}): GeoTablePaths {
  const families = options.ipv6 === false ? ['ipv4'] : ['ipv4', 'ipv6'];
  return {
    asn: families.map((f) => packageFile('@ip-location-db/asn', `asn-${f}-num.csv`)),
    country: families.map((f) =>
      packageFile('@ip-location-db/geo-whois-asn-country', `geo-whois-asn-country-${f}-num.csv`),
    ),
  };
}

export interface LoadAttributorOptions {
  /** Override the default tables; each list replaces its default. */
  readonly asnPaths?: readonly string[] | undefined;
  readonly countryPaths?: readonly string[] | undefined;
  /** Load the default IPv6 tables too (default true); saves time and memory when off. */
  readonly ipv6?: boolean | undefined;
  readonly accessTypesPath?: string | undefined;
  /** A MaxMind DB file (City, Country or ASN), for regions and as preferred country source. */
  readonly mmdbPath?: string | undefined;
  /** Several, e.g. City and ASN, after `mmdbPath`: per field, the first that knows answers. */
  readonly mmdbPaths?: readonly string[] | undefined;
  readonly origins?: OriginTable | undefined;
  /** Bytes read so far and in total, over all tables. */
  readonly onProgress?: ((done: number, total: number) => void) | undefined;
  readonly onIssue?: ((issue: GeoIssue) => void) | undefined;
}

export async function loadDefaultAttributor(
  options: LoadAttributorOptions = {},
): Promise<Attributor> {
  const needDefaults = options.asnPaths === undefined || options.countryPaths === undefined;
  const defaults = needDefaults ? defaultGeoTablePaths({ ipv6: options.ipv6 !== false }) : null;
  const files: { path: string; kind: TableKind }[] = [
    ...(options.asnPaths ?? defaults?.asn ?? []).map((path) => ({ path, kind: 'asn' as const })),
    ...(options.countryPaths ?? defaults?.country ?? []).map((path) => ({
      path,
      kind: 'country' as const,
    })),
  ];
  const sizes = await Promise.all(
    files.map(({ path }) =>
      stat(path).then(
        (s) => s.size,
        (error: unknown) => Promise.reject(describeFileError('Cannot read geo table', path, error)),
      ),
    ),
  );
  const total = sizes.reduce((sum, size) => sum + size, 0);
  const accessTypes = await loadAccessTypes(options.accessTypesPath);
  const mmdbPaths = [
    ...(options.mmdbPath === undefined ? [] : [options.mmdbPath]),
    ...(options.mmdbPaths ?? []),
  ];
  const mmdb = await Promise.all(mmdbPaths.map((path) => openMmdb(path)));

  // One file after the other: parsing is CPU-bound, and interleaving them measured slower.
  const tables: RangeCsv[] = [];
  let done = 0;
  options.onProgress?.(0, total);
  for (const [i, { path, kind }] of files.entries()) {
    tables.push(
      await loadRangeCsv(path, {
        kind,
        onIssue: options.onIssue,
        onBytes: (bytes) => options.onProgress?.(done + bytes, total),
      }),
    );
    done += sizes[i]!;
  }
  return createAttributor({
    asnTables: tables.filter((t) => t.kind === 'asn'),
    countryTables: tables.filter((t) => t.kind === 'country'),
    accessTypes,
    mmdb,
    origins: options.origins,
  });
}
