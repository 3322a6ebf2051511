import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatPrefix, parsePrefix, prefixBounds } from './prefix.js';

describe('parsePrefix', () => {
  it('reads IPv4 and IPv6 prefixes with their bounds', () => {
    const v4 = parsePrefix('2.132.0.0/14');
    assert.deepEqual(v4, { address: { family: 4, value: 0x02840000 }, length: 14 });
    assert.deepEqual(prefixBounds(v4), { first: 0x02840000n, last: 0x0287ffffn });
    const v6 = parsePrefix('2a03:32c0::/32');
    assert.deepEqual(prefixBounds(v6), {
      first: 0x2a0332c0n << 96n,
      last: (0x2a0332c0n << 96n) | ((1n << 96n) - 1n),
    });
    assert.deepEqual(prefixBounds(parsePrefix('0.0.0.0/0')), { first: 0n, last: 0xffffffffn });
    assert.deepEqual(prefixBounds(parsePrefix('::/0')), { first: 0n, last: (1n << 128n) - 1n });
    assert.deepEqual(prefixBounds(parsePrefix('192.0.2.7/32')), {
      first: 0xc0000207n,
      last: 0xc0000207n,
    });
  });

  it('reads a prefix inside ::ffff:0:0/96 as IPv4, a wider one as IPv6', () => {
    assert.equal(formatPrefix(parsePrefix('::ffff:192.0.2.0/120')), '192.0.2.0/24');
    assert.equal(formatPrefix(parsePrefix('::ffff:0:0/96')), '0.0.0.0/0');
    assert.equal(formatPrefix(parsePrefix('::fffe:0:0/95')), '::fffe:0:0/95');
  });

  it('refuses host bits, naming the network meant', () => {
    assert.throws(() => parsePrefix('10.1.2.3/8'), {
      name: 'NightlightError',
      message: 'Cannot parse prefix: host bits set (the network is 10.0.0.0/8), found "10.1.2.3/8"',
    });
    assert.throws(() => parsePrefix('2001:db8::1/32'), /the network is 2001:db8::\/32/);
  });

  it('refuses bad lengths and addresses', () => {
    assert.throws(() => parsePrefix('10.0.0.0'), /expected address\/length, found "10.0.0.0"/);
    assert.throws(() => parsePrefix('10.0.0.0/33'), /length exceeds 32/);
    assert.throws(() => parsePrefix('::/129'), /length exceeds 128/);
    assert.throws(() => parsePrefix('10.0.0.0/-1'), /length is not a number/);
    assert.throws(() => parsePrefix('10.0.0.0/'), /length is not a number/);
    assert.throws(() => parsePrefix('fe80::%eth0/64'), /address is not IPv4 or IPv6/);
  });
});
