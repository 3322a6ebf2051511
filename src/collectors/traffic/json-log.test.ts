import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createJsonLogFormat, DEFAULT_JSON_FIELDS } from './json-log.js';
import { createLogFields } from './log-fields.js';

describe('createJsonLogFormat', () => {
  const format = createJsonLogFormat(DEFAULT_JSON_FIELDS);
  const fields = createLogFields();

  it('reads Cloudflare-style records with nanosecond or ISO timestamps', () => {
    // Nanoseconds as Cloudflare writes them: more digits than a double holds exactly.
    const line = JSON.stringify({
      ClientIP: '2a03:32c0::1',
      EdgeStartTimestamp: 1641378600123456000,
      EdgeResponseStatus: 200,
      ClientRequestUserAgent: 'Mozilla/5.0 (iPhone) Mobile/15E148',
    });
    assert.equal(format.parse(line, fields), null);
    assert.equal(fields.time, 1641378600);
    assert.equal(fields.text.slice(fields.addrFrom, fields.addrTo), '2a03:32c0::1');
    assert.equal(
      fields.text.slice(fields.userAgentFrom, fields.userAgentTo),
      'Mozilla/5.0 (iPhone) Mobile/15E148',
    );
    const iso = createJsonLogFormat({ addr: 'client.ip', time: 'ts' });
    assert.equal(
      iso.parse('{"client":{"ip":"1.2.3.4"},"ts":"2022-01-05T16:30:00+06:00"}', fields),
      null,
    );
    assert.equal(fields.time, 1641378600);
  });

  it('refuses what is not a record, misses a field or has a bad value', () => {
    assert.equal(format.parse('{"ClientIP":', fields), 'bad_json');
    assert.equal(format.parse('[1]', fields), 'bad_json');
    assert.equal(format.parse('{"ClientIP":"1.2.3.4"}', fields), 'missing_field');
    assert.equal(
      format.parse('{"ClientIP":"1.2.3.4","EdgeStartTimestamp":"2022-01-05 10:00"}', fields),
      'bad_time',
    );
    assert.equal(
      format.parse(
        '{"ClientIP":"1.2.3.4","EdgeStartTimestamp":1641378600,"EdgeResponseStatus":"ok"}',
        fields,
      ),
      'bad_status',
    );
  });
});
