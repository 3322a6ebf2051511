/**
 * The passive BGP speaker of `collect bgp`: listens on one address, accepts many peers at
 * once (optionally only configured ones), and can also dial configured peers with
 * exponential back-off. Each connection is its own session: a peer that misbehaves gets a
 * NOTIFICATION and loses its session, never the process or the other peers. Never announces.
 */
import { createServer, connect, type Server, type Socket } from 'node:net';
import { encodeBgpMessage } from '../bgp-message/encode-message.js';
import type { Update } from '../bgp-message/models.js';
import { CEASE_SUBCODE, ERROR } from './notification.js';
import { plainAddress, startSession, type PeerIdentity, type Session } from './session.js';

export interface ConfiguredPeer {
  readonly address: string;
  /** The AS it must have, or null for any. */
  readonly asn: number | null;
  /** Port to dial when connecting actively (default 179). */
  readonly port?: number | undefined;
}

export interface SpeakerOptions {
  readonly listen: { readonly host: string; readonly port: number } | null;
  readonly localAs: number;
  readonly routerId: number;
  readonly holdTime?: number | undefined;
  /** When not empty, only these addresses may peer. */
  readonly peers?: readonly ConfiguredPeer[] | undefined;
  /** Dial the configured peers too (from `localAddress` when given). */
  readonly connect?: boolean | undefined;
  readonly localAddress?: string | undefined;
  readonly backoff?: { readonly initialMs: number; readonly maxMs: number } | undefined;
  onEstablished(peer: PeerIdentity): void;
  onUpdate(peer: PeerIdentity, update: Update): void;
  onDown(peer: PeerIdentity, reason: string): void;
  onLog?(line: string): void;
}

export interface BgpSpeaker {
  /** Starts listening (and dialing); answers the bound address and port. */
  start(): Promise<{ host: string; port: number } | null>;
  stop(): Promise<void>;
  sessions(): readonly Session[];
}

export function createBgpSpeaker(options: SpeakerOptions): BgpSpeaker {
  const sessions = new Set<Session>();
  const configured = new Map((options.peers ?? []).map((p) => [p.address, p]));
  const timers = new Set<NodeJS.Timeout>();
  const sockets = new Set<Socket>();
  let server: Server | null = null;
  let stopping = false;
  const log = (line: string) => options.onLog?.(line);

  const established = (address: string) =>
    [...sessions].some((s) => s.address === address && s.state === 'Established');

  function run(socket: Socket, onEnd: (wasEstablished: boolean) => void): void {
    sockets.add(socket);
    const address = plainAddress(socket.remoteAddress);
    const session = startSession(
      socket,
      {
        localAs: options.localAs,
        routerId: options.routerId,
        holdTime: options.holdTime,
        expectedAs: configured.get(address)?.asn ?? null,
      },
      {
        onEstablished: (peer) => {
          log(`${peer.address} AS${peer.asn}: Established`);
          options.onEstablished(peer);
        },
        onUpdate: (peer, update) => options.onUpdate(peer, update),
        onClosed: ({ peer, reason, wasEstablished }) => {
          sessions.delete(session);
          sockets.delete(socket);
          log(`${address}: ${reason}`);
          if (wasEstablished && peer !== null) options.onDown(peer, reason);
          onEnd(wasEstablished);
        },
      },
    );
    sessions.add(session);
  }

  function refuse(socket: Socket, subcode: number, why: string): void {
    log(`${plainAddress(socket.remoteAddress)}: refused, ${why}`);
    socket.on('error', () => {});
    socket.end(
      encodeBgpMessage(
        {
          type: 'NOTIFICATION',
          errorCode: ERROR.CEASE,
          errorSubcode: subcode,
          data: new Uint8Array(0),
        },
        { as4: false, addPath: false },
      ),
    );
  }

  function dial(peer: ConfiguredPeer, attempt: number): void {
    if (stopping) return;
    const socket = connect({
      host: peer.address,
      port: peer.port ?? 179,
      ...(options.localAddress === undefined ? {} : { localAddress: options.localAddress }),
    });
    const retry = (wasEstablished: boolean) => {
      if (stopping) return;
      const next = wasEstablished ? 0 : attempt + 1;
      const { initialMs, maxMs } = options.backoff ?? { initialMs: 1000, maxMs: 120_000 };
      const delay = Math.min(maxMs, initialMs * 2 ** Math.min(next, 20));
      const timer = setTimeout(() => {
        timers.delete(timer);
        dial(peer, next);
      }, delay);
      timers.add(timer);
    };
    socket.once('connect', () => {
      socket.removeAllListeners('error');
      if (established(peer.address))
        return refuse(socket, CEASE_SUBCODE.CONNECTION_COLLISION, 'already established');
      run(socket, retry);
    });
    socket.once('error', (error) => {
      log(`${peer.address}: cannot connect: ${error.message}`);
      socket.destroy();
      retry(false);
    });
  }

  return {
    async start() {
      if (options.connect === true) for (const peer of configured.values()) dial(peer, 0);
      const listen = options.listen;
      if (listen === null) return null;
      const srv = createServer((socket) => {
        const address = plainAddress(socket.remoteAddress);
        if (stopping) return socket.destroy();
        if (configured.size > 0 && !configured.has(address))
          return refuse(socket, CEASE_SUBCODE.CONNECTION_REJECTED, 'not a configured peer');
        if (established(address))
          return refuse(socket, CEASE_SUBCODE.CONNECTION_COLLISION, 'already established');
        run(socket, () => {});
      });
      server = srv;
      await new Promise<void>((resolve, reject) => {
        srv.once('error', reject);
        srv.listen(listen.port, listen.host, () => resolve());
      });
      srv.on('error', (error) => log(`listener: ${error.message}`));
      const bound = srv.address();
      return typeof bound === 'object' && bound !== null
        ? { host: bound.address, port: bound.port }
        : null;
    },
    async stop() {
      stopping = true;
      for (const timer of timers) clearTimeout(timer);
      for (const session of [...sessions]) session.close();
      for (const socket of sockets) setTimeout(() => socket.destroy(), 200).unref();
      if (server !== null) {
        const srv = server;
        await new Promise<void>((resolve) => srv.close(() => resolve()));
      }
    },
    sessions: () => [...sessions],
  };
}
