/**
 * What the log collector takes from one line, in a reusable record the parsers fill in place
 * (the hot path allocates nothing per line), and the closed vocabulary of reasons a line is
 * refused.
 */
import { parseIpv4OrNegative, parseIpv6Into } from '../../geo/ip.js';

export const LOG_ISSUES = [
  'empty_line',
  'format_mismatch',
  'bad_address',
  'bad_time',
  'bad_status',
  'bad_json',
  'missing_field',
  'too_late',
] as const;
export type LogIssue = (typeof LOG_ISSUES)[number];

export interface LogFields {
  /** The text the ranges below point into: the line itself, or values taken out of JSON. */
  text: string;
  /** The client as the server saw it, [from, to) in the line; -1 when absent. */
  addrFrom: number;
  addrTo: number;
  forwardedFrom: number;
  forwardedTo: number;
  /** UTC epoch seconds. */
  time: number;
  /** HTTP status, 0 when the format has none. */
  status: number;
  userAgentFrom: number;
  userAgentTo: number;
}

export function createLogFields(): LogFields {
  return {
    text: '',
    addrFrom: -1,
    addrTo: -1,
    forwardedFrom: -1,
    forwardedTo: -1,
    time: NaN,
    status: 0,
    userAgentFrom: -1,
    userAgentTo: -1,
  };
}

export function resetLogFields(f: LogFields, text: string): void {
  f.text = text;
  f.addrFrom = f.addrTo = f.forwardedFrom = f.forwardedTo = f.userAgentFrom = f.userAgentTo = -1;
  f.time = NaN;
  f.status = 0;
}

/** A parsed client address: family 4 with `v4`, or 6 with the words in `v6`; 0 when invalid. */
export interface ClientAddress {
  family: 0 | 4 | 6;
  v4: number;
  readonly v6: Uint32Array;
}

export function createClientAddress(): ClientAddress {
  return { family: 0, v4: 0, v6: new Uint32Array(4) };
}

/** Parses line[from, to) into `out`; IPv4-mapped IPv6 counts as IPv4. */
export function parseClientAddress(
  line: string,
  from: number,
  to: number,
  out: ClientAddress,
): boolean {
  const v4 = parseIpv4OrNegative(line, from, to);
  if (v4 >= 0) {
    out.family = 4;
    out.v4 = v4;
    return true;
  }
  // Ranges point into a whole chunk of lines: every search is bounded by slicing first.
  const text = to - from >= 2 && to - from <= 45 ? line.slice(from, to) : '';
  if (!text.includes(':') || !parseIpv6Into(text, out.v6)) {
    out.family = 0;
    return false;
  }
  const [w0, w1, w2, w3] = out.v6;
  if (w0 === 0 && w1 === 0 && w2 === 0xffff) {
    out.family = 4;
    out.v4 = w3!;
  } else out.family = 6;
  return true;
}

/**
 * The client behind a trusted proxy: the right-most `X-Forwarded-For` entry, the one our own
 * proxy appended (entries to its left are whatever the client claimed). Falls back to the
 * connection's address when the header is absent or `-`.
 */
export function clientRange(
  line: string,
  f: LogFields,
  trustForwardedFor: boolean,
): [number, number] {
  if (trustForwardedFor && f.forwardedFrom >= 0 && f.forwardedTo > f.forwardedFrom) {
    const comma = line.slice(f.forwardedFrom, f.forwardedTo).lastIndexOf(',');
    let from = comma >= 0 ? f.forwardedFrom + comma + 1 : f.forwardedFrom;
    let to = f.forwardedTo;
    while (from < to && line.charCodeAt(from) === 32) from++;
    while (to > from && line.charCodeAt(to - 1) === 32) to--;
    if (to > from && !(to - from === 1 && line.charCodeAt(from) === 45)) return [from, to];
  }
  return [f.addrFrom, f.addrTo];
}

/** A mobile browser, by the "Mobi" token MDN recommends looking for, plus Opera Mini. */
export function isMobileUserAgent(line: string, from: number, to: number): boolean {
  if (from < 0) return false;
  const agent = line.slice(from, to);
  return agent.includes('Mobi') || agent.includes('Opera Mini');
}
