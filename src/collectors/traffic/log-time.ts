/**
 * Timestamps of access logs: nginx `$time_local` / Apache `%t` (`17/May/2015:10:05:03 +0000`,
 * the zone always written), `$time_iso8601` and `$msec`. Parsers answer epoch seconds or NaN;
 * the hot path reads digits in place and caches the day, so no string or Date is made per line.
 */

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const MONTH_KEYS = new Map(MONTHS.map((m, i) => [monthKey(m, 0), i + 1]));

function monthKey(text: string, at: number): number {
  return (text.charCodeAt(at) << 16) | (text.charCodeAt(at + 1) << 8) | text.charCodeAt(at + 2);
}

function digits(text: string, from: number, count: number): number {
  let value = 0;
  for (let i = from; i < from + count; i++) {
    const d = text.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return NaN;
    value = value * 10 + d;
  }
  return value;
}

/** Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's days_from_civil). */
function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

const DAYS_IN_MONTH = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
let cachedKey = -1;
let cachedDays = 0;

/** `dd/Mon/yyyy:hh:mm:ss ±hhmm` in text[from, to) as UTC epoch seconds, or NaN. */
export function parseClfTime(text: string, from: number, to: number): number {
  if (to - from !== 26 || text.charCodeAt(from + 2) !== 47 || text.charCodeAt(from + 6) !== 47)
    return NaN;
  const day = digits(text, from, 2);
  const month = MONTH_KEYS.get(monthKey(text, from + 3)) ?? 0;
  const year = digits(text, from + 7, 4);
  const h = digits(text, from + 12, 2);
  const m = digits(text, from + 15, 2);
  const s = digits(text, from + 18, 2);
  const sign = text.charCodeAt(from + 21);
  const zh = digits(text, from + 22, 2);
  const zm = digits(text, from + 24, 2);
  if (month === 0 || !(day >= 1 && day <= DAYS_IN_MONTH[month - 1]!)) return NaN;
  if (!(h < 24 && m < 60 && s < 61 && zh < 24 && zm < 60)) return NaN;
  if ((sign !== 43 && sign !== 45) || text.charCodeAt(from + 11) !== 58) return NaN;
  if (day === 29 && month === 2 && !(year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0)))
    return NaN;
  const key = year * 10000 + month * 100 + day;
  if (key !== cachedKey) [cachedKey, cachedDays] = [key, daysFromCivil(year, month, day)];
  const offset = (sign === 45 ? -1 : 1) * (zh * 3600 + zm * 60);
  return cachedDays * 86400 + h * 3600 + m * 60 + s - offset;
}

/** Two ASCII digits at b[at], or NaN. */
function twoDigits(b: Uint8Array, at: number): number {
  const d0 = b[at]! - 48;
  const d1 = b[at + 1]! - 48;
  return d0 >= 0 && d0 <= 9 && d1 >= 0 && d1 <= 9 ? d0 * 10 + d1 : NaN;
}

let lastDayOffset = 0;
let [cachedK0, cachedK1, cachedK2, cachedK3] = [-1, -1, -1, -1];

/**
 * parseClfTime over the 26 bytes at b[from] (the log-reading fast path works on bytes). The
 * date and zone (bytes 0…10 and 20…25) repeat from line to line: they are packed into one key
 * and, when equal to the previous line's, only hh:mm:ss is read.
 */
export function clfTimeOfBytes(b: Uint8Array, from: number): number {
  const h = twoDigits(b, from + 12);
  const m = twoDigits(b, from + 15);
  const s = twoDigits(b, from + 18);
  if (!(h < 24 && m < 60 && s < 61) || b[from + 14] !== 58 || b[from + 17] !== 58) return NaN;
  if (b[from + 20] !== 32) return NaN;
  // Day, month letters, year, sign and zone digits hashed exactly: 11 + 6 bytes in 3 numbers.
  const k0 = (b[from]! << 24) | (b[from + 1]! << 16) | (b[from + 3]! << 8) | b[from + 4]!;
  const k1 = (b[from + 5]! << 24) | (b[from + 7]! << 16) | (b[from + 8]! << 8) | b[from + 9]!;
  const k2 = (b[from + 10]! << 24) | (b[from + 21]! << 16) | (b[from + 22]! << 8) | b[from + 23]!;
  const k3 = (b[from + 24]! << 8) | b[from + 25]!;
  if (
    k0 === cachedK0 &&
    k1 === cachedK1 &&
    k2 === cachedK2 &&
    k3 === cachedK3 &&
    b[from + 2] === 47 &&
    b[from + 6] === 47 &&
    b[from + 11] === 58
  )
    return lastDayOffset + h * 3600 + m * 60 + s;
  let text = '';
  for (let i = 0; i < 26; i++) text += String.fromCharCode(b[from + i]!);
  const full = parseClfTime(text, 0, 26);
  if (Number.isNaN(full)) return NaN;
  [cachedK0, cachedK1, cachedK2, cachedK3] = [k0, k1, k2, k3];
  lastDayOffset = full - (h * 3600 + m * 60 + s);
  return full;
}

function pad(n: number, width = 2): string {
  return String(n).padStart(width, '0');
}

/** The inverse of parseClfTime: `time` written in the zone `offsetMinutes` east of UTC. */
export function formatClfTime(time: number, offsetMinutes: number): string {
  const d = new Date((time + offsetMinutes * 60) * 1000);
  const zone = Math.abs(offsetMinutes);
  return (
    `${pad(d.getUTCDate())}/${MONTHS[d.getUTCMonth()]!}/${pad(d.getUTCFullYear(), 4)}:` +
    `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())} ` +
    `${offsetMinutes < 0 ? '-' : '+'}${pad(Math.floor(zone / 60))}${pad(zone % 60)}`
  );
}

const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:?\d{2})$/;

/** ISO 8601 with a zone (`$time_iso8601`, JSON exports), or NaN; a zoneless time is refused. */
export function parseIsoTime(text: string): number {
  if (!ISO.test(text)) return NaN;
  return Math.floor(Date.parse(text) / 1000);
}

/**
 * Epoch time as a number in whatever unit an export uses: seconds, milliseconds, microseconds
 * or nanoseconds (Cloudflare's EdgeStartTimestamp), told apart by magnitude (valid 1973…5138).
 */
export function epochSecondsOf(value: number): number {
  if (!Number.isFinite(value) || value < 1e8) return NaN;
  if (value >= 1e17) return Math.floor(value / 1e9);
  if (value >= 1e14) return Math.floor(value / 1e6);
  if (value >= 1e11) return Math.floor(value / 1e3);
  return Math.floor(value);
}
