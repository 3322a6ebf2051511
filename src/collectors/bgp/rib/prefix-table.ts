/**
 * Interned prefixes: every distinct prefix seen by any peer gets a small integer id, and its
 * address and length live in typed arrays indexed by that id. Per-peer tables then hold ids
 * (small integers, no objects), so a full table per peer costs a Map entry per route and the
 * prefix itself is stored once however many peers carry it. Ids are never reused.
 */
import type { IpAddress } from '../../../geo/ip.js';
import type { Prefix } from '../../../geo/prefix.js';

export interface PrefixTable {
  /** The id of `prefix`, interning it on first sight. */
  intern(prefix: Prefix): number;
  /** The id of `prefix`, or -1 if it was never interned. */
  find(prefix: Prefix): number;
  /** 4 or 6. */
  family(id: number): 4 | 6;
  length(id: number): number;
  /** IPv4: the address as a uint32. */
  ipv4(id: number): number;
  /** IPv6: word `i` (0…3, most significant first) of the address. */
  ipv6Word(id: number, i: number): number;
  prefix(id: number): Prefix;
  readonly size: number;
}

const grow = <T extends Uint32Array | Uint8Array>(a: T, make: (n: number) => T): T => {
  const b = make(a.length * 2);
  b.set(a);
  return b;
};

export function createPrefixTable(initialCapacity = 1024): PrefixTable {
  // IPv4 keys are exact in a double (address * 64 + length < 2^38); IPv6 keys are strings.
  const v4 = new Map<number, number>();
  const v6 = new Map<string, number>();
  let lengths = new Uint8Array(initialCapacity);
  let families = new Uint8Array(initialCapacity);
  let words = new Uint32Array(initialCapacity * 4);
  let size = 0;

  const v6Key = (a: Extract<IpAddress, { family: 6 }>, length: number) =>
    length <= 64 ? `${a.w0},${a.w1}/${length}` : `${a.w0},${a.w1},${a.w2},${a.w3}/${length}`;

  function add(prefix: Prefix): number {
    if (size === lengths.length) {
      lengths = grow(lengths, (n) => new Uint8Array(n));
      families = grow(families, (n) => new Uint8Array(n));
      words = grow(words, (n) => new Uint32Array(n));
    }
    const id = size++;
    const a = prefix.address;
    lengths[id] = prefix.length;
    families[id] = a.family;
    if (a.family === 4) words[id * 4] = a.value;
    else words.set([a.w0, a.w1, a.w2, a.w3], id * 4);
    return id;
  }

  return {
    intern(prefix) {
      const a = prefix.address;
      if (a.family === 4) {
        const key = a.value * 64 + prefix.length;
        let id = v4.get(key);
        if (id === undefined) v4.set(key, (id = add(prefix)));
        return id;
      }
      const key = v6Key(a, prefix.length);
      let id = v6.get(key);
      if (id === undefined) v6.set(key, (id = add(prefix)));
      return id;
    },
    find(prefix) {
      const a = prefix.address;
      const id =
        a.family === 4 ? v4.get(a.value * 64 + prefix.length) : v6.get(v6Key(a, prefix.length));
      return id ?? -1;
    },
    family: (id) => (families[id] === 6 ? 6 : 4),
    length: (id) => lengths[id]!,
    ipv4: (id) => words[id * 4]!,
    ipv6Word: (id, i) => words[id * 4 + i]!,
    prefix(id) {
      const w = id * 4;
      const address: IpAddress =
        families[id] === 4
          ? { family: 4, value: words[w]! }
          : { family: 6, w0: words[w]!, w1: words[w + 1]!, w2: words[w + 2]!, w3: words[w + 3]! };
      return { address, length: lengths[id]! };
    },
    get size() {
      return size;
    },
  };
}
