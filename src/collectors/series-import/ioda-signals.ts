/**
 * The signals an IODA API v2 `signals/raw` import yields, one per datasource, declared like
 * any collector's: BGP visibility is routing evidence, active probing and the telescopes are
 * reachability evidence, Google's product traffic too. Thresholds follow what IODA publishes
 * (no output below 20 /24 blocks). Nested datasources (loss, latency) are not imported.
 */
import type { SignalSpec } from '../../model/signal.js';

function spec(
  datasource: string,
  description: string,
  unit: string,
  stepSeconds: number,
  layer: SignalSpec['layer'],
  noise: SignalSpec['noise'],
  minVolume: number,
): SignalSpec {
  return {
    name: iodaSignalName(datasource),
    description: `IODA ${description}`,
    unit,
    stepSeconds,
    combine: 'mean',
    // An IODA series with a null is a bin IODA could not measure.
    missing: 'unknown',
    noise,
    minVolume,
    layer,
    evidence: 'drop',
  };
}

export function iodaSignalName(datasource: string): string {
  return `ioda.${datasource}`;
}

export const IODA_SIGNALS: readonly SignalSpec[] = [
  spec(
    'bgp',
    '/24 blocks visible to most full-feed BGP peers',
    '/24 blocks',
    300,
    'routing',
    'gaussian',
    20,
  ),
  spec(
    'ping-slash24',
    '/24 blocks up by active probing (Trinocular)',
    '/24 blocks',
    600,
    'reachability',
    'gaussian',
    20,
  ),
  spec(
    'ucsd-nt',
    'unique sources reaching the UCSD telescope',
    'addresses',
    300,
    'reachability',
    'poisson',
    20,
  ),
  spec(
    'merit-nt',
    'unique sources reaching the Merit telescope',
    'addresses',
    300,
    'reachability',
    'poisson',
    20,
  ),
  spec(
    'gtr',
    'Google product traffic (per product in the source name)',
    'traffic index',
    1800,
    'reachability',
    'gaussian',
    0,
  ),
];
