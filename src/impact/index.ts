/**
 * The impact layer's public surface: who an event cut off (affected share) and what it cost
 * (a Brookings-style formula with a range). Pure: no I/O, no clock, no environment.
 */
export {
  computeAffectedShare,
  type AffectedShare,
  type AffectedShareOptions,
  type NetworkSize,
  type NetworkSizes,
  type UserEstimate,
  type UserEstimates,
} from './affected-share.js';
export {
  COST_TYPES,
  FORMULA,
  estimateCost,
  type CostEstimate,
  type CostInputs,
  type CostOverrides,
  type CostType,
} from './cost-model.js';
export { costOfEvent, costTypeOf, type EventCost, type EventCostInputs } from './event-cost.js';
export { WORLD_BANK, gdpFor, type IndicatorTable } from './indicators.js';
export type { InputOverride, RangedValue } from './ranged.js';
