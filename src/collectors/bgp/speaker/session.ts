/**
 * One BGP session over one TCP connection (RFC 4271 §8), from our OPEN to the close, for a
 * collector that listens and never announces: OpenSent → OpenConfirm → Established, hold
 * timer and keepalives, and a NOTIFICATION with the RFC's code and subcode for every error
 * before the connection closes. Malformed attributes inside an UPDATE do not close it (RFC
 * 7606): they reach the consumer as diagnostics and the routes are treated as withdrawn.
 * Nothing a peer sends can throw out of here: every failure ends this session only.
 */
import type { Socket } from 'node:net';
import { encodeBgpMessage } from '../bgp-message/encode-message.js';
import type { BgpContext, BgpMessage, Open, Update } from '../bgp-message/models.js';
import { decodeFrame } from './decode-frame.js';
import { AS_TRANS, encodeCapabilities, negotiate, type Negotiated } from './capabilities.js';
import { MAX_EXTENDED_MESSAGE, createMessageFramer } from './message-framer.js';
import {
  CEASE_SUBCODE,
  ERROR,
  FSM_SUBCODE,
  OPEN_SUBCODE,
  SessionError,
  UPDATE_SUBCODE,
} from './notification.js';
import { withMandatoryCheck } from './mandatory-attributes.js';

export type SessionState = 'OpenSent' | 'OpenConfirm' | 'Established' | 'Closed';

export interface SessionConfig {
  readonly localAs: number;
  /** Our BGP Identifier as a uint32. */
  readonly routerId: number;
  /** Proposed hold time in seconds (default 90; 0 disables keepalives, RFC 4271 §4.2). */
  readonly holdTime?: number | undefined;
  /** The AS the peer must have, when configured (else any). */
  readonly expectedAs?: number | null | undefined;
}

export interface PeerIdentity {
  readonly address: string;
  readonly localAddress: string;
  readonly asn: number;
  readonly bgpId: number;
  readonly negotiated: Negotiated;
  readonly context: BgpContext;
  readonly holdTime: number;
}

export interface SessionHandlers {
  onEstablished(peer: PeerIdentity): void;
  onUpdate(peer: PeerIdentity, update: Update): void;
  /** Once, when the connection is gone; `sent`/`received` name a NOTIFICATION if there was one. */
  onClosed(info: {
    readonly peer: PeerIdentity | null;
    readonly address: string;
    readonly reason: string;
    readonly wasEstablished: boolean;
    readonly sent: SessionError | null;
  }): void;
}

export interface Session {
  readonly state: SessionState;
  readonly address: string;
  readonly peer: PeerIdentity | null;
  /** Sends a Cease NOTIFICATION (administrative shutdown by default) and closes. */
  close(subcode?: number): void;
}

/** Hold time before the OPEN arrives (RFC 4271 §8.2.2 suggests 4 minutes). */
const OPEN_HOLD_SECONDS = 240;

export const plainAddress = (address: string | undefined) =>
  (address ?? '').replace(/^::ffff:(\d+\.\d+\.\d+\.\d+)$/, '$1');

export function startSession(
  socket: Socket,
  config: SessionConfig,
  handlers: SessionHandlers,
): Session {
  const address = plainAddress(socket.remoteAddress);
  const proposedHold = config.holdTime ?? 90;
  const framer = createMessageFramer();
  let state: SessionState = 'OpenSent';
  let peer: PeerIdentity | null = null;
  let context: BgpContext = { as4: false, addPath: false };
  let holdTime = OPEN_HOLD_SECONDS;
  let holdTimer: NodeJS.Timeout | null = null;
  let keepaliveTimer: NodeJS.Timeout | null = null;
  let closed = false;

  const send = (message: BgpMessage) => {
    if (!socket.destroyed) socket.write(encodeBgpMessage(message, context));
  };

  function restartHold(): void {
    if (holdTimer !== null) clearTimeout(holdTimer);
    holdTimer =
      holdTime === 0
        ? null
        : setTimeout(
            () => fail(new SessionError(ERROR.HOLD_TIMER_EXPIRED, 0, 'hold timer expired')),
            holdTime * 1000,
          );
  }

  function finish(reason: string, sent: SessionError | null): void {
    if (closed) return;
    closed = true;
    const wasEstablished = state === 'Established';
    state = 'Closed';
    if (holdTimer !== null) clearTimeout(holdTimer);
    if (keepaliveTimer !== null) clearInterval(keepaliveTimer);
    handlers.onClosed({ peer, address, reason, wasEstablished, sent });
  }

  function fail(error: SessionError): void {
    if (closed) return;
    send({
      type: 'NOTIFICATION',
      errorCode: error.errorCode,
      errorSubcode: error.errorSubcode,
      data: error.data,
    });
    socket.end();
    // A peer that never closes its side does not keep the socket.
    setTimeout(() => socket.destroy(), 2000).unref();
    finish(`sent NOTIFICATION ${error.errorCode}/${error.errorSubcode}: ${error.message}`, error);
  }

  function receiveOpen(open: Open): void {
    if (open.version !== 4)
      throw new SessionError(
        ERROR.OPEN_MESSAGE,
        OPEN_SUBCODE.UNSUPPORTED_VERSION,
        `version ${open.version} is not 4`,
        Uint8Array.of(0, 4),
      );
    if (open.holdTime === 1 || open.holdTime === 2)
      throw new SessionError(
        ERROR.OPEN_MESSAGE,
        OPEN_SUBCODE.UNACCEPTABLE_HOLD_TIME,
        `hold time ${open.holdTime} is below 3 seconds`,
      );
    const id = open.bgpIdentifier.value;
    if (id === 0 || id === 0xffffffff || id === config.routerId)
      throw new SessionError(
        ERROR.OPEN_MESSAGE,
        OPEN_SUBCODE.BAD_BGP_IDENTIFIER,
        `BGP Identifier ${id} is not usable`,
      );
    const negotiated = negotiate(open);
    const expected = config.expectedAs ?? null;
    if (expected !== null && negotiated.peerAs !== expected)
      throw new SessionError(
        ERROR.OPEN_MESSAGE,
        OPEN_SUBCODE.BAD_PEER_AS,
        `peer AS ${negotiated.peerAs} is not the configured ${expected}`,
      );
    context = { as4: negotiated.as4, addPath: negotiated.addPath };
    if (negotiated.extendedMessage) framer.setMaxLength(MAX_EXTENDED_MESSAGE);
    holdTime = Math.min(proposedHold, open.holdTime);
    peer = {
      address,
      localAddress: plainAddress(socket.localAddress),
      asn: negotiated.peerAs,
      bgpId: id,
      negotiated,
      context,
      holdTime,
    };
    send({ type: 'KEEPALIVE' });
    if (holdTime > 0)
      keepaliveTimer = setInterval(
        () => send({ type: 'KEEPALIVE' }),
        Math.max(1, Math.floor(holdTime / 3)) * 1000,
      );
    state = 'OpenConfirm';
  }

  function receive(frame: Uint8Array): void {
    const message = decodeFrame(frame, context);
    restartHold();
    if (message.type === 'NOTIFICATION') {
      finish(`received NOTIFICATION ${message.errorCode}/${message.errorSubcode}`, null);
      socket.end();
      return;
    }
    const unexpected = (subcode: number) =>
      new SessionError(ERROR.FSM, subcode, `unexpected ${message.type} in ${state}`);
    switch (state) {
      case 'OpenSent':
        if (message.type !== 'OPEN') throw unexpected(FSM_SUBCODE.OPEN_SENT);
        receiveOpen(message);
        restartHold();
        return;
      case 'OpenConfirm':
        if (message.type !== 'KEEPALIVE') throw unexpected(FSM_SUBCODE.OPEN_CONFIRM);
        state = 'Established';
        handlers.onEstablished(peer!);
        return;
      case 'Established':
        if (message.type === 'UPDATE') {
          const reset = message.diagnostics.find((d) => d.action === 'session-reset');
          if (reset !== undefined)
            throw new SessionError(
              ERROR.UPDATE_MESSAGE,
              reset.code === 0
                ? UPDATE_SUBCODE.INVALID_NETWORK_FIELD
                : UPDATE_SUBCODE.MALFORMED_ATTRIBUTE_LIST,
              reset.reason,
            );
          handlers.onUpdate(peer!, withMandatoryCheck(message));
        } else if (message.type === 'OPEN') throw unexpected(FSM_SUBCODE.ESTABLISHED);
        // KEEPALIVE restarts the hold timer (done); ROUTE-REFRESH asks for routes we never send.
        return;
      case 'Closed':
        return;
    }
  }

  socket.setNoDelay(true);
  socket.on('data', (chunk: Buffer) => {
    if (closed) return;
    try {
      for (const frame of framer.push(chunk)) {
        receive(frame);
        if (closed) return;
      }
    } catch (error) {
      fail(
        error instanceof SessionError
          ? error
          : new SessionError(ERROR.CEASE, CEASE_SUBCODE.OUT_OF_RESOURCES, String(error)),
      );
    }
  });
  socket.on('error', (error) => finish(`connection error: ${error.message}`, null));
  socket.on('close', () => finish('connection closed by peer', null));
  // RFC 4271 §8.2.2: on the TCP connection, send our OPEN and wait for theirs.
  send({
    type: 'OPEN',
    version: 4,
    myAutonomousSystem: config.localAs > 65535 ? AS_TRANS : config.localAs,
    holdTime: proposedHold,
    bgpIdentifier: { family: 4, value: config.routerId },
    capabilities: [],
    optionalParameters: encodeCapabilities(config.localAs),
  });
  restartHold();

  return {
    get state() {
      return state;
    },
    address,
    get peer() {
      return peer;
    },
    close(subcode = CEASE_SUBCODE.ADMINISTRATIVE_SHUTDOWN) {
      fail(new SessionError(ERROR.CEASE, subcode, 'closed by the collector'));
    },
  };
}
