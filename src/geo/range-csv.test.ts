import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { encodeCountry } from './country-code.js';
import { splitCsvLine } from './csv-fields.js';
import { parseIpv4RangeLine, parseIpv6RangeLine } from './range-csv.js';

describe('splitCsvLine', () => {
  it('splits RFC 4180 fields', () => {
    assert.deepEqual(splitCsvLine('a,"b, c","d ""e""",'), ['a', 'b, c', 'd "e"', '']);
    assert.deepEqual(splitCsvLine(''), ['']);
    assert.equal(splitCsvLine('"open'), null);
    assert.equal(splitCsvLine('"a"b'), null);
    assert.equal(splitCsvLine('a"b'), null);
  });
});

describe('parseIpv4RangeLine', () => {
  it('reads numeric and dotted starts and ends alike', () => {
    const expected = { start: 16777216, end: 16777471, value: 13335, name: 'Cloudflare, Inc.' };
    assert.deepEqual(
      parseIpv4RangeLine('asn', '16777216,16777471,13335,"Cloudflare, Inc."'),
      expected,
    );
    assert.deepEqual(
      parseIpv4RangeLine('asn', '1.0.0.0,1.0.0.255,13335,"Cloudflare, Inc."'),
      expected,
    );
    assert.deepEqual(parseIpv4RangeLine('asn', '0,4294967295,64496,'), {
      start: 0,
      end: 0xffffffff,
      value: 64496,
      name: null,
    });
  });

  it('unquotes organisation names', () => {
    const line = parseIpv4RangeLine('asn', '35309568,35313663,201907,"LLC ""SPUTNIK"""');
    assert.equal('name' in line && line.name, 'LLC "SPUTNIK"');
  });

  it('reads country tables, extra columns allowed', () => {
    assert.deepEqual(parseIpv4RangeLine('country', '2.132.0.0,2.135.255.255,KZ'), {
      start: 0x02840000,
      end: 0x0287ffff,
      value: encodeCountry('KZ'),
      name: null,
    });
    assert.deepEqual(
      parseIpv4RangeLine('country', '2.132.0.0,2.135.255.255,KZ,Almaty,,'),
      parseIpv4RangeLine('country', '2.132.0.0,2.135.255.255,KZ'),
    );
  });

  it('gives the reason a line is malformed', () => {
    const reasons: [string, string][] = [
      ['1.0.0.0,1.0.0.255', 'expected start,end,asn,name'],
      ['x,1.0.0.255,1,A', 'start is not an IPv4 address: "x"'],
      ['1.0.0.0,4294967296,1,A', 'end is not an IPv4 address: "4294967296"'],
      ['2.0.0.0,1.0.0.0,1,A', 'end is before start'],
      ['1.0.0.0,1.0.0.255,AS1,A', 'ASN is not a number: "AS1"'],
      ['1.0.0.0,1.0.0.255,99999999999,A', 'ASN is not a number: "99999999999"'],
      ['1.0.0.0,1.0.0.255,1,"A', 'organisation name has unbalanced quotes'],
      ['::,::1,1,A', 'start is not an IPv4 address: "::"'],
    ];
    for (const [line, reason] of reasons)
      assert.deepEqual(parseIpv4RangeLine('asn', line), { reason }, line);
    assert.deepEqual(parseIpv4RangeLine('country', '1.0.0.0,1.0.0.255,kz'), {
      reason: 'country is not an ISO 3166-1 alpha-2 code: "kz"',
    });
    assert.deepEqual(parseIpv4RangeLine('country', '1.0.0.0,1.0.0.255,'), {
      reason: 'country is not an ISO 3166-1 alpha-2 code: ""',
    });
  });
});

describe('parseIpv6RangeLine', () => {
  it('reads 128-bit numbers and IPv6 text alike', () => {
    const numeric = parseIpv6RangeLine(
      'country',
      '42540766411282592856903984951653826560,42540766490510755371168322545197776895,NL',
    );
    assert.deepEqual(
      numeric,
      parseIpv6RangeLine('country', '2001:db8::,2001:db8:ffff:ffff:ffff:ffff:ffff:ffff,NL'),
    );
    assert.deepEqual(numeric, {
      start: 0x20010db8n << 96n,
      end: (0x20010db9n << 96n) - 1n,
      value: encodeCountry('NL'),
      name: null,
    });
  });

  it('refuses numbers beyond 128 bits', () => {
    const beyond = (1n << 128n).toString();
    assert.deepEqual(parseIpv6RangeLine('asn', `0,${beyond},1,A`), {
      reason: `end is not an IPv6 address: "${beyond}"`,
    });
  });
});
