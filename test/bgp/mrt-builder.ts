/**
 * Builds small MRT files for tests with the project's own encoders: a TABLE_DUMP_V2 RIB of
 * a few peers, BGP4MP_MESSAGE_AS4 updates and state changes at chosen times.
 */
import { parseIp, type IpAddress } from '../../src/geo/ip.js';
import { parsePrefix } from '../../src/geo/prefix.js';
import {
  AS_SEQUENCE,
  FLAG,
  type PathAttribute,
} from '../../src/collectors/bgp/bgp-message/models.js';
import { encodeMrtRecord } from '../../src/collectors/bgp/mrt/encode-record.js';
import type { MrtRecord } from '../../src/collectors/bgp/mrt/models.js';

const LOCAL = parseIp('198.18.0.254');

export function attributesFor(path: number[], nextHop = '198.18.0.1'): PathAttribute[] {
  return [
    { type: 'ORIGIN', flags: FLAG.TRANSITIVE, origin: 0 },
    { type: 'AS_PATH', flags: FLAG.TRANSITIVE, segments: [{ type: AS_SEQUENCE, asns: path }] },
    { type: 'NEXT_HOP', flags: FLAG.TRANSITIVE, nextHop: { family: 4, value: ipv4(nextHop) } },
  ];
}

const ipv4 = (text: string) => (parseIp(text) as Extract<IpAddress, { family: 4 }>).value;

export interface TestPeer {
  readonly address: string;
  readonly asn: number;
}

export function ribDump(
  time: number,
  peers: readonly TestPeer[],
  routes: [number, string, number[]][],
) {
  const records: MrtRecord[] = [
    {
      header: { timestamp: time, microseconds: null, type: 13, subtype: 1 },
      body: {
        kind: 'PEER_INDEX_TABLE',
        collectorBgpId: { family: 4, value: 1 },
        viewName: '',
        peers: peers.map((p) => ({
          peerType: 2,
          peerBgpId: { family: 4, value: ipv4(p.address) },
          peerIpAddress: parseIp(p.address),
          peerAs: p.asn,
        })),
      },
    },
  ];
  const byPrefix = new Map<string, [number, number[]][]>();
  for (const [peer, prefix, path] of routes) {
    const list = byPrefix.get(prefix) ?? [];
    list.push([peer, path]);
    byPrefix.set(prefix, list);
  }
  let sequenceNumber = 0;
  for (const [prefix, entries] of byPrefix)
    records.push({
      header: { timestamp: time, microseconds: null, type: 13, subtype: 2 },
      body: {
        kind: 'RIB',
        sequenceNumber: sequenceNumber++,
        afi: 1,
        safi: 1,
        generic: false,
        addPath: false,
        prefix: parsePrefix(prefix),
        entries: entries.map(([peerIndex, path]) => ({
          peerIndex,
          originatedTime: time,
          pathId: null,
          pathAttributes: attributesFor(path),
          diagnostics: [],
        })),
      },
    });
  return records;
}

export function update(
  time: number,
  peer: TestPeer,
  announce: string[],
  path: number[],
  withdraw: string[] = [],
): MrtRecord {
  const nlri = (list: string[]) => list.map((p) => ({ prefix: parsePrefix(p), pathId: null }));
  return {
    header: { timestamp: time, microseconds: null, type: 16, subtype: 4 },
    body: {
      kind: 'BGP4MP_MESSAGE',
      peerAs: peer.asn,
      localAs: 65000,
      interfaceIndex: 0,
      afi: 1,
      peerIpAddress: parseIp(peer.address),
      localIpAddress: LOCAL,
      message: {
        type: 'UPDATE',
        withdrawnRoutes: nlri(withdraw),
        pathAttributes: announce.length > 0 ? attributesFor(path) : [],
        nlri: nlri(announce),
        diagnostics: [],
      },
    },
  };
}

export function stateChange(
  time: number,
  peer: TestPeer,
  oldState: number,
  newState: number,
): MrtRecord {
  return {
    header: { timestamp: time, microseconds: null, type: 16, subtype: 5 },
    body: {
      kind: 'BGP4MP_STATE_CHANGE',
      peerAs: peer.asn,
      localAs: 65000,
      interfaceIndex: 0,
      afi: 1,
      peerIpAddress: parseIp(peer.address),
      localIpAddress: LOCAL,
      oldState,
      newState,
    },
  };
}

export function mrtFile(records: readonly MrtRecord[]): Buffer {
  return Buffer.concat(records.map((r) => encodeMrtRecord(r)));
}
