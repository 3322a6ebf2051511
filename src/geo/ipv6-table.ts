/**
 * The IPv6 range table: a step function over the 128-bit space, segment starts stored as four
 * uint32 words each (most significant first) so the search compares numbers, not bigints. An
 * index on the top 16 bits narrows the search. Pure, never throws.
 */
import { flattenRanges, IPV6_KEYS, zipSteps, type RangeRows } from './flatten-ranges.js';

export interface Ipv6Table {
  readonly family: 6;
  readonly size: number;
  /** Segment i starts at words[4i…4i+3]. */
  readonly words: Uint32Array;
  readonly asns: Uint32Array;
  readonly countries: Uint16Array;
  find(w0: number, w1: number, w2: number, w3: number): number;
}

export interface Ipv6Columns {
  readonly starts: readonly bigint[];
  readonly asns: readonly number[];
  readonly countries: readonly number[];
}

/** `columns.starts` must begin at 0n and increase. */
export function createIpv6Table(columns: Ipv6Columns): Ipv6Table {
  const size = columns.starts.length;
  const words = new Uint32Array(size * 4);
  const halves = new DataView(new ArrayBuffer(16));
  columns.starts.forEach((start, i) => {
    halves.setBigUint64(0, start >> 64n);
    halves.setBigUint64(8, BigInt.asUintN(64, start));
    for (let w = 0; w < 4; w++) words[4 * i + w] = halves.getUint32(4 * w);
  });
  const asns = Uint32Array.from(columns.asns);
  const countries = Uint16Array.from(columns.countries);

  /** Segment i starts at or before the address. */
  const startsAtOrBefore = (i: number, w0: number, w1: number, w2: number, w3: number) => {
    const o = i << 2;
    if (words[o] !== w0) return words[o]! < w0;
    if (words[o + 1] !== w1) return words[o + 1]! < w1;
    if (words[o + 2] !== w2) return words[o + 2]! < w2;
    return words[o + 3]! <= w3;
  };

  const index = new Uint32Array(65537);
  for (let p = 0, i = 0; p < 65536; p++) {
    while (i + 1 < size && startsAtOrBefore(i + 1, p * 65536, 0, 0, 0)) i++;
    index[p] = i;
  }
  index[65536] = size - 1;

  return {
    family: 6,
    size,
    words,
    asns,
    countries,
    find(w0, w1, w2, w3) {
      const p = w0 >>> 16;
      let lo = index[p]!;
      let hi = index[p + 1]!;
      while (lo < hi) {
        const mid = (lo + hi + 1) >>> 1;
        if (startsAtOrBefore(mid, w0, w1, w2, w3)) lo = mid;
        else hi = mid - 1;
      }
      return lo;
    },
  };
}

export function buildIpv6Table(asn: RangeRows<bigint>, country: RangeRows<bigint>): Ipv6Table {
  const zipped = zipSteps(
    IPV6_KEYS,
    flattenRanges(IPV6_KEYS, asn),
    flattenRanges(IPV6_KEYS, country),
  );
  return createIpv6Table({ starts: zipped.starts, asns: zipped.a, countries: zipped.b });
}
