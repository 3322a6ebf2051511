/**
 * Per-country facts the cost model can use when the user gives none: so far the mobile share
 * of internet activity, where a measurement was published. A country absent here makes a
 * mobile-only estimate ask for `mobileShare` rather than guess.
 */
import { ranged, type RangedValue } from './ranged.js';

export const MOBILE_SHARE: Readonly<Record<string, RangedValue>> = {
  KZ: ranged(
    'mobile share',
    0.65,
    0.75,
    0.85,
    'Cloudflare Radar, January 2022 (Cloudflare blog "Internet shut down in Kazakhstan amid unrest"): mobile ≈75% of traffic; ±0.10 is an assumption (traffic share, not share of economic activity)',
    true,
  ),
};
