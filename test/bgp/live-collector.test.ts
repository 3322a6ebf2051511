import assert from 'node:assert/strict';
import { appendFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import {
  createLiveCollector,
  type LiveCollector,
} from '../../src/collectors/bgp/live-collector.js';
import type { Notification } from '../../src/collectors/bgp/bgp-message/models.js';
import { parsePrefix } from '../../src/geo/prefix.js';
import { createMemoryStore } from '../../src/store/memory.js';
import { fakeAttributor } from './fake-attributor.js';
import { announce, openRawPeer, type RawPeer } from './raw-peer.js';

const HOST = '127.0.0.41';
let collector: LiveCollector;
let port = 0;
const store = createMemoryStore();

const peerAt = (n: number, asn: number, holdTime = 90) =>
  openRawPeer({
    host: HOST,
    port,
    localAddress: `127.0.0.${n}`,
    asn,
    routerId: 0x0a000000 + n,
    holdTime,
  });

const isNotification = (m: { type: string }): m is Notification => m.type === 'NOTIFICATION';
async function notification(peer: RawPeer): Promise<[number, number]> {
  const m = (await peer.waitFor(isNotification)) as Notification;
  return [m.errorCode, m.errorSubcode];
}

before(async () => {
  collector = createLiveCollector({
    listen: { host: HOST, port: 0 },
    localAs: 65000,
    routerId: 0xc6120001,
    peers: [
      { address: '127.0.0.42', asn: 64512 },
      { address: '127.0.0.43', asn: 64513 },
      { address: '127.0.0.44', asn: null },
      { address: '127.0.0.45', asn: null },
    ],
    store,
    attributor: fakeAttributor,
    source: 'bgp:test',
    autoBins: false,
    onLog: (line) => {
      if (process.env.DEBUG_BGP !== undefined) appendFileSync(process.env.DEBUG_BGP, `${line}\n`);
    },
  });
  const bound = await collector.start();
  port = bound!.port;
});

after(async () => {
  await collector.stop();
});

describe('live collector sessions', () => {
  it('learns announcements and withdrawals of an established peer', async () => {
    const peer = await peerAt(42, 64512);
    await peer.establish();
    peer.sendMessage(announce(['198.18.1.0/24', '198.18.2.0/24', '198.18.3.0/24'], [64512, 65001]));
    peer.sendMessage(announce([], [], ['198.18.2.0/24']));
    peer.sendMessage({ type: 'KEEPALIVE' });
    const rib = collector.state.rib;
    const deadline = Date.now() + 5000;
    while (
      rib.peers().find((p) => p.address === '127.0.0.42')?.routes !== 2 &&
      Date.now() < deadline
    )
      await new Promise((r) => setTimeout(r, 20));
    const index = rib.peers().find((p) => p.address === '127.0.0.42')!.index;
    assert.equal(rib.lookup(index, parsePrefix('198.18.2.0/24'), null), -1);
    assert.notEqual(rib.lookup(index, parsePrefix('198.18.3.0/24'), null), -1);
    const points = await collector.closeBin(0);
    const value = (signal: string) =>
      points.find((p) => p.entity === 'asn/65001' && p.signal === signal)?.value;
    assert.equal(value('bgp.slash24s'), 2);
    assert.equal(value('bgp.updates'), 3);
    assert.equal(value('bgp.withdrawals'), 1);
    peer.close();
    await peer.closed;
  });

  it('answers a wrong peer AS with OPEN error 2/2 and an unknown peer with Cease 6/5', async () => {
    const wrong = await peerAt(43, 64999);
    wrong.sendMessage({
      type: 'OPEN',
      version: 4,
      myAutonomousSystem: 64999,
      holdTime: 90,
      bgpIdentifier: { family: 4, value: 5 },
      capabilities: [],
      optionalParameters: new Uint8Array(0),
    });
    assert.deepEqual(await notification(wrong), [2, 2]);
    const stranger = await peerAt(49, 64999);
    assert.deepEqual(await notification(stranger), [6, 5]);
    await Promise.all([wrong.closed, stranger.closed]);
  });

  it('garbage after OPEN, oversized messages and bad lengths get NOTIFICATIONs; others stay up', async () => {
    const good = await peerAt(45, 64545);
    await good.establish();
    good.sendMessage(announce(['198.18.9.0/24'], [64545, 65009]));

    const garbage = await peerAt(44, 64544);
    await garbage.establish();
    garbage.send(Buffer.from('this is not a BGP message at all, not even close'));
    assert.deepEqual(await notification(garbage), [1, 1]);
    await garbage.closed;

    const oversized = await peerAt(44, 64544);
    await oversized.establish();
    const big = Buffer.alloc(5000, 0);
    big.fill(0xff, 0, 16);
    big.writeUInt16BE(5000, 16);
    big[18] = 2;
    oversized.send(big);
    assert.deepEqual(await notification(oversized), [1, 2]);
    await oversized.closed;

    const keepaliveTooLong = await peerAt(44, 64544);
    await keepaliveTooLong.establish();
    const ka = Buffer.alloc(20, 0xff);
    ka.writeUInt16BE(20, 16);
    ka[18] = 4;
    keepaliveTooLong.send(ka);
    assert.deepEqual(await notification(keepaliveTooLong), [1, 2]);
    await keepaliveTooLong.closed;

    // Withdrawn Routes Length runs past the message: the UPDATE cannot be framed (3/1).
    const badUpdate = await peerAt(44, 64544);
    await badUpdate.establish();
    const u = Buffer.alloc(23, 0xff);
    u.writeUInt16BE(23, 16);
    u[18] = 2;
    u.writeUInt16BE(200, 19);
    u.writeUInt16BE(0, 21);
    badUpdate.send(u);
    assert.deepEqual(await notification(badUpdate), [3, 1]);
    await badUpdate.closed;

    // The other session never noticed.
    good.sendMessage(announce(['198.18.10.0/24'], [64545, 65009]));
    good.sendMessage({ type: 'KEEPALIVE' });
    const rib = collector.state.rib;
    const deadline = Date.now() + 5000;
    while (
      rib.peers().find((p) => p.address === '127.0.0.45')?.routes !== 2 &&
      Date.now() < deadline
    )
      await new Promise((r) => setTimeout(r, 20));
    assert.equal(rib.peers().find((p) => p.address === '127.0.0.45')?.routes, 2);
    assert.equal(good.received.filter((m) => m.type === 'NOTIFICATION').length, 0);
    good.close();
    await good.closed;
  });

  it('treats an UPDATE with a malformed ORIGIN as a withdrawal and keeps the session', async () => {
    const peer = await peerAt(44, 64544);
    await peer.establish();
    peer.sendMessage(announce(['198.18.20.0/24'], [64544, 65020]));
    // ORIGIN with length 2 (RFC 7606 §7.1: treat-as-withdraw).
    const update = Buffer.from(
      (await import('../../src/collectors/bgp/bgp-message/encode-message.js')).encodeUpdate(
        announce(['198.18.20.0/24'], [64544, 65020]),
        { as4: true, addPath: false },
      ),
    );
    // Attributes start after header(19) + withdrawn length(2) + attributes length(2).
    const originAt = 23;
    assert.equal(update[originAt + 1], 1, 'first attribute is ORIGIN');
    const patched = Buffer.concat([
      update.subarray(0, originAt + 2),
      Buffer.from([2, 0, 0]),
      update.subarray(originAt + 4),
    ]);
    patched.writeUInt16BE(patched.length, 16);
    patched.writeUInt16BE(patched.readUInt16BE(21) + 1, 21);
    peer.send(patched);
    peer.sendMessage({ type: 'KEEPALIVE' });
    const rib = collector.state.rib;
    const deadline = Date.now() + 5000;
    const routes = () => rib.peers().find((p) => p.address === '127.0.0.44' && p.up)?.routes;
    await new Promise((r) => setTimeout(r, 100));
    while (routes() !== 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    assert.equal(routes(), 0);
    assert.equal(peer.received.filter((m) => m.type === 'NOTIFICATION').length, 0);
    peer.close();
    await peer.closed;
  });

  it('closes a silent peer when the hold timer expires (4/0)', async () => {
    const peer = await peerAt(44, 64544, 3);
    await peer.establish();
    const started = Date.now();
    assert.deepEqual(await notification(peer), [4, 0]);
    assert.ok(Date.now() - started >= 2000);
  });
});
