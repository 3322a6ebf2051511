/**
 * The `nightlight` command line: builds the program from one module per command and maps
 * every failure kind to its own exit code and a one-line message on stderr.
 */
import { Command, CommanderError } from 'commander';
import { isNightlightError, messageOf } from '../model/failure.js';
import { registerCostCommand } from './cost-command.js';
import { registerDbCommand } from './db-command.js';
import { registerDetectCommand } from './detect-command.js';
import { registerEventsCommand } from './events-command.js';
import { registerEvalCommand } from './eval-command.js';
import { EXIT_CODES, EXIT_OK, EXIT_USAGE } from './exit-codes.js';
import { registerGeoCommand } from './geo-command.js';
import { registerIngestCommand } from './ingest-command.js';
import { registerSeriesCommand } from './series-command.js';
import { registerMrtCommand } from './mrt-command.js';
import { registerScenarioCommand } from './scenario-command.js';
import { registerDemoCommand } from './demo-command.js';
import { registerCollectCommand } from './collect-bgp-command.js';
import { registerReportCommand } from './report-command.js';
import { registerServeCommand } from './serve-command.js';

export function createProgram(): Command {
  const program = new Command('nightlight')
    .description('Internet shutdown observatory: collect, attribute, detect, publish')
    .option(
      '-c, --config <path>',
      'configuration file (YAML or JSON); default nightlight.config.yaml if present',
    )
    .option('--db <path>', 'DuckDB store file (shorthand for --store duckdb:PATH)')
    .option(
      '--store <url>',
      'store: duckdb:PATH, memory:, or clickhouse://host:port[,host:port]/db?cluster=NAME',
    )
    .option('--json', 'machine-readable JSON output')
    .exitOverride()
    .showHelpAfterError();
  registerDbCommand(program);
  registerGeoCommand(program);
  registerIngestCommand(program);
  registerSeriesCommand(program);
  registerMrtCommand(program);
  registerCostCommand(program);
  registerScenarioCommand(program);
  registerDemoCommand(program, createProgram);
  registerCollectCommand(program);
  registerDetectCommand(program);
  registerEventsCommand(program);
  registerEvalCommand(program, createProgram);
  registerReportCommand(program);
  registerServeCommand(program);
  return program;
}

export async function main(argv: readonly string[]): Promise<number> {
  try {
    await createProgram().parseAsync([...argv], { from: 'user' });
    return EXIT_OK;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? EXIT_OK : EXIT_USAGE;
    if (isNightlightError(error)) {
      process.stderr.write(`nightlight: ${error.message}\n`);
      return EXIT_CODES[error.kind];
    }
    process.stderr.write(
      `nightlight: internal error: ${messageOf(error)}\n${(error as Error).stack ?? ''}\n`,
    );
    return EXIT_CODES.internal;
  }
}
