/**
 * The shared front half of `nightlight demo` and `nightlight eval --scenario`: generate a
 * scenario's raw inputs into a directory, write a configuration naming its store and geo
 * tables, then feed every raw input through the very ingest commands a user runs (parsed by a
 * fresh `nightlight` program), into one DuckDB file. Failures propagate as the commands'
 * own NightlightErrors; nothing is written to the store except through ingest.
 */
import { writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { Command } from 'commander';
import { stringify } from 'yaml';
import { generateScenario, type Manifest } from '../scenario/generate-scenario.js';
import type { Scenario } from '../scenario/scenario-schema.js';
import type { CommandContext } from './context.js';
import { createProgress } from './progress.js';

export interface PipelineState {
  readonly scenario: Scenario;
  readonly out: string;
  readonly db: string;
  /** The configuration file every step's command reads: store and the scenario's geo tables. */
  readonly configPath: string;
  readonly seed: number | undefined;
  manifest: Manifest | null;
  /** Runs `nightlight ARGV` as a user would, with this pipeline's configuration and store. */
  run(argv: readonly string[]): Promise<void>;
  readonly context: CommandContext;
}

export interface PipelineStep<S extends PipelineState = PipelineState> {
  readonly name: string;
  run(state: S): Promise<void>;
}

export interface PipelineOptions {
  readonly scenario: Scenario;
  readonly out: string;
  readonly db: string;
  readonly seed: number | undefined;
  readonly context: CommandContext;
  readonly createProgram: () => Command;
  /** Pass --json to every command run (their output is then JSON too). */
  readonly json: boolean;
}

export function createPipelineState(options: PipelineOptions): PipelineState {
  const configPath = join(options.out, 'nightlight.config.yaml');
  return {
    scenario: options.scenario,
    out: options.out,
    db: options.db,
    configPath,
    seed: options.seed,
    manifest: null,
    context: options.context,
    async run(argv) {
      await options
        .createProgram()
        .parseAsync(
          [
            '--config',
            configPath,
            '--db',
            options.db,
            ...(options.json ? ['--json'] : []),
            ...argv,
          ],
          { from: 'user' },
        );
    },
  };
}

/** Generate, then every ingest, in order: the raw scenario into the store. */
export const PIPELINE_STEPS: readonly PipelineStep[] = [
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
];

/** Runs the steps in order, announcing each on stderr; returns each step's seconds. */
export async function runSteps<S extends PipelineState>(
  steps: readonly PipelineStep<S>[],
  state: S,
  label = '',
): Promise<[string, number][]> {
  const timings: [string, number][] = [];
  for (const [i, step] of steps.entries()) {
    process.stderr.write(`${label}[${i + 1}/${steps.length}] ${step.name}\n`);
    const t0 = performance.now();
    await step.run(state);
    timings.push([step.name, (performance.now() - t0) / 1000]);
  }
  return timings;
}
