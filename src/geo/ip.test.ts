import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { NightlightError } from '../model/failure.js';
import {
  formatIp,
  formatIpv4,
  formatIpv6,
  ipv6FromBigInt,
  ipv6ToBigInt,
  parseIp,
  parseIpv4OrNegative,
} from './ip.js';

describe('parseIp', () => {
  it('reads IPv4 as a uint32, including both ends of the space', () => {
    assert.deepEqual(parseIp('1.2.3.4'), { family: 4, value: 0x01020304 });
    assert.deepEqual(parseIp('0.0.0.0'), { family: 4, value: 0 });
    assert.deepEqual(parseIp('255.255.255.255'), { family: 4, value: 0xffffffff });
  });

  it('refuses IPv4 forms that inet_aton reads differently', () => {
    for (const text of [
      '01.2.3.4',
      '1.2.3',
      '16909060',
      '1.2.3.256',
      '1.2.3.4.',
      '.1.2.3',
      '1..2.3',
      ' 1.2.3.4',
      '1.2.3.4 ',
      '1.2.3.0x4',
    ]) {
      assert.equal(parseIpv4OrNegative(text), -1, text);
      assert.throws(() => parseIp(text), NightlightError, text);
    }
  });

  it('reads the three IPv6 text forms of RFC 4291 §2.2', () => {
    assert.deepEqual(parseIp('2001:db8:0:0:8:800:200c:417a'), {
      family: 6,
      w0: 0x20010db8,
      w1: 0,
      w2: 0x00080800,
      w3: 0x200c417a,
    });
    assert.deepEqual(parseIp('2001:DB8::8:800:200C:417A'), parseIp('2001:db8:0:0:8:800:200c:417a'));
    assert.deepEqual(parseIp('::'), { family: 6, w0: 0, w1: 0, w2: 0, w3: 0 });
    assert.deepEqual(parseIp('::1'), { family: 6, w0: 0, w1: 0, w2: 0, w3: 1 });
    assert.deepEqual(parseIp('1::'), { family: 6, w0: 0x00010000, w1: 0, w2: 0, w3: 0 });
    assert.deepEqual(parseIp('1:2:3:4:5:6:7::'), {
      family: 6,
      w0: 0x00010002,
      w1: 0x00030004,
      w2: 0x00050006,
      w3: 0x00070000,
    });
    assert.deepEqual(parseIp('64:ff9b::192.0.2.33'), {
      family: 6,
      w0: 0x0064ff9b,
      w1: 0,
      w2: 0,
      w3: 0xc0000221,
    });
    assert.deepEqual(parseIp('ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff'), {
      family: 6,
      w0: 0xffffffff,
      w1: 0xffffffff,
      w2: 0xffffffff,
      w3: 0xffffffff,
    });
  });

  it('answers IPv4-mapped IPv6 as IPv4, in either spelling', () => {
    assert.deepEqual(parseIp('::ffff:1.2.3.4'), { family: 4, value: 0x01020304 });
    assert.deepEqual(parseIp('::FFFF:0102:0304'), { family: 4, value: 0x01020304 });
    // IPv4-compatible (deprecated) and NAT64 addresses stay IPv6.
    assert.equal(parseIp('::1.2.3.4').family, 6);
    assert.equal(parseIp('64:ff9b::1.2.3.4').family, 6);
  });

  it('refuses malformed IPv6 with the text it found', () => {
    for (const text of [
      '',
      ':',
      ':::',
      '1:2',
      '1::2::3',
      ':1::',
      '1:',
      '12345::',
      '1:2:3:4:5:6:7:8:9',
      '1:2:3:4:5:6:7::8',
      'g::',
      '::1.2.3',
      '1:2:3:4:5:6:7:1.2.3.4',
      '[::1]',
    ]) {
      assert.throws(
        () => parseIp(text),
        {
          name: 'NightlightError',
          message: `Cannot parse IP address: expected IPv4 (192.0.2.1) or IPv6 (2001:db8::1), found ${JSON.stringify(text)}`,
        },
        text,
      );
    }
  });

  it('refuses zone ids with a message that says so', () => {
    assert.throws(() => parseIp('fe80::1%eth0'), {
      message: 'Cannot parse IP address: zone ids are not supported, found "fe80::1%eth0"',
    });
  });
});

describe('formatIp', () => {
  it('writes IPv6 as RFC 5952 §4 says', () => {
    const cases: [string, string][] = [
      ['2001:0db8:0000:0000:0000:0000:0000:0001', '2001:db8::1'],
      ['2001:db8:0:1:1:1:1:1', '2001:db8:0:1:1:1:1:1'], // one zero group is not shortened
      ['2001:0:0:1:0:0:0:1', '2001:0:0:1::1'], // the longest run
      ['2001:db8:0:0:1:0:0:1', '2001:db8::1:0:0:1'], // the first of equal runs
      ['0:0:0:0:0:0:0:0', '::'],
      ['0:0:0:0:0:0:0:1', '::1'],
      ['1:0:0:0:0:0:0:0', '1::'],
      ['2001:DB8::ABCD', '2001:db8::abcd'],
    ];
    for (const [input, expected] of cases) assert.equal(formatIp(parseIp(input)), expected, input);
  });

  it('writes IPv4 dotted', () => {
    assert.equal(formatIpv4(0), '0.0.0.0');
    assert.equal(formatIpv4(0xffffffff), '255.255.255.255');
    assert.equal(formatIpv4(0x5f3a0001), '95.58.0.1');
  });

  it('round-trips any address', () => {
    fc.assert(
      fc.property(fc.nat({ max: 0xffffffff }), (value) => {
        assert.deepEqual(parseIp(formatIpv4(value)), { family: 4, value });
      }),
    );
    const word = fc.nat({ max: 0xffffffff });
    fc.assert(
      fc.property(word, word, word, word, (w0, w1, w2, w3) => {
        const parsed = parseIp(formatIpv6(w0, w1, w2, w3));
        if (w0 === 0 && w1 === 0 && w2 === 0xffff)
          assert.deepEqual(parsed, { family: 4, value: w3 });
        else assert.deepEqual(parsed, { family: 6, w0, w1, w2, w3 });
      }),
    );
  });

  it('converts IPv6 to and from bigints', () => {
    const ip = parseIp('2a03:32c0::1');
    assert.equal(ip.family, 6);
    if (ip.family !== 6) return;
    assert.equal(ipv6ToBigInt(ip), 0x2a0332c0000000000000000000000001n);
    assert.deepEqual(ipv6FromBigInt(0x2a0332c0000000000000000000000001n), ip);
  });
});
