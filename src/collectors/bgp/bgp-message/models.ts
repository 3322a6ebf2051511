/**
 * BGP-4 message and path attribute types (RFC 4271 §4, RFC 4760, RFC 6793, RFC 7911,
 * RFC 8092), named as the RFCs name them. Types only: independent of MRT framing so that a
 * live BGP session decodes with the same code. Attributes stay an ordered list with their
 * flags, so that encoding a decoded message gives back its bytes.
 */
import type { IpAddress, Ipv4Address } from '../../../geo/ip.js';
import type { Prefix } from '../../../geo/prefix.js';

/** How to read what the message itself does not say (RFC 6793 §3, RFC 7911 §3). */
export interface BgpContext {
  /** AS numbers in AS_PATH and AGGREGATOR are 4 bytes (both speakers announced capability 65). */
  readonly as4: boolean;
  /** Every NLRI carries a 4-byte path identifier (ADD-PATH negotiated). */
  readonly addPath: boolean;
}

/** A prefix in NLRI, with its ADD-PATH identifier when the context has one. */
export interface Nlri {
  readonly prefix: Prefix;
  readonly pathId: number | null;
}

export const AS_SET = 1;
export const AS_SEQUENCE = 2;
export const AS_CONFED_SEQUENCE = 3;
export const AS_CONFED_SET = 4;

export interface AsPathSegment {
  /** AS_SET 1, AS_SEQUENCE 2, AS_CONFED_SEQUENCE 3, AS_CONFED_SET 4 (RFC 5065). */
  readonly type: number;
  readonly asns: readonly number[];
}

/** RFC 8092 §3: Global Administrator, Local Data Part 1, Local Data Part 2. */
export type LargeCommunity = readonly [number, number, number];

/** Attribute type codes (IANA "BGP Path Attributes"). */
export const ATTR = {
  ORIGIN: 1,
  AS_PATH: 2,
  NEXT_HOP: 3,
  MULTI_EXIT_DISC: 4,
  LOCAL_PREF: 5,
  ATOMIC_AGGREGATE: 6,
  AGGREGATOR: 7,
  COMMUNITIES: 8,
  ORIGINATOR_ID: 9,
  CLUSTER_LIST: 10,
  MP_REACH_NLRI: 14,
  MP_UNREACH_NLRI: 15,
  AS4_PATH: 17,
  AS4_AGGREGATOR: 18,
  LARGE_COMMUNITY: 32,
} as const;

/** Attribute flags (RFC 4271 §4.3). */
export const FLAG = { OPTIONAL: 0x80, TRANSITIVE: 0x40, PARTIAL: 0x20, EXTENDED_LENGTH: 0x10 };

interface Flagged {
  /** As received; writers such as bird send 0x00 for well-known attributes. */
  readonly flags: number;
}

export type PathAttribute = Flagged &
  (
    | { readonly type: 'ORIGIN'; readonly origin: number }
    | { readonly type: 'AS_PATH' | 'AS4_PATH'; readonly segments: readonly AsPathSegment[] }
    | { readonly type: 'NEXT_HOP'; readonly nextHop: Ipv4Address }
    | { readonly type: 'MULTI_EXIT_DISC'; readonly med: number }
    | { readonly type: 'LOCAL_PREF'; readonly localPref: number }
    | { readonly type: 'ATOMIC_AGGREGATE' }
    | {
        readonly type: 'AGGREGATOR' | 'AS4_AGGREGATOR';
        readonly asn: number;
        readonly address: Ipv4Address;
      }
    | { readonly type: 'COMMUNITIES'; readonly communities: readonly number[] }
    | { readonly type: 'ORIGINATOR_ID'; readonly originatorId: Ipv4Address }
    | { readonly type: 'CLUSTER_LIST'; readonly clusterList: readonly number[] }
    | { readonly type: 'LARGE_COMMUNITY'; readonly largeCommunities: readonly LargeCommunity[] }
    | MpReachNlri
    | MpUnreachNlri
    | { readonly type: 'UNKNOWN'; readonly code: number; readonly value: Uint8Array }
    | {
        /** RFC 7606: a known attribute that did not parse, kept as received. */
        readonly type: 'MALFORMED';
        readonly code: number;
        /** The whole attribute, header included (or the unframeable rest of the section). */
        readonly raw: Uint8Array;
        readonly reason: string;
      }
  );

export interface MpReachNlri {
  readonly type: 'MP_REACH_NLRI';
  readonly afi: number;
  readonly safi: number;
  /** One address, or global then link-local for IPv6 (RFC 2545 §3). */
  readonly nextHops: readonly IpAddress[];
  /**
   * RFC 6396 §4.3.4: in TABLE_DUMP_V2 RIB entries only the next hop is written; AFI and
   * SAFI come from the record and there is no NLRI.
   */
  readonly abbreviated: boolean;
  readonly nlri: readonly Nlri[];
}

export interface MpUnreachNlri {
  readonly type: 'MP_UNREACH_NLRI';
  readonly afi: number;
  readonly safi: number;
  readonly withdrawn: readonly Nlri[];
}

/** What a malformed attribute costs the UPDATE (RFC 7606 §2). */
export type ErrorAction = 'treat-as-withdraw' | 'attribute-discard' | 'session-reset';

export interface AttributeDiagnostic {
  /** The attribute type code, or 0 for the Withdrawn Routes and NLRI fields. */
  readonly code: number;
  readonly action: ErrorAction;
  readonly reason: string;
}

export interface Open {
  readonly type: 'OPEN';
  readonly version: number;
  readonly myAutonomousSystem: number;
  readonly holdTime: number;
  readonly bgpIdentifier: Ipv4Address;
  /** RFC 5492 capabilities when the parameters parse, in order; otherwise empty. */
  readonly capabilities: readonly { readonly code: number; readonly value: Uint8Array }[];
  /** The optional parameters as received, the source of truth for encoding. */
  readonly optionalParameters: Uint8Array;
}

export interface Update {
  readonly type: 'UPDATE';
  readonly withdrawnRoutes: readonly Nlri[];
  readonly pathAttributes: readonly PathAttribute[];
  readonly nlri: readonly Nlri[];
  /** Empty for a clean UPDATE; see RFC 7606. */
  readonly diagnostics: readonly AttributeDiagnostic[];
}

export interface Notification {
  readonly type: 'NOTIFICATION';
  readonly errorCode: number;
  readonly errorSubcode: number;
  readonly data: Uint8Array;
}

export interface Keepalive {
  readonly type: 'KEEPALIVE';
}

/** RFC 2918 §3, RFC 7313 §3.2 (the reserved byte is the message subtype). */
export interface RouteRefresh {
  readonly type: 'ROUTE_REFRESH';
  readonly afi: number;
  readonly subtype: number;
  readonly safi: number;
}

export type BgpMessage = Open | Update | Notification | Keepalive | RouteRefresh;
