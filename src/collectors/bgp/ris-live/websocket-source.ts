/**
 * A RIS Live websocket (ws:// or wss://, through the `ws` package: Node 20 has no global
 * WebSocket) as a stream of JSON lines for `readRisLive`: connects, sends the subscription
 * on open, and yields each `ris_message` frame followed by a newline until the server closes.
 * Control frames (`ris_subscribe_ok`, `pong`, `ris_rrc_list`) are skipped; a `ris_error` (the
 * server refused our request) ends the stream with an error. Memory is bounded: past
 * `maxQueued` unread frames the socket is paused, so TCP pushes back on the server, and it
 * resumes once the consumer has drained the queue. Failures are NightlightError('bad_input')
 * whose message names the URL and one reason of RisLiveFailure; a frame that is not JSON is
 * passed on so the reader reports it by offset and goes on.
 */
import WebSocket from 'ws';
import { NightlightError } from '../../../model/failure.js';

/** RIS Live sends nothing until subscribed; `{}` asks for every message. */
export const DEFAULT_SUBSCRIPTION = '{"type":"ris_subscribe","data":{}}';

/** Why a RIS Live connection failed: a closed vocabulary, always the first word after the colon. */
export type RisLiveFailure =
  | 'connection_refused'
  | 'connection_reset'
  | 'connection_closed'
  | 'dns_failure'
  | 'timeout'
  | 'handshake_failed'
  | 'ris_error'
  | 'websocket_error';

export interface WebSocketLinesOptions {
  /** Unread frames before the socket is paused (default 1024). */
  readonly maxQueued?: number | undefined;
  /** Milliseconds allowed for the opening handshake (default 10 s). */
  readonly connectTimeoutMs?: number | undefined;
}

const CONTROL = new Set(['ris_subscribe_ok', 'pong', 'ris_rrc_list']);
const CODES: Record<string, RisLiveFailure> = {
  ECONNREFUSED: 'connection_refused',
  ECONNRESET: 'connection_reset',
  EPIPE: 'connection_reset',
  ENOTFOUND: 'dns_failure',
  EAI_AGAIN: 'dns_failure',
  ETIMEDOUT: 'timeout',
};

/** The subscription frame: a full `ris_subscribe` message, or only its `data` object. */
export function encodeSubscription(text: string): string {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new NightlightError(
      'bad_input',
      `Cannot parse the RIS Live subscription: ${(error as Error).message}`,
    );
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value))
    throw new NightlightError(
      'bad_input',
      `Cannot parse the RIS Live subscription: expected a JSON object, found ${text.slice(0, 80)}`,
    );
  const message = value as { type?: unknown };
  if (message.type === 'ris_subscribe') return JSON.stringify(value);
  return JSON.stringify({ type: 'ris_subscribe', data: value });
}

function reasonOf(error: Error & { code?: string }): RisLiveFailure {
  if (error.code !== undefined && error.code in CODES) return CODES[error.code]!;
  if (/Opening handshake has timed out/.test(error.message)) return 'timeout';
  if (/Unexpected server response|Invalid Sec-WebSocket/.test(error.message))
    return 'handshake_failed';
  return 'websocket_error';
}

const textOf = (data: WebSocket.RawData): string =>
  typeof data === 'string'
    ? data
    : Array.isArray(data)
      ? Buffer.concat(data).toString('utf8')
      : Buffer.from(data as ArrayBuffer).toString('utf8');

export async function* webSocketLines(
  url: string,
  subscription = DEFAULT_SUBSCRIPTION,
  options: WebSocketLinesOptions = {},
): AsyncGenerator<string> {
  const subscribe = encodeSubscription(subscription);
  const maxQueued = options.maxQueued ?? 1024;
  const fail = (reason: RisLiveFailure, detail: string) =>
    new NightlightError('bad_input', `Cannot read RIS Live from ${url}: ${reason} (${detail})`);
  let socket: WebSocket;
  try {
    socket = new WebSocket(url, {
      handshakeTimeout: options.connectTimeoutMs ?? 10_000,
      perMessageDeflate: false,
    });
  } catch (error) {
    // A malformed URL throws synchronously (SyntaxError), before any connection.
    throw new NightlightError('bad_input', `Cannot open ${url}: ${(error as Error).message}`);
  }
  const queue: string[] = [];
  let head = 0; // queue[head..] are unread: shift() on a long array is quadratic
  let wake: (() => void) | null = null;
  // `as`: both are set in callbacks, which TS narrowing does not see.
  let done = false as boolean;
  let failure = null as NightlightError | null;
  let opened = false;
  const notify = () => {
    wake?.();
    wake = null;
  };
  socket.on('open', () => {
    opened = true;
    socket.send(subscribe);
  });
  socket.on('message', (data) => {
    const text = textOf(data);
    // RIS Live puts `type` first: the common frame needs no parse here (the reader parses it).
    if (!text.startsWith('{"type":"ris_message"')) {
      let type: unknown;
      let detail: unknown;
      try {
        const value = JSON.parse(text) as { type?: unknown; data?: { message?: unknown } };
        type = value.type;
        detail = value.data?.message;
      } catch {
        // Not JSON: passed on, so the reader reports it with its offset.
      }
      if (typeof type === 'string' && CONTROL.has(type)) return;
      if (type === 'ris_error') {
        failure ??= fail('ris_error', typeof detail === 'string' ? detail : text.slice(0, 200));
        socket.terminate();
        notify();
        return;
      }
    }
    queue.push(`${text}\n`);
    if (queue.length - head >= maxQueued) socket.pause();
    notify();
  });
  socket.on('error', (error: Error & { code?: string }) => {
    failure ??= fail(reasonOf(error), error.code ?? error.message);
    notify();
  });
  socket.on('close', (code: number, reason: Buffer) => {
    // 1000 (normal) and 1001 (going away) end the stream; anything else lost data.
    if (opened && code !== 1000 && code !== 1001)
      failure ??= fail(
        'connection_closed',
        `close code ${code}${reason.length > 0 ? ` ${reason.toString('utf8')}` : ''}`,
      );
    done = true;
    notify();
  });
  try {
    for (;;) {
      while (head < queue.length) {
        const line = queue[head]!;
        queue[head++] = '';
        yield line;
      }
      queue.length = 0;
      head = 0;
      if (failure !== null) throw failure;
      if (done) return;
      if (socket.isPaused) socket.resume();
      await new Promise<void>((resolve) => (wake = resolve));
    }
  } finally {
    // Also when the consumer stops early: no socket outlives the generator.
    if (socket.readyState !== WebSocket.CLOSED) socket.terminate();
  }
}
