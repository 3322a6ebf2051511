/**
 * Writes what a route collector (RouteViews-like, AS6447) archives from its peers: one
 * TABLE_DUMP_V2 RIB at the start (PEER_INDEX_TABLE, then RIB_IPV4_UNICAST and
 * RIB_IPV6_UNICAST per prefix with one entry per peer) and BGP4MP_MESSAGE_AS4 updates in one
 * file per day — background churn (a peer switching a prefix to another upstream), the
 * script's withdrawals and re-announcements spread over a few minutes across peers, and
 * silenced peers' sessions going down (BGP4MP_STATE_CHANGE_AS4) and coming back with a full
 * table. Every peer also carries the rest of the world's table (world-table.ts), with its own
 * light churn, as real full-feed peers do. RFC 6396 §4.3 and §4.4; records are encoded by
 * Nightlight's own MRT encoder.
 */
import { join } from 'node:path';
import { ByteWriter } from '../collectors/bgp/bgp-message/byte-writer.js';
import type { PathAttribute } from '../collectors/bgp/bgp-message/models.js';
import { writeMrtRecord } from '../collectors/bgp/mrt/encode-record.js';
import type { MrtBody } from '../collectors/bgp/mrt/models.js';
import { parseIp, type IpAddress, type Ipv4Address } from '../geo/ip.js';
import { createFileSink } from './file-sink.js';
import type { AnnouncedPrefix, NetworkModel } from './network-model.js';
import type { Rng } from './rng.js';
import type { Scenario } from './scenario-schema.js';
import type { Timeline } from './timeline.js';
import type { WorldRoute } from './world-table.js';
import { dayStamp, type WriteResult } from './write-logs.js';

const COLLECTOR_AS = 6447;
const COLLECTOR_IP = parseIp('128.223.51.15') as Ipv4Address;
const AS_SEQUENCE = 2;

interface Peer {
  readonly index: number;
  readonly name: string;
  readonly asn: number;
  readonly ip: Ipv4Address;
  readonly ip6: IpAddress;
}

interface Route {
  readonly prefix: AnnouncedPrefix;
  readonly upstreams: readonly number[];
  /** A rest-of-world route: never scripted. */
  readonly world: boolean;
}

type Change =
  | {
      t: number;
      seq: number;
      peer: Peer;
      kind: 'announce' | 'withdraw';
      route: Route;
      upstream: number;
    }
  | { t: number; seq: number; peer: Peer; kind: 'state'; from: number; to: number };

function stamp(t: number): string {
  const iso = new Date(t * 1000).toISOString();
  return `${dayStamp(t)}.${iso.slice(11, 13)}${iso.slice(14, 16)}`;
}

function attributes(peer: Peer, route: Route, upstream: number, nlri: boolean): PathAttribute[] {
  const origin = route.prefix.asn;
  const path = [peer.asn, upstream, origin].filter((a, i, all) => i === 0 || a !== all[i - 1]);
  const common: PathAttribute[] = [
    { type: 'ORIGIN', flags: 0x40, origin: 0 },
    { type: 'AS_PATH', flags: 0x40, segments: [{ type: AS_SEQUENCE, asns: path }] },
  ];
  if (route.prefix.prefix.address.family === 4)
    return [...common, { type: 'NEXT_HOP', flags: 0x40, nextHop: peer.ip }];
  return [
    ...common,
    {
      type: 'MP_REACH_NLRI',
      flags: 0x80,
      afi: 2,
      safi: 1,
      nextHops: [peer.ip6],
      abbreviated: !nlri,
      nlri: nlri ? [{ prefix: route.prefix.prefix, pathId: null }] : [],
    },
  ];
}

export async function writeMrt(
  s: Scenario,
  model: NetworkModel,
  timeline: Timeline,
  rng: Rng,
  dir: string,
  world: readonly WorldRoute[] = [],
): Promise<WriteResult> {
  const peers: Peer[] = s.bgp.peers.map((p, index) => ({
    index,
    name: p.name,
    asn: p.asn,
    ip: parseIp(p.ip) as Ipv4Address,
    ip6: parseIp(`2001:7f8:4::${(p.asn >>> 16).toString(16)}:${(p.asn & 0xffff).toString(16)}:1`),
  }));
  const national: Route[] = model.plans.flatMap((plan) =>
    [...plan.v4, ...plan.v6].map((prefix) => ({
      prefix,
      upstreams: plan.asn.upstreams,
      world: false,
    })),
  );
  const abroad: Route[] = world.map((w) => ({
    prefix: w.prefix,
    upstreams: [w.upstream],
    world: true,
  }));
  const routes = [...national, ...abroad];
  // Each peer reaches each network through one of its upstreams, chosen once.
  const current = peers.map(() =>
    routes.map((r, i) => r.upstreams[(i + peers.length) % r.upstreams.length]!),
  );
  const from = s.time.from;
  const withdrawnAt = (r: Route, t: number) =>
    !r.world &&
    timeline.withdrawn(
      model.planOf.get(r.prefix.asn)!,
      r.prefix.prefix.address.family,
      r.prefix.index,
      t,
    );
  const files: string[] = [];
  let records = 0;
  let bytes = 0;

  // The RIB: what every peer announces at the start.
  const ribName = join(dir, `rib.${stamp(from)}`);
  files.push(ribName);
  const rib = createFileSink(ribName);
  const out = new ByteWriter();
  const emit = async (
    sink: typeof rib,
    t: number,
    type: number,
    subtype: number,
    body: MrtBody,
  ) => {
    out.length = 0;
    writeMrtRecord(out, {
      header: { timestamp: Math.floor(t), microseconds: null, type, subtype },
      body,
    });
    const chunk = out.finish();
    records++;
    bytes += chunk.length;
    await sink.write(chunk);
  };
  await emit(rib, from, 13, 1, {
    kind: 'PEER_INDEX_TABLE',
    collectorBgpId: COLLECTOR_IP,
    viewName: '',
    peers: peers.map((p) => ({ peerType: 2, peerBgpId: p.ip, peerIpAddress: p.ip, peerAs: p.asn })),
  });
  let sequence = 0;
  for (const family of [4, 6] as const)
    for (const [i, route] of routes.entries()) {
      if (route.prefix.prefix.address.family !== family || withdrawnAt(route, from)) continue;
      const entries = peers
        .filter((p) => !timeline.isSilent('bgp-peer', from, p.name))
        .map((p) => ({
          peerIndex: p.index,
          originatedTime: from - 86400,
          pathId: null,
          pathAttributes: attributes(p, route, current[p.index]![i]!, false),
          diagnostics: [],
        }));
      await emit(rib, from, 13, family === 4 ? 2 : 4, {
        kind: 'RIB',
        sequenceNumber: sequence++,
        afi: family === 4 ? 1 : 2,
        safi: 1,
        generic: false,
        addPath: false,
        prefix: route.prefix.prefix,
        entries,
      });
    }
  await rib.close();

  // World routes draw from their own stream, so the national draws stay as they were.
  const worldRng = rng.fork('world');
  // Scripted changes: withdrawals and their restorations, peer sessions down and up.
  const scripted: Change[] = [];
  let seq = 0;
  const spread = s.bgp.spreadMinutes * 60;
  for (const [i, route] of national.entries()) {
    const key = `${route.prefix.asn}/${route.prefix.prefix.address.family}/${route.prefix.index}`;
    for (const [a, b] of timeline.withdrawals.get(key) ?? [])
      for (const peer of peers) {
        if (a > from)
          scripted.push({
            t: a + rng.next() * spread,
            seq: seq++,
            peer,
            kind: 'withdraw',
            route,
            upstream: 0,
          });
        if (b < s.time.to)
          scripted.push({
            t: b + rng.next() * spread,
            seq: seq++,
            peer,
            kind: 'announce',
            route,
            upstream: current[peer.index]![i]!,
          });
      }
  }
  for (const silence of timeline.silences) {
    if (silence.input !== 'bgp-peer') continue;
    const peer = peers.find((p) => p.name === silence.peer)!;
    scripted.push({ t: silence.from, seq: seq++, peer, kind: 'state', from: 6, to: 1 });
    if (silence.to >= s.time.to) continue;
    [
      [1, 2],
      [2, 4],
      [4, 5],
      [5, 6],
    ].forEach(([a, b], k) =>
      scripted.push({ t: silence.to + k, seq: seq++, peer, kind: 'state', from: a!, to: b! }),
    );
    for (const [i, route] of routes.entries())
      if (!withdrawnAt(route, silence.to + 10))
        scripted.push({
          t: silence.to + 10 + (route.world ? worldRng : rng).next() * 20,
          seq: seq++,
          peer,
          kind: 'announce',
          route,
          upstream: current[peer.index]![i]!,
        });
  }
  scripted.sort((a, b) => a.t - b.t || a.seq - b.seq);

  let next = 0;
  for (let day = Math.floor(from / 86400) * 86400; day < s.time.to; day += 86400) {
    const changes: Change[] = [];
    while (next < scripted.length && scripted[next]!.t < day + 86400)
      changes.push(scripted[next++]!);
    // Background churn: a peer moves a prefix to another upstream (or re-sends it).
    for (let hour = Math.max(day, from); hour < Math.min(day + 86400, s.time.to); hour += 3600)
      for (const peer of peers) {
        const n = rng.poisson(s.bgp.churnPerHour);
        for (let k = 0; k < n; k++) {
          const i = rng.int(national.length);
          const route = national[i]!;
          const t = hour + rng.next() * 3600;
          if (withdrawnAt(route, t) || timeline.isSilent('bgp-peer', t, peer.name)) continue;
          const upstream = rng.pick(route.upstreams);
          changes.push({ t, seq: seq++, peer, kind: 'announce', route, upstream });
        }
        if (abroad.length === 0) continue;
        const m = worldRng.poisson(s.bgp.world.churnPerHour);
        for (let k = 0; k < m; k++) {
          const route = abroad[worldRng.int(abroad.length)]!;
          const t = hour + worldRng.next() * 3600;
          if (timeline.isSilent('bgp-peer', t, peer.name)) continue;
          changes.push({
            t,
            seq: seq++,
            peer,
            kind: 'announce',
            route,
            upstream: route.upstreams[0]!,
          });
        }
      }
    changes.sort((a, b) => a.t - b.t || a.seq - b.seq);
    const name = join(dir, `updates.${dayStamp(day)}.0000`);
    files.push(name);
    const sink = createFileSink(name);
    for (const c of changes) {
      const header = {
        peerAs: c.peer.asn,
        localAs: COLLECTOR_AS,
        interfaceIndex: 0,
        afi: 1,
        peerIpAddress: c.peer.ip,
        localIpAddress: COLLECTOR_IP,
      };
      if (c.kind === 'state') {
        await emit(sink, c.t, 16, 5, {
          kind: 'BGP4MP_STATE_CHANGE',
          ...header,
          oldState: c.from,
          newState: c.to,
        });
        continue;
      }
      if (timeline.isSilent('bgp-peer', c.t, c.peer.name)) continue;
      const v4 = c.route.prefix.prefix.address.family === 4;
      const nlri = [{ prefix: c.route.prefix.prefix, pathId: null }];
      const pathAttributes: PathAttribute[] =
        c.kind === 'announce'
          ? attributes(c.peer, c.route, c.upstream, true)
          : v4
            ? []
            : [{ type: 'MP_UNREACH_NLRI', flags: 0x80, afi: 2, safi: 1, withdrawn: nlri }];
      await emit(sink, c.t, 16, 4, {
        kind: 'BGP4MP_MESSAGE',
        ...header,
        message: {
          type: 'UPDATE',
          withdrawnRoutes: c.kind === 'withdraw' && v4 ? nlri : [],
          pathAttributes,
          nlri: c.kind === 'announce' && v4 ? nlri : [],
          diagnostics: [],
        },
      });
    }
    await sink.close();
  }
  return { files, records, bytes };
}
