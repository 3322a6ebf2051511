/**
 * MRT records → the routing state: TABLE_DUMP(_V2) entries load peer tables (a new
 * PEER_INDEX_TABLE starts a fresh snapshot of the peers it lists), BGP4MP UPDATEs announce
 * and withdraw (RFC 7606 treat-as-withdraw applied by the route view), and BGP4MP state
 * changes take a peer down (its share unknown) or bring it back with an empty table.
 */
import { formatIp } from '../../../geo/ip.js';
import type { MrtRecord } from '../mrt/models.js';
import { createRouteView, type MrtRoute } from '../mrt/routes.js';
import type { RouteFacts } from '../rib/attribute-table.js';
import type { RoutingState } from './routing-state.js';

const ESTABLISHED = 6;

export interface MrtFeed {
  /** Applies one record; answers how many routes it carried. */
  apply(record: MrtRecord): number;
}

export function factsOf(route: MrtRoute): RouteFacts {
  const a = route.attributes;
  return { origin: a?.origin ?? null, asPath: a?.asPath ?? [], nextHop: route.nextHop };
}

export function createMrtFeed(state: RoutingState): MrtFeed {
  const view = createRouteView();
  const peerIndex = (route: MrtRoute) =>
    state.rib.peer(formatIp(route.peerIpAddress), route.peerAs);
  return {
    apply(record) {
      const { body } = record;
      if (body.kind === 'PEER_INDEX_TABLE')
        for (const p of body.peers)
          state.peerUp(state.rib.peer(formatIp(p.peerIpAddress), p.peerAs));
      if (body.kind === 'BGP4MP_STATE_CHANGE') {
        const peer = state.rib.peer(formatIp(body.peerIpAddress), body.peerAs);
        if (body.newState === ESTABLISHED) state.peerUp(peer);
        else if (body.oldState === ESTABLISHED) state.peerDown(peer);
        return 0;
      }
      const routes = view.routesOf(record);
      // Routes of one UPDATE share their attributes: one facts object each, interned once.
      let lastAttributes: MrtRoute['attributes'] | undefined;
      let lastNextHop: MrtRoute['nextHop'] | undefined;
      let facts: RouteFacts | null = null;
      const factsFor = (route: MrtRoute) => {
        if (
          facts === null ||
          route.attributes !== lastAttributes ||
          route.nextHop !== lastNextHop
        ) {
          facts = factsOf(route);
          lastAttributes = route.attributes;
          lastNextHop = route.nextHop;
        }
        return facts;
      };
      for (const route of routes) {
        // Multicast tables say nothing about reachability.
        if (route.safi !== 1) continue;
        const peer = peerIndex(route);
        if (route.action === 'withdraw') state.withdraw(peer, route.prefix, route.pathId);
        else if (route.action === 'rib')
          state.load(peer, route.prefix, route.pathId, factsFor(route));
        else state.announce(peer, route.prefix, route.pathId, factsFor(route));
      }
      return routes.length;
    },
  };
}
