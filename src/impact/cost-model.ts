/**
 * The cost of a shutdown, Brookings-style (West 2016), as a published formula with a range:
 *
 *   cost = GDP / 365 × digital_share × affected_share × loss × hours / 24
 *
 * affected_share and loss depend on the kind of event (nationwide, regional, mobile-only,
 * throttling, app-only); every input is a RangedValue with its source, and the formula is a
 * product of non-negative factors, so the low and high bounds are the products of the inputs'
 * lows and highs (interval arithmetic, exact for a monotone formula). Pure. An input missing
 * for the country is a NightlightError naming it, never a zero.
 */
import { NightlightError } from '../model/failure.js';
import { MOBILE_SHARE } from './country-facts.js';
import { digitalShareFor, incomeGroupOf, type IncomeGroup } from './digital-share.js';
import { WORLD_BANK, gdpFor, populationFor, type IndicatorTable } from './indicators.js';
import {
  applyOverride,
  complement,
  exact,
  product,
  ranged,
  share,
  type InputOverride,
  type RangedValue,
} from './ranged.js';

export const COST_TYPES = ['nationwide', 'regional', 'mobile', 'throttling', 'app'] as const;
export type CostType = (typeof COST_TYPES)[number];

export const FORMULA = 'cost = GDP / 365 × digital_share × affected_share × loss × hours / 24';

/** Nightlight's assumption for throttling: the share of traffic lost that is economic loss. */
export const THROTTLE_WEIGHT = ranged(
  'throttle weight',
  0.5,
  0.75,
  1,
  'assumption: throttling loses less activity than traffic, since payments and messaging fit in what is left; full loss is the high bound',
  true,
);

export interface CostOverrides {
  readonly gdpUsd?: InputOverride;
  readonly digitalShare?: InputOverride;
  readonly affectedShare?: InputOverride;
  readonly mobileShare?: InputOverride;
  /** Level left during the event, as a share of normal (0.05 = "5% of normal"). */
  readonly depth?: InputOverride;
  readonly throttleWeight?: InputOverride;
  /** The blocked app's share of the digital economy (app-only events). */
  readonly appShare?: InputOverride;
}

export interface CostInputs {
  /** ISO 3166-1 alpha-2. */
  readonly country: string;
  readonly type: CostType;
  /** Duration, in hours, at the affected share. */
  readonly hours: number;
  /** Where the hours come from, for the estimate's inputs (default: the user). */
  readonly hoursSource?: string;
  /** The event's year; picks the GDP year (see gdpFor). */
  readonly year?: number;
  readonly overrides?: CostOverrides;
  /** Local currency units per US dollar, to give the cost in that currency too. */
  readonly exchangeRate?: { readonly rate: number; readonly currency: string };
  /** Defaults to the bundled World Bank table. */
  readonly indicators?: IndicatorTable;
}

export interface CostRange {
  readonly central: number;
  readonly low: number;
  readonly high: number;
}

export interface CostInputValues {
  readonly gdpUsd: RangedValue;
  readonly dailyGdpUsd: RangedValue;
  readonly digitalShare: RangedValue;
  readonly affectedShare: RangedValue;
  readonly mobileShare?: RangedValue;
  readonly depth: RangedValue;
  readonly throttleWeight?: RangedValue;
  readonly appShare?: RangedValue;
  /** What share of activity the affected users lose: 1 − depth, weighted by type. */
  readonly loss: RangedValue;
  readonly hours: RangedValue;
}

export interface CostEstimate extends CostRange {
  readonly country: string;
  readonly countryName: string;
  readonly type: CostType;
  readonly currency: 'USD';
  readonly formula: string;
  readonly range: string;
  /** Every input with its value, range and source, in the formula's order. */
  readonly inputs: CostInputValues;
  /** From GDP per capita; null without a population (then the digital share was given). */
  readonly incomeGroup: IncomeGroup | null;
  readonly gdpPerCapitaUsd: number | null;
  readonly population: { readonly people: number; readonly year: number } | null;
  readonly local: (CostRange & { readonly currency: string; readonly rate: number }) | null;
  /** What a reader should know: stale data, assumptions in use. */
  readonly notes: readonly string[];
}

function missing(country: string, type: CostType, what: string): never {
  throw new NightlightError(
    'bad_input',
    `Cannot estimate cost for ${country} (${type}): no ${what} given or bundled`,
  );
}

export function estimateCost(inputs: CostInputs): CostEstimate {
  const { country, type, overrides = {} } = inputs;
  const table = inputs.indicators ?? WORLD_BANK;
  if (!(COST_TYPES as readonly string[]).includes(type))
    throw new NightlightError(
      'bad_input',
      `Cannot estimate cost: expected type ${COST_TYPES.join(', ')}, found ${JSON.stringify(type)}`,
    );
  const notes: string[] = [];
  const hours = exact('hours', inputs.hours, inputs.hoursSource ?? 'given duration');
  const gdpOverride = applyOverride('GDP', undefined, overrides.gdpUsd);
  const gdp = gdpOverride ?? gdpFor(table, country, inputs.year);
  const gdpYear = gdp.year ?? inputs.year ?? null;
  if (gdp.year !== undefined && inputs.year !== undefined && inputs.year - gdp.year > 1)
    notes.push(`GDP is for ${gdp.year}, ${inputs.year - gdp.year} years before the event`);

  const population = populationFor(table, country, gdpYear ?? 9999) ?? null;
  const perCapita = population === null ? null : gdp.value / population.people;
  const digitalOverride = applyOverride('digital share', undefined, overrides.digitalShare);
  const incomeGroup = perCapita === null ? null : incomeGroupOf(perCapita);
  const digitalShare = share(
    digitalOverride ??
      (incomeGroup === null
        ? missing(country, type, 'digital share (and no population to find its income group)')
        : digitalShareFor(incomeGroup)),
    'digital share',
  );

  const given = (name: string, o: InputOverride | undefined) => {
    const value = applyOverride(name, undefined, o);
    return value === undefined ? undefined : share(value, name);
  };
  const mobileShare =
    given('mobile share', overrides.mobileShare) ??
    (type === 'mobile' ? MOBILE_SHARE[country] : undefined);
  const depth =
    given('depth', overrides.depth) ??
    (type === 'throttling'
      ? missing(country, type, 'depth (level left during the throttling, share of normal)')
      : exact('depth', 0, 'assumption: a full cut, nothing left', true));
  let affectedShare = given('affected share', overrides.affectedShare);
  if (affectedShare === undefined) {
    if (type === 'regional') missing(country, type, "affected share (the region's share of users)");
    if (type === 'mobile')
      affectedShare =
        mobileShare === undefined
          ? missing(country, type, 'mobile share (share of internet activity on mobile networks)')
          : { ...mobileShare, source: `mobile share: ${mobileShare.source}` };
    else if (mobileShare !== undefined && (type === 'throttling' || type === 'app'))
      affectedShare = { ...mobileShare, source: `mobile networks only: ${mobileShare.source}` };
    else affectedShare = exact('affected share', 1, `${type}: the whole country`);
  }
  if (mobileShare !== undefined && (type === 'nationwide' || type === 'regional'))
    notes.push(`mobile share is not used for a ${type} event (all networks are cut)`);

  const lost = complement('loss', depth, 'loss = 1 − depth');
  let loss: RangedValue;
  let throttleWeight: RangedValue | undefined;
  let appShare: RangedValue | undefined;
  if (type === 'throttling') {
    throttleWeight = given('throttle weight', overrides.throttleWeight) ?? THROTTLE_WEIGHT;
    loss = product('loss', [throttleWeight, lost], 'loss = throttle_weight × (1 − depth)');
  } else if (type === 'app') {
    appShare =
      given('app share', overrides.appShare) ??
      missing(country, type, "app share (the app's share of the digital economy)");
    loss = product('loss', [appShare, lost], 'loss = app_share × (1 − depth)');
  } else loss = lost;

  const dailyGdp = ranged('daily GDP', gdp.low / 365, gdp.value / 365, gdp.high / 365, 'GDP / 365');
  const days = exact('days', inputs.hours / 24, 'hours / 24');
  const cost = product('cost', [dailyGdp, digitalShare, affectedShare, loss, days], FORMULA);

  for (const [name, input] of Object.entries({
    digitalShare,
    affectedShare,
    depth,
    throttleWeight,
  }))
    if (input?.assumption === true) notes.push(`${name} rests on an assumption (see its source)`);
  const local =
    inputs.exchangeRate === undefined
      ? null
      : localCost(cost, inputs.exchangeRate.rate, inputs.exchangeRate.currency);
  const inputList: CostInputValues = {
    gdpUsd: gdp,
    dailyGdpUsd: dailyGdp,
    digitalShare,
    affectedShare,
    ...(mobileShare === undefined ? {} : { mobileShare }),
    depth,
    ...(throttleWeight === undefined ? {} : { throttleWeight }),
    ...(appShare === undefined ? {} : { appShare }),
    loss,
    hours,
  };
  return {
    country,
    countryName: table.country(country)?.name ?? country,
    type,
    currency: 'USD',
    central: cost.value,
    low: cost.low,
    high: cost.high,
    formula: FORMULA,
    range:
      'interval arithmetic: the formula is a product of non-negative factors, so low = product of the inputs’ lows and high = product of their highs (all inputs at their bounds at once: an outer bound, not a confidence interval)',
    inputs: inputList,
    incomeGroup,
    gdpPerCapitaUsd: perCapita,
    population,
    local,
    notes,
  };
}

function localCost(cost: RangedValue, rate: number, currency: string) {
  if (!Number.isFinite(rate) || rate <= 0)
    throw new NightlightError(
      'bad_input',
      `Cannot convert cost to ${currency}: expected a positive exchange rate, found ${rate}`,
    );
  return {
    currency,
    rate,
    central: cost.value * rate,
    low: cost.low * rate,
    high: cost.high * rate,
  };
}
