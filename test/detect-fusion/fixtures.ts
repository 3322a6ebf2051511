/**
 * Shared fixtures for fusion tests: Kazakhstan's main networks with their access types and
 * located IPv4 space (as the bundled tables see them), the signal specs the tests declare,
 * and a builder for hand-made anomalies.
 */
import type { Anomaly } from '../../src/model/anomaly.js';
import type { SignalSpec } from '../../src/model/signal.js';
import type { SourcedAnomaly } from '../../src/detect/classify.js';
import { createEntityContext, type NetworkInfo } from '../../src/detect/entity-context.js';

export const HOUR = 3600;
export const DAY = 86400;
/** 2022-01-05T10:30:00Z. */
export const T0 = 1641378600;

export const KZ_NETWORKS: readonly NetworkInfo[] = [
  { asn: 9198, country: 'KZ', access: 'fixed', weight: 1458176 },
  { asn: 29355, country: 'KZ', access: 'mobile', weight: 715008 },
  { asn: 21299, country: 'KZ', access: 'mixed', weight: 314368 },
  { asn: 48503, country: 'KZ', access: 'mobile', weight: 76032 },
  { asn: 41798, country: 'KZ', access: 'fixed', weight: 60000 },
  { asn: 9123, country: 'KZ', access: 'content', weight: 20000 },
];

export const OTHER_NETWORKS: readonly NetworkInfo[] = ['UZ', 'KG', 'TJ', 'TM', 'AZ'].map(
  (country, i) => ({ asn: 64500 + i, country, access: 'fixed', weight: 1000 }),
);

export const context = createEntityContext([...KZ_NETWORKS, ...OTHER_NETWORKS]);

function spec(
  name: string,
  layer: SignalSpec['layer'],
  evidence: SignalSpec['evidence'],
  extra: Partial<SignalSpec> = {},
): SignalSpec {
  return {
    name,
    description: name,
    unit: evidence === 'rise' ? 'share' : 'count',
    stepSeconds: layer === 'application' ? 3600 : 300,
    combine: 'sum',
    missing: 'unknown',
    noise: evidence === 'rise' ? 'binomial' : 'poisson',
    minVolume: 20,
    layer,
    evidence,
    ...extra,
  };
}

export const SPECS: readonly SignalSpec[] = [
  spec('traffic.requests', 'reachability', 'drop'),
  spec('darknet.sources', 'reachability', 'drop'),
  spec('bgp.visible_slash24s', 'routing', 'drop'),
  spec('traffic.mobile_network_share', 'reachability', 'none'),
  spec('ooni.whatsapp.blocked_share', 'application', 'rise'),
  spec('ooni.telegram.blocked_share', 'application', 'rise'),
  spec('ooni.telegram.mobile.blocked_share', 'application', 'rise'),
  spec('probe.dns_failure_share', 'application', 'rise', {
    subject: 'twitter',
    mechanism: 'dns-tampering',
  }),
];

/** A hand-made anomaly; `level` is the share of normal left (drop) or the blocked share (rise). */
export function anomaly(
  entity: string,
  signal: string,
  start: number,
  end: number | null,
  level: number,
  source = 'logs:web-1',
): SourcedAnomaly {
  const rise = signal.startsWith('ooni.') || signal.startsWith('probe.');
  const base: Anomaly = {
    entity,
    signal,
    start,
    end,
    level: rise ? (level > 0.5 ? 'critical' : 'warning') : level < 0.5 ? 'critical' : 'warning',
    baseline: rise ? 0.02 : 1000,
    observed: rise ? level : 1000 * level,
    ratio: rise ? level - 0.02 : level,
    score: 0,
  };
  return { ...base, source };
}
