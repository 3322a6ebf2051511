/**
 * `nightlight ingest series FILE…`: external series (CSV or JSON lines of
 * `time,entity,signal,value`, or IODA API v2 `signals/raw` JSON) into the store. Bad rows are
 * reported on stderr with file and line (the first few; all are counted) and skipped; only
 * inputs that yield no point at all fail the run.
 */
import { type Command, InvalidArgumentError } from 'commander';
import { expandInputs } from '../collectors/input/expand-inputs.js';
import { ingestSeries, type SeriesFormat } from '../collectors/series-import/ingest-series.js';
import { NightlightError } from '../model/failure.js';
import { contextOf } from './context.js';

const REPORTED_ISSUES = 10;
const FORMATS = ['auto', 'csv', 'jsonl', 'ioda'];

function parseStep(text: string): number {
  const step = Number(text);
  if (!Number.isInteger(step) || step <= 0 || 86400 % step !== 0)
    throw new InvalidArgumentError('expected whole seconds dividing a day, e.g. 300');
  return step;
}

function parseFormat(text: string): SeriesFormat {
  if (!FORMATS.includes(text)) throw new InvalidArgumentError(`expected ${FORMATS.join(', ')}`);
  return text as SeriesFormat;
}

interface Options {
  readonly source?: string;
  readonly step: number;
  readonly format: SeriesFormat;
}

export function registerIngestSeriesCommand(ingest: Command): void {
  ingest
    .command('series')
    .description(
      'import series from other observatories: CSV or JSON lines (time,entity,signal,value) or IODA API v2 signals/raw JSON',
    )
    .argument('<inputs...>', 'files or directories ("-" reads stdin); plain, gzip or bzip2')
    .option(
      '--source <name>',
      'source keying the points (default: the file name; IODA: ioda, then :DATASOURCE)',
    )
    .option('--step <seconds>', 'bin width CSV and JSON-line times are floored to', parseStep, 300)
    .option('--format <format>', 'auto, csv, jsonl or ioda', parseFormat, 'auto' as SeriesFormat)
    .action(async (inputs: string[], options: Options, command: Command) => {
      const context = contextOf(command);
      const files = await expandInputs(inputs);
      let reported = 0;
      const report = await context.withStore((store) =>
        ingestSeries({
          files,
          store,
          source: options.source,
          stepSeconds: options.step,
          format: options.format,
          onIssue: (issue) => {
            if (++reported <= REPORTED_ISSUES)
              process.stderr.write(
                `nightlight: skipped ${issue.file}:${issue.line}: ${issue.reason}\n`,
              );
          },
        }),
      );
      if (reported > REPORTED_ISSUES)
        process.stderr.write(`nightlight: skipped ${reported} rows or series in all\n`);
      if (report.points === 0 && report.issues > 0)
        throw new NightlightError(
          'bad_input',
          `Cannot ingest series: no point found in ${files.length} inputs, ${report.issues} issues`,
        );
      if (context.json) return context.printJson(report);
      const formats = Object.entries(report.formats)
        .map(([format, n]) => `${n} ${format}`)
        .join(', ');
      context.print(
        `Wrote ${report.points} points (${report.unknown} unknown) from ${report.files} files (${formats}); skipped ${report.issues} rows or series`,
      );
    });
}
