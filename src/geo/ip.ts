/**
 * IP addresses as numbers, the keys of geo/'s range tables. IPv4 is one uint32; IPv6 is four
 * uint32 words, most significant first, so lookups compare plain numbers instead of bigints.
 * `::ffff:a.b.c.d` is IPv4. Unparseable text throws NightlightError('bad_input'); the
 * `…OrNegative` helpers answer -1 / false instead, for hot loops and for callers that report.
 */
import { NightlightError } from '../model/failure.js';

export interface Ipv4Address {
  readonly family: 4;
  readonly value: number;
}

export interface Ipv6Address {
  readonly family: 6;
  readonly w0: number;
  readonly w1: number;
  readonly w2: number;
  readonly w3: number;
}

export type IpAddress = Ipv4Address | Ipv6Address;

const DOT = 46;
const COLON = 58;

/** Dotted-quad text (strictly four decimal parts, no leading zeros) as a uint32, or -1. */
export function parseIpv4OrNegative(text: string, from = 0, to = text.length): number {
  let value = 0;
  let part = 0;
  let digits = 0;
  let dots = 0;
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c >= 48 && c <= 57) {
      // A leading zero is refused: inet_aton reads `010` as octal 8, others as decimal 10.
      if (digits === 1 && part === 0) return -1;
      part = part * 10 + (c - 48);
      if (++digits > 3 || part > 255) return -1;
    } else if (c === DOT && digits > 0 && dots < 3) {
      value = value * 256 + part;
      part = 0;
      digits = 0;
      dots++;
    } else {
      return -1;
    }
  }
  if (dots !== 3 || digits === 0) return -1;
  return value * 256 + part;
}

function hexValue(c: number): number {
  if (c >= 48 && c <= 57) return c - 48;
  if (c >= 97 && c <= 102) return c - 87;
  if (c >= 65 && c <= 70) return c - 55;
  return -1;
}

const groups = new Uint32Array(8);

/**
 * RFC 4291 §2.2 text (all three forms, `::` at most once, an IPv4 tail allowed) into `out` as
 * four words. Answers false on anything else. Zone ids (`%eth0`) are not part of the syntax.
 */
export function parseIpv6Into(text: string, out: Uint32Array): boolean {
  const n = text.length;
  let count = 0;
  let gap = -1;
  let i = 0;
  if (n >= 2 && text.charCodeAt(0) === COLON) {
    if (text.charCodeAt(1) !== COLON) return false;
    gap = 0;
    i = 2;
  }
  while (i < n) {
    let j = i;
    let group = 0;
    for (let h; j < n && (h = hexValue(text.charCodeAt(j))) >= 0; j++) group = group * 16 + h;
    if (j < n && text.charCodeAt(j) === DOT) {
      const v4 = count <= 6 ? parseIpv4OrNegative(text, i, n) : -1;
      if (v4 < 0) return false;
      groups[count++] = v4 >>> 16;
      groups[count++] = v4 & 0xffff;
      break;
    }
    if (j === i || j - i > 4 || count === 8) return false;
    groups[count++] = group;
    if (j === n) break;
    if (text.charCodeAt(j) !== COLON || j + 1 === n) return false;
    if (text.charCodeAt(j + 1) === COLON) {
      if (gap >= 0) return false;
      gap = count;
      j++;
    }
    i = j + 1;
  }
  if (gap < 0 ? count !== 8 : count > 7) return false;
  for (let w = 0; w < 4; w++) {
    out[w] = groupAt(2 * w, gap, count) * 65536 + groupAt(2 * w + 1, gap, count);
  }
  return true;
}

/** Group k of the full address: `::` stands for the 8 - count zero groups at `gap`. */
function groupAt(k: number, gap: number, count: number): number {
  if (gap < 0 || k < gap) return groups[k]!;
  const zeros = 8 - count;
  return k < gap + zeros ? 0 : groups[k - zeros]!;
}

/** True for `::ffff:0:0/96`, the IPv4-mapped block (RFC 4291 §2.5.5.2). */
export function isMappedIpv4(w0: number, w1: number, w2: number): boolean {
  return w0 === 0 && w1 === 0 && w2 === 0xffff;
}

const scratch = new Uint32Array(4);

/** Parses IPv4 or IPv6 text; IPv4-mapped IPv6 answers as IPv4. */
export function parseIp(text: string): IpAddress {
  const v4 = parseIpv4OrNegative(text);
  if (v4 >= 0) return { family: 4, value: v4 };
  if (text.includes('%')) {
    throw new NightlightError(
      'bad_input',
      `Cannot parse IP address: zone ids are not supported, found ${JSON.stringify(text)}`,
    );
  }
  if (!parseIpv6Into(text, scratch)) {
    throw new NightlightError(
      'bad_input',
      `Cannot parse IP address: expected IPv4 (192.0.2.1) or IPv6 (2001:db8::1), found ${JSON.stringify(text)}`,
    );
  }
  const [w0, w1, w2, w3] = scratch as unknown as [number, number, number, number];
  if (isMappedIpv4(w0, w1, w2)) return { family: 4, value: w3 };
  return { family: 6, w0, w1, w2, w3 };
}

const OCTETS = Array.from({ length: 256 }, (_, i) => String(i));

export function formatIpv4(value: number): string {
  // Concatenating cached octet strings builds a rope lazily: several times faster than a template.
  return (
    OCTETS[value >>> 24]! +
    '.' +
    OCTETS[(value >>> 16) & 255]! +
    '.' +
    OCTETS[(value >>> 8) & 255]! +
    '.' +
    OCTETS[value & 255]!
  );
}

const HEX: (string | null)[] = [];
for (let g = 0; g < 65536; g++) HEX.push(null);
function hex(group: number): string {
  return (HEX[group] ??= group.toString(16));
}

/**
 * IPv6 text. 'rfc5952' (§4): lower case, no leading zeros, the first longest run of two or
 * more zero groups as `::`. 'ntop' is glibc inet_ntop's, which bgpdump prints: a single zero
 * group is compressed too (`2001:7f8:30::2:1:0:8447`), and ::a.b.c.d and ::ffff:a.b.c.d end
 * in dotted IPv4.
 */
// Module-level helpers, not closures: a hot path must not create a function per call.
function groupOf(k: number, w0: number, w1: number, w2: number, w3: number): number {
  const w = k < 4 ? (k < 2 ? w0 : w1) : k < 6 ? w2 : w3;
  return k % 2 === 0 ? w >>> 16 : w & 0xffff;
}

export function formatIpv6(
  w0: number,
  w1: number,
  w2: number,
  w3: number,
  style: 'rfc5952' | 'ntop' = 'rfc5952',
): string {
  let best = -1;
  let bestLength = style === 'ntop' ? 0 : 1;
  for (let i = 0; i < 8;) {
    let j = i;
    while (j < 8 && groupOf(j, w0, w1, w2, w3) === 0) j++;
    if (j - i > bestLength) {
      best = i;
      bestLength = j - i;
    }
    i = j + 1;
  }
  const embedded =
    style === 'ntop' &&
    best === 0 &&
    (bestLength === 6 || (bestLength === 5 && groupOf(5, w0, w1, w2, w3) === 0xffff));
  let text = '';
  for (let k = 0; k < 8; k++) {
    if (k === best) {
      text += '::';
      k += bestLength - 1;
      continue;
    }
    if (embedded && k === 6) return text + (k === best + bestLength ? '' : ':') + formatIpv4(w3);
    if (k > 0 && k !== best + bestLength) text += ':';
    text += hex(groupOf(k, w0, w1, w2, w3));
  }
  return text;
}

export function formatIp(ip: IpAddress): string {
  return ip.family === 4 ? formatIpv4(ip.value) : formatIpv6(ip.w0, ip.w1, ip.w2, ip.w3);
}

export function ipv6ToBigInt(ip: Ipv6Address): bigint {
  return (BigInt(ip.w0) << 96n) | (BigInt(ip.w1) << 64n) | (BigInt(ip.w2) << 32n) | BigInt(ip.w3);
}

export function ipv6FromBigInt(value: bigint): Ipv6Address {
  const word = (shift: bigint) => Number((value >> shift) & 0xffffffffn);
  return { family: 6, w0: word(96n), w1: word(64n), w2: word(32n), w3: word(0n) };
}
