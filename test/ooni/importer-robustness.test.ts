/**
 * The importer against hostile and odd input: any JSON value in any field of a real
 * measurement, random lines, and the archive layouts (JSON lines, gzip) giving the same
 * verdicts as the single files.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { describe, it } from 'node:test';
import { gzipSync } from 'node:zlib';
import fc from 'fast-check';
import type { Input } from '../../src/collectors/input/open-input.js';
import { openInput } from '../../src/collectors/input/open-input.js';
import { defaultFingerprints } from '../../src/collectors/ooni/fingerprints.js';
import { parseMeasurement, type ParsedRecord } from '../../src/collectors/ooni/measurement.js';
import { readOoniRecords } from '../../src/collectors/ooni/read-measurements.js';
import { ingestOoni } from '../../src/collectors/ooni/ingest-ooni.js';
import { openStore } from '../../src/store/open-store.js';
import { scoreMeasurement } from '../../src/collectors/ooni/score-measurement.js';

const measurements = join(import.meta.dirname, '../fixtures/ooni/measurements');
const qa = join(import.meta.dirname, '../fixtures/ooni/qa');
const SAMPLES = [
  join(measurements, 'web_connectivity_ir_fp.json'),
  join(measurements, 'whatsapp.json'),
  join(measurements, 'telegram_nourl.json'),
  join(measurements, 'signal_679.json'),
  join(measurements, 'tor.json'),
  join(measurements, 'facebook_messenger_example_IT_2016.json'),
  join(measurements, 'bug_351.json'),
  join(qa, 'dnsBlockingBOGON.json'),
  join(qa, 'httpDiffWithConsistentDNS.json'),
];
const samples = SAMPLES.map(
  (path) => JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>,
);
const place = { file: 'mutated', record: 1, offset: 0 };
const noAccess = () => 'unknown' as const;

function inputOf(text: string): Input {
  return {
    name: 'memory',
    compression: 'none',
    size: text.length,
    stream: Readable.from([Buffer.from(text)]),
    bytesRead: () => 0,
  };
}

async function collect(input: Input): Promise<ParsedRecord[]> {
  const out: ParsedRecord[] = [];
  for await (const record of readOoniRecords(input)) out.push(record);
  return out;
}

/** Every path to an object field in a value, e.g. ['test_keys', 'queries', 0, 'answers']. */
function paths(
  value: unknown,
  prefix: (string | number)[] = [],
  out: (string | number)[][] = [],
): (string | number)[][] {
  if (out.length > 4000) return out;
  if (Array.isArray(value)) value.forEach((item, i) => paths(item, [...prefix, i], out));
  else if (typeof value === 'object' && value !== null)
    for (const [key, item] of Object.entries(value)) {
      out.push([...prefix, key]);
      paths(item, [...prefix, key], out);
    }
  return out;
}

function replaced(
  value: unknown,
  path: readonly (string | number)[],
  replacement: unknown,
): unknown {
  if (path.length === 0) return replacement;
  const [head, ...rest] = path as [string | number, ...(string | number)[]];
  const copy = (
    Array.isArray(value) ? [...(value as unknown[])] : { ...(value as object) }
  ) as Record<string | number, unknown>;
  copy[head] = replaced(copy[head], rest, replacement);
  return copy;
}

describe('OONI importer robustness', () => {
  it('never throws, whatever JSON value sits in whatever field of a real measurement', () => {
    const cases = samples.map((sample) => ({ sample, paths: paths(sample) }));
    fc.assert(
      fc.property(
        fc.nat({ max: cases.length - 1 }),
        fc.nat(),
        fc.jsonValue(),
        (which, pick, value) => {
          const { sample, paths: all } = cases[which]!;
          const path = all[pick % all.length] ?? [];
          const parsed = parseMeasurement(replaced(sample, path, value), place);
          if (parsed.ok) scoreMeasurement(parsed.measurement, defaultFingerprints(), noAccess);
          else assert.match(parsed.issue.reason, /\S/);
        },
      ),
      { numRuns: 1500, seed: 5 },
    );
  });

  it('never throws on any JSON value as a whole record', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const parsed = parseMeasurement(value, place);
        if (parsed.ok) scoreMeasurement(parsed.measurement, defaultFingerprints(), noAccess);
      }),
      { numRuns: 500, seed: 7 },
    );
  });

  it('yields one result per line of random text, each bad one with its line number', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.oneof(fc.string(), fc.json()), { maxLength: 20 }),
        async (lines) => {
          const text = [
            JSON.stringify(samples[1]),
            ...lines.map((l) => l.replaceAll(/[\r\n]/g, ' ')),
          ].join('\n');
          const records = await collect(inputOf(text));
          assert.equal(records.length, 1 + lines.filter((l) => l.trim() !== '').length);
          for (const record of records) if (!record.ok) assert.ok(record.issue.place.record >= 1);
        },
      ),
      { numRuns: 200, seed: 11 },
    );
  });

  it('reads JSON lines and gzip of them exactly as the single files, and reports AS0', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'nightlight-ooni-'));
    const zero = { ...samples[2], probe_asn: 'AS0' };
    const lines = [
      ...samples.map((s) => JSON.stringify(s)),
      JSON.stringify(zero),
      '{"broken',
      '',
    ].join('\n');
    writeFileSync(join(dir, 'archive.jsonl'), lines);
    writeFileSync(join(dir, 'archive.jsonl.gz'), gzipSync(lines));
    const single = await Promise.all(
      SAMPLES.map(async (path) => (await collect(await openInput(path)))[0]),
    );
    for (const name of ['archive.jsonl', 'archive.jsonl.gz']) {
      const records = await collect(await openInput(join(dir, name)));
      assert.equal(records.length, SAMPLES.length + 2);
      const verdicts = (r: ParsedRecord | undefined) =>
        r?.ok === true
          ? scoreMeasurement(r.measurement, defaultFingerprints(), noAccess).verdicts
          : r;
      for (const [i, record] of single.entries())
        assert.deepEqual(verdicts(records[i]), verdicts(record), `${name} record ${i + 1}`);
      const [asZero, broken] = records.slice(SAMPLES.length);
      assert.ok(asZero?.ok === false && broken?.ok === false);
      assert.equal(asZero.issue.kind, 'probe_asn_zero');
      assert.deepEqual(
        [asZero.issue.place.file, asZero.issue.place.record],
        [join(dir, name), SAMPLES.length + 1],
      );
      assert.equal(broken.issue.kind, 'unreadable');
      assert.match(broken.issue.reason, /^invalid JSON: /);
    }
  });

  it('reads the old YAML reports: header plus entries, test names kept', async () => {
    const records = await collect(await openInput(join(measurements, 'binary_city.yaml')));
    assert.equal(records.length, 1);
    const [record] = records;
    assert.ok(record?.ok === true);
    assert.deepEqual(
      [
        record.measurement.testName,
        record.measurement.probeCc,
        record.measurement.probeAsn,
        record.measurement.input,
      ],
      ['http_requests', 'IS', 51896, 'http://666games.net'],
    );
  });

  it('reports a corrupt gzip file as one issue and ingests the other files', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'nightlight-ooni-'));
    const corrupt = join(dir, 'corrupt.jsonl.gz');
    writeFileSync(
      corrupt,
      Buffer.concat([gzipSync(JSON.stringify(samples[0])).subarray(0, 30), Buffer.alloc(50, 7)]),
    );
    const store = await openStore('memory:');
    const issues: string[] = [];
    const report = await ingestOoni({
      files: [corrupt, SAMPLES[1]!],
      store,
      source: 'ooni-test',
      stepSeconds: 3600,
      fingerprints: defaultFingerprints(),
      accessOf: noAccess,
      detect: () => [],
      now: () => 0,
      onIssue: (issue) => issues.push(`${issue.place.file}: ${issue.kind}`),
    });
    assert.deepEqual(issues, [`${corrupt}: unreadable`]);
    assert.equal(report.measurements, 1);
    assert.deepEqual(report.verdicts, { whatsapp: { ok: 1 } });
    assert.ok((await store.listSeries({ entity: 'asn/6830' })).length > 0);
    await store.close();
  });
});
