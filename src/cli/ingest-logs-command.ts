/**
 * `nightlight ingest logs FILE|DIR|- …`: web or CDN access logs → traffic signals in the
 * store. Refused lines are reported (the first few with line numbers) and counted by reason;
 * they never fail the run.
 */
import type { Command } from 'commander';
import { NightlightError } from '../model/failure.js';
import { expandInputs } from '../collectors/input/expand-inputs.js';
import { ingestLogs, type IngestLogsResult } from '../collectors/traffic/ingest-logs.js';
import {
  createJsonLogFormat,
  DEFAULT_JSON_FIELDS,
  type JsonLogFields,
} from '../collectors/traffic/json-log.js';
import { compileLogFormat } from '../collectors/traffic/log-format.js';
import { defaultSource, orderRotated } from '../collectors/traffic/rotated-order.js';
import { contextOf } from './context.js';
import { loadGeo } from './load-geo.js';
import { createProgress } from './progress.js';
import { formatTable } from './table.js';

interface LogsOptions {
  readonly format: string;
  readonly jsonFields?: string;
  readonly source?: string;
  readonly trustForwardedFor?: boolean;
  readonly tolerance: number;
  readonly batchBins: number;
  readonly restart?: boolean;
}

export function registerIngestLogsCommand(ingest: Command): void {
  ingest
    .command('logs')
    .description(
      'read web or CDN access logs (plain, gzip, bzip2; directories oldest first; - for stdin)',
    )
    .argument('<input...>', 'log files, directories of rotated logs, or - for stdin')
    .option(
      '--format <format>',
      'combined, common, json, or an nginx log_format string',
      'combined',
    )
    .option(
      '--json-fields <map>',
      'JSON field names: addr=ClientIP,time=EdgeStartTimestamp,status=…,userAgent=…,forwardedFor=…',
    )
    .option('--source <name>', 'name of this log stream (default logs:<file name>)')
    .option('--trust-forwarded-for', 'take the client from the right-most X-Forwarded-For entry')
    .option(
      '--tolerance <seconds>',
      'how far out of order a line may be and still count',
      parseCount,
      300,
    )
    .option('--batch-bins <n>', 'closed bins per store write and checkpoint', parseCount, 12)
    .option('--restart', 'ignore the checkpoint and read everything again')
    .action(async (inputs: string[], options: LogsOptions, command: Command) => {
      const context = contextOf(command);
      const format =
        options.format === 'json' || options.jsonFields !== undefined
          ? createJsonLogFormat(parseJsonFields(options.jsonFields))
          : compileLogFormat(options.format);
      const files = await expandInputs(inputs, orderRotated);
      const source = options.source ?? defaultSource('logs', inputs[0]);
      const attributor = await loadGeo(context.config, { quiet: context.json });
      const progress = createProgress('Reading logs', { enabled: !context.json });
      const result = await context
        .withStore((store) =>
          ingestLogs({
            inputs: files,
            source,
            store,
            attributor,
            format,
            trustForwardedFor: options.trustForwardedFor,
            stepSeconds: context.config.stepSeconds,
            toleranceSeconds: options.tolerance,
            batchBins: options.batchBins,
            restart: options.restart,
            onProgress: (done, total) => progress.update(done, total ?? undefined),
          }),
        )
        .finally(() => progress.stop());
      report(context, source, result);
    });
}

function report(
  context: ReturnType<typeof contextOf>,
  source: string,
  result: IngestLogsResult,
): void {
  for (const issue of result.firstIssues)
    process.stderr.write(
      `nightlight: skipped line ${issue.line} of ${issue.input} at byte ${issue.offset}: ${issue.reason}: ${JSON.stringify(issue.text)}\n`,
    );
  if (result.checkpointIgnored !== null)
    process.stderr.write(
      `nightlight: read from the start: checkpoint does not match the inputs: ${result.checkpointIgnored}\n`,
    );
  if (context.json) return context.printJson({ source, ...result });
  const refused = Object.values(result.issues).reduce((s, n) => s + n, 0);
  context.print(
    formatTable(
      ['source', 'lines', 'accepted', 'refused', 'bins', 'points', 'resumed at line'],
      [
        [
          source,
          result.lines,
          result.accepted,
          refused,
          result.bins,
          result.points,
          result.resumedFrom?.record ?? null,
        ],
      ],
    ),
  );
  if (refused > 0)
    context.print(
      `refused: ${Object.entries(result.issues)
        .map(([k, n]) => `${k} ${n}`)
        .join(', ')}`,
    );
}

function parseJsonFields(text: string | undefined): JsonLogFields {
  if (text === undefined) return DEFAULT_JSON_FIELDS;
  const fields: Record<string, string | undefined> = { ...DEFAULT_JSON_FIELDS };
  for (const pair of text.split(',')) {
    const [key, value] = pair.split('=').map((s) => s.trim());
    if (!key || !value || !['addr', 'time', 'status', 'userAgent', 'forwardedFor'].includes(key))
      throw new NightlightError(
        'bad_input',
        `Cannot parse --json-fields: expected addr=…,time=…,status=…,userAgent=…,forwardedFor=…, found ${JSON.stringify(pair)}`,
      );
    fields[key] = value;
  }
  return fields as unknown as JsonLogFields;
}

export function parseCount(text: string): number {
  const n = Number(text);
  if (!Number.isSafeInteger(n) || n < 0)
    throw new NightlightError(
      'bad_input',
      `Cannot parse count: expected a whole number, found ${JSON.stringify(text)}`,
    );
  return n;
}
