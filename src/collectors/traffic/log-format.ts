/**
 * Text access-log formats in nginx `log_format` syntax (`$remote_addr - $remote_user
 * [$time_local] …`), compiled once into a scanner that fills LogFields in place, and the
 * encoder that writes lines in the same format (tests, benchmarks). `combined` and `common`
 * are nginx's and Apache's predefined formats. A line that does not fit answers a LogIssue.
 */
import { NightlightError } from '../../model/failure.js';
import type { ClfPreset } from './clf-scanner.js';
import { epochSecondsOf, parseClfTime, parseIsoTime } from './log-time.js';
import { resetLogFields, type LogFields, type LogIssue } from './log-fields.js';

export const PRESET_FORMATS: Readonly<Record<string, string>> = {
  combined:
    '$remote_addr - $remote_user [$time_local] "$request" $status $body_bytes_sent "$http_referer" "$http_user_agent"',
  common: '$remote_addr - $remote_user [$time_local] "$request" $status $body_bytes_sent',
};

/** The variables the collector reads; any other variable is matched and skipped. */
type Field =
  'addr' | 'forwarded' | 'time_local' | 'time_iso8601' | 'msec' | 'status' | 'user_agent' | 'skip';
const FIELDS: Readonly<Record<string, Field>> = {
  remote_addr: 'addr',
  http_x_forwarded_for: 'forwarded',
  time_local: 'time_local',
  time_iso8601: 'time_iso8601',
  msec: 'msec',
  status: 'status',
  http_user_agent: 'user_agent',
};

export interface LogFormat {
  readonly text: string;
  /** Names of the variables in order. */
  readonly variables: readonly string[];
  readonly userAgents: boolean;
  /** `combined` or `common` when the format is exactly one of them: the byte fast path. */
  readonly preset: ClfPreset | null;
  parse(line: string, out: LogFields): LogIssue | null;
  /** The same for the line text[start, end), which need not be cut out first. */
  parseRange(text: string, start: number, end: number, out: LogFields): LogIssue | null;
  /** Writes a line; variables without a value are written as `-`. */
  encode(values: Readonly<Record<string, string>>): string;
}

const VARIABLE = /\$(?:\{([a-z0-9_]+)\}|([a-z0-9_]+))/gi;

export function compileLogFormat(formatOrPreset: string): LogFormat {
  const text = PRESET_FORMATS[formatOrPreset] ?? formatOrPreset;
  const literals: string[] = [];
  const variables: string[] = [];
  let last = 0;
  for (const match of text.matchAll(VARIABLE)) {
    literals.push(text.slice(last, match.index));
    variables.push((match[1] ?? match[2]!).toLowerCase());
    last = match.index + match[0].length;
  }
  literals.push(text.slice(last));
  const fields = variables.map((v) => FIELDS[v] ?? 'skip');
  for (let i = 1; i < variables.length; i++) {
    if (literals[i] === '')
      throw new NightlightError(
        'bad_config',
        `Cannot use log format: $${variables[i - 1]} and $${variables[i]} have no separator in ${JSON.stringify(text)}`,
      );
  }
  if (!fields.includes('addr') && !fields.includes('forwarded'))
    throw new NightlightError(
      'bad_config',
      `Cannot use log format: no $remote_addr in ${JSON.stringify(text)}`,
    );
  if (!fields.some((f) => f === 'time_local' || f === 'time_iso8601' || f === 'msec'))
    throw new NightlightError(
      'bad_config',
      `Cannot use log format: no $time_local, $time_iso8601 or $msec in ${JSON.stringify(text)}`,
    );
  // A variable between quotes ends at the next unescaped quote, so `\"` inside it is content.
  const quoted = variables.map(
    (_, i) => literals[i]!.endsWith('"') && literals[i + 1]!.startsWith('"'),
  );
  const first = literals[0]!;
  const count = variables.length;

  /** Parses text[start, end) without cutting it out: the reader hands over whole chunks. */
  function parseRange(text: string, start: number, end: number, out: LogFields): LogIssue | null {
    resetLogFields(out, text);
    if (end === start) return 'empty_line';
    if (!text.startsWith(first, start)) return 'format_mismatch';
    let p = start + first.length;
    for (let i = 0; i < count; i++) {
      const after = literals[i + 1]!;
      let stop: number;
      if (after.length === 0) stop = end;
      else {
        stop = text.indexOf(after, p);
        if (quoted[i])
          while (stop > start && stop < end && isEscaped(text, stop, start))
            stop = text.indexOf(after, stop + 1);
        if (stop < 0 || stop + after.length > end) return 'format_mismatch';
      }
      const issue = take(fields[i]!, text, p, stop, out);
      if (issue !== null) return issue;
      p = stop + after.length;
    }
    // The last literal must end the line (trailing spaces tolerated).
    if (p < end && text.slice(p, end).trim() !== '') return 'format_mismatch';
    if (out.addrFrom < 0 && out.forwardedFrom < 0) return 'bad_address';
    return null;
  }

  return {
    text,
    variables,
    userAgents: fields.includes('user_agent'),
    preset:
      text === PRESET_FORMATS.combined
        ? 'combined'
        : text === PRESET_FORMATS.common
          ? 'common'
          : null,
    parse: (line, out) => parseRange(line, 0, line.length, out),
    parseRange,
    encode(values) {
      let line = literals[0]!;
      for (let i = 0; i < count; i++) line += (values[variables[i]!] ?? '-') + literals[i + 1]!;
      return line;
    },
  };
}

function isEscaped(line: string, at: number, start: number): boolean {
  let backslashes = 0;
  while (at - backslashes - 1 >= start && line.charCodeAt(at - backslashes - 1) === 92)
    backslashes++;
  return backslashes % 2 === 1;
}

function take(
  field: Field,
  line: string,
  from: number,
  to: number,
  out: LogFields,
): LogIssue | null {
  switch (field) {
    case 'addr':
      [out.addrFrom, out.addrTo] = [from, to];
      return null;
    case 'forwarded':
      [out.forwardedFrom, out.forwardedTo] = [from, to];
      return null;
    case 'user_agent':
      [out.userAgentFrom, out.userAgentTo] = [from, to];
      return null;
    case 'status': {
      const c0 = line.charCodeAt(from) - 48;
      const c1 = line.charCodeAt(from + 1) - 48;
      const c2 = line.charCodeAt(from + 2) - 48;
      if (to - from !== 3 || c0 < 1 || c0 > 5 || !(c1 >= 0 && c1 <= 9 && c2 >= 0 && c2 <= 9))
        return 'bad_status';
      out.status = c0 * 100 + c1 * 10 + c2;
      return null;
    }
    case 'time_local':
      out.time = parseClfTime(line, from, to);
      return Number.isNaN(out.time) ? 'bad_time' : null;
    case 'time_iso8601':
      out.time = parseIsoTime(line.slice(from, to));
      return Number.isNaN(out.time) ? 'bad_time' : null;
    case 'msec':
      out.time = /^\d+(?:\.\d+)?$/.test(line.slice(from, to))
        ? epochSecondsOf(Number(line.slice(from, to)))
        : NaN;
      return Number.isNaN(out.time) ? 'bad_time' : null;
    case 'skip':
      return null;
  }
}
