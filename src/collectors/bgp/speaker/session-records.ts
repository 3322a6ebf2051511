/**
 * A live session's events as MRT records (RFC 6396 §4.4, RFC 8050 §3): UPDATEs as
 * BGP4MP_MESSAGE(_AS4)(_ADDPATH) and state changes as BGP4MP_STATE_CHANGE_AS4, so the same
 * feed applies archives and sessions, and an archive of a session replays like RIS files.
 */
import { parseIp } from '../../../geo/ip.js';
import type { Update } from '../bgp-message/models.js';
import { BGP4MP_SUBTYPE, MRT_TYPE, type MrtRecord } from '../mrt/models.js';
import type { PeerIdentity } from './session.js';

export const STATE = { IDLE: 1, ESTABLISHED: 6 } as const;

function common(peer: PeerIdentity, localAs: number) {
  const peerIpAddress = parseIp(peer.address);
  return {
    peerAs: peer.asn,
    localAs,
    interfaceIndex: 0,
    afi: peerIpAddress.family === 4 ? 1 : 2,
    peerIpAddress,
    localIpAddress: parseIp(peer.localAddress || (peerIpAddress.family === 4 ? '0.0.0.0' : '::')),
  };
}

function messageSubtype(peer: PeerIdentity): number {
  const { as4, addPath } = peer.context;
  if (as4)
    return addPath ? BGP4MP_SUBTYPE.BGP4MP_MESSAGE_AS4_ADDPATH : BGP4MP_SUBTYPE.BGP4MP_MESSAGE_AS4;
  return addPath ? BGP4MP_SUBTYPE.BGP4MP_MESSAGE_ADDPATH : BGP4MP_SUBTYPE.BGP4MP_MESSAGE;
}

const header = (nowMs: number, subtype: number) => ({
  timestamp: Math.floor(nowMs / 1000),
  microseconds: null,
  type: MRT_TYPE.BGP4MP,
  subtype,
});

export function updateRecord(
  nowMs: number,
  peer: PeerIdentity,
  localAs: number,
  update: Update,
): MrtRecord {
  return {
    header: header(nowMs, messageSubtype(peer)),
    body: { kind: 'BGP4MP_MESSAGE', ...common(peer, localAs), message: update },
  };
}

export function stateRecord(
  nowMs: number,
  peer: PeerIdentity,
  localAs: number,
  oldState: number,
  newState: number,
): MrtRecord {
  return {
    header: header(nowMs, BGP4MP_SUBTYPE.BGP4MP_STATE_CHANGE_AS4),
    body: { kind: 'BGP4MP_STATE_CHANGE', ...common(peer, localAs), oldState, newState },
  };
}
