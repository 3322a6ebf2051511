/**
 * The per-prefix view of MRT records: one MrtRoute per RIB entry, announced or withdrawn
 * prefix, for the RIB, visibility and `mrt dump`. TABLE_DUMP_V2 entries name peers by index,
 * so the view remembers the last PEER_INDEX_TABLE; an entry whose index it lacks is skipped.
 */
import type { IpAddress } from '../../../geo/ip.js';
import type { Prefix } from '../../../geo/prefix.js';
import type { Nlri } from '../bgp-message/models.js';
import { resolveAttributes, type RouteAttributes } from '../bgp-message/route-attributes.js';
import { bgp4mpContext } from './parse-bgp4mp.js';
import type { Bgp4mpMessage, MrtHeader, MrtRecord, PeerEntry } from './models.js';

export interface MrtRoute {
  /** `rib`: a table entry; `announce`/`withdraw`: from a BGP4MP UPDATE. */
  readonly action: 'rib' | 'announce' | 'withdraw';
  readonly timestamp: number;
  readonly microseconds: number | null;
  readonly peerIpAddress: IpAddress;
  readonly peerAs: number;
  readonly prefix: Prefix;
  readonly pathId: number | null;
  readonly safi: number;
  /** Null for a withdrawal. Shared by every route of the same UPDATE or RIB entry. */
  readonly attributes: RouteAttributes | null;
  /** NEXT_HOP for IPv4 prefixes, else the MP_REACH_NLRI next hop; null if absent. */
  readonly nextHop: IpAddress | null;
}

export interface RouteView {
  routesOf(record: MrtRecord): MrtRoute[];
}

export interface RouteViewOptions {
  /** Apply RFC 7606 treat-as-withdraw (default true); `mrt dump --format bgpdump` does not. */
  readonly treatAsWithdraw?: boolean;
}

// Module-level helpers rather than closures: this runs once per prefix of a full table.
function nextHopOf(prefix: Prefix, a: RouteAttributes): IpAddress | null {
  return prefix.address.family === 4 && a.nextHop !== null ? a.nextHop : (a.mpNextHops[0] ?? null);
}

function route(
  action: MrtRoute['action'],
  header: MrtHeader,
  peerIpAddress: IpAddress,
  peerAs: number,
  n: Nlri,
  safi: number,
  attributes: RouteAttributes | null,
): MrtRoute {
  const { prefix, pathId } = n;
  const nextHop = attributes === null ? null : nextHopOf(prefix, attributes);
  const { timestamp, microseconds } = header;
  return {
    action,
    timestamp,
    microseconds,
    peerIpAddress,
    peerAs,
    prefix,
    pathId,
    safi,
    attributes,
    nextHop,
  };
}

function updateRoutes(
  header: MrtHeader,
  body: Bgp4mpMessage,
  rfc7606: boolean,
  out: MrtRoute[],
): void {
  const { message, peerIpAddress: ip, peerAs: as } = body;
  if (message.type !== 'UPDATE') return;
  for (const n of message.withdrawnRoutes) out.push(route('withdraw', header, ip, as, n, 1, null));
  for (const a of message.pathAttributes)
    if (a.type === 'MP_UNREACH_NLRI')
      for (const n of a.withdrawn) out.push(route('withdraw', header, ip, as, n, a.safi, null));
  const attributes = resolveAttributes(
    message.pathAttributes,
    message.diagnostics,
    bgp4mpContext(header.subtype).as4,
  );
  const withdrawn = rfc7606 && attributes.treatAsWithdraw;
  const action = withdrawn ? 'withdraw' : 'announce';
  const shared = withdrawn ? null : attributes;
  for (const n of message.nlri) out.push(route(action, header, ip, as, n, 1, shared));
  for (const a of message.pathAttributes)
    if (a.type === 'MP_REACH_NLRI')
      for (const n of a.nlri) out.push(route(action, header, ip, as, n, a.safi, shared));
}

export function createRouteView(options: RouteViewOptions = {}): RouteView {
  const rfc7606 = options.treatAsWithdraw ?? true;
  let peers: readonly PeerEntry[] = [];
  return {
    routesOf({ header, body }) {
      const routes: MrtRoute[] = [];
      switch (body.kind) {
        case 'PEER_INDEX_TABLE':
          peers = body.peers;
          break;
        case 'TABLE_DUMP': {
          const attributes = resolveAttributes(body.pathAttributes, body.diagnostics, false);
          routes.push(
            route(
              'rib',
              header,
              body.peerIpAddress,
              body.peerAs,
              { prefix: body.prefix, pathId: null },
              1,
              attributes,
            ),
          );
          break;
        }
        case 'RIB':
          for (const entry of body.entries) {
            const peer = peers[entry.peerIndex];
            if (peer === undefined) continue;
            const attributes = resolveAttributes(entry.pathAttributes, entry.diagnostics, true);
            routes.push(
              route(
                'rib',
                header,
                peer.peerIpAddress,
                peer.peerAs,
                { prefix: body.prefix, pathId: entry.pathId },
                body.safi,
                attributes,
              ),
            );
          }
          break;
        case 'BGP4MP_MESSAGE':
          updateRoutes(header, body, rfc7606, routes);
          break;
        default:
          break;
      }
      return routes;
    },
  };
}
