/**
 * `nightlight demo`: the main job, as a list of named steps run in order with their timings —
 * generate the Kazakhstan 2022 scenario and feed every raw input through the very ingest
 * commands a user runs (scenario-pipeline.ts, shared with `nightlight eval --scenario`), into
 * one DuckDB file; detect events, list them, check them against the scenario's ground truth,
 * write the incident report of the blackout, print a summary (time per step, series written,
 * peak memory) and, unless --no-serve, serve the dashboard.
 */
import { join, resolve } from 'node:path';
import type { Command } from 'commander';
import type { OutageEvent } from '../model/event.js';
import { openStore } from '../store/open-store.js';
import { loadScenario } from '../scenario/load-scenario.js';
import { contextOf } from './context.js';
import { checkAgainstTruth, describeCheck } from './demo-check.js';
import { parseSeed } from './scenario-command.js';
import {
  createPipelineState,
  PIPELINE_STEPS,
  runSteps,
  type PipelineState,
  type PipelineStep,
} from './scenario-pipeline.js';
import { formatTable } from './table.js';

export interface DemoState extends PipelineState {
  readonly serve: boolean;
  /** The incident report written by the report step. */
  report: { readonly id: string; readonly path: string } | null;
}

export type DemoStep = PipelineStep<DemoState>;

/** The demo, in order: the shared generate + ingest steps, then detection and the check. */
export const DEMO_STEPS: DemoStep[] = [
  ...PIPELINE_STEPS,
  { name: 'detect', run: (state) => state.run(['detect']) },
  { name: 'events', run: (state) => state.run(['events']) },
  {
    name: 'check',
    async run(state) {
      const store = await openStore(`duckdb:${state.db}`);
      const check = await checkAgainstTruth(state.scenario, state.out, store).finally(() =>
        store.close(),
      );
      for (const line of describeCheck(check)) state.context.print(`  ${line}`);
    },
  },
  {
    name: 'report',
    async run(state) {
      const store = await openStore(`duckdb:${state.db}`);
      const events = await store.queryEvents().finally(() => store.close());
      // The report is about the blackout: the longest event that cut connectivity.
      const main = events
        .filter((e) => !e.layers.every((l) => l === 'application'))
        .sort((a, b) => duration(b) - duration(a))[0];
      if (main === undefined) {
        state.context.print('  no connectivity event detected: no report');
        return;
      }
      state.report = { id: main.id, path: join(state.out, 'report.html') };
      await state.run(['report', main.id, '--format', 'html', '--out', state.report.path]);
      await state.run(['report', main.id, '--format', 'md', '--out', join(state.out, 'report.md')]);
      state.context.print(`  ${state.report.path} (and report.md) for event ${main.id}`);
    },
  },
];

const duration = (e: OutageEvent) => (e.end ?? e.updatedAt) - e.start;

interface DemoFlags {
  readonly out: string;
  readonly scenario: string;
  readonly seed?: number;
  readonly serve: boolean;
}

type ProgramFactory = () => Command;

export function registerDemoCommand(program: Command, createProgram: ProgramFactory): void {
  program
    .command('demo')
    .description(
      'the main job: generate the Kazakhstan 2022 scenario and replay it through ingest into a DuckDB file',
    )
    .option('--out <dir>', 'where the raw inputs go', 'nightlight-demo')
    .option('--scenario <name>', 'a shipped scenario or a scenario file', 'kz-2022')
    .option('--seed <n>', "random seed (default: the scenario's own)", parseSeed)
    .option('--no-serve', 'do not start the dashboard; print where the outputs are')
    .action(async (flags: DemoFlags, command: Command) => {
      const context = contextOf(command);
      const globals = command.optsWithGlobals<{ db?: string; json?: boolean }>();
      const out = resolve(flags.out);
      const db = resolve(globals.db ?? join(out, 'nightlight.duckdb'));
      const scenario = await loadScenario(flags.scenario);
      const state: DemoState = {
        ...createPipelineState({
          scenario,
          out,
          db,
          seed: flags.seed,
          context,
          createProgram,
          json: globals.json === true,
        }),
        serve: flags.serve,
        report: null,
      };
      const started = performance.now();
      const timings = await runSteps(DEMO_STEPS, state);
      const total = (performance.now() - started) / 1000;
      const store = await openStore(`duckdb:${db}`);
      const series = await store.listSeries().finally(() => store.close());
      const peakMiB = process.resourceUsage().maxRSS / 1024;
      if (context.json)
        return context.printJson({
          scenario: scenario.name,
          out,
          db,
          series: series.length,
          points: series.reduce((n, x) => n + x.points, 0),
          seconds: total,
          peakRssMiB: peakMiB,
          steps: Object.fromEntries(timings),
          report: state.report?.path ?? null,
        });
      context.print('');
      context.print(
        formatTable(
          ['step', 'seconds'],
          [
            ...timings.map(([n, s]) => [n, Number(s.toFixed(1))] as [string, number]),
            ['total', Number(total.toFixed(1))],
          ],
        ),
      );
      const points = series.reduce((n, x) => n + x.points, 0);
      context.print(
        `${series.length} series, ${points} points in ${db}; peak memory ${peakMiB.toFixed(0)} MiB`,
      );
      context.print(`Raw inputs and ground truth (case.json) in ${out}`);
      if (state.report !== null) context.print(`Incident report: ${state.report.path}`);
      if (!flags.serve) return;
      const page = state.report === null ? '' : `#/event/${encodeURIComponent(state.report.id)}`;
      context.print(`Dashboard: http://127.0.0.1:8080/${page} (Ctrl-C stops it)`);
      await state.run(['serve', '--port', '8080']);
    });
}
