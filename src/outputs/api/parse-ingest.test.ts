import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { parseIngest } from './parse-ingest.js';

const spec = () => undefined;

describe('parseIngest', () => {
  it('reads CSV with an optional header, aligns to the step, and reports bad lines by number', () => {
    const { points, issues } = parseIngest(
      'time,entity,signal,value,coverage,source\n2022-01-05T10:31:00Z,asn/AS9198,traffic.requests,12,0.5,probe-1\n2022-01-05T10:35:00Z,country/kz,traffic.requests,,\nbad,country/KZ,x,1\n2022-01-05T10:35:00Z,country/KZ,x,abc\n',
      'csv',
      spec,
      'api',
    );
    assert.deepEqual(points, [
      {
        entity: 'asn/9198',
        signal: 'traffic.requests',
        source: 'probe-1',
        bin: 1641378600,
        value: 12,
        coverage: 0.5,
      },
      {
        entity: 'country/KZ',
        signal: 'traffic.requests',
        source: 'api',
        bin: 1641378900,
        value: null,
        coverage: 0,
      },
    ]);
    assert.deepEqual(
      issues.map((i) => i.line),
      [4, 5],
    );
    assert.match(issues[1]!.message, /^Cannot read value: expected a number/);
  });

  it('reads JSON arrays and NDJSON', () => {
    const one = { time: 1641378900, entity: 'country/KZ', signal: 's', value: 1 };
    assert.equal(
      parseIngest(JSON.stringify([one, { ...one, entity: 'mars/1' }]), 'json', spec, 'api')
        .issues[0]!.line,
      2,
    );
    const nd = parseIngest(`${JSON.stringify(one)}\n{oops\n`, 'ndjson', spec, 'api');
    assert.equal(nd.points.length, 1);
    assert.deepEqual(
      nd.issues.map((i) => i.line),
      [2],
    );
  });

  it('never throws, and accounts for every non-empty line', () => {
    fc.assert(
      fc.property(fc.array(fc.string(), { maxLength: 20 }), (lines) => {
        const text = lines.map((l) => l.replace(/[\r\n]/g, '')).join('\n');
        const { points, issues } = parseIngest(text, 'csv', spec, 'api');
        const content = text
          .split('\n')
          .filter((l, i) => l.trim() !== '' && !(i === 0 && l.split(',')[0]?.trim() === 'time'));
        assert.equal(points.length + issues.length, content.length);
      }),
    );
  });
});
