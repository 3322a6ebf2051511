/**
 * `nightlight ingest <kind> …`: read raw inputs with a collector and write its signals to the
 * store. Each kind registers its own subcommand from its own file, listed here.
 */
import type { Command } from 'commander';
import { registerIngestOoniCommand } from './ingest-ooni-command.js';
import { registerIngestLogsCommand } from './ingest-logs-command.js';
import { registerIngestPcapCommand } from './ingest-pcap-command.js';
import { registerIngestMrtCommand, registerIngestRisLiveCommand } from './ingest-mrt-command.js';
import { registerIngestSeriesCommand } from './ingest-series-command.js';

type IngestRegistrar = (ingest: Command) => void;

const INGEST_KINDS: readonly IngestRegistrar[] = [
  registerIngestLogsCommand,
  registerIngestPcapCommand,
  registerIngestOoniCommand,
  registerIngestMrtCommand,
  registerIngestRisLiveCommand,
  registerIngestSeriesCommand,
];

export function registerIngestCommand(program: Command): void {
  const ingest = program
    .command('ingest')
    .description(
      'read raw inputs (access logs, darknet captures, OONI measurements, MRT archives, RIS Live, external series) and write their signals to the store',
    );
  for (const register of INGEST_KINDS) register(ingest);
}
