/**
 * Series lines: one point per CSV row (`time,entity,signal,value`, optional `source` and
 * `coverage` columns, in any order after a header line) or per JSON line (the same fields).
 * Time is ISO 8601 with a zone or epoch seconds, floored to the bin; an empty or null value
 * is unknown (coverage 0), never zero. Each line yields a point or an issue with its reason,
 * never both, never nothing (blank lines and the header excepted). Pure.
 */
import { normalizeEntityId } from '../../model/entity.js';
import { messageOf } from '../../model/failure.js';
import type { SignalPoint } from '../../model/signal.js';
import { alignToBin, parseTime } from '../../model/time.js';

export interface SeriesIssue {
  readonly file: string;
  /** 1-based line number (or series number for IODA documents). */
  readonly line: number;
  readonly reason: string;
}

export type LineResult = { point: SignalPoint } | { issue: string } | null;

const REQUIRED = ['time', 'entity', 'signal', 'value'] as const;
const SIGNAL = /^[a-z0-9_-]+(?:\.[a-z0-9_-]+)*$/i;

export interface CsvHeader {
  readonly columns: ReadonlyMap<string, number>;
}

/** The header line of a CSV, or an issue naming the missing columns. */
export function parseCsvHeader(line: string): CsvHeader | { issue: string } {
  const names = splitCsv(line).map((n) => n.trim().toLowerCase());
  const missing = REQUIRED.filter((r) => !names.includes(r));
  if (missing.length > 0)
    return {
      issue: `Cannot read CSV header: missing column ${missing.join(', ')}, found ${JSON.stringify(line)}`,
    };
  return { columns: new Map(names.map((n, i) => [n, i])) };
}

export interface LineDefaults {
  readonly source: string;
  readonly stepSeconds: number;
}

export function parseCsvLine(line: string, header: CsvHeader, defaults: LineDefaults): LineResult {
  if (line.trim() === '') return null;
  const cells = splitCsv(line);
  const cell = (name: string) => {
    const i = header.columns.get(name);
    return i === undefined ? undefined : cells[i]?.trim();
  };
  return toPoint(
    {
      time: cell('time'),
      entity: cell('entity'),
      signal: cell('signal'),
      value: cell('value'),
      source: cell('source'),
      coverage: cell('coverage'),
    },
    defaults,
  );
}

export function parseJsonLine(line: string, defaults: LineDefaults): LineResult {
  if (line.trim() === '') return null;
  let record: unknown;
  try {
    record = JSON.parse(line);
  } catch (error) {
    return { issue: `not JSON: ${messageOf(error)}` };
  }
  if (typeof record !== 'object' || record === null || Array.isArray(record))
    return { issue: 'expected a JSON object with time, entity, signal, value' };
  const r = record as Record<string, unknown>;
  const text = (v: unknown) =>
    v === undefined
      ? undefined
      : v === null
        ? ''
        : typeof v === 'number'
          ? String(v)
          : typeof v === 'string'
            ? v
            : '\u0000';
  return toPoint(
    {
      time: text(r.time),
      entity: text(r.entity),
      signal: text(r.signal),
      value: text(r.value),
      source: text(r.source),
      coverage: text(r.coverage),
    },
    defaults,
  );
}

interface Fields {
  time: string | undefined;
  entity: string | undefined;
  signal: string | undefined;
  value: string | undefined;
  source: string | undefined;
  coverage: string | undefined;
}

function toPoint(f: Fields, defaults: LineDefaults): LineResult {
  for (const name of REQUIRED)
    if (f[name] === undefined || f[name] === '\u0000')
      return { issue: `missing or malformed ${name}` };
  let bin: number;
  let entity: string;
  try {
    bin = alignToBin(parseTime(f.time!), defaults.stepSeconds);
    entity = normalizeEntityId(f.entity!);
  } catch (error) {
    return { issue: messageOf(error) };
  }
  if (!SIGNAL.test(f.signal!))
    return { issue: `Cannot read signal name: found ${JSON.stringify(f.signal)}` };
  const unknown = f.value === '' || f.value!.toLowerCase() === 'null';
  const value = unknown ? null : Number(f.value);
  if (value !== null && !Number.isFinite(value))
    return {
      issue: `Cannot read value: expected a number or empty, found ${JSON.stringify(f.value)}`,
    };
  let coverage = unknown ? 0 : 1;
  if (f.coverage !== undefined && f.coverage !== '' && f.coverage !== '\u0000') {
    coverage = Number(f.coverage);
    if (!(coverage >= 0 && coverage <= 1))
      return { issue: `Cannot read coverage: expected 0…1, found ${JSON.stringify(f.coverage)}` };
  }
  const source =
    f.source !== undefined && f.source !== '' && f.source !== '\u0000' ? f.source : defaults.source;
  return { point: { entity, signal: f.signal!, source, bin, value, coverage } };
}

/** Splits one CSV line (RFC 4180 quoting; no line breaks inside fields). */
function splitCsv(line: string): string[] {
  const cells: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (quoted) {
      if (c === '"' && line[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      cells.push(cell);
      cell = '';
    } else cell += c;
  }
  cells.push(cell.replace(/\r$/, ''));
  return cells;
}
