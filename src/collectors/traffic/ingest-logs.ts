/**
 * The access-log collector: files, rotated directories or stdin → lines → (bin, client,
 * mobile UA) → traffic signals per country, ASN and region, through the shared passive-ingest
 * loop. Every refused line is counted by reason and the first few are reported with input,
 * line number and byte offset; none stops the run.
 */
import type { Input } from '../input/open-input.js';
import { createClfScanner, type ClfScanner, type ScannedLine } from './clf-scanner.js';
import {
  clientRange,
  createClientAddress,
  createLogFields,
  isMobileUserAgent,
  parseClientAddress,
  type LogIssue,
} from './log-fields.js';
import type { LogFormat } from './log-format.js';
import {
  runPassiveIngest,
  type PassiveIngestRequest,
  type PassiveIngestResult,
  type ReadContext,
} from './passive-ingest.js';
import { createTrafficColumns, FLAG_MOBILE_UA, LOG_COUNTERS } from './traffic-signals.js';

export interface LogIssueReport {
  readonly input: string;
  readonly line: number;
  readonly offset: number;
  readonly reason: LogIssue;
  /** The line, cut to 200 characters. */
  readonly text: string;
}

export interface IngestLogsOptions extends PassiveIngestRequest {
  readonly format: LogFormat;
  readonly trustForwardedFor?: boolean | undefined;
}

export interface IngestLogsResult extends PassiveIngestResult {
  readonly lines: number;
  readonly accepted: number;
  readonly skipped: number;
  readonly issues: Partial<Record<LogIssue, number>>;
  readonly firstIssues: readonly LogIssueReport[];
}

/** Closing bins is cheap (a few open bins); doing it often keeps checkpoints close behind. */
const FLUSH_EVERY_LINES = 1024;

export async function ingestLogs(options: IngestLogsOptions): Promise<IngestLogsResult> {
  const { format, attributor } = options;
  const trust = options.trustForwardedFor === true;
  const keep = options.reportIssues ?? 10;
  const fields = createLogFields();
  const addr = createClientAddress();
  const issues: Partial<Record<LogIssue, number>> = {};
  const firstIssues: LogIssueReport[] = [];
  let [lines, accepted, skipped] = [0, 0, 0];

  function refuse(input: string, context: ReadContext, reason: LogIssue, line: string) {
    issues[reason] = (issues[reason] ?? 0) + 1;
    if (firstIssues.length < keep)
      firstIssues.push({
        input,
        line: context.position.record,
        offset: context.position.offset,
        reason,
        text: line.slice(0, 200),
      });
  }

  function handle(input: string, context: ReadContext, chunk: string, start: number, end: number) {
    const reason = format.parseRange(chunk, start, end, fields);
    if (reason !== null) return refuse(input, context, reason, chunk.slice(start, end));
    const text = fields.text;
    const [from, to] = clientRange(text, fields, trust);
    if (from < 0 || !parseClientAddress(text, from, to, addr))
      return refuse(input, context, 'bad_address', chunk.slice(start, end));
    const tally = context.window.tallyFor(fields.time);
    if (tally === null) return refuse(input, context, 'too_late', chunk.slice(start, end));
    const flags = isMobileUserAgent(text, fields.userAgentFrom, fields.userAgentTo)
      ? FLAG_MOBILE_UA
      : 0;
    if (addr.family === 4) tally.addIpv4(addr.v4, flags);
    else tally.addIpv6(addr.v6[0]!, addr.v6[1]!, addr.v6[2]!, addr.v6[3]!, flags);
    accepted++;
  }

  /** The general path: whole chunks decoded as latin1, lines handed over as ranges. */
  async function readText(input: Input, context: ReadContext) {
    const { position } = context;
    let carry = '';
    let carryOffset = 0;
    let sinceFlush = 0;
    const take = (text: string, start: number, end: number, offset: number) => {
      position.record++;
      if (position.record < context.skipBefore) return void skipped++;
      position.offset = offset;
      lines++;
      // CRLF logs: the \r is not part of the last field.
      handle(
        input.name,
        context,
        text,
        start,
        end > start && text.charCodeAt(end - 1) === 13 ? end - 1 : end,
      );
    };
    for await (const chunk of input.stream as AsyncIterable<Buffer>) {
      // latin1 keeps one character per byte: ranges are byte offsets, and every field we
      // read (address, time, status, "Mobi") is ASCII.
      const text = carry + chunk.toString('latin1');
      let start = 0;
      let nl = text.indexOf('\n');
      while (nl >= 0) {
        take(text, start, nl, carryOffset + start);
        start = nl + 1;
        nl = text.indexOf('\n', start);
        if (++sinceFlush >= FLUSH_EVERY_LINES) {
          sinceFlush = 0;
          await context.flush();
        }
      }
      carryOffset += start;
      carry = text.slice(start);
    }
    if (carry.length > 0) take(carry, 0, carry.length, carryOffset);
    await context.flush();
  }

  /**
   * The fast path for `combined` and `common`: lines found with memchr in the read buffers and
   * scanned as bytes (clf-scanner.ts); a line the scanner does not take is decoded alone and
   * goes through `handle`, so it is accepted or refused exactly as on the general path.
   */
  async function readBytes(input: Input, context: ReadContext, scanner: ClfScanner) {
    const { position, window } = context;
    const line: ScannedLine = { ipv4: 0, time: 0, mobileAgent: false };
    let sinceFlush = 0;
    /**
     * Lines of b from `start` until the next flush is due or no newline is left; answers where
     * it stopped. `base` is the stream offset of b[0].
     */
    const linesOf = (b: Buffer, start: number, base: number): number => {
      let nl = b.indexOf(10, start);
      while (nl >= 0) {
        take(b, start, nl, base + start);
        start = nl + 1;
        if (++sinceFlush >= FLUSH_EVERY_LINES) break;
        nl = b.indexOf(10, start);
      }
      return start;
    };
    /** Every line of b from `start`, flushing every FLUSH_EVERY_LINES lines as readText does. */
    const allLinesOf = async (b: Buffer, start: number, base: number): Promise<number> => {
      for (;;) {
        start = linesOf(b, start, base);
        if (sinceFlush < FLUSH_EVERY_LINES) return start;
        sinceFlush = 0;
        await context.flush();
      }
    };
    const take = (b: Buffer, start: number, end: number, offset: number) => {
      position.record++;
      if (position.record < context.skipBefore) return void skipped++;
      position.offset = offset;
      lines++;
      if (end > start && b[end - 1] === 13) end--;
      if (!scanner.scan(b, start, end, line)) {
        const text = b.toString('latin1', start, end);
        return handle(input.name, context, text, 0, text.length);
      }
      const tally = window.tallyFor(line.time);
      if (tally === null)
        return refuse(input.name, context, 'too_late', b.toString('latin1', start, end));
      tally.addIpv4(line.ipv4, line.mobileAgent ? FLAG_MOBILE_UA : 0);
      accepted++;
    };
    let carry: Buffer | null = null;
    /** Stream offset of the current chunk's first byte. */
    let consumed = 0;
    for await (const chunk of input.stream as AsyncIterable<Buffer>) {
      let from = 0;
      if (carry !== null) {
        // Only the line cut by the chunk boundary is copied, never the chunk.
        const nl = chunk.indexOf(10);
        if (nl < 0) {
          carry = Buffer.concat([carry, chunk]);
          consumed += chunk.length;
          continue;
        }
        const joined = Buffer.concat([carry, chunk.subarray(0, nl + 1)]);
        await allLinesOf(joined, 0, consumed - carry.length);
        from = nl + 1;
      }
      const rest = await allLinesOf(chunk, from, consumed);
      carry = rest < chunk.length ? Buffer.from(chunk.subarray(rest)) : null;
      consumed += chunk.length;
    }
    if (carry !== null) take(carry, 0, carry.length, consumed - carry.length);
    await context.flush();
  }

  const scanner = format.preset === null ? null : createClfScanner(format.preset);
  const read = (input: Input, context: ReadContext) =>
    scanner === null ? readText(input, context) : readBytes(input, context, scanner);

  const result = await runPassiveIngest({
    ...options,
    counters: LOG_COUNTERS,
    toColumns: createTrafficColumns({
      attributor,
      source: options.source,
      userAgents: format.userAgents,
    }),
    read,
  });
  return { ...result, lines, accepted, skipped, issues, firstIssues };
}
