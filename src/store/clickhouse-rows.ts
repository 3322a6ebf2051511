/**
 * Event and checkpoint rows for the ClickHouse store as JSONEachRow text (points are RowBinary:
 * clickhouse-rowbinary.ts), and the versions that make a later write win. Throws 'bad_input' for
 * values the tables cannot hold; never touches the network.
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
/** A UTF-16 surrogate not paired with its other half (a pair is one astral code point here). */
const LONE_SURROGATE = /\p{Surrogate}/u;

let lastVersion = 0n;

/**
 * Reserves `count` consecutive versions above every earlier one of this process and returns the
 * first. now_ms × 2^20 leaves room for a million rows per millisecond before running ahead of
 * the clock, and stays below 2^64 until the year 2527.
 */
export function reserveVersions(count: number): bigint {
  const clock = BigInt(Date.now()) << 20n;
  const first = clock > lastVersion ? clock : lastVersion + 1n;
  lastVersion = first + BigInt(Math.max(count - 1, 0));
  return first;
}

/**
 * Reserves `count` versions as reserveVersions does; returns the i-th as a decimal string
 * (UInt64 exceeds a JS number; ClickHouse parses quoted numbers in JSON).
 */
export function allocateVersions(count: number): (index: number) => string {
  const first = reserveVersions(count);
  return (index) => (first + BigInt(index)).toString();
}

/**
 * What the points table cannot hold beyond validatePoints: a bin past UInt32, a name that is not
 * well-formed UTF-16. UTF-8 has no lone surrogates: encoding one gives U+FFFD, which would merge
 * distinct names into one series. Each distinct name is checked once.
 */
export function validatePointRows(points: readonly SignalPoint[]): void {
  const checked = new Set<string>();
  const checkName = (index: number, field: string, name: string) => {
    if (checked.has(name)) return;
    checked.add(name);
    const at = name.search(LONE_SURROGATE);
    if (at >= 0) {
      const unit = name.charCodeAt(at).toString(16).toUpperCase();
      throw new NightlightError(
        'bad_input',
        `Cannot write signal point ${index}: ${field} must be well-formed Unicode, found a lone surrogate U+${unit} at character ${at}`,
      );
    }
  };
  // Signal and source seldom change from one point to the next, so most points skip the Set.
  let signal: string | undefined;
  let source: string | undefined;
  for (let i = 0; i < points.length; i++) {
    const p = points[i]!;
    if (p.bin > MAX_BIN) {
      throw new NightlightError(
        'bad_input',
        `Cannot write signal point ${i}: bin must be before 2106 (UInt32 seconds), found ${p.bin}`,
      );
    }
    checkName(i, 'entity', p.entity);
    if (p.signal !== signal) checkName(i, 'signal', (signal = p.signal));
    if (p.source !== source) checkName(i, 'source', (source = p.source));
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

/**
 * Tombstones: the same id with a newer version and an empty body. Reads take the latest
 * version per id and skip empty bodies, so a retraction holds across shards and before merges.
 */
export function retractionLines(ids: readonly string[]): string[] {
  const version = allocateVersions(ids.length);
  return ids.map(
    (id, i) =>
      `${JSON.stringify({ id, event_start: 0, event_end: 0, entities: [], body: '', version: version(i) })}\n`,
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
