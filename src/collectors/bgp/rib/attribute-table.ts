/**
 * Interned attribute sets: the route attributes the RIB keeps (ORIGIN, AS_PATH, next hop),
 * stored once per distinct set and named by an integer id, the way route collectors share
 * paths between prefixes. Communities and MED are not kept: visibility does not read them,
 * and they would multiply the distinct sets (and the memory) several times over.
 */
import { formatIp, type IpAddress } from '../../../geo/ip.js';
import { AS_SEQUENCE, AS_SET, type AsPathSegment } from '../bgp-message/models.js';
import { formatAsPath } from '../mrt/format-bgpdump.js';

/** What a route carries into the RIB, from an UPDATE, a RIB entry or a RIS Live message. */
export interface RouteFacts {
  readonly origin: number | null;
  readonly asPath: readonly AsPathSegment[];
  readonly nextHop: IpAddress | null;
}

export interface AttributeSet {
  /** ORIGIN: 0 IGP, 1 EGP, 2 INCOMPLETE, or null when absent. */
  readonly origin: number | null;
  /** bgpdump's text: `3356 1299 {64512,64513}`. */
  readonly asPath: string;
  readonly nextHop: string | null;
  /** The originating AS, or 0 when the path ends in a multi-AS AS_SET or is empty. */
  readonly originAs: number;
}

export interface AttributeTable {
  intern(facts: RouteFacts): number;
  get(id: number): AttributeSet;
  /** The originating AS of set `id` (0: none). */
  originAs(id: number): number;
  readonly size: number;
}

/** RFC 4271 §5.1.2: the last AS of the path; an AS_SET names one origin only if it has one AS. */
export function originAsOf(segments: readonly AsPathSegment[]): number {
  const last = segments[segments.length - 1];
  if (last === undefined || last.asns.length === 0) return 0;
  if (last.type === AS_SEQUENCE) return last.asns[last.asns.length - 1]!;
  if (last.type === AS_SET && last.asns.length === 1) return last.asns[0]!;
  return 0;
}

/** One string per set (`origin|next hop|path`) is both the intern key and the stored value. */
function setOf(key: string, originAs: number): AttributeSet {
  const [origin = '-', nextHop = '-'] = key.split('|', 2);
  return {
    origin: origin === '-' ? null : Number(origin),
    nextHop: nextHop === '-' ? null : nextHop,
    asPath: key.slice(origin.length + nextHop.length + 2),
    originAs,
  };
}

export function createAttributeTable(): AttributeTable {
  const ids = new Map<string, number>();
  const keys: string[] = [];
  let origins = new Uint32Array(1024);
  // The routes of one UPDATE or RIB entry share one facts object: intern it once.
  let lastFacts: RouteFacts | null = null;
  let lastId = -1;
  return {
    intern(facts) {
      if (facts === lastFacts) return lastId;
      lastFacts = facts;
      lastId = internNew(facts);
      return lastId;
    },
    get: (id) => setOf(keys[id]!, origins[id]!),
    originAs: (id) => origins[id]!,
    get size() {
      return keys.length;
    },
  };

  function internNew(facts: RouteFacts): number {
    {
      const asPath = formatAsPath(facts.asPath);
      const nextHop = facts.nextHop === null ? null : formatIp(facts.nextHop);
      const key = `${facts.origin ?? '-'}|${nextHop ?? '-'}|${asPath}`;
      let id = ids.get(key);
      if (id !== undefined) return id;
      id = keys.length;
      const originAs = originAsOf(facts.asPath);
      keys.push(key);
      if (id === origins.length) {
        const bigger = new Uint32Array(origins.length * 2);
        bigger.set(origins);
        origins = bigger;
      }
      origins[id] = originAs;
      ids.set(key, id);
      return id;
    }
  }
}
