/**
 * `nightlight report EVENT_ID --format md|html|pdf [--out FILE]`: an incident report for one
 * stored event. This command does the I/O — the event and its location's series from the
 * store, ASN names from the access-type table, an optional cost range from a JSON file,
 * Chromium for PDF, the output file — and the pure builders in outputs/reports write it.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { z } from 'zod';
import { signalSpec } from '../collectors/signal-catalogue.js';
import { loadAccessTypes } from '../geo/access-types.js';
import { costOfEvent } from '../impact/event-cost.js';
import type { OutageEvent } from '../model/event.js';
import { NightlightError, messageOf } from '../model/failure.js';
import { alignToBin } from '../model/time.js';
import { chromiumPath, printPdf } from '../outputs/reports/print-pdf.js';
import type {
  ReportCost,
  ReportInput,
  ReportNetwork,
  ReportSeries,
} from '../outputs/reports/report-input.js';
import { renderHtml } from '../outputs/reports/render-html.js';
import { renderMarkdown } from '../outputs/reports/render-markdown.js';
import type { Store } from '../store/store.js';
import { contextOf } from './context.js';

interface ReportOptions {
  readonly format: string;
  readonly out?: string;
  readonly cost?: string;
  readonly padding: string;
}

const FORMATS = ['md', 'html', 'pdf'];
/** Charts stay readable and small: at most this many bins per signal. */
const MAX_BINS = 720;
const COST = z.object({
  low: z.number().nonnegative(),
  high: z.number().nonnegative(),
  currency: z.string().min(1).max(8),
  basis: z.string().max(500).optional(),
});

export function registerReportCommand(program: Command): void {
  program
    .command('report')
    .description('write an incident report for one event: Markdown, HTML or PDF')
    .argument('<event-id>', 'the id of a stored event')
    .option('--format <format>', 'md, html or pdf', 'md')
    .option('--out <file>', 'write to this file (default: standard output)')
    .option('--cost <file>', 'JSON cost range {low, high, currency, basis?} from the impact model')
    .option('--padding <hours>', 'hours of signal shown before and after the event', '48')
    .action(async (id: string, options: ReportOptions, command: Command) => {
      const context = contextOf(command);
      if (!FORMATS.includes(options.format))
        throw new NightlightError(
          'bad_input',
          `Cannot write report: expected --format md, html or pdf, found ${JSON.stringify(options.format)}`,
        );
      const padding = Number(options.padding);
      if (!Number.isFinite(padding) || padding < 0 || padding > 24 * 90)
        throw new NightlightError(
          'bad_input',
          `Cannot write report: expected --padding hours between 0 and 2160, found ${JSON.stringify(options.padding)}`,
        );
      const given = options.cost === undefined ? null : readCost(options.cost);
      const { event, series } = await context.withStore(async (store) => {
        const event = (await store.queryEvents()).find((e) => e.id === id);
        if (event === undefined)
          throw new NightlightError(
            'not_found',
            `Cannot find event: no event with id ${JSON.stringify(id)}`,
          );
        return { event, series: await readSeries(store, event, padding * 3600) };
      });
      const input: ReportInput = {
        event,
        series,
        cost: given ?? costOf(event),
        networks: await networksOf(event),
        generatedAt: Math.floor(Date.now() / 1000),
      };
      if (options.format === 'pdf') {
        const pdf = await printPdf(renderHtml(input), chromiumPath(process.env));
        return output(options.out, pdf);
      }
      output(options.out, options.format === 'md' ? renderMarkdown(input) : renderHtml(input));
    });
}

/**
 * The impact model's range for the event (design 0009), or null with the reason on stderr
 * when the model lacks an input for it: the report then says "not available", never $0.
 */
function costOf(event: OutageEvent): ReportCost | null {
  try {
    const cost = costOfEvent(event, { now: Math.floor(Date.now() / 1000) });
    return {
      low: cost.low,
      high: cost.high,
      currency: cost.currency,
      basis: `${cost.formula}; ${cost.type}, central ${Math.round(cost.central).toLocaleString('en-US')} USD (docs/design/0009-impact-and-cost.md)`,
    };
  } catch (error) {
    process.stderr.write(`nightlight: no cost in the report: ${messageOf(error)}\n`);
    return null;
  }
}

function output(path: string | undefined, data: string | Buffer): void {
  if (path === undefined) process.stdout.write(data);
  else writeFileSync(path, data);
}

function readCost(path: string): ReportCost {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new NightlightError('bad_input', `Cannot read cost ${path}: ${messageOf(error)}`);
  }
  const parsed = COST.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new NightlightError(
      'bad_input',
      `Cannot read cost ${path}: ${issue.path.join('.') || '(root)'}: ${issue.message}`,
    );
  }
  const { basis, ...range } = parsed.data;
  return basis === undefined ? range : { ...range, basis };
}

/** Each signal of the event's location over the event plus padding, re-binned in the store. */
async function readSeries(store: Store, event: OutageEvent, padding: number) {
  const end = event.end ?? event.updatedAt;
  const names =
    event.signals.length > 0
      ? event.signals
      : (await store.listSeries({ entity: event.location })).map((s) => s.signal);
  const series: ReportSeries[] = [];
  for (const name of [...new Set(names)]) {
    const spec = signalSpec(name);
    const base = spec?.stepSeconds ?? 300;
    const span = end - event.start + 2 * padding;
    const step = base * Math.max(1, Math.ceil(span / base / MAX_BINS));
    const from = alignToBin(event.start - padding, step);
    const to = alignToBin(end + padding, step) + step;
    const points = await store.aggregateSeries({
      entity: event.location,
      signal: name,
      from,
      to,
      stepSeconds: step,
      combine: spec?.combine ?? 'sum',
    });
    if (points.length === 0) continue;
    const values: (number | null)[] = new Array<number | null>((to - from) / step).fill(null);
    for (const p of points) values[(p.bin - from) / step] = p.value;
    series.push({
      signal: name,
      unit: spec?.unit ?? 'value',
      description: spec?.description ?? name,
      step,
      from,
      values,
    });
  }
  return series;
}

/** Names and access types of the affected ASNs, from the shipped table (no geo download). */
async function networksOf(event: OutageEvent): Promise<Map<number, ReportNetwork>> {
  const table = await loadAccessTypes();
  const networks = new Map<number, ReportNetwork>();
  for (const { entity } of event.affected) {
    if (!entity.startsWith('asn/')) continue;
    const asn = Number(entity.slice(4));
    const entry = table.entries.get(asn);
    if (entry !== undefined) networks.set(asn, { name: entry.name, access: entry.accessType });
  }
  return networks;
}
