import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isAccessType } from '../model/access.js';
import { accessTypeFromName, loadAccessTypes, parseAccessTypes } from './access-types.js';

describe('the shipped access-types.csv', () => {
  it('parses, and types the largest Kazakh networks as the reference does', async () => {
    const table = await loadAccessTypes();
    const typeOf = (asn: number) => table.classify(asn, null).accessType;
    assert.equal(typeOf(9198), 'fixed'); // Kazakhtelecom
    assert.equal(typeOf(29355), 'mobile'); // Kcell
    assert.equal(typeOf(21299), 'mixed'); // Kar-Tel (Beeline KZ)
    assert.equal(typeOf(48503), 'mobile'); // Tele2/Altel
    assert.equal(typeOf(35104), 'mobile'); // Jusan Mobile
    assert.equal(typeOf(13335), 'content');
    for (const entry of table.entries.values()) {
      assert.ok(isAccessType(entry.accessType));
      assert.match(entry.source, /^(kz-reference|caida-as2types-20210401|well-known): /);
    }
  });
});

describe('accessTypeFromName', () => {
  it('types names by their words, and leaves doubtful ones alone', () => {
    assert.equal(accessTypeFromName('T-Mobile USA, Inc.'), 'mobile');
    assert.equal(accessTypeFromName('MobMir TOO "Freedom Mobile"'), 'mobile');
    assert.equal(accessTypeFromName('Cellco Partnership'), 'mobile');
    assert.equal(accessTypeFromName('LLP "Kompaniya Hoster.KZ"'), 'content');
    assert.equal(accessTypeFromName('Freedom Data Centers LLP'), 'content');
    assert.equal(accessTypeFromName('Cloud Services Kazakhstan'), 'content');
    assert.equal(accessTypeFromName('Modern Server Solutions LLP'), 'content');
    assert.equal(accessTypeFromName('JSC Kazakhtelecom'), null);
    assert.equal(accessTypeFromName('Exxon Mobil Corporation'), null);
    assert.equal(accessTypeFromName('Rural Wireless Internet LLC'), null);
    assert.equal(accessTypeFromName('HostLab LLC'), null);
    assert.equal(accessTypeFromName('Mobile Cloud Ltd'), null); // both: no guess
  });
});

describe('parseAccessTypes', () => {
  const header = 'asn,access_type,name,source\n';

  it('prefers the curated row, then the name rule, else unknown', () => {
    const table = parseAccessTypes(
      `${header}64500,fixed,"Example Mobile, Inc.",test: curated\n`,
      'x.csv',
    );
    assert.deepEqual(table.classify(64500, 'Example Mobile, Inc.'), {
      accessType: 'fixed',
      source: 'curated',
    });
    assert.deepEqual(table.classify(64501, 'Example Mobile'), {
      accessType: 'mobile',
      source: 'name-rule',
    });
    assert.deepEqual(table.classify(64502, 'Example Telecom'), {
      accessType: 'unknown',
      source: null,
    });
    assert.deepEqual(table.classify(64503, null), { accessType: 'unknown', source: null });
  });

  it('refuses bad rows with file and line', () => {
    const bad: [string, string][] = [
      ['64500,mobil,A,test: x', 'Cannot parse access types x.csv:2: unknown access type "mobil"'],
      [
        'AS64500,mobile,A,test: x',
        'Cannot parse access types x.csv:2: ASN is not a number: "AS64500"',
      ],
      [
        '64500,mobile,A',
        'Cannot parse access types x.csv:2: expected 4 fields: asn,access_type,name,source',
      ],
      ['64500,mobile,A,', 'Cannot parse access types x.csv:2: every row needs a source'],
      [
        '64500,mobile,A,test: x\n64500,fixed,A,test: y',
        'Cannot parse access types x.csv:3: AS64500 is listed twice',
      ],
    ];
    for (const [rows, message] of bad) {
      assert.throws(() => parseAccessTypes(`${header}${rows}\n`, 'x.csv'), {
        kind: 'bad_config',
        message,
      });
    }
    assert.throws(() => parseAccessTypes('asn,type\n', 'x.csv'), /x.csv:1: expected the header/);
  });

  it('names a missing table', async () => {
    await assert.rejects(loadAccessTypes('/nonexistent/access-types.csv'), {
      message:
        'Cannot read access types /nonexistent/access-types.csv: ENOENT no such file or directory',
    });
  });
});
