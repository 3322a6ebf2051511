/**
 * `nightlight series ENTITY`: one or all of an entity's stored series, as a table, CSV or
 * JSON, with ISO UTC times. Unknown values print as `-` (table), empty (CSV) or null (JSON).
 */
import type { Command } from 'commander';
import { normalizeEntityId } from '../model/entity.js';
import { NightlightError } from '../model/failure.js';
import type { SeriesColumns } from '../model/signal.js';
import { formatTime, parseTime } from '../model/time.js';
import { contextOf } from './context.js';
import { formatTable, type Cell } from './table.js';

interface SeriesOptions {
  readonly signal?: string[];
  readonly source?: string;
  readonly from?: string;
  readonly to?: string;
  readonly format?: string;
}

const FORMATS = ['table', 'csv', 'json'];

export function registerSeriesCommand(program: Command): void {
  program
    .command('series')
    .description("print an entity's series (all signals, or those named)")
    .argument('<entity>', 'country/KZ, region/KZ-75 or asn/9198')
    .option('--signal <name...>', 'only these signals, e.g. traffic.requests')
    .option('--source <name>', 'only this source, e.g. logs:access.log')
    .option('--from <time>', 'ISO 8601 with a zone, or epoch seconds (inclusive)')
    .option('--to <time>', 'ISO 8601 with a zone, or epoch seconds (exclusive)')
    .option('--format <format>', 'table, csv or json', 'table')
    .action(async (text: string, options: SeriesOptions, command: Command) => {
      const context = contextOf(command);
      const entity = normalizeEntityId(text);
      const format = context.json ? 'json' : (options.format ?? 'table');
      if (!FORMATS.includes(format))
        throw new NightlightError(
          'bad_input',
          `Cannot print series: expected --format table, csv or json, found ${JSON.stringify(format)}`,
        );
      const from = options.from === undefined ? 0 : parseTime(options.from);
      const to = options.to === undefined ? 2 ** 32 : parseTime(options.to);
      const series = await context.withStore((store) =>
        store.readSeries({
          entity,
          from,
          to,
          ...(options.signal === undefined ? {} : { signals: options.signal }),
          ...(options.source === undefined ? {} : { source: options.source }),
        }),
      );
      if (format === 'json') return context.printJson(series.map(toJson));
      if (format === 'csv') return context.print(toCsv(series));
      if (series.length === 0) return context.print(`No series for ${entity} in this range`);
      context.print(toTable(series));
    });
}

const valueOf = (v: number) => (Number.isNaN(v) ? null : v);

function toJson(s: SeriesColumns) {
  return {
    entity: s.entity,
    signal: s.signal,
    source: s.source,
    points: Array.from(s.bins, (bin, i) => ({
      time: formatTime(bin),
      value: valueOf(s.values[i]!),
      coverage: round(s.coverage[i]!),
    })),
  };
}

function toCsv(series: readonly SeriesColumns[]): string {
  const lines = ['time,entity,signal,source,value,coverage'];
  for (const s of series)
    s.bins.forEach((bin, i) => {
      const v = valueOf(s.values[i]!);
      lines.push(
        `${formatTime(bin)},${s.entity},${s.signal},${csvCell(s.source)},${v ?? ''},${round(s.coverage[i]!)}`,
      );
    });
  return lines.join('\n');
}

function csvCell(text: string): string {
  return /[",\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** One row per bin, one column per series (named by signal, and source when there are several). */
function toTable(series: readonly SeriesColumns[]): string {
  const sources = new Set(series.map((s) => s.source));
  const names = series.map((s) => (sources.size > 1 ? `${s.signal} ${s.source}` : s.signal));
  const rows = new Map<number, Cell[]>();
  series.forEach((s, column) =>
    s.bins.forEach((bin, i) => {
      let row = rows.get(bin);
      if (row === undefined) rows.set(bin, (row = [formatTime(bin), ...series.map(() => null)]));
      row[column + 1] = valueOf(round(s.values[i]!));
    }),
  );
  const header = ['time', ...names];
  const body = [...rows].sort(([a], [b]) => a - b).map(([, row]) => row);
  const title = sources.size === 1 ? `${series[0]!.entity}  source ${[...sources][0]!}\n` : '';
  return title + formatTable(header, body);
}

/** Float32 coverage and float shares printed without binary noise. */
function round(v: number): number {
  return Number.isNaN(v) ? v : Math.round(v * 1e6) / 1e6;
}
