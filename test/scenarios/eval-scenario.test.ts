/**
 * `nightlight eval --scenario` on the tiny scenario, end to end: generated, ingested through
 * the demo's ingest commands, detected, and scored for every method. The JSON has one case per
 * method with its evaluation, totals per method, and the stored path's events; Nightlight finds
 * the scripted blackhole on AS64500 (its expected event is matched and its interval found),
 * and the stored path (`nightlight detect`) gives the same events as the harness's path.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { METHODS } from '../../src/detect/evaluate-run.js';
import type { CaseEvaluation, EvaluationTotals } from '../../src/detect/evaluate.js';
import type { OutageEvent } from '../../src/model/event.js';
import { TINY, utc } from './support.js';

interface EvalJson {
  cases: {
    name: string;
    methods: Record<string, { evaluation: CaseEvaluation; events: OutageEvent[] }>;
  }[];
  totals: Record<string, EvaluationTotals>;
  scenarios: {
    name: string;
    stored: { evaluation: CaseEvaluation; events: OutageEvent[] };
    sameAsHarness: boolean;
    seconds: Record<string, number>;
    kept: string | null;
  }[];
}

const ENTRY = join(import.meta.dirname, '../../src/cli/entry.ts');

describe('nightlight eval --scenario', () => {
  it('scores every method on the raw tiny scenario and Nightlight finds the blackhole', async () => {
    // A child process: stdout must be the JSON alone, with the commands' output on stderr.
    const run = spawnSync(
      process.execPath,
      ['--import', 'tsx', ENTRY, '--json', 'eval', '--scenario', TINY],
      { encoding: 'utf8', env: { ...process.env, TZ: 'UTC' }, maxBuffer: 64 << 20 },
    );
    assert.equal(run.status, 0, run.stderr);
    const stdout = run.stdout;
    const json = JSON.parse(stdout) as EvalJson;
    assert.deepEqual(
      json.cases.map((c) => c.name),
      ['tiny'],
    );
    const [tiny] = json.cases;
    assert.deepEqual(Object.keys(tiny!.methods), [...METHODS]);
    assert.deepEqual(Object.keys(json.totals), [...METHODS]);
    for (const m of METHODS) {
      const e = tiny!.methods[m]!.evaluation;
      assert.equal(e.expected, 2, `${m}: the blackhole and the app block are expected`);
      assert.equal(e.detected, tiny!.methods[m]!.events.length);
      assert.equal(json.totals[m]!.cases, 1);
    }
    const ours = tiny!.methods.nightlight!;
    const [cutFrom, cutTo] = [utc('2022-01-04T06:00:00Z'), utc('2022-01-04T09:00:00Z')];
    const blackhole = ours.events.filter((e) =>
      e.affected.some(
        (a) =>
          a.entity === 'asn/64500' &&
          a.intervals.some((i) => i.start < cutTo && (i.end ?? Infinity) > cutFrom),
      ),
    );
    assert.ok(blackhole.length > 0, 'an event covers AS64500 during the scripted cut');
    assert.ok(
      blackhole.some((e) => Math.abs(e.start - cutFrom) <= 900),
      'it starts within 15 minutes of the cut',
    );
    assert.ok(ours.evaluation.found >= 1);
    assert.ok(ours.evaluation.intervals.found >= 1, "the blackhole's interval is found");
    const [stored] = json.scenarios;
    assert.equal(stored!.name, 'tiny');
    assert.equal(stored!.kept, null);
    assert.deepEqual(
      stored!.stored.events.map((e) => [e.location, e.start, e.end]).sort(),
      ours.events.map((e) => [e.location, e.start, e.end]).sort(),
      'the stored path and the harness path give the same events',
    );
    assert.equal(stored!.sameAsHarness, true);
    for (const step of ['generate', 'ingest mrt', 'ingest logs', 'detect', 'evaluate'])
      assert.ok((stored!.seconds[step] ?? -1) >= 0, step);
  });
});
