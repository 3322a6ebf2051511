/**
 * Reads MRT records from a byte stream in bounded memory: at most one record (plus one input
 * chunk) is buffered. Yields one MrtResult per record; a corrupt record is an error with its
 * offset and bytes and reading goes on. A header whose declared length runs past the input, or
 * past `maxRecordLength`, cannot be re-synchronised after: the rest of the input is one error.
 */
import { NightlightError } from '../../../model/failure.js';
import { u32 } from './bytes.js';
import type { MrtResult } from './models.js';
import { MRT_HEADER_LENGTH, mrtError, parseMrtRecord } from './parse-record.js';

export interface ReadMrtOptions {
  /** Throw the first error instead of yielding it. */
  readonly strict?: boolean;
  /** Longer declared lengths are corrupt headers, not records to buffer (default 64 MiB). */
  readonly maxRecordLength?: number;
  /** An oversized error keeps only its first bytes (default 1 MiB). */
  readonly maxErrorBytes?: number;
}

/** Accumulates chunks and hands out contiguous views without copying in the common case. */
class Chunks {
  private list: Uint8Array[] = [];
  available = 0;

  push(chunk: Uint8Array): void {
    this.list.push(chunk);
    this.available += chunk.length;
  }

  /** Everything buffered as one array (copies only when there is more than one chunk). */
  take(): Uint8Array {
    const [first] = this.list;
    const joined =
      this.list.length === 1 && first !== undefined
        ? first
        : Buffer.concat(this.list, this.available);
    this.list = [];
    this.available = 0;
    return joined;
  }
}

/** One MrtResult per record, in input order. */
export async function* readMrt(
  source: AsyncIterable<Uint8Array>,
  options: ReadMrtOptions = {},
): AsyncGenerator<MrtResult> {
  for await (const batch of readMrtBatches(source, options)) yield* batch;
}

/**
 * The same results, one array per input chunk: a full table is millions of records, and one
 * promise per batch instead of per record is a fifth of the decode time.
 */
export async function* readMrtBatches(
  source: AsyncIterable<Uint8Array>,
  options: ReadMrtOptions = {},
): AsyncGenerator<MrtResult[]> {
  const maxRecordLength = options.maxRecordLength ?? 64 << 20;
  const maxErrorBytes = options.maxErrorBytes ?? 1 << 20;
  const chunks = new Chunks();
  let need = MRT_HEADER_LENGTH;
  let offset = 0; // input offset of the first buffered byte
  // Once a header is beyond repair, the rest of the input is counted but kept only in part.
  let lost: {
    offset: number;
    length: number;
    reason: string;
    head: Uint8Array[];
    kept: number;
  } | null = null;
  const check = (result: MrtResult): MrtResult => {
    if (options.strict === true && !result.ok)
      throw new NightlightError('bad_input', result.error.message);
    return result;
  };
  for await (const chunk of source) {
    if (lost !== null) {
      lost.length += chunk.length;
      if (lost.kept < maxErrorBytes) {
        const part = chunk.subarray(0, maxErrorBytes - lost.kept);
        lost.head.push(Uint8Array.from(part));
        lost.kept += part.length;
      }
      continue;
    }
    chunks.push(chunk);
    if (chunks.available < need) continue;
    const b = chunks.take();
    const batch: MrtResult[] = [];
    let at = 0;
    while (b.length - at >= MRT_HEADER_LENGTH) {
      const length = MRT_HEADER_LENGTH + u32(b, at + 8);
      if (length - MRT_HEADER_LENGTH > maxRecordLength) {
        const reason = `declared length ${length - MRT_HEADER_LENGTH} exceeds the limit of ${maxRecordLength} bytes`;
        const head = [Uint8Array.from(b.subarray(at, at + maxErrorBytes))];
        lost = { offset: offset + at, length: b.length - at, reason, head, kept: head[0]!.length };
        at = b.length;
        break;
      }
      if (b.length - at < length) break;
      batch.push(check(parseMrtRecord(b, at, length, offset + at)));
      at += length;
    }
    if (batch.length > 0) yield batch;
    offset += at;
    if (at < b.length) chunks.push(b.subarray(at));
    need =
      chunks.available >= MRT_HEADER_LENGTH
        ? MRT_HEADER_LENGTH + u32(b, at + 8)
        : MRT_HEADER_LENGTH;
  }
  if (lost !== null) {
    yield [check(mrtError(Buffer.concat(lost.head), lost.offset, lost.reason, lost.length))];
    return;
  }
  if (chunks.available > 0) {
    const rest = Uint8Array.from(chunks.take());
    const reason =
      rest.length < MRT_HEADER_LENGTH
        ? `header needs ${MRT_HEADER_LENGTH} bytes, ${rest.length} remain`
        : `declared length ${u32(rest, 8)} exceeds remaining ${rest.length - MRT_HEADER_LENGTH} bytes`;
    yield [check(mrtError(rest, offset, reason))];
  }
}
