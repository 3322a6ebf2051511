/**
 * `nightlight eval CASE_DIR…`: runs detection on labelled series-level cases and prints, per
 * case and in total, precision, recall, median start/end error and detection delay for
 * Nightlight (fused events), Nightlight's anomalies with plain grouping, and the IODA method,
 * side by side. `--synthetic` evaluates the seeded built-in cases without touching the disk;
 * `--write-synthetic DIR` writes them as case directories. `--scenario NAME|FILE…` and
 * `--all-scenarios` evaluate raw scenarios end to end (generated, ingested, detected:
 * eval-scenario.ts) in the same tables, plus the events `nightlight detect` stored and the
 * seconds per step. Bad CSV lines are reported on stderr and skipped.
 */
import { join } from 'node:path';
import type { Command } from 'commander';
import { SIGNALS } from '../collectors/signal-catalogue.js';
import { totalsOf, type CaseEvaluation, type EvaluationTotals } from '../detect/evaluate.js';
import {
  METHODS,
  runMethods,
  type EvaluationCase,
  type Method,
  type MethodResult,
} from '../detect/evaluate-run.js';
import { NightlightError } from '../model/failure.js';
import { readCaseDir, writeCaseDir } from '../scenario/series/case-dir.js';
import { generateSeriesCase, type GeneratedCase } from '../scenario/series/generate-series-case.js';
import { SERIES_CASE_START, SERIES_CASES } from '../scenario/series/series-cases.js';
import { listScenarios, loadScenario } from '../scenario/load-scenario.js';
import { contextOf } from './context.js';
import { evaluateScenario, type ScenarioEvaluation } from './eval-scenario.js';
import { formatTable, type Cell } from './table.js';

interface EvalOptions {
  readonly synthetic?: boolean;
  readonly writeSynthetic?: string;
  readonly seed: string;
  readonly baseline: string;
  readonly scenario?: string[];
  readonly allScenarios?: boolean;
  readonly work?: string;
}

const BASELINES = ['profile', 'week-median', 'similar-days'] as const;

export function registerEvalCommand(program: Command, createProgram: () => Command): void {
  program
    .command('eval')
    .description('accuracy on labelled cases: Nightlight vs the IODA method, side by side')
    .argument('[cases...]', 'case directories (case.json + series.csv [+ networks.csv])')
    .option('--synthetic', 'evaluate the built-in seeded series cases (nothing written)')
    .option('--write-synthetic <dir>', 'write the built-in series cases as case directories')
    .option('--seed <n>', 'seed of the built-in cases', '1')
    .option(
      '--scenario <name...>',
      'raw scenarios (shipped name or file): generate, ingest, detect, evaluate',
    )
    .option('--all-scenarios', 'every shipped scenario in scenarios/, end to end')
    .option('--work <dir>', "keep each scenario's raw inputs and store in DIR/NAME")
    .option(
      '--baseline <kind>',
      "Nightlight's expected-value model: profile, week-median or similar-days",
      'profile',
    )
    .action(async (dirs: string[], options: EvalOptions, command: Command) => {
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
      const scenarios = [
        ...(options.allScenarios === true ? await listScenarios() : []),
        ...(await Promise.all((options.scenario ?? []).map((n) => loadScenario(n)))),
      ];
      if (dirs.length === 0 && options.synthetic !== true && scenarios.length === 0)
        throw new NightlightError(
          'bad_input',
          'Cannot evaluate: no case directories given (or --synthetic, --scenario, --all-scenarios)',
        );
      const cases: GeneratedCase[] = options.synthetic === true ? synthetic() : [];
      for (const dir of dirs) {
        const read = readCaseDir(dir);
        for (const problem of read.problems)
          process.stderr.write(`nightlight: ${dir}: ${problem}\n`);
        cases.push(read);
      }
      const results: { name: string; byMethod: Record<Method, MethodResult> }[] = cases.map(
        (c) => ({ name: c.labelled.name, byMethod: runMethods(toInput(c), SIGNALS, { baseline }) }),
      );
      const raw: ScenarioEvaluation[] = [];
      for (const scenario of scenarios) {
        const evaluated = await evaluateScenario(scenario, {
          context,
          createProgram,
          work: options.work,
          scoring: { baseline },
        });
        raw.push(evaluated);
        results.push(evaluated);
      }
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
          scenarios: raw.map((r) => ({
            name: r.name,
            stored: r.stored,
            sameAsHarness: r.sameAsHarness,
            seconds: r.seconds,
            kept: r.kept,
          })),
        });
      const rows: Cell[][] = results.flatMap((r) =>
        METHODS.map((m) => caseRow(r.byMethod[m].evaluation, m)),
      );
      context.print(formatTable(['case', 'method', ...CASE_COLUMNS], rows));
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
      if (raw.length > 0) printScenarioExtras(raw, (t) => context.print(t));
    });
}

/** The per-case columns, shared by the method table and the stored-path table. */
const CASE_COLUMNS = [
  'expected',
  'detected',
  'matched',
  'found',
  'start err min',
  'end err min',
  'delay min',
  'intervals',
  'restorations',
];

/** For raw scenarios: the events `nightlight detect` stored, scored alike, and the timings. */
function printScenarioExtras(raw: readonly ScenarioEvaluation[], print: (t: string) => void) {
  print('');
  print('Stored path (`nightlight detect`, events read from the store):');
  print(
    formatTable(
      ['case', ...CASE_COLUMNS, 'same as nightlight'],
      raw.map((r) => [
        ...caseRow(r.stored.evaluation, 'stored').filter((_, i) => i !== 1),
        r.sameAsHarness ? 'yes' : 'no',
      ]),
    ),
  );
  const steps = [...new Set(raw.flatMap((r) => Object.keys(r.seconds)))];
  print('');
  print(
    formatTable(
      ['case', ...steps.map((s) => `${s} s`), 'total s'],
      raw.map((r) => [
        r.name,
        ...steps.map((s) => round1(r.seconds[s] ?? NaN)),
        round1(Object.values(r.seconds).reduce((a, b) => a + b, 0)),
      ]),
    ),
  );
}

const round1 = (v: number) => (Number.isNaN(v) ? null : Math.round(v * 10) / 10);

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

function caseRow(e: CaseEvaluation, method: string): Cell[] {
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
