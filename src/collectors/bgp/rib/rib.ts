/**
 * The per-peer Adj-RIB-In of every peer the collector hears, from MRT RIB dumps, BGP4MP
 * updates, live sessions or RIS Live. Memory is the constraint (a full table per peer, tens
 * of peers): a route is an interned attribute-set id stored under its interned prefix id, so
 * no object is allocated per route. A small peer keeps a Map (route key → set id); once it
 * holds more than 1/16 of all known prefixes its path-0 routes move to an Int32Array indexed
 * by prefix id (4 bytes per prefix). ADD-PATH paths other than 0 stay in the Map. Prefixes
 * and attribute sets are stored once for all peers.
 * Nothing here throws on input; callers decode and validate before.
 */
import type { Prefix } from '../../../geo/prefix.js';
import { createAttributeTable, type AttributeTable, type RouteFacts } from './attribute-table.js';
import { createPrefixTable, type PrefixTable } from './prefix-table.js';

/** Route keys pack `pathId * PREFIX_SLOTS + prefixId` exactly in a double (< 2^53). */
const PREFIX_SLOTS = 2 ** 21;
/** A peer goes dense when it holds more than this share of all prefixes (and MIN_DENSE). */
const DENSE_SHARE = 1 / 16;
const MIN_DENSE = 4096;

export interface PeerInfo {
  readonly index: number;
  /** `ADDRESS AS` of the peer: the identity MRT and sessions agree on. */
  readonly key: string;
  readonly address: string;
  readonly asn: number;
  /** False while its session is down: its routes were cleared and its share is unknown. */
  readonly up: boolean;
  readonly routes: number;
  readonly ipv4Prefixes: number;
  readonly ipv6Prefixes: number;
}

export interface RouteChange {
  readonly prefixId: number;
  /** The attribute set the route had before, or -1 if it was not there. */
  readonly previous: number;
}

export interface Rib {
  readonly prefixes: PrefixTable;
  readonly attributes: AttributeTable;
  /** The index of peer (`address`, `asn`), created on first sight (up). */
  peer(address: string, asn: number): number;
  announce(peer: number, prefix: Prefix, pathId: number | null, facts: RouteFacts): RouteChange;
  /** Withdrawing a route the peer does not have is a no-op (previous -1). */
  withdraw(peer: number, prefix: Prefix, pathId: number | null): RouteChange;
  /** Session down (or a new RIB dump for this peer): drop its routes; `up` sets its state. */
  resetPeer(peer: number, up: boolean): void;
  peers(): PeerInfo[];
  /** The attribute set of one route, or -1. */
  lookup(peer: number, prefix: Prefix, pathId: number | null): number;
  /** Every route of a peer: prefix id, path id (0 without ADD-PATH), attribute-set id. */
  forEachRoute(peer: number, visit: (prefixId: number, pathId: number, attr: number) => void): void;
  /** Every distinct prefix a peer holds, once each (ADD-PATH paths folded), with one path's set. */
  forEachPrefix(peer: number, visit: (prefixId: number, attr: number) => void): void;
}

interface PeerState {
  readonly key: string;
  readonly address: string;
  readonly asn: number;
  up: boolean;
  /**
   * Path-0 routes of a peer holding a sizeable share of all prefixes: attribute id + 1 by
   * prefix id (0 = none), 4 bytes per known prefix instead of ~40 per Map entry.
   */
  dense: Int32Array | null;
  /** Path-0 routes while the peer is small, and every route with a non-zero path id. */
  routes: Map<number, number>;
  count: number;
  /** Paths per prefix, kept only once the peer sends a non-zero path id. */
  paths: Map<number, number> | null;
  /** Routes whose key would not fit PREFIX_SLOTS (over two million prefixes with ADD-PATH). */
  wide: Map<string, number> | null;
  ipv4: number;
  ipv6: number;
}

export function createRib(): Rib {
  const prefixes = createPrefixTable();
  const attributes = createAttributeTable();
  const states: PeerState[] = [];
  const byKey = new Map<string, number>();

  const countPrefix = (s: PeerState, prefixId: number, delta: 1 | -1) => {
    if (prefixes.family(prefixId) === 4) s.ipv4 += delta;
    else s.ipv6 += delta;
  };

  /** Adds `delta` to the prefix's path count; answers whether the prefix appeared or vanished. */
  function pathsChange(s: PeerState, prefixId: number, delta: 1 | -1): boolean {
    if (s.paths === null) return true;
    const n = (s.paths.get(prefixId) ?? 0) + delta;
    if (n === 0) s.paths.delete(prefixId);
    else s.paths.set(prefixId, n);
    return delta === 1 ? n === 1 : n === 0;
  }

  function enableAddPath(s: PeerState): void {
    // Until now every route was path 0, one per prefix.
    const paths = new Map<number, number>();
    if (s.dense !== null)
      for (let id = 0; id < s.dense.length; id++) if (s.dense[id] !== 0) paths.set(id, 1);
    for (const key of s.routes.keys()) paths.set(key % PREFIX_SLOTS, 1);
    s.paths = paths;
  }

  function get(s: PeerState, prefixId: number, pathId: number): number | undefined {
    if (pathId === 0 && s.dense !== null) {
      const v = s.dense[prefixId] ?? 0;
      return v === 0 ? undefined : v - 1;
    }
    if (prefixId >= PREFIX_SLOTS && pathId !== 0) return s.wide?.get(`${prefixId}:${pathId}`);
    return s.routes.get(pathId * PREFIX_SLOTS + prefixId);
  }

  function densify(s: PeerState): void {
    const dense = new Int32Array(Math.max(MIN_DENSE, prefixes.size * 2));
    for (const [key, attr] of s.routes)
      if (key < PREFIX_SLOTS) {
        dense[key] = attr + 1;
        s.routes.delete(key);
      }
    s.dense = dense;
  }

  /** Stores a route that was not there (the caller counts it). */
  function set(s: PeerState, prefixId: number, pathId: number, attr: number): void {
    if (pathId === 0 && s.dense !== null) {
      if (prefixId >= s.dense.length) {
        const bigger = new Int32Array(Math.max(prefixId + 1, s.dense.length * 2));
        bigger.set(s.dense);
        s.dense = bigger;
      }
      s.dense[prefixId] = attr + 1;
    } else if (prefixId >= PREFIX_SLOTS && pathId !== 0)
      (s.wide ??= new Map()).set(`${prefixId}:${pathId}`, attr);
    else {
      s.routes.set(pathId * PREFIX_SLOTS + prefixId, attr);
      if (s.dense === null && s.count >= MIN_DENSE && s.count > prefixes.size * DENSE_SHARE)
        densify(s);
    }
  }

  function remove(s: PeerState, prefixId: number, pathId: number): void {
    if (pathId === 0 && s.dense !== null) s.dense[prefixId] = 0;
    else if (prefixId >= PREFIX_SLOTS && pathId !== 0) s.wide?.delete(`${prefixId}:${pathId}`);
    else s.routes.delete(pathId * PREFIX_SLOTS + prefixId);
  }

  return {
    prefixes,
    attributes,
    peer(address, asn) {
      const key = `${address} ${asn}`;
      let index = byKey.get(key);
      if (index === undefined) {
        index = states.length;
        states.push({
          key,
          address,
          asn,
          up: true,
          dense: null,
          routes: new Map(),
          count: 0,
          paths: null,
          wide: null,
          ipv4: 0,
          ipv6: 0,
        });
        byKey.set(key, index);
      }
      return index;
    },
    announce(peer, prefix, pathId, facts) {
      const s = states[peer]!;
      const path = pathId ?? 0;
      if (path !== 0 && s.paths === null) enableAddPath(s);
      const prefixId = prefixes.intern(prefix);
      const attr = attributes.intern(facts);
      const previous = get(s, prefixId, path) ?? -1;
      if (previous === -1) s.count++;
      set(s, prefixId, path, attr);
      if (previous === -1 && pathsChange(s, prefixId, 1)) countPrefix(s, prefixId, 1);
      return { prefixId, previous };
    },
    withdraw(peer, prefix, pathId) {
      const s = states[peer]!;
      const path = pathId ?? 0;
      const prefixId = prefixes.find(prefix);
      if (prefixId < 0) return { prefixId, previous: -1 };
      const previous = get(s, prefixId, path) ?? -1;
      if (previous !== -1) {
        s.count--;
        remove(s, prefixId, path);
        if (pathsChange(s, prefixId, -1)) countPrefix(s, prefixId, -1);
      }
      return { prefixId, previous };
    },
    resetPeer(peer, up) {
      const s = states[peer]!;
      s.routes = new Map();
      s.dense = null;
      s.count = 0;
      s.paths = null;
      s.wide = null;
      s.ipv4 = 0;
      s.ipv6 = 0;
      s.up = up;
    },
    peers: () =>
      states.map((s, index) => ({
        index,
        key: s.key,
        address: s.address,
        asn: s.asn,
        up: s.up,
        routes: s.count,
        ipv4Prefixes: s.ipv4,
        ipv6Prefixes: s.ipv6,
      })),
    lookup(peer, prefix, pathId) {
      const prefixId = prefixes.find(prefix);
      return prefixId < 0 ? -1 : (get(states[peer]!, prefixId, pathId ?? 0) ?? -1);
    },
    forEachRoute(peer, visit) {
      const s = states[peer]!;
      const dense = s.dense;
      if (dense !== null)
        for (let id = 0; id < dense.length; id++) if (dense[id] !== 0) visit(id, 0, dense[id]! - 1);
      for (const [key, attr] of s.routes)
        visit(key % PREFIX_SLOTS, Math.floor(key / PREFIX_SLOTS), attr);
      for (const [key, attr] of s.wide ?? []) {
        const [prefixId, pathId] = key.split(':').map(Number);
        visit(prefixId!, pathId!, attr);
      }
    },
    forEachPrefix(peer, visit) {
      const s = states[peer]!;
      if (s.paths === null) {
        const dense = s.dense;
        if (dense !== null)
          for (let id = 0; id < dense.length; id++) if (dense[id] !== 0) visit(id, dense[id]! - 1);
        for (const [key, attr] of s.routes) visit(key, attr);
        return;
      }
      const seen = new Set<number>();
      this.forEachRoute(peer, (prefixId, _path, attr) => {
        if (seen.has(prefixId)) return;
        seen.add(prefixId);
        visit(prefixId, attr);
      });
    },
  };
}
