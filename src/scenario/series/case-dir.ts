/**
 * The series-level case directory, written by the generator and read by `nightlight eval`:
 * `case.json` (a LabelledCase), `series.csv` (`time,entity,signal,value`, ISO 8601 UTC time,
 * empty value = unknown) and an optional `networks.csv` (`asn,country,access,name[,weight]`).
 * Reading validates case.json with zod (path and message per issue) and reports each bad CSV
 * line (line number and reason) and skips it; only an unreadable case.json is fatal.
 */
import { mkdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { isAccessType } from '../../model/access.js';
import { normalizeEntityId } from '../../model/entity.js';
import { NightlightError, messageOf } from '../../model/failure.js';
import type { LabelledCase } from '../../model/ground-truth.js';
import { formatTime, parseTime } from '../../model/time.js';
import type { CaseNetwork, CaseSeries, GeneratedCase } from './generate-series-case.js';

export interface CaseDir extends GeneratedCase {
  readonly dir: string;
  /** Bad lines, skipped: `series.csv line 12: …`. */
  readonly problems: readonly string[];
}

const interval = z.object({ start: z.number().int(), end: z.number().int().nullable() });
const CASE_SCHEMA = z.object({
  name: z.string().min(1),
  description: z.string(),
  from: z.number().int(),
  to: z.number().int(),
  expected: z.array(
    z.object({
      location: z.string(),
      start: z.number().int(),
      end: z.number().int().nullable(),
      scope: z.enum(['nationwide', 'regional', 'single-network']),
      access: z.enum(['mobile', 'fixed', 'both', 'unknown']),
      layers: z.array(z.enum(['routing', 'reachability', 'application'])),
      mechanisms: z.array(z.string()),
      apps: z.array(z.string()),
      affected: z.array(z.object({ entity: z.string(), intervals: z.array(interval) })),
    }),
  ),
});

export function writeCaseDir(dir: string, generated: GeneratedCase): void {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'case.json'), `${JSON.stringify(generated.labelled, null, 2)}\n`);
  writeFileSync(join(dir, 'networks.csv'), encodeNetworks(generated.networks));
  writeFileSync(join(dir, 'series.csv'), encodeSeriesCsv(generated.series));
}

export function encodeNetworks(networks: readonly CaseNetwork[]): string {
  const rows = networks.map(
    (n) => `${n.asn},${n.country},${n.access},${csvCell(n.name)},${n.weight}`,
  );
  return ['asn,country,access,name,weight', ...rows, ''].join('\n');
}

export function encodeSeriesCsv(series: readonly CaseSeries[]): string {
  const lines = ['time,entity,signal,value'];
  for (const s of series)
    s.values.forEach((v, i) => {
      lines.push(
        `${formatTime(s.start + i * s.step)},${s.entity},${s.signal},${Number.isNaN(v) ? '' : v}`,
      );
    });
  lines.push('');
  return lines.join('\n');
}

export function readCaseDir(dir: string): CaseDir {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(join(dir, 'case.json'), 'utf8'));
  } catch (error) {
    throw new NightlightError(
      'bad_input',
      `Cannot read case ${join(dir, 'case.json')}: ${messageOf(error)}`,
    );
  }
  const parsed = CASE_SCHEMA.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new NightlightError(
      'bad_input',
      `Cannot read case ${join(dir, 'case.json')}: ${issue.path.join('.')}: ${issue.message}`,
    );
  }
  const problems: string[] = [];
  const networksPath = join(dir, 'networks.csv');
  const networks = existsSync(networksPath)
    ? parseNetworks(readFileSync(networksPath, 'utf8'), problems)
    : [];
  const series = parseSeriesCsv(readFileSync(join(dir, 'series.csv'), 'utf8'), problems);
  return { dir, labelled: parsed.data as LabelledCase, networks, series, problems };
}

export function parseNetworks(text: string, problems: string[]): CaseNetwork[] {
  const found: CaseNetwork[] = [];
  text.split('\n').forEach((line, index) => {
    if (index === 0 || line.trim() === '') return;
    const [asn, country, access, name, weight] = splitCsv(line);
    if (
      !/^\d+$/.test(asn ?? '') ||
      !/^[A-Z]{2}$/.test(country ?? '') ||
      !isAccessType(access ?? '')
    ) {
      problems.push(
        `networks.csv line ${index + 1}: expected asn,country,access,name[,weight], found ${JSON.stringify(line)}`,
      );
      return;
    }
    const w = weight === undefined || weight === '' ? 1 : Number(weight);
    found.push({
      asn: Number(asn),
      country: country!,
      access: access as CaseNetwork['access'],
      name: name ?? '',
      weight: Number.isFinite(w) && w > 0 ? w : 1,
    });
  });
  return found;
}

/** Rows → one regular series per (entity, signal), step = the smallest gap between its times. */
export function parseSeriesCsv(text: string, problems: string[]): CaseSeries[] {
  const rows = new Map<string, { times: number[]; values: number[] }>();
  let index = 0;
  let lineNumber = 0;
  while (index < text.length) {
    let next = text.indexOf('\n', index);
    if (next < 0) next = text.length;
    const line = text.slice(index, next).replace(/\r$/, '');
    index = next + 1;
    lineNumber++;
    if (lineNumber === 1 || line === '') continue;
    const [time, entity, signal, value, extra] = line.split(',');
    try {
      if (signal === undefined || value === undefined || extra !== undefined)
        throw new Error(`expected 4 fields, found ${line.split(',').length}`);
      const t = parseTime(time!);
      const v = value === '' ? NaN : Number(value);
      if (value !== '' && !Number.isFinite(v))
        throw new Error(`value is not a number: ${JSON.stringify(value)}`);
      const key = `${normalizeEntityId(entity!)}\t${signal}`;
      let row = rows.get(key);
      if (row === undefined) rows.set(key, (row = { times: [], values: [] }));
      row.times.push(t);
      row.values.push(v);
    } catch (error) {
      problems.push(`series.csv line ${lineNumber}: ${messageOf(error)}`);
    }
  }
  return [...rows].map(([key, row]) => {
    const [entity, signal] = key.split('\t') as [string, string];
    const order = row.times.map((_, i) => i).sort((a, b) => row.times[a]! - row.times[b]!);
    let step = Infinity;
    for (let i = 1; i < order.length; i++) {
      const gap = row.times[order[i]!]! - row.times[order[i - 1]!]!;
      if (gap > 0 && gap < step) step = gap;
    }
    if (!Number.isFinite(step)) step = 300;
    const start = row.times[order[0]!]!;
    const values = new Float64Array(
      Math.floor((row.times[order.at(-1)!]! - start) / step) + 1,
    ).fill(NaN);
    for (const i of order) {
      const offset = row.times[i]! - start;
      if (offset % step !== 0) {
        problems.push(
          `series.csv: ${entity} ${signal} time ${formatTime(row.times[i]!)} is off its ${step} s grid, skipped`,
        );
        continue;
      }
      values[offset / step] = row.values[i]!;
    }
    return { entity, signal, start, step, values };
  });
}

function splitCsv(line: string): string[] {
  const cells: string[] = [];
  for (const match of line.matchAll(/(?:^|,)(?:"((?:[^"]|"")*)"|([^,]*))/g))
    cells.push(match[1] !== undefined ? match[1].replaceAll('""', '"') : (match[2] ?? ''));
  return cells;
}

function csvCell(text: string): string {
  return /[",\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}
