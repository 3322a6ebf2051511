/**
 * The IPv4 range table: a step function over 0…2^32-1 in typed arrays, each segment with an
 * ASN and a packed country (0 = unknown). A /16 index narrows the binary search to a few
 * segments, which is what makes millions of lookups per second possible. Pure, never throws.
 */
import { flattenRanges, IPV4_KEYS, zipSteps, type RangeRows } from './flatten-ranges.js';

export interface Ipv4Table {
  readonly family: 4;
  /** Number of segments; segment i covers [starts[i], starts[i+1]). */
  readonly size: number;
  readonly starts: Uint32Array;
  readonly asns: Uint32Array;
  readonly countries: Uint16Array;
  /** The segment holding `ip`, a uint32 (callers check the range). */
  find(ip: number): number;
  /**
   * The segment of each of ips[0…count), which must ascend, into out[0…count): one forward
   * walk over the table (the next segment is tried before the index), so sorted addresses
   * read the table in order instead of a binary search per address. Equals find() per address.
   */
  findSorted(ips: Uint32Array, count: number, out: Int32Array): void;
  /** Number of addresses in segment i. */
  addressesIn(i: number): number;
}

export interface Ipv4Columns {
  readonly starts: readonly number[];
  readonly asns: readonly number[];
  readonly countries: readonly number[];
}

const SPACE = 2 ** 32;

/** `columns.starts` must begin at 0 and increase. */
export function createIpv4Table(columns: Ipv4Columns): Ipv4Table {
  const starts = Uint32Array.from(columns.starts);
  const asns = Uint32Array.from(columns.asns);
  const countries = Uint16Array.from(columns.countries);
  const size = starts.length;
  // index[p]: the last segment starting at or before p.0.0 (p = top 16 bits); index[65536] = last.
  const index = new Uint32Array(65537);
  for (let p = 0, i = 0; p < 65536; p++) {
    const at = p * 65536;
    while (i + 1 < size && starts[i + 1]! <= at) i++;
    index[p] = i;
  }
  index[65536] = size - 1;

  return {
    family: 4,
    size,
    starts,
    asns,
    countries,
    find(ip) {
      const p = ip >>> 16;
      let lo = index[p]!;
      let hi = index[p + 1]!;
      while (lo < hi) {
        const mid = (lo + hi + 1) >>> 1;
        if (starts[mid]! <= ip) lo = mid;
        else hi = mid - 1;
      }
      return lo;
    },
    findSorted(ips, count, out) {
      let i = 0;
      // The start of segment i+1, or 2^32 past the last segment.
      let next = size > 1 ? starts[1]! : SPACE;
      for (let k = 0; k < count; k++) {
        const ip = ips[k]!;
        if (ip >= next) {
          // Neighbouring addresses often land one or two segments on: try those first.
          i++;
          next = i + 1 < size ? starts[i + 1]! : SPACE;
          if (ip >= next) {
            const p = ip >>> 16;
            let lo = Math.max(i, index[p]!);
            let hi = index[p + 1]!;
            while (lo < hi) {
              const mid = (lo + hi + 1) >>> 1;
              if (starts[mid]! <= ip) lo = mid;
              else hi = mid - 1;
            }
            i = lo;
            next = i + 1 < size ? starts[i + 1]! : SPACE;
          }
        }
        out[k] = i;
      }
    },
    addressesIn(i) {
      return (i + 1 < size ? starts[i + 1]! : SPACE) - starts[i]!;
    },
  };
}

/** One table answering both questions from separately loaded, possibly overlapping rows. */
export function buildIpv4Table(asn: RangeRows<number>, country: RangeRows<number>): Ipv4Table {
  const zipped = zipSteps(
    IPV4_KEYS,
    flattenRanges(IPV4_KEYS, asn),
    flattenRanges(IPV4_KEYS, country),
  );
  return createIpv4Table({ starts: zipped.starts, asns: zipped.a, countries: zipped.b });
}
