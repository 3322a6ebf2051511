import assert from 'node:assert/strict';
import { copyFile, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'node:test';
import { loadRangeCsv, type GeoIssue } from './load-range-csv.js';

const fixture = (name: string) =>
  fileURLToPath(new URL(`../../test/fixtures/geo/${name}`, import.meta.url));

describe('loadRangeCsv', () => {
  it('loads the numeric, dotted and gzipped forms of one table to the same rows', async () => {
    const numeric = await loadRangeCsv(fixture('asn-ipv4-num.csv'), { kind: 'asn' });
    const dotted = await loadRangeCsv(fixture('asn-ipv4.csv'), { kind: 'asn' });
    const gzipped = await loadRangeCsv(fixture('asn-ipv4-num.csv.gz'), { kind: 'asn' });
    assert.equal(numeric.family, 4);
    assert.equal(numeric.records, 12);
    assert.equal(numeric.malformed, 0);
    assert.deepEqual(dotted.rows, numeric.rows);
    assert.deepEqual(gzipped.rows, numeric.rows);
    assert.equal(numeric.rows.starts[4], 0x02840000);
    assert.equal(numeric.names.get(201907), 'LLC "SPUTNIK"');
    assert.equal(numeric.names.get(13335), 'Cloudflare, Inc.');
  });

  it('loads IPv6 tables in both forms', async () => {
    const numeric = await loadRangeCsv(fixture('asn-ipv6-num.csv'), { kind: 'asn' });
    const dotted = await loadRangeCsv(fixture('asn-ipv6.csv'), { kind: 'asn' });
    assert.equal(numeric.family, 6);
    assert.deepEqual(dotted.rows, numeric.rows);
    assert.equal(numeric.rows.ends.at(-1), (1n << 128n) - 1n);
  });

  it('reports each malformed line with file, line and reason, and keeps the good ones', async () => {
    const path = fixture('malformed-asn-ipv4.csv');
    const seen: GeoIssue[] = [];
    const table = await loadRangeCsv(path, { kind: 'asn', onIssue: (issue) => seen.push(issue) });
    assert.equal(table.lines, 10);
    assert.equal(table.records, 2);
    assert.equal(table.malformed, 7);
    assert.deepEqual(table.issues, seen);
    assert.deepEqual(
      seen.map((issue) => [issue.line, issue.reason]),
      [
        [3, 'start is not an IPv4 address: "start"'],
        [4, 'end is before start'],
        [5, 'expected start,end,asn,name'],
        [6, 'ASN is not a number: "AS64496"'],
        [7, 'start is not an IPv4 address: "4294967296"'],
        [8, 'organisation name has unbalanced quotes'],
        [10, 'start is not an IPv4 address: "01.0.12.0"'],
      ],
    );
    assert.equal(seen[0]?.path, path);
    assert.equal(seen[0]?.text, 'start,end,asn,name');
  });

  it('names the missing file in one clear error', async () => {
    await assert.rejects(loadRangeCsv('/nonexistent/geo/asn-ipv4.csv', { kind: 'asn' }), {
      name: 'NightlightError',
      kind: 'not_found',
      message:
        'Cannot read geo table /nonexistent/geo/asn-ipv4.csv: ENOENT no such file or directory',
    });
  });

  it('names a corrupt gzip file in one clear error', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'nightlight-geo-'));
    const path = join(dir, 'asn-ipv4.csv.gz');
    await copyFile(fixture('asn-ipv4.csv'), path);
    await assert.rejects(loadRangeCsv(path, { kind: 'asn' }), {
      kind: 'bad_input',
      message: `Cannot read geo table ${path}: Z_DATA_ERROR incorrect header check`,
    });
  });

  it('refuses a table without a single valid line, quoting the first problem', async () => {
    await assert.rejects(loadRangeCsv(fixture('country-ipv4-num.csv'), { kind: 'asn' }), {
      kind: 'bad_input',
      message: `Cannot load geo table ${fixture('country-ipv4-num.csv')}: no valid line, the first problem is ${fixture('country-ipv4-num.csv')}:1: ASN is not a number: "AU"`,
    });
  });

  it('tells the family from the name, else from the first line, else asks', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'nightlight-geo-'));
    const dotted = join(dir, 'table.csv');
    await writeFile(dotted, '2001:db8::,2001:db8::ff,NL\n');
    assert.equal((await loadRangeCsv(dotted, { kind: 'country' })).family, 6);
    const numeric = join(dir, 'numbers.csv');
    await writeFile(numeric, '16777216,16777471,AU\n');
    assert.equal((await loadRangeCsv(numeric, { kind: 'country' })).family, 4);
    const numeric6 = join(dir, 'numbers6.csv');
    await writeFile(
      numeric6,
      '42540766411282592856903984951653826560,42540766411282592875350729025363378175,NL\n',
    );
    assert.equal((await loadRangeCsv(numeric6, { kind: 'country' })).family, 6);
    const unknown = join(dir, 'garbage.csv');
    await writeFile(unknown, 'start,end,country\n');
    await assert.rejects(loadRangeCsv(unknown, { kind: 'country' }), {
      message: `Cannot tell the address family of geo table ${unknown}: put ipv4 or ipv6 in its name or pass the family`,
    });
  });

  it('reports progress up to the file size', async () => {
    const calls: number[] = [];
    const table = await loadRangeCsv(fixture('asn-ipv4-num.csv'), {
      kind: 'asn',
      onBytes: (bytes) => calls.push(bytes),
    });
    assert.equal(calls.at(-1), table.bytes);
    assert.ok(table.bytes > 0);
  });
});
