/**
 * Property tests: decode(encode(x)) = x for BGP messages, path attributes and MRT records,
 * in every AS-size and ADD-PATH context.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { DecodeError } from '../../src/collectors/bgp/bgp-message/decode-error.js';
import { encodeAttributes } from '../../src/collectors/bgp/bgp-message/encode-attributes.js';
import { encodeBgpMessage } from '../../src/collectors/bgp/bgp-message/encode-message.js';
import { parseAttributes } from '../../src/collectors/bgp/bgp-message/parse-attributes.js';
import { parseBgpMessage } from '../../src/collectors/bgp/bgp-message/parse-message.js';
import { encodeMrtRecord } from '../../src/collectors/bgp/mrt/encode-record.js';
import { parseMrtRecord } from '../../src/collectors/bgp/mrt/parse-record.js';
import { attributesOf, messageOf, mrtRecord } from './arbitraries.js';

const contexts = [
  { as4: false, addPath: false },
  { as4: true, addPath: false },
  { as4: false, addPath: true },
  { as4: true, addPath: true },
];
const params = { numRuns: 300, seed: 4271 };

describe('BGP and MRT round trips', () => {
  for (const ctx of contexts) {
    const name = `as4=${ctx.as4} addPath=${ctx.addPath}`;
    it(`decodes encoded path attributes (${name})`, () => {
      fc.assert(
        fc.property(attributesOf(ctx), (attributes) => {
          const bytes = encodeAttributes(attributes, ctx);
          const parsed = parseAttributes(bytes, 0, bytes.length, ctx);
          assert.deepEqual(parsed.diagnostics, []);
          assert.deepEqual(parsed.attributes, attributes);
        }),
        params,
      );
    });

    it(`decodes encoded BGP messages (${name})`, () => {
      fc.assert(
        fc.property(messageOf(ctx), (message) => {
          const bytes = encodeBgpMessage(message, ctx);
          const { message: decoded, length } = parseBgpMessage(bytes, 0, bytes.length, ctx);
          assert.equal(length, bytes.length);
          assert.deepEqual(decoded, message);
          assert.deepEqual(encodeBgpMessage(decoded, ctx), bytes);
        }),
        params,
      );
    });
  }

  it('throws nothing but DecodeError on random or truncated BGP messages', () => {
    const message = fc.oneof(
      fc
        .uint8Array({ maxLength: 200 })
        .map((body) =>
          Uint8Array.from([...new Array<number>(16).fill(255), 0, 19 + body.length, 2, ...body]),
        ),
      fc.tuple(messageOf(contexts[3]!), fc.nat()).map(([m, cut]) => {
        const bytes = encodeBgpMessage(m, contexts[3]!);
        return bytes.subarray(0, cut % (bytes.length + 1));
      }),
    );
    fc.assert(
      fc.property(message, fc.constantFrom(...contexts), (bytes, ctx) => {
        try {
          parseBgpMessage(bytes, 0, bytes.length, ctx);
        } catch (error) {
          assert.ok(error instanceof DecodeError, String(error));
        }
      }),
      { numRuns: 1000, seed: 7606 },
    );
  });

  it('decodes encoded MRT records of every type and subtype', () => {
    fc.assert(
      fc.property(mrtRecord, (record) => {
        const bytes = encodeMrtRecord(record);
        const result = parseMrtRecord(bytes, 0, bytes.length, 0);
        assert.ok(result.ok, result.ok ? '' : result.error.message);
        assert.equal(result.length, bytes.length);
        assert.deepEqual(result.record, record);
      }),
      { numRuns: 1000, seed: 6396 },
    );
  });
});
