import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseIp } from './ip.js';
import { createOriginTable } from './origin-table.js';

describe('createOriginTable', () => {
  it('answers the origin of the longest matching prefix, IPv4 and IPv6', () => {
    const origins = createOriginTable();
    origins.add('2.132.0.0/14', 9198);
    origins.add('2.132.128.0/17', 64500);
    origins.add('2.132.130.0/24', 64501);
    origins.add('2a03:32c0::/32', 29555);
    origins.add('2a03:32c0:8::/47', 48503);
    const at = (text: string) => origins.lookup(parseIp(text));
    assert.equal(at('2.132.0.0'), 9198);
    assert.equal(at('2.132.127.255'), 9198);
    assert.equal(at('2.132.128.0'), 64500);
    assert.equal(at('2.132.129.255'), 64500);
    assert.equal(at('2.132.130.0'), 64501);
    assert.equal(at('2.132.130.255'), 64501);
    assert.equal(at('2.132.131.0'), 64500);
    assert.equal(at('2.132.255.255'), 64500);
    assert.equal(at('2.133.0.0'), 9198);
    assert.equal(at('2.135.255.255'), 9198);
    assert.equal(at('2.136.0.0'), null);
    assert.equal(at('2.131.255.255'), null);
    assert.equal(at('::ffff:2.132.130.7'), 64501);
    assert.equal(at('2a03:32c0::1'), 29555);
    assert.equal(at('2a03:32c0:8::1'), 48503);
    assert.equal(at('2a03:32c0:9:ffff:ffff:ffff:ffff:ffff'), 48503);
    assert.equal(at('2a03:32c0:a::'), 29555);
    assert.equal(at('2a03:32c1::'), null);
    assert.equal(origins.lookupIpv4(0x02848201), 64501);
    assert.equal(origins.lookupIpv4(0x01010101), 0);
  });

  it('does not depend on the order prefixes are added in', () => {
    const origins = createOriginTable();
    origins.add('10.0.1.0/24', 2);
    origins.add('10.0.0.0/8', 1);
    origins.add('0.0.0.0/0', 3);
    assert.equal(origins.lookup(parseIp('10.0.1.1')), 2);
    assert.equal(origins.lookup(parseIp('10.0.2.1')), 1);
    assert.equal(origins.lookup(parseIp('11.0.0.0')), 3);
    assert.equal(origins.lookup(parseIp('255.255.255.255')), 3);
  });

  it('replaces the origin of a re-announced prefix and forgets a withdrawn one', () => {
    const origins = createOriginTable();
    origins.add('192.0.2.0/24', 64500);
    assert.equal(origins.lookup(parseIp('192.0.2.1')), 64500);
    origins.add('192.0.2.0/24', 64501);
    assert.equal(origins.lookup(parseIp('192.0.2.1')), 64501);
    assert.equal(origins.size, 1);
    assert.equal(origins.delete('192.0.2.0/24'), true);
    assert.equal(origins.delete('192.0.2.0/24'), false);
    assert.equal(origins.lookup(parseIp('192.0.2.1')), null);
  });

  it('refuses AS0 and bad prefixes', () => {
    const origins = createOriginTable();
    assert.throws(() => origins.add('192.0.2.0/24', 0), {
      kind: 'bad_input',
      message: 'Cannot add origin: expected an ASN 1…4294967295, found 0',
    });
    assert.throws(() => origins.add('192.0.2.1/24', 64500), /host bits set/);
    assert.equal(origins.size, 0);
  });
});
