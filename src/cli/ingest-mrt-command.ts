/**
 * `nightlight ingest mrt FILE…`: MRT archives (RIB dumps, then updates, in time order; plain,
 * gzip or bzip2) → routing visibility series in the store; `nightlight ingest ris-live
 * FILE|-|ws://URL`: the same from RIPE RIS Live JSON. Corrupt records are reported and
 * counted; they never fail the run.
 */
import type { Command } from 'commander';
import { ingestMrt, type RoutingFormat } from '../collectors/bgp/ingest-mrt.js';
import { expandInputs } from '../collectors/input/expand-inputs.js';
import { defaultSource } from '../collectors/traffic/rotated-order.js';
import { addFullFeedOptions, fullFeedOf, type FullFeedFlags } from './bgp-options.js';
import { contextOf } from './context.js';
import { parseCount } from './ingest-logs-command.js';
import { loadGeo } from './load-geo.js';
import { createProgress } from './progress.js';
import { formatTable } from './table.js';

interface MrtOptions extends FullFeedFlags {
  readonly source?: string;
  readonly subscribe?: string;
  readonly batchBins: number;
  readonly restart?: boolean;
}

const REPORTED_ISSUES = 10;

export function registerIngestMrtCommand(ingest: Command): void {
  registerRoutingIngest(
    ingest
      .command('mrt')
      .description(
        'read MRT archives in time order (RIB dumps, then updates; plain, gzip or bzip2) into routing visibility series',
      )
      .argument('<input...>', 'MRT files or directories, oldest first'),
    'mrt',
  );
}

export function registerIngestRisLiveCommand(ingest: Command): void {
  registerRoutingIngest(
    ingest
      .command('ris-live')
      .description(
        'read RIPE RIS Live JSON (files, - for stdin, or ws:// URLs) into routing visibility series',
      )
      .argument('<input...>', 'JSON files (one message per line, or documents), -, or ws://… URLs')
      .option(
        '--subscribe <json>',
        'RIS Live subscription sent to a ws:// URL: a ris_subscribe message or its data, e.g. {"host":"rrc00"}',
        undefined,
      ),
    'ris-live',
  );
}

function registerRoutingIngest(base: Command, format: RoutingFormat): void {
  const command = base
    .option('--source <name>', `name of this collector (default ${format}:<first input name>)`)
    .option('--batch-bins <n>', 'closed bins per store write and checkpoint', parseCount, 12)
    .option('--restart', 'ignore the checkpoint and write every bin again');
  addFullFeedOptions(command).action(
    async (inputs: string[], options: MrtOptions, cmd: Command) => {
      const context = contextOf(cmd);
      const urls = inputs.filter((i) => /^wss?:\/\//.test(i));
      const files = [...urls, ...(await expandInputs(inputs.filter((i) => !urls.includes(i))))];
      const source =
        options.source ??
        (urls[0] !== undefined
          ? `ris-live:${new URL(urls[0]).host}`
          : defaultSource(format, inputs[0]));
      const attributor = await loadGeo(context.config, { quiet: context.json });
      const progress = createProgress(format === 'mrt' ? 'Reading MRT' : 'Reading RIS Live', {
        enabled: !context.json,
        unit: 'bytes',
      });
      let issues = 0;
      const result = await context
        .withStore((store) =>
          ingestMrt({
            inputs: files,
            format,
            subscription: options.subscribe,
            source,
            store,
            attributor,
            fullFeed: fullFeedOf(options),
            stepSeconds: context.config.stepSeconds,
            batchBins: options.batchBins,
            restart: options.restart,
            onProgress: (done, total) => progress.update(done, total ?? undefined),
            onIssue: (input, error) => {
              if (++issues <= REPORTED_ISSUES)
                process.stderr.write(`nightlight: skipped record of ${input}: ${error.message}\n`);
            },
          }),
        )
        .finally(() => progress.stop());
      if (context.json) return context.printJson({ source, ...result });
      if (result.alreadyIngested)
        return context.print(
          `${source}: these files were ingested already (--restart redoes them)`,
        );
      context.print(
        formatTable(
          ['source', 'records', 'corrupt', 'routes', 'peers', 'bins', 'points', 'bins kept'],
          [
            [
              source,
              result.records,
              result.corrupt,
              result.routes,
              result.peers,
              result.bins,
              result.points,
              result.skippedBins,
            ],
          ],
        ),
      );
    },
  );
}
