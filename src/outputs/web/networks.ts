/**
 * Names and access types (mobile, fixed, mixed …) of networks, from the curated table the
 * geo layer ships (src/geo/access-types.csv), bundled at build time: the per-network tables
 * split mobile from fixed without an extra request.
 */
import csv from '../../geo/access-types.csv?raw';

export interface NetworkInfo {
  readonly name: string;
  readonly access: string;
}

let table: Map<number, NetworkInfo> | undefined;

/** `9198,fixed,JSC Kazakhtelecom,"source…"` rows; the source column may hold quoted commas. */
function parse(text: string): Map<number, NetworkInfo> {
  const result = new Map<number, NetworkInfo>();
  for (const line of text.split('\n').slice(1)) {
    const match = /^(\d+),([a-z]+),("(?:[^"]|"")*"|[^,]*),/.exec(line);
    if (match === null) continue;
    const name = match[3]!.startsWith('"')
      ? match[3]!.slice(1, -1).replaceAll('""', '"')
      : match[3]!;
    result.set(Number(match[1]), { name, access: match[2]! });
  }
  return result;
}

export function networkOf(asn: number): NetworkInfo | undefined {
  table ??= parse(csv);
  return table.get(asn);
}
