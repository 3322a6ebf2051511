/**
 * MRT record types (RFC 6396 §2–4, RFC 8050 ADD-PATH subtypes), named as the RFCs name them.
 * Types only. A reader yields one MrtResult per record: the record, or an error that keeps
 * the record's bytes, so bytes in records plus bytes in errors add up to the input.
 */
import type { IpAddress, Ipv4Address } from '../../../geo/ip.js';
import type { Prefix } from '../../../geo/prefix.js';
import type {
  AttributeDiagnostic,
  BgpMessage,
  Nlri,
  PathAttribute,
} from '../bgp-message/models.js';

export const MRT_TYPE = { TABLE_DUMP: 12, TABLE_DUMP_V2: 13, BGP4MP: 16, BGP4MP_ET: 17 } as const;

/** Types whose header carries a microsecond field (RFC 6396 §3). */
export const EXTENDED_TIMESTAMP_TYPES: ReadonlySet<number> = new Set([17, 33, 49]);

export const TABLE_DUMP_V2_SUBTYPE = {
  PEER_INDEX_TABLE: 1,
  RIB_IPV4_UNICAST: 2,
  RIB_IPV4_MULTICAST: 3,
  RIB_IPV6_UNICAST: 4,
  RIB_IPV6_MULTICAST: 5,
  RIB_GENERIC: 6,
  RIB_IPV4_UNICAST_ADDPATH: 8,
  RIB_IPV4_MULTICAST_ADDPATH: 9,
  RIB_IPV6_UNICAST_ADDPATH: 10,
  RIB_IPV6_MULTICAST_ADDPATH: 11,
  RIB_GENERIC_ADDPATH: 12,
} as const;

export const BGP4MP_SUBTYPE = {
  BGP4MP_STATE_CHANGE: 0,
  BGP4MP_MESSAGE: 1,
  BGP4MP_MESSAGE_AS4: 4,
  BGP4MP_STATE_CHANGE_AS4: 5,
  BGP4MP_MESSAGE_LOCAL: 6,
  BGP4MP_MESSAGE_AS4_LOCAL: 7,
  BGP4MP_MESSAGE_ADDPATH: 8,
  BGP4MP_MESSAGE_AS4_ADDPATH: 9,
  BGP4MP_MESSAGE_LOCAL_ADDPATH: 10,
  BGP4MP_MESSAGE_AS4_LOCAL_ADDPATH: 11,
} as const;

export interface MrtHeader {
  /** Seconds since the epoch, UTC. */
  readonly timestamp: number;
  /** BGP4MP_ET and other _ET types only. */
  readonly microseconds: number | null;
  readonly type: number;
  readonly subtype: number;
}

/** RFC 6396 §4.2 (deprecated but still in old archives): one route per record. */
export interface TableDump {
  readonly kind: 'TABLE_DUMP';
  readonly viewNumber: number;
  readonly sequenceNumber: number;
  readonly prefix: Prefix;
  readonly status: number;
  readonly originatedTime: number;
  readonly peerIpAddress: IpAddress;
  readonly peerAs: number;
  readonly pathAttributes: readonly PathAttribute[];
  readonly diagnostics: readonly AttributeDiagnostic[];
}

export interface PeerEntry {
  /** Bit 0: IPv6 peer address; bit 1: 4-byte AS (RFC 6396 §4.3.1). */
  readonly peerType: number;
  readonly peerBgpId: Ipv4Address;
  readonly peerIpAddress: IpAddress;
  readonly peerAs: number;
}

export interface PeerIndexTable {
  readonly kind: 'PEER_INDEX_TABLE';
  readonly collectorBgpId: Ipv4Address;
  readonly viewName: string;
  readonly peers: readonly PeerEntry[];
}

export interface RibEntry {
  readonly peerIndex: number;
  readonly originatedTime: number;
  /** RFC 8050 §4: ADD-PATH subtypes only. */
  readonly pathId: number | null;
  readonly pathAttributes: readonly PathAttribute[];
  readonly diagnostics: readonly AttributeDiagnostic[];
}

/** RFC 6396 §4.3.2 and §4.3.3, RFC 8050 §4: the AFI/SAFI-specific and generic RIB subtypes. */
export interface Rib {
  readonly kind: 'RIB';
  readonly sequenceNumber: number;
  readonly afi: number;
  readonly safi: number;
  /** RIB_GENERIC and RIB_GENERIC_ADDPATH: the AFI and SAFI are written in the record. */
  readonly generic: boolean;
  readonly addPath: boolean;
  readonly prefix: Prefix;
  readonly entries: readonly RibEntry[];
}

/** RFC 6396 §4.4.2–4.4.6, RFC 8050 §3: one BGP message as seen on a session. */
export interface Bgp4mpMessage {
  readonly kind: 'BGP4MP_MESSAGE';
  readonly peerAs: number;
  readonly localAs: number;
  readonly interfaceIndex: number;
  readonly afi: number;
  readonly peerIpAddress: IpAddress;
  readonly localIpAddress: IpAddress;
  readonly message: BgpMessage;
}

/** RFC 6396 §4.4.1 and §4.4.4; states are RFC 4271 §8.2.2's (1 Idle … 6 Established). */
export interface Bgp4mpStateChange {
  readonly kind: 'BGP4MP_STATE_CHANGE';
  readonly peerAs: number;
  readonly localAs: number;
  readonly interfaceIndex: number;
  readonly afi: number;
  readonly peerIpAddress: IpAddress;
  readonly localIpAddress: IpAddress;
  readonly oldState: number;
  readonly newState: number;
}

/** A type or subtype this reader does not decode (OSPF, IS-IS, RIB_GENERIC for VPNs …). */
export interface UnknownBody {
  readonly kind: 'UNKNOWN';
  readonly data: Uint8Array;
}

export type MrtBody =
  TableDump | PeerIndexTable | Rib | Bgp4mpMessage | Bgp4mpStateChange | UnknownBody;

export interface MrtRecord {
  readonly header: MrtHeader;
  readonly body: MrtBody;
}

export interface MrtError {
  readonly offset: number;
  readonly length: number;
  /** What was found, e.g. `declared length 14556 exceeds remaining 12 bytes`. */
  readonly reason: string;
  /** The full one-line message: `Cannot parse MRT record at offset 4554: …`. */
  readonly message: string;
  /** The record as read (at most the first `maxErrorBytes` of an oversized one). */
  readonly bytes: Uint8Array;
}

export type MrtResult =
  | {
      readonly ok: true;
      readonly record: MrtRecord;
      readonly offset: number;
      readonly length: number;
    }
  | { readonly ok: false; readonly error: MrtError };

export type { Nlri };
