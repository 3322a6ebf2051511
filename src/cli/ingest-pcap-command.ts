/**
 * `nightlight ingest pcap FILE|DIR …`: darknet (network telescope) captures → darknet signals
 * in the store. Undecodable packets and corrupt files are reported and counted; they never
 * fail the run.
 */
import type { Command } from 'commander';
import { expandInputs } from '../collectors/input/expand-inputs.js';
import { ingestPcap } from '../collectors/darknet/ingest-pcap.js';
import { defaultSource } from '../collectors/traffic/rotated-order.js';
import { contextOf } from './context.js';
import { parseCount } from './ingest-logs-command.js';
import { loadGeo } from './load-geo.js';
import { createProgress } from './progress.js';
import { formatTable } from './table.js';

interface PcapOptions {
  readonly source?: string;
  readonly tolerance: number;
  readonly batchBins: number;
  readonly restart?: boolean;
}

export function registerIngestPcapCommand(ingest: Command): void {
  ingest
    .command('pcap')
    .description(
      'read darknet captures (pcap or pcapng, plain, gzip or bzip2; directories in name order)',
    )
    .argument('<input...>', 'capture files or directories')
    .option('--source <name>', 'name of this telescope (default darknet:<file name>)')
    .option(
      '--tolerance <seconds>',
      'how far out of order a packet may be and still count',
      parseCount,
      300,
    )
    .option('--batch-bins <n>', 'closed bins per store write and checkpoint', parseCount, 12)
    .option('--restart', 'ignore the checkpoint and read everything again')
    .action(async (inputs: string[], options: PcapOptions, command: Command) => {
      const context = contextOf(command);
      const files = await expandInputs(inputs);
      const source = options.source ?? defaultSource('darknet', inputs[0]);
      const attributor = await loadGeo(context.config, { quiet: context.json });
      const progress = createProgress('Reading captures', { enabled: !context.json });
      const result = await context
        .withStore((store) =>
          ingestPcap({
            inputs: files,
            source,
            store,
            attributor,
            stepSeconds: context.config.stepSeconds,
            toleranceSeconds: options.tolerance,
            batchBins: options.batchBins,
            restart: options.restart,
            onProgress: (done, total) => progress.update(done, total ?? undefined),
          }),
        )
        .finally(() => progress.stop());
      for (const issue of result.firstIssues)
        process.stderr.write(
          `nightlight: skipped packet ${issue.packet} of ${issue.input} at byte ${issue.offset}: ${issue.message}\n`,
        );
      if (context.json) return context.printJson({ source, ...result });
      const { totals } = result;
      context.print(
        formatTable(
          [
            'source',
            'packets',
            'accepted',
            'bins',
            'points',
            'plausible sources',
            'spoofed',
            'backscatter packets',
          ],
          [
            [
              source,
              result.packets,
              result.accepted,
              result.bins,
              result.points,
              totals.sources,
              totals.spoofed.bogon + totals.spoofed.unrouted + totals.spoofed.single_packet,
              totals.backscatterPackets,
            ],
          ],
        ),
      );
    });
}
