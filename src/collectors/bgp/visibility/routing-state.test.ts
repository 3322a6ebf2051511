import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fakeAttributor } from '../../../../test/bgp/fake-attributor.js';
import { parsePrefix } from '../../../geo/prefix.js';
import type { SignalPoint } from '../../../model/signal.js';
import { AS_SEQUENCE, AS_SET } from '../bgp-message/models.js';
import type { RouteFacts } from '../rib/attribute-table.js';
import { createRoutingState } from './routing-state.js';

const path = (...asns: number[]): RouteFacts => ({
  origin: 0,
  asPath: [{ type: AS_SEQUENCE, asns }],
  nextHop: null,
});
const p = parsePrefix;

function valueOf(points: SignalPoint[], entity: string, signal: string): number | null | undefined {
  return points.find((x) => x.entity === entity && x.signal === signal)?.value;
}

describe('routing state', () => {
  it('counts /24s of prefixes seen by more than half the full-feed peers, once each', () => {
    const state = createRoutingState({
      source: 't',
      attributor: fakeAttributor,
      fullFeed: { minShare: 0.5 },
    });
    const [a, b, c] = ['10.0.0.1', '10.0.0.2', '10.0.0.3'].map((ip, i) =>
      state.rib.peer(ip, 65100 + i),
    );
    for (const peer of [a!, b!]) {
      state.load(peer, p('198.18.0.0/16'), null, path(65100, 65001));
      state.load(peer, p('198.18.5.0/24'), null, path(65100, 65002));
      state.load(peer, p('198.18.5.128/25'), null, path(65100, 65002));
      state.load(peer, p('20.0.0.0/22'), null, path(65100, 65003));
    }
    // Only one of two full-feed peers: not visible. Peer c holds 1 prefix: not full-feed.
    state.load(a!, p('20.1.0.0/24'), null, path(65100, 65003));
    state.load(c!, p('20.2.0.0/24'), null, path(65100, 65004));
    const points = state.closeBin(0, 1);
    assert.equal(valueOf(points, 'asn/65001', 'bgp.slash24s'), 255);
    assert.equal(valueOf(points, 'asn/65002', 'bgp.slash24s'), 1);
    assert.equal(valueOf(points, 'asn/65002', 'bgp.prefixes'), 2);
    assert.equal(valueOf(points, 'country/KZ', 'bgp.slash24s'), 256);
    assert.equal(valueOf(points, 'country/NL', 'bgp.slash24s'), 4);
    assert.equal(valueOf(points, 'asn/65004', 'bgp.prefixes'), undefined);
    assert.equal(valueOf(points, 'asn/65001', 'bgp.updates'), 0, 'a RIB dump is not updates');
    // No IPv6 full-feed peer: /48s are unknown, not zero.
    assert.equal(valueOf(points, 'asn/65001', 'bgp.slash48s'), undefined);
  });

  it('counts updates and withdrawals by prefix and drops withdrawn space', () => {
    const state = createRoutingState({ source: 't', attributor: fakeAttributor });
    const [a, b] = [state.rib.peer('10.0.0.1', 1), state.rib.peer('10.0.0.2', 2)];
    for (const peer of [a, b]) {
      // The rest of the Internet stays: the peers remain full-feed.
      state.announce(peer, p('20.0.0.0/24'), null, path(9, 65009));
      state.announce(peer, p('198.18.0.0/24'), null, path(9, 65001));
      state.announce(peer, p('198.18.1.0/24'), null, path(9, 65001));
      state.announce(peer, p('2001:db8::/32'), null, path(9, 65001));
    }
    let points = state.closeBin(0, 1);
    assert.equal(valueOf(points, 'asn/65001', 'bgp.updates'), 6);
    assert.equal(valueOf(points, 'country/NL', 'bgp.updates'), 2);
    assert.equal(valueOf(points, 'asn/65001', 'bgp.slash48s'), 65536);
    state.withdraw(a, p('198.18.1.0/24'), null);
    state.withdraw(b, p('198.18.1.0/24'), null);
    points = state.closeBin(300, 1);
    assert.equal(valueOf(points, 'asn/65001', 'bgp.withdrawals'), 2);
    assert.equal(valueOf(points, 'asn/65001', 'bgp.updates'), 0);
    assert.equal(valueOf(points, 'asn/65001', 'bgp.slash24s'), 1);
    state.withdraw(a, p('198.18.0.0/24'), null);
    state.withdraw(b, p('198.18.0.0/24'), null);
    points = state.closeBin(600, 1);
    assert.equal(valueOf(points, 'country/KZ', 'bgp.slash24s'), 0, 'known entity gets a zero');
  });

  it('a peer that goes down is left out, not counted as withdrawing everything', () => {
    const state = createRoutingState({ source: 't', attributor: fakeAttributor });
    const peers = [1, 2, 3].map((i) => state.rib.peer(`10.0.0.${i}`, i));
    for (const peer of peers) state.announce(peer, p('198.18.0.0/24'), null, path(9, 65001));
    state.peerDown(peers[0]!);
    state.peerDown(peers[1]!);
    const points = state.closeBin(0, 1);
    assert.equal(valueOf(points, 'asn/65001', 'bgp.slash24s'), 1);
  });

  it('ADD-PATH paths of one prefix count the prefix once; an AS_SET origin has no AS', () => {
    const state = createRoutingState({ source: 't', attributor: fakeAttributor });
    const a = state.rib.peer('10.0.0.1', 1);
    state.announce(a, p('198.18.0.0/24'), 1, path(9, 65001));
    state.announce(a, p('198.18.0.0/24'), 2, path(8, 65001));
    state.announce(a, p('198.18.1.0/24'), 1, {
      origin: 0,
      asPath: [
        { type: AS_SEQUENCE, asns: [9] },
        { type: AS_SET, asns: [1, 2] },
      ],
      nextHop: null,
    });
    assert.equal(state.rib.peers()[0]!.ipv4Prefixes, 2);
    assert.equal(state.rib.peers()[0]!.routes, 3);
    state.withdraw(a, p('198.18.0.0/24'), 1);
    assert.equal(state.rib.peers()[0]!.ipv4Prefixes, 2);
    const points = state.closeBin(0, 1);
    assert.equal(valueOf(points, 'asn/65001', 'bgp.prefixes'), 1);
    assert.equal(valueOf(points, 'country/KZ', 'bgp.prefixes'), 2);
    assert.equal(valueOf(points, 'asn/65001', 'bgp.withdrawals'), 1);
  });
});
