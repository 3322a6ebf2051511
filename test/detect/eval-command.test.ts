/**
 * `nightlight eval` as a person runs it: seeded case directories written to disk, read back,
 * evaluated for Nightlight and the IODA method, with bad CSV lines reported and skipped.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { appendFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { readCaseDir, writeCaseDir } from '../../src/scenario/series/case-dir.js';
import { generateSeriesCase } from '../../src/scenario/series/generate-series-case.js';
import { SERIES_CASE_START, SERIES_CASES } from '../../src/scenario/series/series-cases.js';

const dir = mkdtempSync(join(tmpdir(), 'nightlight-eval-'));
const entry = join(import.meta.dirname, '../../src/cli/entry.ts');

function nightlight(args: string[]) {
  const result = spawnSync(
    process.execPath,
    ['--import', import.meta.resolve('tsx'), entry, ...args],
    {
      cwd: dir,
      encoding: 'utf8',
      env: { ...process.env, TZ: 'UTC' },
    },
  );
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

const spec = (name: string) => SERIES_CASES.find((c) => c.name === name)!;

describe('nightlight eval', () => {
  const blackout = join(dir, 'nationwide-blackout');
  const quiet = join(dir, 'quiet-week');
  writeCaseDir(blackout, generateSeriesCase(spec('nationwide-blackout'), 7, SERIES_CASE_START));
  writeCaseDir(quiet, generateSeriesCase(spec('quiet-week'), 8, SERIES_CASE_START));
  appendFileSync(join(quiet, 'series.csv'), 'not-a-time,country/ZZ,traffic.requests,5\n');

  it('round-trips a case directory (unknown values stay unknown)', () => {
    const generated = generateSeriesCase(spec('collector-outage'), 9, SERIES_CASE_START);
    const path = join(dir, 'collector-outage');
    writeCaseDir(path, generated);
    const read = readCaseDir(path);
    assert.deepEqual(read.problems, []);
    assert.deepEqual(read.labelled, generated.labelled);
    assert.equal(read.series.length, generated.series.length);
    const darknet = read.series.find(
      (s) => s.entity === 'country/ZZ' && s.signal === 'darknet.sources',
    )!;
    const original = generated.series.find(
      (s) => s.entity === 'country/ZZ' && s.signal === 'darknet.sources',
    )!;
    assert.equal(darknet.step, 300);
    assert.deepEqual(Array.from(darknet.values), Array.from(original.values));
    assert.ok(Number.isNaN(darknet.values[22 * 288]!));
  });

  it('finds the blackout and nothing in the quiet week, IODA beside it, in JSON', () => {
    const result = nightlight(['eval', blackout, quiet, '--json']);
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stderr, /series\.csv line \d+: Cannot parse time/);
    const report = JSON.parse(result.stdout) as {
      cases: {
        name: string;
        methods: Record<
          string,
          { evaluation: { found: number; detected: number; restorations: { found: number } } }
        >;
      }[];
      totals: Record<string, { recall: number; precision: number }>;
    };
    const [b, q] = report.cases;
    assert.equal(b!.name, 'nationwide-blackout');
    assert.equal(b!.methods.nightlight!.evaluation.found, 1);
    assert.ok(b!.methods.nightlight!.evaluation.restorations.found >= 4);
    assert.equal(b!.methods['ioda-bgp-telescope']!.evaluation.found, 1, 'the telescope sees it');
    assert.equal(q!.methods.nightlight!.evaluation.detected, 0);
    assert.ok(q!.methods.ioda!.evaluation.detected > 0, 'the IODA method flags diurnal nights');
    assert.equal(report.totals.nightlight!.recall, 1);
    assert.ok('ioda' in report.totals);
  });

  it('refuses to run without cases', () => {
    const result = nightlight(['eval']);
    assert.equal(result.code, 65);
    assert.match(result.stderr, /Cannot evaluate: no case directories given/);
  });
});
