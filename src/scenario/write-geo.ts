/**
 * Writes the attribution tables the scenario implies, in ip-location-db's `-num` CSV layout
 * (`start,end,asn,"name"` and `start,end,CC`, IPv4 and IPv6), plus an access-type table in
 * Nightlight's own `asn,access_type,name,source` layout, so that `geo.asnTables`,
 * `geo.countryTables` and `geo.accessTypes` attribute every generated address exactly as the
 * scenario meant; and, when the scenario has regions, a City-style MMDB (`geo.mmdb`) that
 * places each address in its region. The rest of the world's routes (world-table.ts, which
 * include the visitors' prefixes) are attributed to their own networks and countries.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { formatPrefix, parsePrefix, prefixBounds, type Prefix } from '../geo/prefix.js';
import type { NetworkModel } from './network-model.js';
import { writeRegionMmdb } from './write-mmdb.js';
import type { Scenario } from './scenario-schema.js';
import type { WorldRoute } from './world-table.js';

export interface GeoTables {
  readonly asnTables: readonly string[];
  readonly countryTables: readonly string[];
  readonly accessTypes: string;
  /** A City-style MMDB placing addresses in regions; null when the scenario has none. */
  readonly mmdb: string | null;
}

interface Row {
  readonly prefix: Prefix;
  readonly asn: number;
  readonly name: string;
  readonly country: string;
}

const quote = (text: string) => `"${text.replaceAll('"', '""')}"`;

export async function writeGeoTables(
  s: Scenario,
  model: NetworkModel,
  dir: string,
  world: readonly WorldRoute[] = [],
): Promise<GeoTables> {
  const rows: Row[] = [];
  for (const plan of model.plans)
    for (const p of [...plan.v4, ...plan.v6])
      rows.push({ prefix: p.prefix, asn: plan.asn.asn, name: plan.asn.name, country: s.country });
  const seen = new Set<string>();
  for (const w of world) {
    seen.add(`${w.prefix.asn} ${formatPrefix(w.prefix.prefix)}`);
    rows.push({ prefix: w.prefix.prefix, asn: w.prefix.asn, name: w.name, country: w.country });
  }
  for (const v of s.visitors)
    for (const text of v.prefixes) {
      const prefix = parsePrefix(text);
      if (!seen.has(`${v.asn} ${formatPrefix(prefix)}`))
        rows.push({ prefix, asn: v.asn, name: v.name, country: v.country });
    }
  const bounds = rows.map((r) => ({ ...r, ...prefixBounds(r.prefix) }));
  bounds.sort((a, b) => (a.first < b.first ? -1 : a.first > b.first ? 1 : 0));
  const files: GeoTables = {
    asnTables: [join(dir, 'asn-ipv4-num.csv'), join(dir, 'asn-ipv6-num.csv')],
    countryTables: [join(dir, 'country-ipv4-num.csv'), join(dir, 'country-ipv6-num.csv')],
    accessTypes: join(dir, 'access-types.csv'),
    mmdb: s.regions.length === 0 ? null : join(dir, 'regions.mmdb'),
  };
  if (files.mmdb !== null) await writeRegionMmdb(s, model, files.mmdb);
  for (const family of [4, 6] as const) {
    const mine = bounds.filter((r) => r.prefix.address.family === family);
    const i = family === 4 ? 0 : 1;
    await writeFile(
      files.asnTables[i]!,
      mine.map((r) => `${r.first},${r.last},${r.asn},${quote(r.name)}\n`).join(''),
    );
    await writeFile(
      files.countryTables[i]!,
      mine.map((r) => `${r.first},${r.last},${r.country}\n`).join(''),
    );
  }
  const access = model.plans.map(
    (p) => `${p.asn.asn},${p.asn.access},${quote(p.asn.name)},${quote(`scenario ${s.name}`)}\n`,
  );
  await writeFile(files.accessTypes, `asn,access_type,name,source\n${access.join('')}`);
  return files;
}
