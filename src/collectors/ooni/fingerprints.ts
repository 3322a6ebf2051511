/**
 * OONI's DNS and HTTP block-page fingerprints (ooni/blocking-fingerprints, shipped beside this
 * file) and their matching: a DNS answer equal to an injected address, an HTTP body or header
 * matching a known block page. Matching is pure; loading reads the two CSVs once. A malformed
 * shipped CSV is our bug: NightlightError('internal').
 */
import { readFileSync } from 'node:fs';
import { NightlightError, messageOf } from '../../model/failure.js';

export interface Fingerprint {
  readonly name: string;
  /** `nat`, `isp`, `prod`, `inst`, `vbw`, or `fp` for a known false positive. */
  readonly scope: string;
  /** `dns`, `body` or `header.<lower-case name>`. */
  readonly location: string;
  readonly patternType: 'full' | 'prefix' | 'contains' | 'regexp';
  readonly pattern: string;
  readonly regexp: RegExp | null;
  readonly expectedCountries: readonly string[];
}

export interface Fingerprints {
  readonly dns: readonly Fingerprint[];
  readonly http: readonly Fingerprint[];
  matchDns(address: string): Fingerprint | null;
  /** `headers` keyed by lower-case name. */
  matchHttp(body: string | null, headers: ReadonlyMap<string, string>): Fingerprint | null;
}

/** RFC 4180 fields, with quoted fields that may hold commas, quotes and newlines. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    if (quoted) {
      if (char === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (char === '"') quoted = false;
      else field += char;
    } else if (char === '"') quoted = true;
    else if (char === ',') {
      row.push(field);
      field = '';
    } else if (char === '\n' || char === '\r') {
      if (char === '\r' && text[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += char;
  }
  if (field !== '' || row.length > 0) rows.push([...row, field]);
  return rows.filter((r) => r.some((f) => f !== ''));
}

export function parseFingerprints(text: string, path: string): Fingerprint[] {
  const [header, ...rows] = parseCsv(text);
  const column = (name: string) => {
    const index = header?.indexOf(name) ?? -1;
    if (index < 0)
      throw new NightlightError('internal', `Cannot parse fingerprints ${path}: no column ${name}`);
    return index;
  };
  const [name, scope, location, type, pattern, countries] = [
    'name',
    'scope',
    'location_found',
    'pattern_type',
    'pattern',
    'expected_countries',
  ].map(column) as [number, number, number, number, number, number];
  return rows.map((row, i) => {
    const patternType = row[type];
    if (
      patternType !== 'full' &&
      patternType !== 'prefix' &&
      patternType !== 'contains' &&
      patternType !== 'regexp'
    )
      throw new NightlightError(
        'internal',
        `Cannot parse fingerprints ${path} row ${i + 2}: pattern_type ${JSON.stringify(patternType)}`,
      );
    const text = row[pattern] ?? '';
    return {
      name: row[name] ?? '',
      scope: row[scope] ?? '',
      location: row[location] ?? '',
      patternType,
      pattern: text,
      regexp: patternType === 'regexp' ? new RegExp(text) : null,
      expectedCountries: (row[countries] ?? '')
        .split(',')
        .map((c) => c.trim())
        .filter((c) => c !== ''),
    };
  });
}

function matches(fingerprint: Fingerprint, value: string): boolean {
  switch (fingerprint.patternType) {
    case 'full':
      return value === fingerprint.pattern;
    case 'prefix':
      return value.startsWith(fingerprint.pattern);
    case 'contains':
      return value.includes(fingerprint.pattern);
    case 'regexp':
      return fingerprint.regexp?.test(value) ?? false;
  }
}

export function createFingerprints(
  dns: readonly Fingerprint[],
  http: readonly Fingerprint[],
): Fingerprints {
  const byAddress = new Map(dns.filter((f) => f.patternType === 'full').map((f) => [f.pattern, f]));
  const otherDns = dns.filter((f) => f.patternType !== 'full');
  // False-positive patterns (scope fp: CDN challenges, error pages) are tried first, so a
  // Cloudflare challenge is never "confirmed" by a vaguer product pattern.
  const ordered = [
    ...http.filter((f) => f.scope === 'fp'),
    ...http.filter((f) => f.scope !== 'fp'),
  ];
  const bodyPatterns = ordered.filter((f) => f.location === 'body');
  const headerPatterns = new Map<string, Fingerprint[]>();
  for (const f of ordered)
    if (f.location.startsWith('header.')) {
      const name = f.location.slice('header.'.length);
      headerPatterns.set(name, [...(headerPatterns.get(name) ?? []), f]);
    }
  const rank = new Map(ordered.map((f, i) => [f, i]));
  return {
    dns,
    http,
    matchDns(address) {
      return byAddress.get(address) ?? otherDns.find((f) => matches(f, address)) ?? null;
    },
    matchHttp(body, headers) {
      let best: Fingerprint | null = null;
      const consider = (f: Fingerprint, value: string) => {
        if ((best === null || (rank.get(f) ?? 0) < (rank.get(best) ?? 0)) && matches(f, value))
          best = f;
      };
      for (const [name, value] of headers)
        for (const f of headerPatterns.get(name) ?? []) consider(f, value);
      if (body !== null)
        for (const f of bodyPatterns) {
          if (best !== null && (rank.get(f) ?? 0) > (rank.get(best) ?? 0)) break;
          consider(f, body);
        }
      return best;
    },
  };
}

let shipped: Fingerprints | null = null;

/** The fingerprints shipped with Nightlight, loaded once. */
export function defaultFingerprints(): Fingerprints {
  if (shipped === null) {
    const read = (name: string) => {
      const url = new URL(`./fingerprints/${name}`, import.meta.url);
      let text: string;
      try {
        text = readFileSync(url, 'utf8');
      } catch (error) {
        // Shipped beside this module; a build that left them out is our bug.
        throw new NightlightError(
          'internal',
          `Cannot read fingerprints ${url.pathname}: ${messageOf(error)}`,
        );
      }
      return parseFingerprints(text, url.pathname);
    };
    shipped = createFingerprints(read('fingerprints_dns.csv'), read('fingerprints_http.csv'));
  }
  return shipped;
}
