/**
 * `nightlight eval CASE_DIR…`: runs detection on labelled series-level cases and prints, per
 * case and in total, precision, recall, median start/end error and detection delay for
 * Nightlight (fused events), Nightlight's anomalies with plain grouping, and the IODA method,
 * side by side. `--synthetic` evaluates the seeded built-in cases without touching the disk;
 * `--write-synthetic DIR` writes them as case directories. Bad CSV lines are reported on
 * stderr and skipped.
 */
import { join } from 'node:path';
import type { Command } from 'commander';
import { SIGNALS } from '../collectors/signal-catalogue.js';
import { totalsOf, type CaseEvaluation, type EvaluationTotals } from '../detect/evaluate.js';
import { METHODS, runMethods, type EvaluationCase, type Method } from '../detect/evaluate-run.js';
import { NightlightError } from '../model/failure.js';
import { readCaseDir, writeCaseDir } from '../scenario/series/case-dir.js';
import { generateSeriesCase, type GeneratedCase } from '../scenario/series/generate-series-case.js';
import { SERIES_CASE_START, SERIES_CASES } from '../scenario/series/series-cases.js';
import { contextOf } from './context.js';
import { formatTable, type Cell } from './table.js';

interface EvalOptions {
  readonly synthetic?: boolean;
  readonly writeSynthetic?: string;
  readonly seed: string;
  readonly baseline: string;
}

const BASELINES = ['profile', 'week-median', 'similar-days'] as const;

export function registerEvalCommand(program: Command): void {
  program
    .command('eval')
    .description('accuracy on labelled cases: Nightlight vs the IODA method, side by side')
    .argument('[cases...]', 'case directories (case.json + series.csv [+ networks.csv])')
    .option('--synthetic', 'evaluate the built-in seeded series cases (nothing written)')
    .option('--write-synthetic <dir>', 'write the built-in series cases as case directories')
    .option('--seed <n>', 'seed of the built-in cases', '1')
    .option(
      '--baseline <kind>',
      "Nightlight's expected-value model: profile, week-median or similar-days",
      'profile',
    )
    .action((dirs: string[], options: EvalOptions, command: Command) => {
      const context = contextOf(command);
      const seed = Number(options.seed);
      if (!Number.isInteger(seed))
        throw new NightlightError(
          'bad_input',
          `Cannot evaluate: --seed must be an integer, found ${JSON.stringify(options.seed)}`,
        );
      const baseline = BASELINES.find((b) => b === options.baseline);
      if (baseline === undefined)
        throw new NightlightError(
          'bad_input',
          `Cannot evaluate: --baseline must be profile, week-median or similar-days, found ${JSON.stringify(options.baseline)}`,
        );
      const synthetic = () =>
        SERIES_CASES.map((spec, i) => generateSeriesCase(spec, seed * 1000 + i, SERIES_CASE_START));
      if (options.writeSynthetic !== undefined) {
        for (const generated of synthetic())
          writeCaseDir(join(options.writeSynthetic, generated.labelled.name), generated);
        return context.print(`Wrote ${SERIES_CASES.length} cases to ${options.writeSynthetic}`);
      }
      if (dirs.length === 0 && options.synthetic !== true)
        throw new NightlightError(
          'bad_input',
          'Cannot evaluate: no case directories given (or --synthetic)',
        );
      const cases: GeneratedCase[] = options.synthetic === true ? synthetic() : [];
      for (const dir of dirs) {
        const read = readCaseDir(dir);
        for (const problem of read.problems)
          process.stderr.write(`nightlight: ${dir}: ${problem}\n`);
        cases.push(read);
      }
      const results = cases.map((c) => ({
        name: c.labelled.name,
        byMethod: runMethods(toInput(c), SIGNALS, { baseline }),
      }));
      const evaluations = (method: Method) => results.map((r) => r.byMethod[method].evaluation);
      const totals = Object.fromEntries(
        METHODS.map((m) => [m, totalsOf(evaluations(m))]),
      ) as Record<Method, EvaluationTotals>;
      if (context.json)
        return context.printJson({
          cases: results.map((r) => ({
            name: r.name,
            methods: Object.fromEntries(
              METHODS.map((m) => [
                m,
                { evaluation: r.byMethod[m].evaluation, events: r.byMethod[m].events },
              ]),
            ),
          })),
          totals,
        });
      const rows: Cell[][] = results.flatMap((r) =>
        METHODS.map((m) => caseRow(r.byMethod[m].evaluation, m)),
      );
      context.print(
        formatTable(
          [
            'case',
            'method',
            'expected',
            'detected',
            'matched',
            'found',
            'start err min',
            'end err min',
            'delay min',
            'intervals',
            'restorations',
          ],
          rows,
        ),
      );
      context.print('');
      context.print(
        formatTable(
          [
            'method',
            'cases',
            'expected',
            'detected',
            'precision',
            'recall',
            'median start err min',
            'median end err min',
            'median delay min',
            'intervals',
            'restorations',
          ],
          METHODS.map((m) => totalRow(totals[m], m)),
        ),
      );
    });
}

function toInput(c: GeneratedCase): EvaluationCase {
  return {
    labelled: c.labelled,
    networks: c.networks.map((n) => ({
      asn: n.asn,
      country: n.country,
      access: n.access,
      weight: n.weight,
    })),
    series: c.series.map((s) => ({
      entity: s.entity,
      signal: s.signal,
      series: { start: s.start, step: s.step, values: s.values },
    })),
  };
}

const minutes = (seconds: number) => (Number.isNaN(seconds) ? null : Math.round(seconds / 6) / 10);
const worst = (values: readonly number[]) => (values.length === 0 ? NaN : Math.max(...values));
const share = (x: { expected: number; found: number }) =>
  x.expected === 0 ? '-' : `${x.found}/${x.expected}`;
const ratio = (v: number) => (Number.isNaN(v) ? null : Math.round(v * 1000) / 1000);

function caseRow(e: CaseEvaluation, method: Method): Cell[] {
  return [
    e.name,
    method,
    e.expected,
    e.detected,
    e.truePositives,
    e.found,
    minutes(worst(e.startErrors)),
    minutes(worst(e.endErrors)),
    minutes(worst(e.delays)),
    share(e.intervals),
    share(e.restorations),
  ];
}

function totalRow(t: EvaluationTotals, method: Method): Cell[] {
  return [
    method,
    t.cases,
    t.expected,
    t.detected,
    ratio(t.precision),
    ratio(t.recall),
    minutes(t.medianStartError),
    minutes(t.medianEndError),
    minutes(t.medianDelay),
    share(t.intervals),
    share(t.restorations),
  ];
}
