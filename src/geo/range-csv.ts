/**
 * One line of an ip-location-db table (`start,end,asn,"org"` or `start,end,CC`), with start
 * and end either as numbers (the `-num` files) or as address text. Pure: answers a record or
 * the reason the line is malformed; load-range-csv adds the file and line number.
 */
import { encodeCountry } from './country-code.js';
import { splitCsvLine } from './csv-fields.js';
import { ipv6ToBigInt, parseIpv4OrNegative, parseIpv6Into } from './ip.js';

export type TableKind = 'asn' | 'country';

export interface RangeRecord<K> {
  readonly start: K;
  readonly end: K;
  /** The ASN, or the packed country code (see country-code.ts). */
  readonly value: number;
  /** The AS organisation, for `asn` tables. */
  readonly name: string | null;
}

export type RangeLine<K> = RangeRecord<K> | { readonly reason: string };

export function isRangeRecord<K>(line: RangeLine<K>): line is RangeRecord<K> {
  return !('reason' in line);
}

const MAX_IPV6 = (1n << 128n) - 1n;
const words = new Uint32Array(4);

/** A decimal integer of up to 10 digits, or -1. */
function parseDecimal(text: string, from: number, to: number): number {
  if (to <= from || to - from > 10) return -1;
  let value = 0;
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return -1;
    value = value * 10 + c;
  }
  return value;
}

function isDigits(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
}

function parseIpv4Key(line: string, from: number, to: number): number {
  const number = parseDecimal(line, from, to);
  if (number >= 0) return number <= 0xffffffff ? number : -1;
  return parseIpv4OrNegative(line, from, to);
}

function parseIpv6Key(text: string): bigint {
  if (text.length > 0 && text.length <= 39 && isDigits(text)) {
    const value = BigInt(text);
    return value <= MAX_IPV6 ? value : -1n;
  }
  if (!parseIpv6Into(text, words)) return -1n;
  return ipv6ToBigInt({ family: 6, w0: words[0]!, w1: words[1]!, w2: words[2]!, w3: words[3]! });
}

function parseValue<K>(
  kind: TableKind,
  line: string,
  from: number,
  start: K,
  end: K,
): RangeLine<K> {
  const comma = line.indexOf(',', from);
  const to = comma < 0 ? line.length : comma;
  if (kind === 'country') {
    // Extra columns are allowed so the city tables (start,end,CC,region,…) load too.
    const country = to - from === 2 ? encodeCountry(line.slice(from, to)) : 0;
    if (country === 0)
      return {
        reason: `country is not an ISO 3166-1 alpha-2 code: ${JSON.stringify(line.slice(from, to))}`,
      };
    return { start, end, value: country, name: null };
  }
  const asn = parseDecimal(line, from, to);
  if (asn < 0 || asn > 0xffffffff)
    return { reason: `ASN is not a number: ${JSON.stringify(line.slice(from, to))}` };
  if (comma < 0) return { start, end, value: asn, name: null };
  const rest = splitCsvLine(line, comma + 1);
  if (rest === null) return { reason: 'organisation name has unbalanced quotes' };
  return { start, end, value: asn, name: rest.join(',') || null };
}

export function parseIpv4RangeLine(kind: TableKind, line: string): RangeLine<number> {
  const c1 = line.indexOf(',');
  const c2 = c1 < 0 ? -1 : line.indexOf(',', c1 + 1);
  if (c2 < 0) return { reason: `expected start,end,${kind === 'asn' ? 'asn,name' : 'country'}` };
  const start = parseIpv4Key(line, 0, c1);
  const end = parseIpv4Key(line, c1 + 1, c2);
  if (start < 0)
    return { reason: `start is not an IPv4 address: ${JSON.stringify(line.slice(0, c1))}` };
  if (end < 0)
    return { reason: `end is not an IPv4 address: ${JSON.stringify(line.slice(c1 + 1, c2))}` };
  if (end < start) return { reason: 'end is before start' };
  return parseValue(kind, line, c2 + 1, start, end);
}

export function parseIpv6RangeLine(kind: TableKind, line: string): RangeLine<bigint> {
  const c1 = line.indexOf(',');
  const c2 = c1 < 0 ? -1 : line.indexOf(',', c1 + 1);
  if (c2 < 0) return { reason: `expected start,end,${kind === 'asn' ? 'asn,name' : 'country'}` };
  const start = parseIpv6Key(line.slice(0, c1));
  const end = parseIpv6Key(line.slice(c1 + 1, c2));
  if (start < 0n)
    return { reason: `start is not an IPv6 address: ${JSON.stringify(line.slice(0, c1))}` };
  if (end < 0n)
    return { reason: `end is not an IPv6 address: ${JSON.stringify(line.slice(c1 + 1, c2))}` };
  if (end < start) return { reason: 'end is before start' };
  return parseValue(kind, line, c2 + 1, start, end);
}
