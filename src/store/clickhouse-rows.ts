/**
 * Rows for the ClickHouse store as JSONEachRow text, and the versions that make a later write
 * win. Throws 'bad_input' for values the tables cannot hold; never touches the network.
 *
 * Versions: each row gets a UInt64 `max(now_ms × 2^20, last + 1)` plus its index in the batch,
 * so a later write wins across batches and the last row of a key wins within one. Writers in
 * different processes are ordered by their clocks: a writer whose clock runs behind loses
 * against another writer's earlier write of the same key, by as much as the skew.
 */
import { eventEntities, type OutageEvent } from '../model/event.js';
import { NightlightError } from '../model/failure.js';
import type { SignalPoint } from '../model/signal.js';
import type { Checkpoint } from './store.js';

/** bin is UInt32 epoch seconds: no time zone anywhere between JS and the table. */
const MAX_BIN = 2 ** 32 - 1;
/** Rows per yielded string: large enough to amortise the stream, small enough to interleave. */
const LINES_PER_CHUNK = 2_000;

let lastVersion = 0n;

/**
 * Reserves `count` consecutive versions above every earlier one of this process; returns the
 * i-th as a decimal string (UInt64 exceeds a JS number; ClickHouse parses quoted numbers).
 * now_ms × 2^20 leaves room for a million rows per millisecond before running ahead of the
 * clock, and stays below 2^64 until the year 2527.
 */
export function allocateVersions(count: number): (index: number) => string {
  const clock = BigInt(Date.now()) << 20n;
  const first = clock > lastVersion ? clock : lastVersion + 1n;
  lastVersion = first + BigInt(Math.max(count - 1, 0));
  return (index) => (first + BigInt(index)).toString();
}

export function validateBins(points: readonly SignalPoint[]): void {
  for (let i = 0; i < points.length; i++) {
    const bin = points[i]!.bin;
    if (bin > MAX_BIN) {
      throw new NightlightError(
        'bad_input',
        `Cannot write signal point ${i}: bin must be before 2106 (UInt32 seconds), found ${bin}`,
      );
    }
  }
}

/**
 * JSONEachRow lines of points[start, end), built by hand: several times cheaper than
 * JSON.stringify of an object per row, which dominated the write path. Values are validated
 * finite numbers, whose JS text is valid JSON.
 */
export function* pointLines(
  points: readonly SignalPoint[],
  start: number,
  end: number,
  version: (index: number) => string,
): Generator<string> {
  const quoted = new Map<string, string>();
  const json = (text: string) => {
    let found = quoted.get(text);
    if (found === undefined) quoted.set(text, (found = JSON.stringify(text)));
    return found;
  };
  for (let from = start; from < end; from += LINES_PER_CHUNK) {
    let chunk = '';
    for (let i = from; i < Math.min(from + LINES_PER_CHUNK, end); i++) {
      const p = points[i]!;
      chunk += `{"entity":${json(p.entity)},"signal":${json(p.signal)},"source":${json(p.source)},"bin":${p.bin},"value":${p.value === null ? 'null' : p.value},"coverage":${p.coverage},"version":"${version(i)}"}\n`;
    }
    yield chunk;
  }
}

export function eventLines(events: readonly OutageEvent[]): string[] {
  events.forEach(validateEvent);
  const version = allocateVersions(events.length);
  return events.map(
    (event, i) =>
      `${JSON.stringify({
        id: event.id,
        event_start: event.start,
        event_end: event.end,
        entities: eventEntities(event),
        body: JSON.stringify(event),
        version: version(i),
      })}\n`,
  );
}

export function checkpointLine(checkpoint: Checkpoint): string {
  return `${JSON.stringify({
    source: checkpoint.source,
    position: encodePosition(checkpoint),
    updated_at: checkpoint.updatedAt,
    version: allocateVersions(1)(0),
  })}\n`;
}

/** Position as JSON text; '' stands for an undefined position, which JSON cannot spell. */
function encodePosition(checkpoint: Checkpoint): string {
  try {
    return JSON.stringify(checkpoint.position) ?? '';
  } catch (error) {
    throw new NightlightError(
      'bad_input',
      `Cannot write checkpoint ${JSON.stringify(checkpoint.source)}: position is not JSON: ${(error as Error).message}`,
    );
  }
}

export function decodePosition(text: string): unknown {
  return text === '' ? undefined : (JSON.parse(text) as unknown);
}

function validateEvent(event: OutageEvent, index: number): void {
  const problem = !event.id
    ? 'id must be non-empty'
    : !Number.isFinite(event.start)
      ? `start must be finite, found ${event.start}`
      : event.end !== null && !Number.isFinite(event.end)
        ? `end must be finite or null, found ${event.end}`
        : undefined;
  if (problem !== undefined)
    throw new NightlightError('bad_input', `Cannot write event ${index}: ${problem}`);
}
