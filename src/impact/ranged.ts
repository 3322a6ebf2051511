/**
 * The cost model's inputs are ranges, not points: each has a central value, the low and high
 * it is believed to lie between, and its source (a published figure, a bundled table, the
 * user, or one of Nightlight's own assumptions, flagged as such). Pure; a value out of its
 * own range, negative or not finite is refused with NightlightError('bad_input').
 */
import { NightlightError } from '../model/failure.js';

export interface RangedValue {
  readonly value: number;
  readonly low: number;
  readonly high: number;
  readonly source: string;
  /** True when the figure is Nightlight's own choice rather than a published or measured one. */
  readonly assumption: boolean;
  /** The year a dated figure (GDP, population) is for. */
  readonly year?: number;
}

/** What a user may give for any input: a number (taken as exact) or a value with its range. */
export type InputOverride =
  | number
  | {
      readonly value: number;
      readonly low?: number;
      readonly high?: number;
      readonly source?: string;
    };

export function ranged(
  name: string,
  low: number,
  value: number,
  high: number,
  source: string,
  assumption = false,
): RangedValue {
  for (const [label, n] of [
    ['low', low],
    ['value', value],
    ['high', high],
  ] as const) {
    if (!Number.isFinite(n) || n < 0)
      throw new NightlightError(
        'bad_input',
        `Cannot use ${name}: expected a finite number ≥ 0 as its ${label}, found ${n}`,
      );
  }
  if (!(low <= value && value <= high))
    throw new NightlightError(
      'bad_input',
      `Cannot use ${name}: expected low ≤ value ≤ high, found ${low} ≤ ${value} ≤ ${high}`,
    );
  return { value, low, high, source, assumption };
}

export function exact(name: string, value: number, source: string, assumption = false) {
  return ranged(name, value, value, value, source, assumption);
}

/** A share must also stay within 0…1. */
export function share(value: RangedValue, name: string): RangedValue {
  if (value.high > 1)
    throw new NightlightError(
      'bad_input',
      `Cannot use ${name}: expected a share between 0 and 1, found ${value.high}`,
    );
  return value;
}

/** The user's value in place of the bundled one; without a range it is taken as exact. */
export function applyOverride(
  name: string,
  bundled: RangedValue | undefined,
  override: InputOverride | undefined,
): RangedValue | undefined {
  if (override === undefined) return bundled;
  if (typeof override === 'number') return exact(name, override, 'user override');
  const { value } = override;
  return ranged(
    name,
    override.low ?? value,
    value,
    override.high ?? value,
    override.source ?? 'user override',
  );
}

/** 1 − x, whose range turns over: the low of the result comes from the high of x. */
export function complement(name: string, x: RangedValue, source: string): RangedValue {
  return ranged(name, 1 - x.high, 1 - x.value, 1 - x.low, source, x.assumption);
}

/**
 * The product of non-negative factors. The product is increasing in each factor, so interval
 * arithmetic is exact: the low is the product of the lows, the high the product of the highs.
 */
export function product(name: string, factors: readonly RangedValue[], source: string) {
  let [low, value, high] = [1, 1, 1];
  for (const f of factors) [low, value, high] = [low * f.low, value * f.value, high * f.high];
  return ranged(
    name,
    low,
    value,
    high,
    source,
    factors.some((f) => f.assumption),
  );
}
