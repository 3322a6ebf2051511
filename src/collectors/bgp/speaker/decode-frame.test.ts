import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { encodeBgpMessage } from '../bgp-message/encode-message.js';
import { decodeFrame } from './decode-frame.js';
import { createMessageFramer } from './message-framer.js';
import { SessionError } from './notification.js';

/** Feeds `chunks` through a framer and the decoder as a session does; answers the messages. */
function feed(chunks: readonly Uint8Array[], addPath: boolean): string[] {
  const framer = createMessageFramer();
  const types: string[] = [];
  for (const chunk of chunks)
    for (const frame of framer.push(chunk))
      types.push(decodeFrame(frame, { as4: true, addPath }).type);
  return types;
}

const onlySessionErrors = (run: () => unknown) => {
  try {
    run();
  } catch (error) {
    if (!(error instanceof SessionError)) throw error;
    assert.ok(error.errorCode >= 1 && error.errorCode <= 6);
  }
};

describe('session decoder', () => {
  it('random bytes never throw anything but a SessionError', () => {
    fc.assert(
      fc.property(
        fc.array(fc.uint8Array({ maxLength: 300 }), { maxLength: 6 }),
        fc.boolean(),
        (chunks, addPath) => onlySessionErrors(() => feed(chunks, addPath)),
      ),
      { seed: 7, numRuns: 2000 },
    );
  });

  it('random bodies behind a valid header never throw anything but a SessionError', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 5 }),
        fc.uint8Array({ maxLength: 200 }),
        fc.boolean(),
        (type, body, addPath) => {
          const frame = new Uint8Array(19 + body.length);
          frame.fill(0xff, 0, 16);
          frame[16] = frame.length >> 8;
          frame[17] = frame.length & 255;
          frame[18] = type;
          frame.set(body, 19);
          onlySessionErrors(() => feed([frame], addPath));
        },
      ),
      { seed: 8, numRuns: 3000 },
    );
  });

  it('valid messages split anywhere come out whole and in order', () => {
    const bytes = Buffer.concat([
      encodeBgpMessage({ type: 'KEEPALIVE' }, { as4: true, addPath: false }),
      encodeBgpMessage(
        { type: 'ROUTE_REFRESH', afi: 1, subtype: 0, safi: 1 },
        { as4: true, addPath: false },
      ),
      encodeBgpMessage(
        { type: 'NOTIFICATION', errorCode: 6, errorSubcode: 2, data: new Uint8Array(3) },
        { as4: true, addPath: false },
      ),
    ]);
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.integer({ min: 1, max: bytes.length - 1 }), { maxLength: 8 }),
        (cuts) => {
          const points = [0, ...cuts.sort((a, b) => a - b), bytes.length];
          const chunks = points.slice(1).map((end, i) => bytes.subarray(points[i], end));
          assert.deepEqual(feed(chunks, false), ['KEEPALIVE', 'ROUTE_REFRESH', 'NOTIFICATION']);
        },
      ),
      { seed: 9 },
    );
  });
});
