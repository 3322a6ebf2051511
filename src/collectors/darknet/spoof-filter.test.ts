import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseIp } from '../../geo/ip.js';
import { isBogonIpv4, isBogonIpv6, spoofReason } from './spoof-filter.js';

const v4 = (text: string) => {
  const ip = parseIp(text);
  return ip.family === 4 ? ip.value : NaN;
};

describe('spoof filter', () => {
  it('knows the special-purpose blocks and their edges', () => {
    for (const ip of [
      '0.1.2.3',
      '10.255.255.255',
      '100.64.0.0',
      '100.127.255.255',
      '127.0.0.1',
      '169.254.1.1',
      '172.16.0.0',
      '172.31.255.255',
      '192.0.2.9',
      '192.168.1.1',
      '198.19.255.255',
      '224.0.0.1',
      '255.255.255.255',
    ])
      assert.equal(isBogonIpv4(v4(ip)), true, ip);
    for (const ip of [
      '1.1.1.1',
      '100.63.255.255',
      '100.128.0.0',
      '172.32.0.0',
      '198.20.0.0',
      '2.132.0.1',
      '223.255.255.255',
    ])
      assert.equal(isBogonIpv4(v4(ip)), false, ip);
    assert.equal(isBogonIpv6(0x2a0332c0), false);
    assert.equal(isBogonIpv6(0x20010db8), true);
    assert.equal(isBogonIpv6(0xfe800000), true);
  });

  it('calls a source spoofed when bogon, unrouted or seen once', () => {
    assert.equal(spoofReason(true, 9198, 50), 'bogon');
    assert.equal(spoofReason(false, null, 50), 'unrouted');
    assert.equal(spoofReason(false, 9198, 1), 'single_packet');
    assert.equal(spoofReason(false, 9198, 2), null);
  });
});
