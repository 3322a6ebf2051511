/**
 * Parses points posted to the ingest endpoint: CSV `time,entity,signal,value[,coverage[,source]]`
 * (header optional), a JSON array, or NDJSON of `{time, entity, signal, value, coverage?,
 * source?}`. One result per line: a point, or an issue with the line number and the reason;
 * bad lines are reported and skipped, never fatal. Times are aligned to the signal's step.
 */
import { normalizeEntityId } from '../../model/entity.js';
import { messageOf } from '../../model/failure.js';
import type { SignalPoint, SignalSpec } from '../../model/signal.js';
import { DEFAULT_STEP_SECONDS, alignToBin, parseTime } from '../../model/time.js';

export interface IngestIssue {
  readonly line: number;
  readonly message: string;
}

export interface ParsedIngest {
  readonly points: SignalPoint[];
  readonly issues: IngestIssue[];
}

export type IngestFormat = 'csv' | 'json' | 'ndjson';

const SIGNAL_NAME = /^[A-Za-z0-9_.:-]{1,100}$/;

export function parseIngest(
  text: string,
  format: IngestFormat,
  spec: (signal: string) => SignalSpec | undefined,
  defaultSource: string,
): ParsedIngest {
  const points: SignalPoint[] = [];
  const issues: IngestIssue[] = [];
  const take = (line: number, raw: Record<string, unknown>) => {
    try {
      points.push(toPoint(raw, spec, defaultSource));
    } catch (error) {
      issues.push({ line, message: messageOf(error) });
    }
  };
  if (format === 'json') {
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch (error) {
      return { points, issues: [{ line: 1, message: `Cannot parse JSON: ${messageOf(error)}` }] };
    }
    if (!Array.isArray(parsed))
      return {
        points,
        issues: [{ line: 1, message: 'Cannot parse JSON: expected an array of points' }],
      };
    parsed.forEach((item, i) => take(i + 1, isRecord(item) ? item : {}));
    return { points, issues };
  }
  const lines = text.split(/\r?\n/);
  lines.forEach((line, i) => {
    if (line.trim() === '') return;
    if (format === 'ndjson') {
      let item: unknown;
      try {
        item = JSON.parse(line);
      } catch (error) {
        issues.push({ line: i + 1, message: `Cannot parse JSON line: ${messageOf(error)}` });
        return;
      }
      take(i + 1, isRecord(item) ? item : {});
      return;
    }
    const cells = line.split(',').map((cell) => cell.trim());
    if (i === 0 && cells[0] === 'time') return;
    const [time, entity, signal, value, coverage, source] = cells;
    take(i + 1, { time, entity, signal, value, coverage, source });
  });
  return { points, issues };
}

function toPoint(
  raw: Record<string, unknown>,
  spec: (signal: string) => SignalSpec | undefined,
  defaultSource: string,
): SignalPoint {
  const time =
    typeof raw.time === 'number'
      ? raw.time
      : parseTime(typeof raw.time === 'string' ? raw.time : '');
  const entity = normalizeEntityId(typeof raw.entity === 'string' ? raw.entity : '');
  const signal = typeof raw.signal === 'string' ? raw.signal : '';
  if (!SIGNAL_NAME.test(signal))
    throw new Error(
      `Cannot read signal: expected letters, digits and _ . : -, found ${JSON.stringify(signal.slice(0, 40))}`,
    );
  const value = numberOrNull(raw.value, 'value');
  const coverage =
    raw.coverage === undefined || raw.coverage === ''
      ? value === null
        ? 0
        : 1
      : numberOrNull(raw.coverage, 'coverage');
  if (coverage === null || coverage < 0 || coverage > 1)
    throw new Error(`Cannot read coverage: expected 0…1, found ${String(raw.coverage)}`);
  const source =
    typeof raw.source === 'string' && raw.source !== '' ? raw.source.slice(0, 200) : defaultSource;
  const step = spec(signal)?.stepSeconds ?? DEFAULT_STEP_SECONDS;
  if (!Number.isInteger(time) || time < 0 || time > 4294967295)
    throw new Error(
      `Cannot read time: expected epoch seconds or ISO 8601, found ${String(raw.time)}`,
    );
  return { entity, signal, source, bin: alignToBin(time, step), value, coverage };
}

/** Empty or absent is unknown (null), never zero. */
function numberOrNull(raw: unknown, name: string): number | null {
  if (raw === null || raw === undefined || raw === '') return null;
  const value = typeof raw === 'number' ? raw : typeof raw === 'string' ? Number(raw) : NaN;
  if (!Number.isFinite(value))
    throw new Error(
      `Cannot read ${name}: expected a number, found ${JSON.stringify(raw).slice(0, 40)}`,
    );
  return value;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
