/**
 * Maps what the ClickHouse client throws onto Nightlight failures: a host or shard that cannot
 * be reached, bad credentials or a missing database are 'store_unavailable'; anything else the
 * server rejects is 'internal' (our SQL is wrong). Messages name the host or shard.
 */
import { NightlightError } from '../model/failure.js';

/** Node socket errors that mean "this host cannot be talked to", so another host may be tried. */
const CONNECTION_ERRORS = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ETIMEDOUT',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EPIPE',
  'ECONNABORTED',
]);
/** A shard the server could not reach: SOCKET_TIMEOUT, NETWORK_ERROR, ALL_CONNECTION_TRIES_FAILED. */
const SHARD_UNREACHABLE = new Set([209, 210, 279]);
/** A store that cannot be used: timeout, unknown user, wrong or missing password, missing database or table. */
const UNAVAILABLE = new Set([159, 192, 193, 194, 516, 81, 60]);

export function isConnectionError(error: unknown): boolean {
  for (let e = error; e instanceof Error; e = e.cause) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && CONNECTION_ERRORS.has(code)) return true;
    // The client's own request timeout and a server closing mid-request.
    if (e.message.startsWith('Timeout error') || e.message === 'socket hang up') return true;
  }
  return false;
}

export function isShardUnreachable(error: unknown): boolean {
  return SHARD_UNREACHABLE.has(clickHouseCode(error) ?? 0);
}

export function describeConnectionError(error: unknown): string {
  let deepest = error;
  while (deepest instanceof Error && deepest.cause instanceof Error) deepest = deepest.cause;
  return deepest instanceof Error ? deepest.message : String(deepest);
}

export function toStoreError(error: unknown, action: string, address: string): NightlightError {
  if (error instanceof NightlightError) return error;
  const code = clickHouseCode(error);
  const text = serverMessage(error instanceof Error ? error.message : String(error));
  if (code !== undefined && SHARD_UNREACHABLE.has(code)) {
    // Shards are named by their native (TCP) address, as the cluster config lists them.
    const shards = [...new Set(text.match(/\d{1,3}(?:\.\d{1,3}){3}:\d+|\[[0-9a-f:]+\]:\d+/gi))];
    const which = shards.length === 0 ? 'a shard' : `shard ${shards.join(', ')}`;
    return new NightlightError(
      'store_unavailable',
      `Cannot ${action} through ClickHouse at ${address}: ${which} unreachable (Code ${code}: ${firstSentence(text)})`,
      { cause: error },
    );
  }
  const kind = code !== undefined && UNAVAILABLE.has(code) ? 'store_unavailable' : 'internal';
  return new NightlightError(
    kind,
    `Cannot ${action} in ClickHouse at ${address}: ${code === undefined ? '' : `Code ${code}: `}${text}`,
    { cause: error },
  );
}

/** The server's error code: `Code: 279, e.displayText() …` (18.16) or `Code: 279. DB::…`. */
function clickHouseCode(error: unknown): number | undefined {
  const match = /Code: (\d+)/.exec(error instanceof Error ? error.message : '');
  return match?.[1] === undefined ? undefined : Number(match[1]);
}

/** The server's message without the 18.16 decorations, on one line. */
function serverMessage(message: string): string {
  return message
    .replace(/Code: \d+[,.]\s*/g, '')
    .replace(/e\.displayText\(\) = /g, '')
    .replace(/,?\s*e\.what\(\) = DB::\w+/g, '')
    .replace(/DB::\w*Exception: /g, '')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, 600);
}

function firstSentence(text: string): string {
  const end = text.search(/[.:](\s|$)/);
  return end < 0 ? text : text.slice(0, end);
}
