/**
 * JSON-lines access logs (CDN exports: Cloudflare Logpush, Fastly, CloudFront in JSON), one
 * object per line with configurable field names. Values are copied into LogFields.text so the
 * rest of the pipeline reads them exactly as it reads a text format's ranges. Slower than the
 * text scanner (a JSON.parse per line), and refused lines answer a LogIssue as there.
 */
import { epochSecondsOf, parseIsoTime } from './log-time.js';
import { resetLogFields, type LogFields, type LogIssue } from './log-fields.js';
import type { LogFormat } from './log-format.js';

export interface JsonLogFields {
  readonly addr: string;
  readonly time: string;
  readonly status?: string | undefined;
  readonly userAgent?: string | undefined;
  readonly forwardedFor?: string | undefined;
}

/** Cloudflare's HTTP request field names: the most common CDN export. */
export const DEFAULT_JSON_FIELDS: JsonLogFields = {
  addr: 'ClientIP',
  time: 'EdgeStartTimestamp',
  status: 'EdgeResponseStatus',
  userAgent: 'ClientRequestUserAgent',
};

function valueAt(record: unknown, path: string): unknown {
  let value: unknown = record;
  for (const key of path.split('.')) {
    if (typeof value !== 'object' || value === null) return undefined;
    value = (value as Record<string, unknown>)[key];
  }
  return value;
}

export function createJsonLogFormat(fields: JsonLogFields): LogFormat {
  function parse(line: string, out: LogFields): LogIssue | null {
    resetLogFields(out, line);
    if (line.trim().length === 0) return 'empty_line';
    let record: unknown;
    try {
      record = JSON.parse(line);
    } catch {
      return 'bad_json';
    }
    if (typeof record !== 'object' || record === null || Array.isArray(record)) return 'bad_json';
    const addr = valueAt(record, fields.addr);
    const time = valueAt(record, fields.time);
    if (typeof addr !== 'string' || time === undefined || time === null) return 'missing_field';
    out.time =
      typeof time === 'number'
        ? epochSecondsOf(time)
        : typeof time === 'string'
          ? timeOf(time)
          : NaN;
    if (Number.isNaN(out.time)) return 'bad_time';
    if (fields.status !== undefined) {
      const status = Number(valueAt(record, fields.status));
      if (!Number.isInteger(status) || status < 100 || status > 599) return 'bad_status';
      out.status = status;
    }
    const forwarded =
      fields.forwardedFor === undefined ? undefined : valueAt(record, fields.forwardedFor);
    const agent = fields.userAgent === undefined ? undefined : valueAt(record, fields.userAgent);
    let text = addr;
    [out.addrFrom, out.addrTo] = [0, addr.length];
    if (typeof forwarded === 'string') {
      [out.forwardedFrom, out.forwardedTo] = [text.length + 1, text.length + 1 + forwarded.length];
      text += `\n${forwarded}`;
    }
    if (typeof agent === 'string') {
      [out.userAgentFrom, out.userAgentTo] = [text.length + 1, text.length + 1 + agent.length];
      text += `\n${agent}`;
    }
    out.text = text;
    return null;
  }
  const names = [fields.addr, fields.time, fields.status, fields.userAgent, fields.forwardedFor];
  return {
    text: `json ${JSON.stringify(fields)}`,
    parseRange: (text, start, end, out) => parse(text.slice(start, end), out),
    variables: names.filter((n) => n !== undefined),
    userAgents: fields.userAgent !== undefined,
    preset: null,
    parse,
    encode(values) {
      const record: Record<string, string> = {};
      for (const name of names)
        if (name !== undefined && values[name] !== undefined) record[name] = values[name];
      return JSON.stringify(record);
    },
  };
}

function timeOf(text: string): number {
  return /^\d+(?:\.\d+)?$/.test(text) ? epochSecondsOf(Number(text)) : parseIsoTime(text);
}
