import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseIodaDocument } from './parse-ioda.js';
import {
  parseCsvHeader,
  parseCsvLine,
  parseJsonLine,
  type CsvHeader,
} from './parse-series-lines.js';

const defaults = { source: 'kz.csv', stepSeconds: 300 };

describe('series lines', () => {
  const header = parseCsvHeader('time,entity,signal,value,coverage') as CsvHeader;

  it('reads CSV rows, flooring time to the bin, empty values unknown', () => {
    assert.deepEqual(
      parseCsvLine('2022-01-05T10:31:10Z,asn/AS9198,traffic.requests,120,1', header, defaults),
      {
        point: {
          entity: 'asn/9198',
          signal: 'traffic.requests',
          source: 'kz.csv',
          bin: 1641378600,
          value: 120,
          coverage: 1,
        },
      },
    );
    assert.deepEqual(parseCsvLine('1641378600,country/kz,traffic.requests,,', header, defaults), {
      point: {
        entity: 'country/KZ',
        signal: 'traffic.requests',
        source: 'kz.csv',
        bin: 1641378600,
        value: null,
        coverage: 0,
      },
    });
    assert.equal(parseCsvLine('  ', header, defaults), null);
  });

  it('refuses bad rows with a reason', () => {
    const bad = [
      '2022-01-05T10:31:10,country/KZ,x,1',
      'yesterday,country/KZ,x,1',
      '1641378600,KZ,x,1',
      '1641378600,country/KZ,x,lots',
      '1641378600,country/KZ,bad name!,1',
      '1641378600,country/KZ,x,1,7',
    ];
    for (const line of bad) {
      const result = parseCsvLine(line, header, defaults);
      assert.ok(result !== null && 'issue' in result, line);
    }
  });

  it('needs the four columns in the header', () => {
    assert.ok('issue' in parseCsvHeader('time,entity,value'));
    assert.ok('columns' in parseCsvHeader('signal,VALUE,entity,time,source'));
  });

  it('reads JSON lines with their own source', () => {
    assert.deepEqual(
      parseJsonLine(
        '{"time":"2022-01-05T10:30:00Z","entity":"asn/9198","signal":"s","value":null,"source":"x"}',
        defaults,
      ),
      {
        point: {
          entity: 'asn/9198',
          signal: 's',
          source: 'x',
          bin: 1641378600,
          value: null,
          coverage: 0,
        },
      },
    );
    assert.ok('issue' in parseJsonLine('{"time":1,"entity":"asn/9198","signal":"s"}', defaults)!);
    assert.ok(
      'issue' in
        parseJsonLine('{"time":1,"entity":"asn/9198","signal":"s","value":[1]}', defaults)!,
    );
    assert.ok('issue' in parseJsonLine('not json', defaults)!);
  });
});

describe('IODA signals/raw', () => {
  const series = (extra: Record<string, unknown>) => ({
    entityType: 'country',
    entityCode: 'KZ',
    entityName: 'Kazakhstan',
    datasource: 'ping-slash24',
    subtype: '',
    from: 1641378600,
    until: 1641380400,
    step: 600,
    nativeStep: 600,
    values: [100, null, 5],
    ...extra,
  });

  it('turns each value into the bin from + i·step, null unknown', () => {
    const result = parseIodaDocument(
      {
        type: 'signals',
        error: null,
        data: [
          [
            series({}),
            series({ entityType: 'asn', entityCode: '9198', datasource: 'bgp', subtype: '' }),
          ],
        ],
      },
      'ioda',
    );
    assert.deepEqual(result.issues, []);
    assert.equal(result.series, 2);
    assert.deepEqual(result.points.slice(0, 3), [
      {
        entity: 'country/KZ',
        signal: 'ioda.ping-slash24',
        source: 'ioda:ping-slash24',
        bin: 1641378600,
        value: 100,
        coverage: 1,
      },
      {
        entity: 'country/KZ',
        signal: 'ioda.ping-slash24',
        source: 'ioda:ping-slash24',
        bin: 1641379200,
        value: null,
        coverage: 0,
      },
      {
        entity: 'country/KZ',
        signal: 'ioda.ping-slash24',
        source: 'ioda:ping-slash24',
        bin: 1641379800,
        value: 5,
        coverage: 1,
      },
    ]);
    assert.equal(result.points[3]!.entity, 'asn/9198');
    assert.equal(result.points[3]!.signal, 'ioda.bgp');
  });

  it('reports numeric regions, nested values and broken series, keeping the rest', () => {
    const result = parseIodaDocument(
      {
        data: [
          [
            series({ entityType: 'region', entityCode: '1473' }),
            series({ datasource: 'ping-slash24-loss', values: [[{ agg_values: {} }]] }),
            series({ step: 0 }),
            series({ datasource: 'gtr', subtype: 'WEB_SEARCH' }),
          ],
        ],
      },
      'ioda',
    );
    assert.deepEqual(
      result.issues.map((i) => i.series),
      [1, 2, 3],
    );
    assert.equal(result.points.length, 3);
    assert.equal(result.points[0]!.source, 'ioda:gtr:WEB_SEARCH');
  });

  it('refuses a document that is not an IODA envelope', () => {
    assert.equal(parseIodaDocument({ data: [1] }, 'ioda').issues.length, 1);
  });
});
