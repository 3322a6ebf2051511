/**
 * `nightlight demo`: the main job, as a list of named steps run in order with their timings —
 * generate the Kazakhstan 2022 scenario and feed every raw input through the very ingest
 * commands a user runs (scenario-pipeline.ts, shared with `nightlight eval --scenario`), into
 * one DuckDB file, detect, list the events, check them against the ground truth, and print a
 * summary (series written, time per step, peak memory).
 */
import { join, resolve } from 'node:path';
import type { Command } from 'commander';
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
];

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
    });
}
