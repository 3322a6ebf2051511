/**
 * The access-log collector: files, rotated directories or stdin → lines → (bin, client,
 * mobile UA) → traffic signals per country, ASN and region, through the shared passive-ingest
 * loop. Every refused line is counted by reason and the first few are reported with input,
 * line number and byte offset; none stops the run.
 */
import type { Input } from '../input/open-input.js';
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
import { FLAG_MOBILE_UA, LOG_COUNTERS, trafficPoints } from './traffic-signals.js';

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

  async function read(input: Input, context: ReadContext) {
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

  const result = await runPassiveIngest({
    ...options,
    counters: LOG_COUNTERS,
    toPoints: (closed, known) =>
      trafficPoints(closed, {
        attributor,
        source: options.source,
        known,
        userAgents: format.userAgents,
      }),
    read,
  });
  return { ...result, lines, accepted, skipped, issues, firstIssues };
}
