/**
 * A scriptable BGP peer for tests and benches: a plain TCP client on loopback that sends
 * whatever bytes a test wants (valid OPEN/UPDATEs, or garbage) and records what comes back.
 */
import { connect, type Socket } from 'node:net';
import { encodeBgpMessage } from '../../src/collectors/bgp/bgp-message/encode-message.js';
import type { BgpMessage, Update } from '../../src/collectors/bgp/bgp-message/models.js';
import { parseBgpMessage } from '../../src/collectors/bgp/bgp-message/parse-message.js';
import { encodeCapabilities } from '../../src/collectors/bgp/speaker/capabilities.js';
import { parsePrefix } from '../../src/geo/prefix.js';
import { attributesFor } from './mrt-builder.js';

export interface RawPeer {
  readonly socket: Socket;
  readonly received: BgpMessage[];
  send(bytes: Uint8Array): void;
  sendMessage(message: BgpMessage): void;
  /** OPEN then KEEPALIVE, and waits for the collector's KEEPALIVE (Established on both sides). */
  establish(): Promise<void>;
  waitFor(predicate: (m: BgpMessage) => boolean, timeoutMs?: number): Promise<BgpMessage>;
  closed: Promise<void>;
  close(): void;
}

export const CTX = { as4: true, addPath: false };

export function announce(prefixes: string[], path: number[], withdraw: string[] = []): Update {
  const nlri = (list: string[]) => list.map((p) => ({ prefix: parsePrefix(p), pathId: null }));
  return {
    type: 'UPDATE',
    withdrawnRoutes: nlri(withdraw),
    pathAttributes: prefixes.length > 0 ? attributesFor(path) : [],
    nlri: nlri(prefixes),
    diagnostics: [],
  };
}

export async function openRawPeer(options: {
  host: string;
  port: number;
  localAddress: string;
  asn: number;
  routerId: number;
  holdTime?: number;
  version?: number;
  /** Advertise RFC 8654 extended messages (default false: 4096-byte limit). */
  extendedMessage?: boolean;
}): Promise<RawPeer> {
  const socket = connect({
    host: options.host,
    port: options.port,
    localAddress: options.localAddress,
  });
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('error', reject);
  });
  socket.on('error', () => {});
  const received: BgpMessage[] = [];
  const waiters: { predicate: (m: BgpMessage) => boolean; resolve: (m: BgpMessage) => void }[] = [];
  let buffer: Buffer = Buffer.alloc(0);
  socket.on('data', (chunk: Buffer) => {
    buffer = Buffer.concat([buffer, chunk]);
    while (buffer.length >= 19) {
      const length = buffer.readUInt16BE(16);
      if (buffer.length < length) break;
      const { message } = parseBgpMessage(buffer, 0, length, CTX);
      buffer = buffer.subarray(length);
      received.push(message);
      for (const w of [...waiters])
        if (w.predicate(message)) {
          waiters.splice(waiters.indexOf(w), 1);
          w.resolve(message);
        }
    }
  });
  const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
  const peer: RawPeer = {
    socket,
    received,
    send: (bytes) => void socket.write(bytes),
    sendMessage: (message) => void socket.write(encodeBgpMessage(message, CTX)),
    async establish() {
      peer.sendMessage({
        type: 'OPEN',
        version: options.version ?? 4,
        myAutonomousSystem: options.asn > 65535 ? 23456 : options.asn,
        holdTime: options.holdTime ?? 90,
        bgpIdentifier: { family: 4, value: options.routerId },
        capabilities: [],
        optionalParameters: encodeCapabilities(options.asn, {
          extendedMessage: options.extendedMessage === true,
        }),
      });
      await peer.waitFor((m) => m.type === 'OPEN');
      peer.sendMessage({ type: 'KEEPALIVE' });
      await peer.waitFor((m) => m.type === 'KEEPALIVE');
    },
    waitFor(predicate, timeoutMs = 10_000) {
      const found = received.find(predicate);
      if (found !== undefined) return Promise.resolve(found);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(
          () =>
            reject(
              new Error(
                `no matching message within ${timeoutMs} ms: got ${received.map((m) => m.type).join(',')}`,
              ),
            ),
          timeoutMs,
        );
        waiters.push({
          predicate,
          resolve: (m) => {
            clearTimeout(timer);
            resolve(m);
          },
        });
      });
    },
    closed,
    close: () => socket.destroy(),
  };
  return peer;
}
