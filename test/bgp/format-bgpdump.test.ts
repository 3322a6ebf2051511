/**
 * The bgpdump line format where no fixture reaches: IPv6 text edge cases, BGP4MP_ET time
 * fields, AS path segment types and well-known communities.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  createBgpdumpFormatter,
  formatAsPath,
  formatCommunities,
} from '../../src/collectors/bgp/mrt/format-bgpdump.js';
import { formatIpv6 } from '../../src/geo/ip.js';

const formatIpv6Ntop = (w0: number, w1: number, w2: number, w3: number) =>
  formatIpv6(w0, w1, w2, w3, 'ntop');

describe('bgpdump format', () => {
  it('writes IPv6 as bgpdump does', () => {
    assert.equal(formatIpv6Ntop(0, 0, 0, 0), '::');
    assert.equal(formatIpv6Ntop(0, 0, 0, 1), '::1');
    assert.equal(formatIpv6Ntop(0, 0, 0xffff, 0xc1000038), '::ffff:193.0.0.56');
    assert.equal(formatIpv6Ntop(0, 0, 0, 0xc0000201), '::192.0.2.1');
    assert.equal(formatIpv6Ntop(0x20010db8, 0, 0, 0), '2001:db8::');
    assert.equal(
      formatIpv6Ntop(0x200107f8, 0x00300000, 0x00020001, 0x00008447),
      '2001:7f8:30::2:1:0:8447',
    );
    assert.equal(
      formatIpv6Ntop(0x20010db8, 0x00010002, 0x00030004, 0x00050006),
      '2001:db8:1:2:3:4:5:6',
    );
  });

  it('writes AS path segments and communities as bgpdump does', () => {
    assert.equal(
      formatAsPath([
        { type: 2, asns: [1, 2] },
        { type: 1, asns: [3, 4] },
        { type: 3, asns: [5, 6] },
        { type: 4, asns: [7, 8] },
      ]),
      '1 2 {3,4} (5 6) [7,8]',
    );
    assert.equal(
      formatCommunities([0xffffff01, 0xffffff02, 0xffffff03, 0x0d1c0064]),
      'no-export no-advertise local-AS 3356:100',
    );
  });

  it('writes BGP4MP_ET times with six-digit microseconds', () => {
    const [line] = createBgpdumpFormatter().linesOf({
      header: { timestamp: 1700000000, microseconds: 5, type: 17, subtype: 5 },
      body: {
        kind: 'BGP4MP_STATE_CHANGE',
        peerAs: 4200000000,
        localAs: 65000,
        interfaceIndex: 0,
        afi: 2,
        peerIpAddress: { family: 6, w0: 0x20010db8, w1: 0, w2: 0, w3: 1 },
        localIpAddress: { family: 6, w0: 0x20010db8, w1: 0, w2: 0, w3: 2 },
        oldState: 5,
        newState: 6,
      },
    });
    assert.equal(line, 'BGP4MP_ET|1700000000.000005|STATE|2001:db8::1|4200000000|5|6');
  });
});
