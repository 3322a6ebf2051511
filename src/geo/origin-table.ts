/**
 * Origin ASNs learnt from BGP: prefixes with the AS that originates them, answered by
 * longest-prefix match. Prefixes are kept in a Map (re-adding replaces, delete withdraws) and
 * flattened into range tables on the first lookup after a change, so a lookup is one binary
 * search. Bad prefixes or ASNs throw NightlightError('bad_input').
 */
import { NightlightError } from '../model/failure.js';
import { emptyRows, flattenRanges, IPV4_KEYS, IPV6_KEYS } from './flatten-ranges.js';
import type { IpAddress } from './ip.js';
import { createIpv4Table, type Ipv4Table } from './ipv4-table.js';
import { createIpv6Table, type Ipv6Table } from './ipv6-table.js';
import { formatPrefix, parsePrefix, prefixBounds, type Prefix } from './prefix.js';

export interface OriginTable {
  /** Announces `prefix` from `originAsn`, replacing an earlier origin of the same prefix. */
  add(prefix: string | Prefix, originAsn: number): void;
  /** Withdraws a prefix; answers whether it was there. */
  delete(prefix: string | Prefix): boolean;
  readonly size: number;
  /** Origin of the most specific covering prefix, or null. */
  lookup(ip: IpAddress): number | null;
  /** IPv4 fast path: `ip` is a uint32; answers 0 when no prefix covers it. */
  lookupIpv4(ip: number): number;
}

export function createOriginTable(): OriginTable {
  const prefixes = new Map<string, { prefix: Prefix; asn: number }>();
  let tables: { v4: Ipv4Table; v6: Ipv6Table } | null = null;

  const keyOf = (prefix: string | Prefix) => {
    const parsed = typeof prefix === 'string' ? parsePrefix(prefix) : prefix;
    return { parsed, key: formatPrefix(parsed) };
  };

  function build() {
    const v4 = emptyRows<number>();
    const v6 = emptyRows<bigint>();
    for (const { prefix, asn } of prefixes.values()) {
      const { first, last } = prefixBounds(prefix);
      if (prefix.address.family === 4) {
        v4.starts.push(Number(first));
        v4.ends.push(Number(last));
        v4.values.push(asn);
      } else {
        v6.starts.push(first);
        v6.ends.push(last);
        v6.values.push(asn);
      }
    }
    // Nested prefixes: the narrower range wins in flattenRanges, which is longest-prefix match.
    const s4 = flattenRanges(IPV4_KEYS, v4);
    const s6 = flattenRanges(IPV6_KEYS, v6);
    const none = (n: number) => new Array<number>(n).fill(0);
    return {
      v4: createIpv4Table({
        starts: s4.starts,
        asns: s4.values,
        countries: none(s4.starts.length),
      }),
      v6: createIpv6Table({
        starts: s6.starts,
        asns: s6.values,
        countries: none(s6.starts.length),
      }),
    };
  }

  return {
    add(prefix, originAsn) {
      if (!Number.isInteger(originAsn) || originAsn < 1 || originAsn > 0xffffffff) {
        // AS0 (RFC 7607) means "must not be routed", never an origin.
        throw new NightlightError(
          'bad_input',
          `Cannot add origin: expected an ASN 1…4294967295, found ${originAsn}`,
        );
      }
      const { parsed, key } = keyOf(prefix);
      prefixes.set(key, { prefix: parsed, asn: originAsn });
      tables = null;
    },
    delete(prefix) {
      const removed = prefixes.delete(keyOf(prefix).key);
      if (removed) tables = null;
      return removed;
    },
    get size() {
      return prefixes.size;
    },
    lookup(ip) {
      tables ??= build();
      const asn =
        ip.family === 4
          ? tables.v4.asns[tables.v4.find(ip.value)]!
          : tables.v6.asns[tables.v6.find(ip.w0, ip.w1, ip.w2, ip.w3)]!;
      return asn === 0 ? null : asn;
    },
    lookupIpv4(ip) {
      tables ??= build();
      return tables.v4.asns[tables.v4.find(ip)]!;
    },
  };
}
