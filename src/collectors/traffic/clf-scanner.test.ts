import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { formatIpv4 } from '../../geo/ip.js';
import { createClfScanner, type ClfPreset } from './clf-scanner.js';
import {
  clientRange,
  createClientAddress,
  createLogFields,
  isMobileUserAgent,
  parseClientAddress,
} from './log-fields.js';
import { compileLogFormat } from './log-format.js';
import { formatClfTime } from './log-time.js';

const fields = createLogFields();
const addr = createClientAddress();

/** What the general scanner makes of a line: null when refused. */
function general(preset: ClfPreset, line: string) {
  if (compileLogFormat(preset).parse(line, fields) !== null) return null;
  const [from, to] = clientRange(fields.text, fields, false);
  if (!parseClientAddress(fields.text, from, to, addr) || addr.family !== 4) return null;
  return {
    ipv4: addr.v4,
    time: fields.time,
    mobileAgent: isMobileUserAgent(fields.text, fields.userAgentFrom, fields.userAgentTo),
  };
}

function fast(preset: ClfPreset, line: string) {
  const out = { ipv4: -1, time: NaN, mobileAgent: false };
  const bytes = Buffer.from(line, 'latin1');
  // Bytes after the line must not be read as part of it.
  const padded = Buffer.concat([bytes, Buffer.from('\n1.2.3.4 - - "Mobi" \\ ]')]);
  return createClfScanner(preset).scan(padded, 0, bytes.length, out) ? out : null;
}

/** Characters that matter to the scanners, and some that do not. */
const piece = (alphabet: string, maxLength = 12) =>
  fc.array(fc.constantFrom(...alphabet), { maxLength }).map((chars) => chars.join(''));
const text = piece('ab "\\-[]:/+0123456789.MobiOpera Mini\t', 20);

const address = fc.oneof(
  { arbitrary: fc.integer({ min: 0, max: 0xffffffff }).map(formatIpv4), weight: 8 },
  fc.constantFrom('01.2.3.4', '1.2.3.256', '1.2.3', '::ffff:1.2.3.4', '2001:db8::1', '-', ''),
  piece('0123456789.', 16),
);
const time = fc.oneof(
  {
    weight: 8,
    arbitrary: fc
      .tuple(
        fc.integer({ min: 0, max: 4e9 }),
        fc.integer({ min: -900, max: 900 }).map((m) => m - (m % 15)),
      )
      .map(([t, zone]) => formatClfTime(t, zone)),
  },
  fc.constantFrom(
    '31/Feb/2022:00:00:00 +0000',
    '05/Jan/2022:24:00:00 +0000',
    '05/Jan/2022:10:00:00 0000',
  ),
  piece('0123456789/:+- JanFebMay', 30),
);
const agent = fc.oneof(text, {
  weight: 3,
  arbitrary: fc.constantFrom(
    'Mozilla/5.0 (iPhone) Mobile/15E148',
    'Opera/9.80 (J2ME/MIDP; Opera Mini/9)',
    'MobiOpera Mini',
    'curl/8',
  ),
});
const line = fc
  .record({
    address,
    user: fc.constantFrom('-', '-', '-', '-', 'bob', '- x', ''),
    time,
    request: fc.oneof(
      { arbitrary: fc.constantFrom('GET / HTTP/1.1', 'GET /a\\" b HTTP/1.1', ''), weight: 3 },
      text,
    ),
    status: fc.oneof(
      fc.constantFrom('200', '404', '599', '600', '099', '20'),
      piece('0123456789x', 4),
    ),
    body: fc.oneof({ arbitrary: fc.constantFrom('0', '1234', '-'), weight: 3 }, text),
    referer: fc.oneof({ arbitrary: fc.constantFrom('-', 'https://x/'), weight: 3 }, text),
    agent,
    tail: fc.constantFrom('', '', '', '', '', ' ', '\t', 'x', '"'),
  })
  .map(
    (r) =>
      `${r.address} - ${r.user} [${r.time}] "${r.request}" ${r.status} ${r.body} "${r.referer}" "${r.agent}"${r.tail}`,
  );
/** Lines as servers write them, then the same with one character changed. */
const clean = fc
  .record({
    ip: fc.integer({ min: 0, max: 0xffffffff }),
    time: fc.integer({ min: 0, max: 4e9 }),
    request: fc.constantFrom('GET / HTTP/1.1', 'POST /api?a="b" HTTP/1.0', ''),
    status: fc.integer({ min: 100, max: 599 }),
    agent,
  })
  .map(
    (r) =>
      `${formatIpv4(r.ip)} - - [${formatClfTime(r.time, -300)}] "${r.request}" ${r.status} 0 "-" "${r.agent}"`,
  );
const mutate = (lines: fc.Arbitrary<string>) =>
  fc
    .tuple(lines, fc.nat(), fc.constantFrom('', '"', '\\', ' ', ']', 'x', '0', '\u00e9'))
    .map(([l, at, c]) => l.slice(0, at % (l.length + 1)) + c + l.slice((at % (l.length + 1)) + 1));
const lines = fc.oneof(clean, line, mutate(clean), mutate(line), text);

describe('createClfScanner', () => {
  for (const preset of ['combined', 'common'] as const) {
    it(`${preset}: accepts only what the general scanner accepts, with the same address, time and flag`, () => {
      let taken = 0;
      fc.assert(
        fc.property(lines, (l) => {
          const quick = fast(preset, l);
          if (quick === null) return;
          taken++;
          assert.deepEqual(quick, general(preset, l), l);
        }),
        { numRuns: 3000 },
      );
      assert.ok(taken > 100, `the fast path took only ${taken} lines`);
    });
  }

  it('takes the usual lines: server-written quads, dashes, plain quoted fields', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 0xffffffff }),
        fc.integer({ min: 0, max: 4e9 }),
        fc.constantFrom(
          'Mozilla/5.0 (iPhone) Mobile/15E148',
          'Mozilla/5.0 (X11)',
          'Opera Mini/9',
          '',
        ),
        (ip, t, ua) => {
          const l = `${formatIpv4(ip)} - - [${formatClfTime(t, 360)}] "GET /x?a=1 HTTP/1.1" 304 0 "https://e.kz/" "${ua}"`;
          assert.deepEqual(fast('combined', l), {
            ipv4: ip,
            time: t,
            mobileAgent: ua.includes('Mobi') || ua.includes('Opera Mini'),
          });
          assert.deepEqual(fast('common', l.slice(0, l.indexOf(' "https'))), {
            ipv4: ip,
            time: t,
            mobileAgent: false,
          });
        },
      ),
    );
  });
});
