/**
 * A RIS Live websocket as a stream of JSON lines: connects, sends the subscription, and
 * yields each message followed by a newline until the server closes. Uses the platform
 * WebSocket (Node 22, or Node 20 with --experimental-websocket); without it this is a
 * configuration error, not a silent fallback. Messages are queued while the consumer is busy.
 */
import { NightlightError } from '../../../model/failure.js';

/** RIS Live sends nothing until subscribed; `{}` asks for every message. */
export const DEFAULT_SUBSCRIPTION = '{"type":"ris_subscribe","data":{}}';

interface MinimalWebSocket {
  onopen: (() => void) | null;
  onmessage: ((event: { data: unknown }) => void) | null;
  onerror: ((event: unknown) => void) | null;
  onclose: (() => void) | null;
  send(data: string): void;
  close(): void;
}

export async function* webSocketLines(
  url: string,
  subscription = DEFAULT_SUBSCRIPTION,
): AsyncGenerator<string> {
  const Ctor = (globalThis as { WebSocket?: new (url: string) => MinimalWebSocket }).WebSocket;
  if (Ctor === undefined)
    throw new NightlightError(
      'bad_config',
      `Cannot open ${url}: this Node has no WebSocket (use Node 22, or NODE_OPTIONS=--experimental-websocket on Node 20)`,
    );
  const socket = new Ctor(url);
  const queue: string[] = [];
  let wake: (() => void) | null = null;
  let done = false;
  let failure: string | null = null;
  const notify = () => {
    wake?.();
    wake = null;
  };
  socket.onopen = () => socket.send(subscription);
  socket.onmessage = (event) => {
    queue.push(`${typeof event.data === 'string' ? event.data : String(event.data)}\n`);
    notify();
  };
  socket.onerror = () => {
    failure = `Cannot read ${url}: websocket error`;
    notify();
  };
  socket.onclose = () => {
    done = true;
    notify();
  };
  try {
    for (;;) {
      while (queue.length > 0) yield queue.shift()!;
      if (failure !== null) throw new NightlightError('bad_input', failure);
      if (done) return;
      await new Promise<void>((resolve) => (wake = resolve));
    }
  } finally {
    socket.close();
  }
}
