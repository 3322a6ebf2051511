/**
 * The attribute values a route consumer needs, resolved once per UPDATE or RIB entry: the
 * first of each attribute (RFC 7606 §3 g), AS_PATH merged with AS4_PATH (RFC 6793 §4.2.3),
 * AGGREGATOR replaced by AS4_AGGREGATOR, and whether the route must be treated as withdrawn.
 */
import type { IpAddress, Ipv4Address } from '../../../geo/ip.js';
import {
  AS_CONFED_SEQUENCE,
  AS_CONFED_SET,
  AS_SET,
  type AsPathSegment,
  type AttributeDiagnostic,
  type LargeCommunity,
  type PathAttribute,
} from './models.js';

export const AS_TRANS = 23456;

export interface RouteAttributes {
  readonly origin: number | null;
  readonly asPath: readonly AsPathSegment[];
  readonly nextHop: Ipv4Address | null;
  /** From MP_REACH_NLRI: global, then link-local if present. */
  readonly mpNextHops: readonly IpAddress[];
  readonly med: number | null;
  readonly localPref: number | null;
  readonly atomicAggregate: boolean;
  readonly aggregator: { readonly asn: number; readonly address: Ipv4Address } | null;
  readonly communities: readonly number[];
  readonly largeCommunities: readonly LargeCommunity[];
  readonly originatorId: Ipv4Address | null;
  readonly clusterList: readonly number[];
  /** RFC 7606: a malformed attribute made every route of this UPDATE a withdrawal. */
  readonly treatAsWithdraw: boolean;
  readonly attributes: readonly PathAttribute[];
}

/** RFC 6793 §4.2.3: an AS_SET counts as one AS, confederation segments as none. */
function pathLength(segments: readonly AsPathSegment[]): number {
  let n = 0;
  for (const s of segments)
    if (s.type === AS_SET) n += 1;
    else if (s.type !== AS_CONFED_SEQUENCE && s.type !== AS_CONFED_SET) n += s.asns.length;
  return n;
}

/** The leading `count` ASes of `segments`, whole segments and a cut AS_SEQUENCE. */
function leading(segments: readonly AsPathSegment[], count: number): AsPathSegment[] {
  const out: AsPathSegment[] = [];
  for (const s of segments) {
    if (count <= 0) break;
    const counts =
      s.type === AS_SET
        ? 1
        : s.type === AS_CONFED_SEQUENCE || s.type === AS_CONFED_SET
          ? 0
          : s.asns.length;
    if (counts <= count || s.type === AS_SET) out.push(s);
    else out.push({ type: s.type, asns: s.asns.slice(0, count) });
    count -= counts;
  }
  return out;
}

export function mergeAs4Path(
  asPath: readonly AsPathSegment[],
  as4Path: readonly AsPathSegment[],
): readonly AsPathSegment[] {
  const extra = pathLength(asPath) - pathLength(as4Path);
  if (extra < 0) return asPath; // RFC 6793 §4.2.3: ignore an AS4_PATH longer than AS_PATH
  return [...leading(asPath, extra), ...as4Path];
}

export function resolveAttributes(
  attributes: readonly PathAttribute[],
  diagnostics: readonly AttributeDiagnostic[],
  as4: boolean,
): RouteAttributes {
  let origin: number | null = null;
  let asPath: readonly AsPathSegment[] | null = null;
  let as4Path: readonly AsPathSegment[] | null = null;
  let nextHop: Ipv4Address | null = null;
  let mpNextHops: readonly IpAddress[] = [];
  let med: number | null = null;
  let localPref: number | null = null;
  let atomicAggregate = false;
  let aggregator: RouteAttributes['aggregator'] = null;
  let as4Aggregator: RouteAttributes['aggregator'] = null;
  let communities: readonly number[] | null = null;
  let largeCommunities: readonly LargeCommunity[] | null = null;
  let originatorId: Ipv4Address | null = null;
  let clusterList: readonly number[] | null = null;
  for (const a of attributes)
    switch (a.type) {
      case 'ORIGIN':
        origin ??= a.origin;
        break;
      case 'AS_PATH':
        asPath ??= a.segments;
        break;
      case 'AS4_PATH':
        as4Path ??= a.segments;
        break;
      case 'NEXT_HOP':
        nextHop ??= a.nextHop;
        break;
      case 'MULTI_EXIT_DISC':
        med ??= a.med;
        break;
      case 'LOCAL_PREF':
        localPref ??= a.localPref;
        break;
      case 'ATOMIC_AGGREGATE':
        atomicAggregate = true;
        break;
      case 'AGGREGATOR':
        aggregator ??= { asn: a.asn, address: a.address };
        break;
      case 'AS4_AGGREGATOR':
        as4Aggregator ??= { asn: a.asn, address: a.address };
        break;
      case 'COMMUNITIES':
        communities ??= a.communities;
        break;
      case 'LARGE_COMMUNITY':
        largeCommunities ??= a.largeCommunities;
        break;
      case 'ORIGINATOR_ID':
        originatorId ??= a.originatorId;
        break;
      case 'CLUSTER_LIST':
        clusterList ??= a.clusterList;
        break;
      case 'MP_REACH_NLRI':
        if (mpNextHops.length === 0) mpNextHops = a.nextHops;
        break;
      default:
        break;
    }
  // RFC 6793 §4.2.3: AS4_* attributes only mean something between 2-byte speakers.
  if (!as4) {
    // RFC 6793 §4.2.3: an AGGREGATOR with a real 2-byte AS makes both AS4_* stale.
    const stale = aggregator !== null && aggregator.asn !== AS_TRANS && as4Aggregator !== null;
    if (as4Path !== null && !stale) asPath = mergeAs4Path(asPath ?? [], as4Path);
    if (as4Aggregator !== null && aggregator?.asn === AS_TRANS) aggregator = as4Aggregator;
  }
  return {
    origin,
    asPath: asPath ?? [],
    nextHop,
    mpNextHops,
    med,
    localPref,
    atomicAggregate,
    aggregator,
    communities: communities ?? [],
    largeCommunities: largeCommunities ?? [],
    originatorId,
    clusterList: clusterList ?? [],
    treatAsWithdraw: diagnostics.some((d) => d.action === 'treat-as-withdraw'),
    attributes,
  };
}
