import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createBgpSpeaker, type BgpSpeaker } from '../../src/collectors/bgp/speaker/speaker.js';
import type { PeerIdentity } from '../../src/collectors/bgp/speaker/session.js';
import { freePort, until } from './daemons.js';

function speaker(
  name: string,
  options: Partial<Parameters<typeof createBgpSpeaker>[0]>,
  up: PeerIdentity[],
  log: string[],
): BgpSpeaker {
  return createBgpSpeaker({
    listen: null,
    localAs: 65000,
    routerId: 1,
    onEstablished: (peer) => up.push(peer),
    onUpdate: () => {},
    onDown: () => {},
    onLog: (line) => log.push(`${name}: ${line}`),
    ...options,
  });
}

describe('speaker dialing configured peers', () => {
  it('retries with back-off until the peer listens, then establishes with 4-byte ASes', async () => {
    const port = await freePort('127.0.0.71');
    const [upA, upB, log] = [[], [], []] as [PeerIdentity[], PeerIdentity[], string[]];
    const dialer = speaker(
      'B',
      {
        localAs: 4200000001,
        routerId: 0x0a000048,
        peers: [{ address: '127.0.0.71', asn: 4200000000, port }],
        connect: true,
        localAddress: '127.0.0.72',
        backoff: { initialMs: 50, maxMs: 400 },
      },
      upB,
      log,
    );
    await dialer.start();
    // Nothing listens yet: a few refused attempts, spaced by the back-off.
    await until(
      () => log.filter((l) => l.includes('cannot connect')).length >= 3,
      10_000,
      'retries',
    );
    const listener = speaker(
      'A',
      {
        listen: { host: '127.0.0.71', port },
        localAs: 4200000000,
        routerId: 0x0a000047,
        peers: [{ address: '127.0.0.72', asn: 4200000001 }],
      },
      upA,
      log,
    );
    await listener.start();
    await until(() => upA.length === 1 && upB.length === 1, 10_000, 'Established on both sides');
    assert.equal(upA[0]!.asn, 4200000001);
    assert.equal(upB[0]!.asn, 4200000000);
    assert.equal(upA[0]!.context.as4, true);
    await dialer.stop();
    await listener.stop();
  });
});
