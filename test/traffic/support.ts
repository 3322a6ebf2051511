/**
 * Shared by the traffic integration tests: attribution tables that split the IPv4 space in
 * two halves (so expectations can be computed with awk), and a dump of every stored series.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Attributor } from '../../src/geo/attributor.js';
import { loadDefaultAttributor } from '../../src/geo/load-attributor.js';
import type { Store } from '../../src/store/store.js';

export const fixture = (path: string) =>
  fileURLToPath(new URL(`../fixtures/${path}`, import.meta.url));

/** 0/1 → AS64500 (fixed) in KZ, 128/1 → AS64501 (mobile) in UZ. */
export function writeHalvesGeo(dir = mkdtempSync(join(tmpdir(), 'nightlight-geo-'))) {
  const paths = {
    asn: join(dir, 'asn.csv'),
    country: join(dir, 'country.csv'),
    access: join(dir, 'access.csv'),
  };
  writeFileSync(
    paths.asn,
    '0,2147483647,64500,Low Fixed Net\n2147483648,4294967295,64501,High Mobile Net\n',
  );
  writeFileSync(paths.country, '0,2147483647,KZ\n2147483648,4294967295,UZ\n');
  writeFileSync(
    paths.access,
    'asn,access_type,name,source\n64500,fixed,Low Fixed Net,test\n64501,mobile,High Mobile Net,test\n',
  );
  return {
    paths,
    env: {
      NIGHTLIGHT_GEO_ASN_TABLES: paths.asn,
      NIGHTLIGHT_GEO_COUNTRY_TABLES: paths.country,
      NIGHTLIGHT_GEO_ACCESS_TYPES: paths.access,
    },
  };
}

export async function halvesAttributor(): Promise<Attributor> {
  const { paths } = writeHalvesGeo();
  return loadDefaultAttributor({
    asnPaths: [paths.asn],
    countryPaths: [paths.country],
    accessTypesPath: paths.access,
  });
}

/** Every point of every series, as `entity signal source bin → [value, coverage]`. */
export async function dumpSeries(store: Store): Promise<Map<string, [number | null, number]>> {
  const points = new Map<string, [number | null, number]>();
  for (const entity of await store.listEntities()) {
    for (const s of await store.readSeries({ entity, from: 0, to: 2 ** 32 })) {
      s.bins.forEach((bin, i) => {
        const value = s.values[i]!;
        points.set(`${entity} ${s.signal} ${s.source} ${bin}`, [
          Number.isNaN(value) ? null : value,
          s.coverage[i]!,
        ]);
      });
    }
  }
  return points;
}
