/**
 * The routing signals of the BGP collector (IODA's BGP visibility, design 0006): per country
 * and per origin AS, the /24s and /48s covered by prefixes visible to more than half of the
 * full-feed peers, the number of such prefixes, and the announcements and withdrawals of the
 * bin. A bin without a point is unknown (session down, archive gap), never zero.
 */
import type { SignalSpec } from '../../model/signal.js';

const STEP = 300;

function spec(
  name: string,
  description: string,
  unit: string,
  minVolume: number,
  evidence: SignalSpec['evidence'],
): SignalSpec {
  return {
    name,
    description,
    unit,
    stepSeconds: STEP,
    // Collectors see the same table: their counts are estimates of one value, not addends;
    // over a coarser bin the visible space is its average.
    combine: evidence === 'drop' ? 'mean' : 'sum',
    missing: 'unknown',
    // Visible space moves in steps (a prefix is in or out), not in random counts.
    noise: evidence === 'drop' ? 'gaussian' : 'poisson',
    minVolume,
    layer: 'routing',
    evidence,
  };
}

export const BGP_SIGNALS: readonly SignalSpec[] = [
  spec(
    'bgp.slash24s',
    'IPv4 /24 blocks covered by prefixes visible to more than half of the full-feed peers',
    '/24 blocks',
    4,
    'drop',
  ),
  spec(
    'bgp.slash48s',
    'IPv6 /48 prefixes covered by prefixes visible to more than half of the full-feed peers',
    '/48 prefixes',
    4,
    'drop',
  ),
  spec(
    'bgp.prefixes',
    'prefixes visible to more than half of the full-feed peers',
    'prefixes',
    2,
    'drop',
  ),
  spec('bgp.updates', 'announcements received in the bin', 'announcements', 10, 'none'),
  spec('bgp.withdrawals', 'withdrawals received in the bin', 'withdrawals', 10, 'none'),
];
