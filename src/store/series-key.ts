/** Helpers shared by store drivers for keying, validating and combining points. */
import { NightlightError } from '../model/failure.js';
import type { Combine, PointColumns, SignalPoint } from '../model/signal.js';
import type { AggregateQuery, TimeRange } from './store.js';

/** Separator that cannot occur in entity ids, signal names or sources we accept. */
const SEPARATOR = '\u0000';

/** Bins are stored as unsigned 32-bit seconds (until 2106-02-07), half the width of a BIGINT. */
const MAX_BIN = 0xffffffff;

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

/** Rejects column blocks a store could not hold faithfully, naming the first offender. */
export function validateColumns(blocks: readonly PointColumns[]): void {
  for (let b = 0; b < blocks.length; b++) {
    const problem = columnsProblem(blocks[b]!);
    if (problem !== undefined)
      throw new NightlightError('bad_input', `Cannot write point columns ${b}: ${problem}`);
  }
}

function columnsProblem(c: PointColumns): string | undefined {
  const n = c.entities.length;
  if (c.bins.length !== n || c.coverage.length !== n)
    return `${n} entities but ${c.bins.length} bins and ${c.coverage.length} coverages`;
  if (c.values.length !== c.signals.length)
    return `${c.signals.length} signals but ${c.values.length} value columns`;
  if (!nameOk(c.source)) return 'source must be non-empty, without NUL';
  for (let s = 0; s < c.signals.length; s++) {
    if (!nameOk(c.signals[s]!)) return `signal ${s} must be non-empty, without NUL`;
    if (c.values[s]!.length !== n)
      return `signal ${c.signals[s]!} has ${c.values[s]!.length} values for ${n} rows`;
  }
  for (let i = 0; i < n; i++) {
    if (!nameOk(c.entities[i]!)) return `entity of row ${i} must be non-empty, without NUL`;
    const bin = c.bins[i]!;
    if (!Number.isInteger(bin) || bin < 0 || bin > MAX_BIN)
      return `row ${i}: bin must be whole epoch seconds before 2106, found ${bin}`;
    const coverage = c.coverage[i]!;
    if (!(coverage >= 0 && coverage <= 1))
      return `row ${i}: coverage must be within 0…1, found ${coverage}`;
  }
  // NaN is "unknown"; only the infinities are refused.
  for (const column of c.values)
    for (let i = 0; i < n; i++)
      if (column[i] === Infinity || column[i] === -Infinity)
        return `row ${i}: value must be finite or NaN, found ${column[i]}`;
  return undefined;
}

function nameOk(name: string): boolean {
  return name.length > 0 && !name.includes(SEPARATOR);
}

/** The points a block stands for, in its order (for drivers without a columnar path). */
export function pointsOfColumns(blocks: readonly PointColumns[]): SignalPoint[] {
  const points: SignalPoint[] = [];
  for (const { source, signals, entities, bins, coverage, values } of blocks)
    for (let i = 0; i < entities.length; i++)
      for (let s = 0; s < signals.length; s++) {
        const value = values[s]![i]!;
        points.push({
          entity: entities[i]!,
          signal: signals[s]!,
          source,
          bin: bins[i]!,
          value: Number.isNaN(value) ? null : value,
          coverage: coverage[i]!,
        });
      }
  return points;
}

/** How many points the blocks stand for. */
export function countColumnPoints(blocks: readonly PointColumns[]): number {
  let count = 0;
  for (const block of blocks) count += block.entities.length * block.signals.length;
  return count;
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
