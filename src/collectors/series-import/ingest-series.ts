/**
 * `ingest series`: external series into the store, so Nightlight can run on other
 * observatories' data. Each input is CSV (`time,entity,signal,value` with a header), JSON
 * lines of the same fields, or an IODA API v2 `signals/raw` document — told apart by its first
 * line unless a format is given. Points are keyed by (entity, signal, source, bin), so
 * importing a file again replaces instead of adding. Bad rows are reported with their file
 * and line and skipped; an unreadable file is one NightlightError.
 */
import { basename } from 'node:path';
import { createInterface } from 'node:readline';
import { messageOf, NightlightError } from '../../model/failure.js';
import type { SignalPoint } from '../../model/signal.js';
import type { Store } from '../../store/store.js';
import { openInput } from '../input/open-input.js';
import { isIodaDocument, parseIodaDocument } from './parse-ioda.js';
import {
  parseCsvHeader,
  parseCsvLine,
  parseJsonLine,
  type CsvHeader,
  type LineResult,
  type SeriesIssue,
} from './parse-series-lines.js';

export type SeriesFormat = 'auto' | 'csv' | 'jsonl' | 'ioda';

export interface SeriesIngestRequest {
  readonly files: readonly string[];
  readonly store: Store;
  /** Source keying the points; the file's base name when absent (IODA: `ioda:DATASOURCE`). */
  readonly source?: string | undefined;
  readonly stepSeconds: number;
  readonly format?: SeriesFormat;
  readonly onIssue?: (issue: SeriesIssue) => void;
  readonly batchPoints?: number;
}

export interface SeriesIngestReport {
  readonly files: number;
  readonly points: number;
  readonly unknown: number;
  readonly issues: number;
  readonly formats: Record<string, number>;
}

const BATCH = 50_000;

export async function ingestSeries(request: SeriesIngestRequest): Promise<SeriesIngestReport> {
  const batchSize = request.batchPoints ?? BATCH;
  let batch: SignalPoint[] = [];
  let points = 0;
  let unknown = 0;
  let issues = 0;
  const formats: Record<string, number> = {};
  const flush = async () => {
    if (batch.length === 0) return;
    await request.store.writePoints(batch);
    batch = [];
  };
  const add = async (point: SignalPoint) => {
    batch.push(point);
    points++;
    if (point.value === null) unknown++;
    if (batch.length >= batchSize) await flush();
  };
  const issue = (file: string, line: number, reason: string) => {
    issues++;
    request.onIssue?.({ file, line, reason });
  };
  for (const file of request.files) {
    const format = await ingestFile(file, request, add, issue);
    formats[format] = (formats[format] ?? 0) + 1;
  }
  await flush();
  return { files: request.files.length, points, unknown, issues, formats };
}

async function ingestFile(
  file: string,
  request: SeriesIngestRequest,
  add: (point: SignalPoint) => Promise<void>,
  issue: (file: string, line: number, reason: string) => void,
): Promise<Exclude<SeriesFormat, 'auto'>> {
  const input = await openInput(file);
  const lines = createInterface({ input: input.stream, crlfDelay: Infinity });
  const defaults = { source: request.source ?? basename(file), stepSeconds: request.stepSeconds };
  let format: SeriesFormat = request.format ?? 'auto';
  let header: CsvHeader | null = null;
  let document: string[] | null = null;
  let number = 0;
  const take = async (result: LineResult) => {
    if (result === null) return;
    if ('issue' in result) issue(file, number, result.issue);
    else await add(result.point);
  };
  try {
    for await (const line of lines) {
      number++;
      if (document !== null) {
        document.push(line);
        continue;
      }
      if (format === 'auto') {
        if (line.trim() === '') continue;
        format = guessFormat(line);
      }
      if (format === 'ioda') {
        document = [line];
      } else if (format === 'jsonl') {
        await take(parseJsonLine(line, defaults));
      } else if (header === null) {
        if (line.trim() === '') continue;
        const parsed = parseCsvHeader(line);
        if ('issue' in parsed) {
          issue(file, number, parsed.issue);
          break;
        }
        header = parsed;
      } else {
        await take(parseCsvLine(line, header, defaults));
      }
    }
  } catch (error) {
    throw new NightlightError('bad_input', `Cannot read series file ${file}: ${messageOf(error)}`);
  }
  if (document !== null) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(document.join('\n'));
    } catch (error) {
      issue(file, 1, `Cannot parse IODA document: ${messageOf(error)}`);
      return 'ioda';
    }
    const result = parseIodaDocument(parsed, request.source ?? 'ioda');
    for (const found of result.issues)
      issue(file, found.series, `series ${found.series}: ${found.reason}`);
    for (const point of result.points) await add(point);
  }
  return format === 'auto' ? 'csv' : format;
}

/** A line starting with `{` is JSON lines when it is a whole object with a time, else a document. */
function guessFormat(line: string): Exclude<SeriesFormat, 'auto'> {
  const trimmed = line.trim();
  if (!trimmed.startsWith('{')) return 'csv';
  try {
    const record = JSON.parse(trimmed) as unknown;
    return isIodaDocument(record) ? 'ioda' : 'jsonl';
  } catch {
    return 'ioda';
  }
}
