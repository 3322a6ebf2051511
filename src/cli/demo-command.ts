/**
 * `nightlight demo`: the main job, as a list of named steps run in order with their timings —
 * generate the Kazakhstan 2022 scenario, then feed every raw input through the very ingest
 * commands a user runs (parsed by a fresh `nightlight` program with the scenario's geo tables
 * configured), into one DuckDB file; detect events, list them, check them against the
 * scenario's ground truth, write the incident report of the blackout, print a summary (time
 * per step, series written, peak memory) and, unless --no-serve, serve the dashboard.
 */
import { writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { Command } from 'commander';
import type { OutageEvent } from '../model/event.js';
import { stringify } from 'yaml';
import { generateScenario, type Manifest } from '../scenario/generate-scenario.js';
import { openStore } from '../store/open-store.js';
import { loadScenario } from '../scenario/load-scenario.js';
import type { Scenario } from '../scenario/scenario-schema.js';
import { contextOf, type CommandContext } from './context.js';
import { checkAgainstTruth, describeCheck } from './demo-check.js';
import { createProgress } from './progress.js';
import { parseSeed } from './scenario-command.js';
import { formatTable } from './table.js';

export interface DemoState {
  readonly scenario: Scenario;
  readonly out: string;
  readonly db: string;
  /** The configuration file every step's command reads: store and the scenario's geo tables. */
  readonly configPath: string;
  readonly seed: number | undefined;
  readonly serve: boolean;
  manifest: Manifest | null;
  /** The incident report written by the report step. */
  report: { readonly id: string; readonly path: string } | null;
  /** Runs `nightlight ARGV` as a user would, with this demo's configuration and store. */
  run(argv: readonly string[]): Promise<void>;
  readonly context: CommandContext;
}

export interface DemoStep {
  readonly name: string;
  run(state: DemoState): Promise<void>;
}

/** The demo, in order. */
export const DEMO_STEPS: DemoStep[] = [
  {
    name: 'generate',
    async run(state) {
      const progress = createProgress(`Generating ${state.scenario.name}`, {
        enabled: !state.context.json,
      });
      const { manifest } = await generateScenario(state.scenario, {
        out: state.out,
        seed: state.seed,
        onProgress: (part, fraction) =>
          part === 'logs' && progress.update(Math.round(fraction * 1000), 1000),
      }).finally(() => progress.stop());
      state.manifest = manifest;
      const config = {
        store: `duckdb:${state.db}`,
        stepSeconds: state.scenario.time.stepSeconds,
        geo: {
          asnTables: manifest.geo.asnTables.map((p) => resolve(state.out, p)),
          countryTables: manifest.geo.countryTables.map((p) => resolve(state.out, p)),
          accessTypes: resolve(state.out, manifest.geo.accessTypes),
          ...(manifest.geo.mmdb === null ? {} : { mmdb: resolve(state.out, manifest.geo.mmdb) }),
        },
      };
      await writeFile(state.configPath, stringify(config));
      const r = manifest.records;
      state.context.print(
        `  ${r.logs} log lines, ${r.pcap} packets, ${r.ooni} OONI measurements, ${r.mrt} MRT records`,
      );
    },
  },
  {
    // The RIB dump sorts before the daily update files (rib.* < updates.*), so the directory
    // is read oldest first.
    name: 'ingest mrt',
    run: (state) =>
      state.run(['ingest', 'mrt', join(state.out, 'mrt'), '--source', 'mrt:route-collector']),
  },
  {
    name: 'ingest logs',
    run: (state) =>
      state.run([
        'ingest',
        'logs',
        join(state.out, 'logs'),
        '--source',
        `logs:${state.scenario.website.host}`,
      ]),
  },
  {
    name: 'ingest pcap',
    run: (state) =>
      state.run(['ingest', 'pcap', join(state.out, 'pcap'), '--source', 'darknet:telescope']),
  },
  {
    name: 'ingest ooni',
    run: (state) => state.run(['ingest', 'ooni', join(state.out, 'ooni')]),
  },
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
      const configPath = join(out, 'nightlight.config.yaml');
      const scenario = await loadScenario(flags.scenario);
      const state: DemoState = {
        scenario,
        out,
        db,
        configPath,
        seed: flags.seed,
        serve: flags.serve,
        manifest: null,
        report: null,
        context,
        async run(argv) {
          await createProgram().parseAsync(
            [
              '--config',
              configPath,
              '--db',
              db,
              ...(globals.json === true ? ['--json'] : []),
              ...argv,
            ],
            { from: 'user' },
          );
        },
      };
      const timings: [string, number][] = [];
      const started = performance.now();
      for (const [i, step] of DEMO_STEPS.entries()) {
        process.stderr.write(`[${i + 1}/${DEMO_STEPS.length}] ${step.name}\n`);
        const t0 = performance.now();
        await step.run(state);
        timings.push([step.name, (performance.now() - t0) / 1000]);
      }
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
