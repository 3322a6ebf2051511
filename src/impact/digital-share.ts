/**
 * The share of GDP that depends on the internet (the "digital economy" of Brookings' model),
 * per World Bank income group, with the published figures each bound rests on. Income groups
 * are derived from GDP per capita against the World Bank's FY2025 GNI-per-capita thresholds
 * (an approximation: GNI Atlas and GDP per capita differ by a few percent for most countries).
 * Pure; see docs/design/0009-impact-and-cost.md for the sources and why each value was chosen.
 */
import { ranged, type RangedValue } from './ranged.js';

export type IncomeGroup = 'low' | 'lower-middle' | 'upper-middle' | 'high';

/** World Bank FY2025 thresholds (GNI per capita, Atlas method, US$), set July 2024. */
export const INCOME_THRESHOLDS = { lowMax: 1145, lowerMiddleMax: 4515, upperMiddleMax: 14005 };

export function incomeGroupOf(gdpPerCapitaUsd: number): IncomeGroup {
  if (gdpPerCapitaUsd <= INCOME_THRESHOLDS.lowMax) return 'low';
  if (gdpPerCapitaUsd <= INCOME_THRESHOLDS.lowerMiddleMax) return 'lower-middle';
  if (gdpPerCapitaUsd <= INCOME_THRESHOLDS.upperMiddleMax) return 'upper-middle';
  return 'high';
}

const MCKINSEY_2011 =
  'McKinsey Global Institute, Internet matters (2011): 3.4% of GDP, 13 large economies';
const MCKINSEY_2012 =
  'McKinsey, Online and upcoming (2012): 1.9% of GDP, average of 30 aspiring countries (2010)';
const BCG_UK = 'BCG 2016 projection used by West/Brookings (2016): 12.4% of GDP, United Kingdom';
const BCG_ID = 'BCG 2016 projection used by West/Brookings (2016): 1.4% of GDP, Indonesia';
const IA_US = 'Internet Association (2015) cited by West/Brookings (2016): ~6% of US GDP';

interface Row {
  readonly low: number;
  readonly central: number;
  readonly high: number;
  readonly sources: string;
  /** True when a bound or the central value is Nightlight's own choice. */
  readonly assumption: boolean;
}

/**
 * Low and high are published figures; the central values of the middle groups are
 * Nightlight's choices between them (flagged as assumptions), as are both low-income bounds.
 */
export const DIGITAL_SHARE: Readonly<Record<IncomeGroup, Row>> = {
  high: {
    low: 0.034,
    central: 0.06,
    high: 0.124,
    sources: `low: ${MCKINSEY_2011}; central: ${IA_US}; high: ${BCG_UK}`,
    assumption: false,
  },
  'upper-middle': {
    low: 0.019,
    central: 0.034,
    high: 0.06,
    sources: `low: ${MCKINSEY_2012}; central (assumption): ${MCKINSEY_2011}, a mix of developed and emerging economies; high: ${IA_US}`,
    assumption: true,
  },
  'lower-middle': {
    low: 0.014,
    central: 0.019,
    high: 0.034,
    sources: `low: ${BCG_ID}; central (assumption): ${MCKINSEY_2012}; high: ${MCKINSEY_2011}`,
    assumption: true,
  },
  low: {
    low: 0.005,
    central: 0.01,
    high: 0.019,
    sources: `low and central: assumptions (no published estimate found for low-income economies); high: ${MCKINSEY_2012}`,
    assumption: true,
  },
};

export function digitalShareFor(group: IncomeGroup): RangedValue {
  const row = DIGITAL_SHARE[group];
  return ranged(
    'digital share',
    row.low,
    row.central,
    row.high,
    `${group}-income default — ${row.sources}`,
    row.assumption,
  );
}
