/**
 * One bin's tally of client (or source) addresses: per distinct address, a few counters
 * (requests or packets, and flags such as "mobile user agent" or "backscatter"). Shared by the
 * log and darknet collectors; IPv4 lives in an open-addressing hash over typed arrays so the
 * hot path allocates nothing, IPv6 (rare in practice) in a Map. Never throws on data.
 */

export interface IpTally {
  /** Counters per address: index 0 is hits, the rest are collector-defined flags. */
  readonly counters: number;
  /** Adds one hit for `ip` (uint32) and one to each counter k ≥ 1 whose bit k-1 is in `flags`. */
  addIpv4(ip: number, flags: number): void;
  addIpv6(w0: number, w1: number, w2: number, w3: number, flags: number): void;
  readonly distinctIpv4: number;
  readonly distinctIpv6: number;
  /**
   * IPv4 addresses in ascending order, each with its counters at counts[at…at+counters) (the
   * tally's own array, valid during the call: no view is made per address).
   */
  forEachIpv4(visit: (ip: number, counts: Uint32Array, at: number) => void): void;
  /**
   * The same, as arrays for a bulk pass: ips[0…count) ascending, the counters of ips[k] at
   * counts[at[k]…]. The arrays are the tally's own, valid until it changes.
   */
  sortedIpv4(): SortedIpv4;
  forEachIpv6(visit: (words: readonly number[], counts: Uint32Array, at: number) => void): void;
  /** Empties the tally, keeping its capacity: a recycled tally does not grow again. */
  reset(): void;
  /** Bytes held by the typed arrays, for the memory benchmark. */
  bytes(): number;
}

export interface SortedIpv4 {
  readonly count: number;
  readonly ips: Uint32Array;
  readonly at: Uint32Array;
  readonly counts: Uint32Array;
}

const INITIAL_CAPACITY = 1024;

export function createIpTally(counters: number): IpTally {
  // One row per slot: the address, then its counters (hits first). A slot is in use when its
  // hits are not 0, since every address added has one: the probe, the key and the counters
  // of an address share a cache line, where three arrays cost three misses per record.
  const stride = 1 + counters;
  let capacity = INITIAL_CAPACITY;
  let shift = 32 - Math.log2(capacity);
  let table = new Uint32Array(capacity * stride);
  let size = 0;
  const v6 = new Map<string, { words: number[]; counts: Uint32Array }>();
  /** Room for sortPairs: keys and values, sorted and spare, `size` each. */
  let scratch = new Uint32Array(0);

  /** The row of `ip` in `table`, or the free row where it goes. */
  function rowOf(ip: number): number {
    const mask = capacity - 1;
    let slot = Math.imul(ip, 0x9e3779b1) >>> shift;
    let row = slot * stride;
    while (table[row + 1] !== 0 && table[row] !== ip) {
      slot = (slot + 1) & mask;
      row = slot * stride;
    }
    return row;
  }

  function grow(): void {
    const [old, oldCapacity] = [table, capacity];
    capacity *= 2;
    shift--;
    table = new Uint32Array(capacity * stride);
    for (let from = 0; from < oldCapacity * stride; from += stride) {
      if (old[from + 1] === 0) continue;
      table.set(old.subarray(from, from + stride), rowOf(old[from]!));
    }
  }

  function bump(target: Uint32Array, base: number, flags: number): void {
    target[base]!++;
    for (let k = 1; flags !== 0 && k < counters; k++, flags >>>= 1)
      if ((flags & 1) !== 0) target[base + k]!++;
  }

  function sortedIpv4(): SortedIpv4 {
    if (scratch.length < 4 * size) scratch = new Uint32Array(4 * size);
    let n = 0;
    for (let row = 0; row < capacity * stride; row += stride) {
      if (table[row + 1] !== 0) {
        scratch[n] = table[row]!;
        scratch[size + n++] = row + 1;
      }
    }
    const [ips, at] = sortPairs(scratch, size);
    return { count: size, ips, at, counts: table };
  }

  return {
    counters,
    addIpv4(ip, flags) {
      let row = rowOf(ip);
      if (table[row + 1] === 0) {
        // Half full at most: probes stay short even for a million addresses in one bin.
        if (++size * 2 > capacity) {
          grow();
          row = rowOf(ip);
        }
        table[row] = ip;
      }
      bump(table, row + 1, flags);
    },
    addIpv6(w0, w1, w2, w3, flags) {
      const key = `${w0},${w1},${w2},${w3}`;
      let entry = v6.get(key);
      if (entry === undefined)
        v6.set(key, (entry = { words: [w0, w1, w2, w3], counts: new Uint32Array(counters) }));
      bump(entry.counts, 0, flags);
    },
    get distinctIpv4() {
      return size;
    },
    get distinctIpv6() {
      return v6.size;
    },
    forEachIpv4(visit) {
      const sorted = sortedIpv4();
      for (let k = 0; k < sorted.count; k++) visit(sorted.ips[k]!, table, sorted.at[k]!);
    },
    sortedIpv4,
    reset() {
      table.fill(0);
      size = 0;
      v6.clear();
    },
    forEachIpv6(visit) {
      const entries = [...v6.values()].sort((a, b) => compareWords(a.words, b.words));
      for (const entry of entries) visit(entry.words, entry.counts, 0);
    },
    bytes: () => table.byteLength + scratch.byteLength,
  };
}

function compareWords(a: readonly number[], b: readonly number[]): number {
  for (let i = 0; i < 4; i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
  return 0;
}

const RADIX_BITS = 11;
const RADIX_BUCKETS = 1 << RADIX_BITS;
const RADIX_MASK = RADIX_BUCKETS - 1;
const radixCount = new Uint32Array(RADIX_BUCKETS);

/**
 * Sorts n (key, value) pairs held in room[0…n) (keys) and room[n…2n) (values), using
 * room[2n…4n) as the other buffer: an LSD radix sort in three passes of 11 bits over
 * sequential arrays, which beats the comparison sort of a typed array several times over at
 * tens of thousands of addresses per bin. Answers views of the sorted keys and values.
 */
function sortPairs(room: Uint32Array, n: number): [Uint32Array, Uint32Array] {
  let [keys, values] = [room.subarray(0, n), room.subarray(n, 2 * n)];
  let [toKeys, toValues] = [room.subarray(2 * n, 3 * n), room.subarray(3 * n, 4 * n)];
  const count = radixCount;
  for (let shift = 0; shift < 32; shift += RADIX_BITS) {
    count.fill(0);
    for (let i = 0; i < n; i++) count[(keys[i]! >>> shift) & RADIX_MASK]!++;
    let sum = 0;
    for (let b = 0; b < RADIX_BUCKETS; b++) {
      const c = count[b]!;
      count[b] = sum;
      sum += c;
    }
    for (let i = 0; i < n; i++) {
      const key = keys[i]!;
      const to = count[(key >>> shift) & RADIX_MASK]!++;
      toKeys[to] = key;
      toValues[to] = values[i]!;
    }
    [keys, toKeys] = [toKeys, keys];
    [values, toValues] = [toValues, values];
  }
  return [keys, values];
}
