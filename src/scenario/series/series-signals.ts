/**
 * Specs of the signals the series-level cases use that no collector declares yet: the routed
 * /24 count IODA calls "BGP" (a live BGP collector will own it). Everything else comes from
 * the collectors' catalogue.
 */
import type { SignalSpec } from '../../model/signal.js';

export const CASE_SIGNALS: readonly SignalSpec[] = [
  {
    name: 'bgp.slash24s',
    description: 'IPv4 /24 blocks covered by prefixes most full-feed peers see',
    unit: '/24 blocks',
    stepSeconds: 300,
    combine: 'mean',
    missing: 'unknown',
    // Nearly constant between routing changes: a Gaussian residual, not counting noise.
    noise: 'gaussian',
    minVolume: 20,
    layer: 'routing',
    evidence: 'drop',
  },
];
