/**
 * Path attribute decoding on the cases real speakers and RFC 7606 care about: sloppy flags,
 * malformed values, AS4_PATH merging (RFC 6793 §4.2.3) and ADD-PATH NLRI under a plain subtype.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { encodeAttributes } from '../../src/collectors/bgp/bgp-message/encode-attributes.js';
import { encodeBgpMessage } from '../../src/collectors/bgp/bgp-message/encode-message.js';
import { parseAttributes } from '../../src/collectors/bgp/bgp-message/parse-attributes.js';
import { parseBgpMessage } from '../../src/collectors/bgp/bgp-message/parse-message.js';
import {
  mergeAs4Path,
  resolveAttributes,
} from '../../src/collectors/bgp/bgp-message/route-attributes.js';
import type { Update } from '../../src/collectors/bgp/bgp-message/models.js';
import { createRouteView } from '../../src/collectors/bgp/mrt/routes.js';

const ctx2 = { as4: false, addPath: false };
const parse = (bytes: number[], ctx = ctx2) =>
  parseAttributes(Uint8Array.from(bytes), 0, bytes.length, ctx);
const ORIGIN_IGP = [0x40, 1, 1, 0];
const AS_PATH_65001 = [0x40, 2, 4, 2, 1, 0xfd, 0xe9];

describe('path attributes', () => {
  it('reads NEXT_HOP and LOCAL_PREF with flags 0x00, as bird writes them', () => {
    const { attributes, diagnostics } = parse([0x00, 3, 4, 192, 0, 2, 1, 0x00, 5, 4, 0, 0, 0, 100]);
    assert.deepEqual(diagnostics, []);
    assert.deepEqual(attributes, [
      { type: 'NEXT_HOP', flags: 0, nextHop: { family: 4, value: 0xc0000201 } },
      { type: 'LOCAL_PREF', flags: 0, localPref: 100 },
    ]);
  });

  it('treats the UPDATE as withdrawn when ORIGIN is malformed, and keeps the attribute bytes', () => {
    const bytes = [0x40, 1, 1, 7, ...AS_PATH_65001];
    const { attributes, diagnostics } = parse(bytes);
    assert.deepEqual(diagnostics, [
      { code: 1, action: 'treat-as-withdraw', reason: 'ORIGIN value 7 is not 0, 1 or 2' },
    ]);
    assert.equal(attributes[0]?.type, 'MALFORMED');
    assert.equal(attributes[1]?.type, 'AS_PATH');
    assert.deepEqual([...encodeAttributes(attributes, ctx2)], bytes);
  });

  it('discards a malformed AGGREGATOR but keeps the route', () => {
    const { diagnostics } = parse([...ORIGIN_IGP, 0xc0, 7, 5, 0, 1, 10, 0, 0]);
    assert.deepEqual(diagnostics, [
      { code: 7, action: 'attribute-discard', reason: 'AGGREGATOR length 5 is not 6 or 8' },
    ]);
    assert.equal(
      resolveAttributes(
        parse([...ORIGIN_IGP, 0xc0, 7, 5, 0, 1, 10, 0, 0]).attributes,
        diagnostics,
        false,
      ).treatAsWithdraw,
      false,
    );
  });

  it('keeps the rest of a section that cannot be framed as one MALFORMED attribute', () => {
    const bytes = [...ORIGIN_IGP, 0x40, 2, 200, 2, 1];
    const { attributes, diagnostics } = parse(bytes);
    assert.equal(attributes.length, 2);
    assert.deepEqual(diagnostics, [
      {
        code: 2,
        action: 'treat-as-withdraw',
        reason: 'attribute 2 length 200 exceeds remaining 2 bytes',
      },
    ]);
    assert.deepEqual([...encodeAttributes(attributes, ctx2)], bytes);
  });

  it('flags a repeated attribute and uses the first', () => {
    const { attributes, diagnostics } = parse([...ORIGIN_IGP, 0x40, 1, 1, 2]);
    assert.deepEqual(
      diagnostics.map((d) => d.action),
      ['attribute-discard'],
    );
    assert.equal(resolveAttributes(attributes, diagnostics, false).origin, 0);
  });

  it('turns announcements into withdrawals in the route view, not in bgpdump output', () => {
    const update: Update = {
      type: 'UPDATE',
      withdrawnRoutes: [],
      pathAttributes: [
        {
          type: 'MALFORMED',
          flags: 0x40,
          code: 1,
          raw: Uint8Array.from([0x40, 1, 1, 7]),
          reason: 'x',
        },
      ],
      nlri: [{ prefix: { address: { family: 4, value: 0xc6120000 }, length: 15 }, pathId: null }],
      diagnostics: [{ code: 1, action: 'treat-as-withdraw', reason: 'x' }],
    };
    const record = {
      header: { timestamp: 1, microseconds: null, type: 16, subtype: 1 },
      body: {
        kind: 'BGP4MP_MESSAGE' as const,
        peerAs: 1,
        localAs: 2,
        interfaceIndex: 0,
        afi: 1,
        peerIpAddress: { family: 4 as const, value: 1 },
        localIpAddress: { family: 4 as const, value: 2 },
        message: update,
      },
    };
    assert.deepEqual(
      createRouteView()
        .routesOf(record)
        .map((r) => r.action),
      ['withdraw'],
    );
    assert.deepEqual(
      createRouteView({ treatAsWithdraw: false })
        .routesOf(record)
        .map((r) => r.action),
      ['announce'],
    );
  });
});

describe('AS4_PATH (RFC 6793 §4.2.3)', () => {
  const seq = (...asns: number[]) => ({ type: 2, asns });
  it('takes the leading ASes of AS_PATH that AS4_PATH lacks', () => {
    assert.deepEqual(mergeAs4Path([seq(65001, 23456, 23456)], [seq(4200000000, 4200000001)]), [
      seq(65001),
      seq(4200000000, 4200000001),
    ]);
  });
  it('ignores an AS4_PATH longer than AS_PATH', () => {
    assert.deepEqual(mergeAs4Path([seq(65001)], [seq(1, 2)]), [seq(65001)]);
  });
  it('counts an AS_SET as one AS', () => {
    assert.deepEqual(
      mergeAs4Path(
        [seq(1, 23456), { type: 1, asns: [3, 4] }],
        [seq(400000), { type: 1, asns: [3, 4] }],
      ),
      [seq(1), seq(400000), { type: 1, asns: [3, 4] }],
    );
  });
  it('is applied between 2-byte speakers only', () => {
    const attributes = parse([...AS_PATH_65001, 0xc0, 17, 6, 2, 1, 0, 0x3d, 0x09, 0x00]).attributes;
    assert.deepEqual(resolveAttributes(attributes, [], false).asPath, [seq(4000000)]);
    const as4 = parse(
      [0x40, 2, 6, 2, 1, 0, 0, 0xfd, 0xe9, 0xc0, 17, 6, 2, 1, 0, 0x3d, 0x09, 0x00],
      { as4: true, addPath: false },
    );
    assert.deepEqual(resolveAttributes(as4.attributes, [], true).asPath, [seq(65001)]);
  });
});

describe('BGP messages', () => {
  it('reads ADD-PATH NLRI written under a plain subtype, as bird does', () => {
    const ctx = { as4: true, addPath: true };
    const update: Update = {
      type: 'UPDATE',
      withdrawnRoutes: [],
      pathAttributes: [],
      nlri: [{ prefix: { address: { family: 4, value: 0xac110000 }, length: 24 }, pathId: 2 }],
      diagnostics: [],
    };
    const bytes = encodeBgpMessage(update, ctx);
    assert.deepEqual(
      parseBgpMessage(bytes, 0, bytes.length, { as4: true, addPath: false }).message,
      update,
    );
  });

  it('clears host bits and keeps the prefixes before a truncated one', () => {
    // 11.13.0.0/13 with host bits, then a /11 with no bytes: RIPE's updates.nlri_mask_trailing_bits.
    const body = [0, 0, 0, 0, 13, 11, 13, 11];
    const bytes = Uint8Array.from([
      ...new Array<number>(16).fill(0xff),
      0,
      19 + body.length,
      2,
      ...body,
    ]);
    const { message } = parseBgpMessage(bytes, 0, bytes.length, ctx2);
    assert.ok(message.type === 'UPDATE');
    assert.deepEqual(message.nlri, [
      { prefix: { address: { family: 4, value: 0x0b080000 }, length: 13 }, pathId: null },
    ]);
    assert.equal(message.diagnostics[0]?.action, 'session-reset');
  });
});
