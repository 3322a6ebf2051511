/**
 * The fast path for the two predefined formats, `combined` and `common`: one pass over the
 * line's bytes in the read buffer (no string per line) that takes the IPv4 client as a uint32,
 * the time through a per-second cache, and the mobile-user-agent test, for lines of the usual
 * shape (`1.2.3.4 - - [time] "…" 200 …`, no backslash in a quoted field, nothing after the
 * last quote). Any other line, valid or not, answers false and goes to the general scanner
 * (log-format.ts), which decides it exactly as before: the fast path only accepts lines the
 * general scanner accepts with the same address, time and flag (a property test checks it).
 */
import { clfTimeOfBytes } from './log-time.js';

export type ClfPreset = 'combined' | 'common';

/** What the fast path takes from an accepted line. */
export interface ScannedLine {
  ipv4: number;
  time: number;
  mobileAgent: boolean;
}

export interface ClfScanner {
  /**
   * Scans bytes[start, end) (no newline, no trailing CR). True when the line is accepted and
   * `out` filled; false when the general scanner must decide.
   */
  scan(bytes: Buffer, start: number, end: number, out: ScannedLine): boolean;
}

const [SPACE, QUOTE, DASH, DOT, BACKSLASH, OPEN_BRACKET, CLOSE_BRACKET] = [
  32, 34, 45, 46, 92, 91, 93,
];

/** "Mobi" or "Opera Mini", as isMobileUserAgent (log-fields.ts) tests the text. */
const [MOBI, OPERA_MINI] = [createSearch('Mobi'), createSearch('Opera Mini')];

export function createClfScanner(preset: ClfPreset): ClfScanner {
  const withAgent = preset === 'combined';
  return {
    scan(b, start, end, out) {
      // The client: a strict dotted quad (no leading zeros), then ` - - [`.
      let p = start;
      let ip = 0;
      for (let k = 0; k < 4; k++) {
        let c = b[p]! - 48;
        if (!(c >= 0 && c <= 9)) return false;
        let part = c;
        p++;
        if (part !== 0) {
          c = b[p]! - 48;
          if (c >= 0 && c <= 9) {
            part = part * 10 + c;
            c = b[++p]! - 48;
            if (c >= 0 && c <= 9) {
              part = part * 10 + c;
              p++;
            }
          }
        }
        if (part > 255) return false;
        ip = ip * 256 + part;
        if (k < 3 && b[p++] !== DOT) return false;
      }
      if (
        b[p] !== SPACE ||
        b[p + 1] !== DASH ||
        b[p + 2] !== SPACE ||
        b[p + 3] !== DASH ||
        b[p + 4] !== SPACE ||
        b[p + 5] !== OPEN_BRACKET
      )
        return false;
      // The time: 26 bytes, then `] "`.
      const t = p + 6;
      if (t + 29 >= end || b[t + 26] !== CLOSE_BRACKET || b[t + 27] !== SPACE) return false;
      if (b[t + 28] !== QUOTE) return false;
      const time = clfTimeOfBytes(b, t);
      if (Number.isNaN(time)) return false;
      // The request, up to the first `" `: here the first quote (memchr), unless escaped.
      p = b.indexOf(QUOTE, t + 29);
      if (p < 0 || p + 5 >= end || b[p + 1] !== SPACE || b[p - 1] === BACKSLASH) return false;
      // The status: three digits, 100…599, then a space.
      const s0 = b[p + 2]! - 48;
      const s1 = b[p + 3]! - 48;
      const s2 = b[p + 4]! - 48;
      if (!(s0 >= 1 && s0 <= 5 && s1 >= 0 && s1 <= 9 && s2 >= 0 && s2 <= 9)) return false;
      if (b[p + 5] !== SPACE) return false;
      out.ipv4 = ip;
      out.time = time;
      out.mobileAgent = false;
      // `common` ends with the body size: whatever is left of the line.
      if (!withAgent) return true;
      // The body size, up to the first ` "`.
      p += 6;
      for (;;) {
        if (p + 1 >= end) return false;
        if (b[p] === SPACE && b[p + 1] === QUOTE) break;
        p++;
      }
      // The referer, up to the first `" "`.
      p += 2;
      for (;;) {
        if (p + 2 >= end) return false;
        const c = b[p]!;
        if (c === QUOTE && b[p + 1] === SPACE && b[p + 2] === QUOTE) break;
        if (c === BACKSLASH) return false;
        p++;
      }
      // The user agent: up to the first quote, which must end the line (memchr finds it).
      p += 3;
      const q = b.indexOf(QUOTE, p);
      if (q !== end - 1 || b[q - 1] === BACKSLASH) return false;
      const mobile = MOBI.foundIn(b, p, q) || OPERA_MINI.foundIn(b, p, q);
      out.mobileAgent = mobile;
      return true;
    },
  };
}

/**
 * Boyer-Moore-Horspool for a short ASCII needle: it reads about one byte in (needle length)
 * of the haystack, where a native search would cost a call per line.
 */
function createSearch(needle: string) {
  const n = needle.length;
  const bytes = Uint8Array.from(needle, (c) => c.charCodeAt(0));
  const shift = new Uint8Array(256).fill(n);
  for (let i = 0; i < n - 1; i++) shift[bytes[i]!] = n - 1 - i;
  const last = bytes[n - 1]!;
  return {
    /** Whether the needle lies within b[from, to). */
    foundIn(b: Uint8Array, from: number, to: number): boolean {
      for (let i = from + n - 1; i < to;) {
        const c = b[i]!;
        if (c === last) {
          let k = 1;
          while (k < n && b[i - k] === bytes[n - 1 - k]) k++;
          if (k === n) return true;
        }
        i += shift[c]!;
      }
      return false;
    },
  };
}
