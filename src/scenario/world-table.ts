/**
 * The rest of the world's routing table, as every real collector peer carries it: a few
 * thousand IPv4 and IPv6 prefixes originated by foreign networks in other countries' space,
 * plus the visitors' prefixes. Without it a synthetic peer holds only the scenario country's
 * routes, so a nationwide withdrawal empties every peer, no peer counts as full-feed and
 * routing visibility turns "unknown" exactly when it should show the cut. The geo tables
 * attribute these prefixes too (write-geo), so every routed address has an AS and a country.
 * Deterministic without a random stream: prefix lengths come from a hash, so adding the world
 * shifts no other writer's draws. Pure; a prefix that would overlap the scenario's own space,
 * its address pool or the telescope is skipped.
 */
import { parsePrefix, prefixBounds, type Prefix } from '../geo/prefix.js';
import type { AnnouncedPrefix, NetworkModel } from './network-model.js';
import type { Scenario } from './scenario-schema.js';

interface WorldNetwork {
  readonly asn: number;
  readonly name: string;
  readonly country: string;
  /** The /8 its IPv4 prefixes are carved from, and the /20 for IPv6. */
  readonly v4: string;
  readonly v6: string;
}

/** Synthetic allocations in other countries: real operators' names, not their real space. */
const WORLD: readonly WorldNetwork[] = [
  { asn: 7922, name: 'Comcast Cable', country: 'US', v4: '24.0.0.0/8', v6: '2600:0::/20' },
  { asn: 16509, name: 'Amazon', country: 'US', v4: '3.0.0.0/8', v6: '2600:1000::/20' },
  { asn: 3320, name: 'Deutsche Telekom', country: 'DE', v4: '36.0.0.0/8', v6: '2600:2000::/20' },
  { asn: 3215, name: 'Orange', country: 'FR', v4: '27.0.0.0/8', v6: '2600:3000::/20' },
  { asn: 4134, name: 'Chinanet', country: 'CN', v4: '58.0.0.0/8', v6: '2600:4000::/20' },
  { asn: 2516, name: 'KDDI', country: 'JP', v4: '106.0.0.0/8', v6: '2600:5000::/20' },
  { asn: 7738, name: 'Telemar', country: 'BR', v4: '201.0.0.0/8', v6: '2600:6000::/20' },
  { asn: 9498, name: 'Bharti Airtel', country: 'IN', v4: '122.0.0.0/8', v6: '2600:7000::/20' },
];

/**
 * Default size of the world table: this many times the country's own prefixes of the family,
 * so a peer that lost every national route still holds over 90% of the largest peer's table
 * (the full-feed rule); at least the minimum. The per-bin cost of routing visibility grows
 * with the table, so the world is no larger than the rule needs.
 */
export const WORLD_PER_NATIONAL = 12;
export const WORLD_MIN_IPV4 = 500;
export const WORLD_MIN_IPV6 = 100;

/** Transit networks the peers reach the world through. */
export const WORLD_TRANSIT: readonly number[] = [174, 2914, 3257];

/** The telescope's /9 (write-pcap): dark space, never announced by anyone here. */
const TELESCOPE = '44.0.0.0/9';

/** Prefix lengths by share, roughly as in the global table (mostly /24s, some /16s). */
const V4_LENGTHS: readonly (readonly [number, number])[] = [
  [24, 0.55],
  [23, 0.12],
  [22, 0.18],
  [21, 0.05],
  [20, 0.06],
  [19, 0.02],
  [16, 0.02],
];
const V6_LENGTHS: readonly (readonly [number, number])[] = [
  [48, 0.6],
  [44, 0.1],
  [40, 0.1],
  [36, 0.05],
  [32, 0.15],
];

export interface WorldRoute {
  readonly prefix: AnnouncedPrefix;
  readonly name: string;
  readonly country: string;
  readonly upstream: number;
}

/** A stable unit value in [0, 1) per (network, family, position): murmur3's finaliser. */
function unitOf(asn: number, family: number, j: number): number {
  let h = (asn ^ Math.imul(family, 0x9e3779b9) ^ Math.imul(j + 1, 0x85ebca6b)) >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b) >>> 0;
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35) >>> 0;
  return ((h ^ (h >>> 16)) >>> 0) / 4294967296;
}

function lengthOf(table: typeof V4_LENGTHS, unit: number): number {
  let acc = 0;
  for (const [length, share] of table) if (unit < (acc += share)) return length;
  return table[table.length - 1]![0];
}

/** Whether [first, last] meets any of the sorted-or-not ranges. */
const overlaps = (
  ranges: readonly { first: bigint; last: bigint }[],
  r: { first: bigint; last: bigint },
) => ranges.some((o) => o.first <= r.last && r.first <= o.last);

export function buildWorldTable(s: Scenario, model: NetworkModel): WorldRoute[] {
  const taken = [
    ...model.plans.flatMap((p) => [...p.v4, ...p.v6].map((a) => prefixBounds(a.prefix))),
    prefixBounds(parsePrefix(s.addressPool.ipv4)),
    prefixBounds(parsePrefix(s.addressPool.ipv6)),
    prefixBounds(parsePrefix(TELESCOPE)),
    ...s.visitors.flatMap((v) => v.prefixes.map((text) => prefixBounds(parsePrefix(text)))),
  ];
  const out: WorldRoute[] = [];
  const own = new Set([...s.asns.map((a) => a.asn), ...s.visitors.map((v) => v.asn)]);
  const networks = WORLD.filter((w) => !own.has(w.asn) && w.country !== s.country);
  const national = (family: 4 | 6) =>
    model.plans.reduce((sum, p) => sum + (family === 4 ? p.v4 : p.v6).length, 0);
  const ipv4Prefixes =
    s.bgp.world.ipv4Prefixes ?? Math.max(WORLD_MIN_IPV4, WORLD_PER_NATIONAL * national(4));
  const ipv6Prefixes =
    s.bgp.world.ipv6Prefixes ?? Math.max(WORLD_MIN_IPV6, WORLD_PER_NATIONAL * national(6));
  for (const [k, w] of networks.entries()) {
    const upstream = WORLD_TRANSIT[k % WORLD_TRANSIT.length]!;
    const share = (total: number) =>
      Math.floor(total / networks.length) + (k < total % networks.length ? 1 : 0);
    for (const family of [4, 6] as const) {
      const block = parsePrefix(family === 4 ? w.v4 : w.v6);
      // Cursor and sizes in /24s (IPv4) or /48s (IPv6): both fit a double exactly.
      const unitBits = family === 4 ? 24 : 48;
      const start = blockNumber(block);
      const end = start + 2 ** (unitBits - block.length);
      let cursor = start;
      let index = 0;
      for (let j = 0; j < share(family === 4 ? ipv4Prefixes : ipv6Prefixes); j++) {
        const length = lengthOf(family === 4 ? V4_LENGTHS : V6_LENGTHS, unitOf(w.asn, family, j));
        const size = 2 ** (unitBits - length);
        cursor = Math.ceil(cursor / size) * size;
        if (cursor + size > end) break;
        const prefix = prefixAt(family, cursor, length);
        cursor += size;
        if (overlaps(taken, prefixBounds(prefix))) continue;
        out.push({
          prefix: { prefix, asn: w.asn, index: index++, first: cursor - size, count: size },
          name: w.name,
          country: w.country,
          upstream,
        });
      }
    }
  }
  // Visitors are foreign networks too: their prefixes are routed like the rest.
  for (const [k, v] of s.visitors.entries())
    v.prefixes.forEach((text, index) => {
      const prefix = parsePrefix(text);
      const units = prefix.address.family === 4 ? 24 : 48;
      out.push({
        prefix: {
          prefix,
          asn: v.asn,
          index,
          first: blockNumber(prefix),
          count: 2 ** Math.max(0, units - prefix.length),
        },
        name: v.name,
        country: v.country,
        upstream: WORLD_TRANSIT[k % WORLD_TRANSIT.length]!,
      });
    });
  return out;
}

/** The /24 (IPv4) or /48 (IPv6) number of a prefix's first address. */
function blockNumber(prefix: Prefix): number {
  const a = prefix.address;
  return a.family === 4 ? a.value >>> 8 : a.w0 * 65536 + (a.w1 >>> 16);
}

function prefixAt(family: 4 | 6, block: number, length: number): Prefix {
  if (family === 4) return { address: { family: 4, value: block * 256 }, length };
  const w0 = Math.floor(block / 65536);
  const w1 = ((block % 65536) << 16) >>> 0;
  return { address: { family: 6, w0, w1, w2: 0, w3: 0 }, length };
}
