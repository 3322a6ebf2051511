/** Helpers shared by store drivers for keying, validating and combining points. */
import { NightlightError } from '../model/failure.js';
import type { Combine, SignalPoint } from '../model/signal.js';
import type { AggregateQuery, TimeRange } from './store.js';

/** Separator that cannot occur in entity ids, signal names or sources we accept. */
const SEPARATOR = '\u0000';

/** Bins are stored as unsigned 32-bit seconds (until 2106-02-07), half the width of a BIGINT. */
const MAX_BIN = 0xffffffff;

export function seriesKey(entity: string, signal: string, source: string): string {
  return `${entity}${SEPARATOR}${signal}${SEPARATOR}${source}`;
}

export function splitSeriesKey(key: string): [entity: string, signal: string, source: string] {
  const [entity = '', signal = '', source = ''] = key.split(SEPARATOR);
  return [entity, signal, source];
}

/** Rejects points a store could not hold faithfully, naming the first offender. */
export function validatePoints(points: readonly SignalPoint[]): void {
  for (let i = 0; i < points.length; i++) {
    const point = points[i]!;
    const problem = pointProblem(point);
    if (problem !== undefined) {
      throw new NightlightError('bad_input', `Cannot write signal point ${i}: ${problem}`);
    }
  }
}

/** Allocates nothing on the happy path: it runs once per point on every write. */
function pointProblem(p: SignalPoint): string | undefined {
  if (!p.entity || !p.signal || !p.source) return 'entity, signal and source must be non-empty';
  if (p.entity.includes(SEPARATOR) || p.signal.includes(SEPARATOR) || p.source.includes(SEPARATOR))
    return 'names must not contain NUL';
  if (!Number.isInteger(p.bin) || p.bin < 0 || p.bin > MAX_BIN)
    return `bin must be whole epoch seconds before 2106, found ${p.bin}`;
  if (p.value !== null && !Number.isFinite(p.value))
    return `value must be finite or null, found ${p.value}`;
  if (!(p.coverage >= 0 && p.coverage <= 1))
    return `coverage must be within 0…1, found ${p.coverage}`;
  return undefined;
}

export function validateRange(range: TimeRange): void {
  if (!Number.isFinite(range.from) || !Number.isFinite(range.to) || range.from > range.to) {
    throw new NightlightError(
      'bad_input',
      `Cannot read range: from ${range.from} is after to ${range.to}`,
    );
  }
}

export function validateAggregate(query: AggregateQuery): void {
  validateRange(query);
  if (!Number.isSafeInteger(query.stepSeconds) || query.stepSeconds <= 0) {
    throw new NightlightError(
      'bad_input',
      `Cannot aggregate: step must be a positive number of seconds, found ${query.stepSeconds}`,
    );
  }
}

/** Combines known values; null when none is known (unknown stays unknown). */
export function combineValues(values: readonly (number | null)[], combine: Combine): number | null {
  const known = values.filter((v): v is number => v !== null);
  if (known.length === 0) return null;
  switch (combine) {
    case 'sum':
      return known.reduce((a, b) => a + b, 0);
    case 'mean':
      return known.reduce((a, b) => a + b, 0) / known.length;
    case 'max':
      return Math.max(...known);
    case 'min':
      return Math.min(...known);
  }
}
