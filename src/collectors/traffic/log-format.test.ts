import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { formatIpv4 } from '../../geo/ip.js';
import {
  clientRange,
  createClientAddress,
  createLogFields,
  isMobileUserAgent,
  LOG_ISSUES,
  parseClientAddress,
} from './log-fields.js';
import { compileLogFormat } from './log-format.js';
import { formatClfTime } from './log-time.js';

const combined = compileLogFormat('combined');
const fields = createLogFields();

function parsed(format: ReturnType<typeof compileLogFormat>, line: string, trust = false) {
  const issue = format.parse(line, fields);
  if (issue !== null) return issue;
  const [from, to] = clientRange(fields.text, fields, trust);
  const addr = createClientAddress();
  return {
    client: parseClientAddress(fields.text, from, to, addr) ? fields.text.slice(from, to) : null,
    time: fields.time,
    status: fields.status,
    userAgent:
      fields.userAgentFrom < 0 ? null : fields.text.slice(fields.userAgentFrom, fields.userAgentTo),
    mobile: isMobileUserAgent(fields.text, fields.userAgentFrom, fields.userAgentTo),
  };
}

describe('compileLogFormat', () => {
  it('reads a combined line with its zone, status and user agent', () => {
    const line =
      '2.132.0.1 - - [05/Jan/2022:16:30:00 +0600] "GET / HTTP/1.1" 200 612 "-" "Mozilla/5.0 (Linux; Android 11) Mobile Safari/537.36"';
    assert.deepEqual(parsed(combined, line), {
      client: '2.132.0.1',
      time: Date.parse('2022-01-05T10:30:00Z') / 1000,
      status: 200,
      userAgent: 'Mozilla/5.0 (Linux; Android 11) Mobile Safari/537.36',
      mobile: true,
    });
  });

  it('keeps escaped quotes inside quoted fields', () => {
    const line =
      '::ffff:5.76.0.1 - - [01/Mar/2024:00:00:00 -0130] "GET /a\\" b HTTP/1.1" 404 0 "-" "curl \\"x\\""';
    const result = parsed(combined, line);
    assert.notEqual(typeof result, 'string');
    assert.equal((result as { status: number }).status, 404);
    assert.equal((result as { userAgent: string }).userAgent, 'curl \\"x\\"');
    assert.equal((result as { time: number }).time, Date.parse('2024-03-01T01:30:00Z') / 1000);
  });

  it('reads common (no user agent) and a custom format with X-Forwarded-For', () => {
    const common = compileLogFormat('common');
    assert.equal(common.userAgents, false);
    assert.equal(
      typeof parsed(
        common,
        '10.0.0.1 - bob [10/Oct/2000:13:55:36 -0700] "GET / HTTP/1.0" 200 2326',
      ),
      'object',
    );
    const custom = compileLogFormat(
      '$remote_addr [$time_iso8601] $status "$http_x_forwarded_for" "$http_user_agent"',
    );
    const line =
      '10.0.0.2 [2022-01-05T10:30:00+00:00] 503 "198.51.100.7, 2.132.0.9" "Opera/9.80 (J2ME/MIDP; Opera Mini/9.80)"';
    const trusted = parsed(custom, line, true) as {
      client: string;
      mobile: boolean;
      status: number;
    };
    assert.equal(trusted.client, '2.132.0.9');
    assert.equal(trusted.mobile, true);
    assert.equal(trusted.status, 503);
    assert.equal((parsed(custom, line, false) as { client: string }).client, '10.0.0.2');
    const dash = line.replace('"198.51.100.7, 2.132.0.9"', '"-"');
    assert.equal((parsed(custom, dash, true) as { client: string }).client, '10.0.0.2');
  });

  it('names what is wrong with a line', () => {
    assert.equal(combined.parse('', fields), 'empty_line');
    assert.equal(
      combined.parse('1.2.3.4 - - [32/Jan/2022:00:00:00 +0000] "GET /" 200 1 "-" "x"', fields),
      'bad_time',
    );
    assert.equal(
      combined.parse('1.2.3.4 - - [01/Jan/2022:00:00:00 +0000] "GET /" 20x 1 "-" "x"', fields),
      'bad_status',
    );
    assert.equal(
      combined.parse(
        '1.2.3.4 - - [01/Jan/2022:00:00:00 +0000] "GET /" 200 1 "-" "unterminated',
        fields,
      ),
      'format_mismatch',
    );
    assert.throws(() => compileLogFormat('$remote_addr$status'), { kind: 'bad_config' });
    assert.throws(() => compileLogFormat('$status [$time_local]'), {
      kind: 'bad_config',
      message: /no \$remote_addr/,
    });
  });

  it('never crashes on random lines, and refuses each with a known reason', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 300 }), (line) => {
        const issue = combined.parse(line, fields);
        // Random text essentially never fits; a fit must at least carry a time.
        if (issue === null) assert.ok(Number.isFinite(fields.time));
        else assert.ok(LOG_ISSUES.includes(issue));
      }),
      { numRuns: 2000 },
    );
  });

  it('round-trips every valid record: encode in the format, parse, same fields', () => {
    const safeText = fc
      .string({ minLength: 1, maxLength: 60 })
      .map((s) => s.replace(/["\\\n\r]/g, 'x'));
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 0xffffffff }),
        fc.integer({ min: 0, max: 4102444800 }),
        fc.integer({ min: -720, max: 840 }).map((m) => m - (m % 15)),
        fc.integer({ min: 100, max: 599 }),
        safeText,
        safeText,
        (ip, time, zone, status, request, agent) => {
          const line = combined.encode({
            remote_addr: formatIpv4(ip),
            time_local: formatClfTime(time, zone),
            request,
            status: String(status),
            body_bytes_sent: '0',
            http_user_agent: agent,
          });
          assert.deepEqual(parsed(combined, line), {
            client: formatIpv4(ip),
            time,
            status,
            userAgent: agent,
            mobile: agent.includes('Mobi') || agent.includes('Opera Mini'),
          });
        },
      ),
      { numRuns: 1000 },
    );
  });
});
