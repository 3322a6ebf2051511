/**
 * The signals of web and CDN access logs, and how one closed bin of client addresses becomes
 * points per country, ASN and region. Counts are Poisson; shares are binomial and unknown
 * (null) in a bin without requests, never zero.
 */
import type { Attributor } from '../../geo/attributor.js';
import type { EntityId } from '../../model/entity.js';
import type { SignalPoint, SignalSpec } from '../../model/signal.js';
import type { ClosedBin } from './bin-window.js';
import { createEntitySums, entitiesOf } from './entity-sums.js';

const STEP = 300;

function spec(
  name: string,
  description: string,
  unit: string,
  combine: SignalSpec['combine'],
  noise: SignalSpec['noise'],
  minVolume: number,
  evidence: SignalSpec['evidence'],
): SignalSpec {
  // 'unknown': a bin with no point means the log did not cover it (server down, rotation gap).
  return {
    name,
    description,
    unit,
    stepSeconds: STEP,
    combine,
    missing: 'unknown',
    noise,
    minVolume,
    layer: 'reachability',
    evidence,
  };
}

export const TRAFFIC_SIGNALS: readonly SignalSpec[] = [
  spec('traffic.requests', 'requests in access logs', 'requests', 'sum', 'poisson', 50, 'drop'),
  spec('traffic.ips', 'distinct client addresses', 'addresses', 'sum', 'poisson', 20, 'drop'),
  spec(
    'traffic.slash24s',
    'distinct client IPv4 /24 blocks',
    '/24 blocks',
    'sum',
    'poisson',
    20,
    'drop',
  ),
  spec(
    'traffic.slash48s',
    'distinct client IPv6 /48 prefixes',
    '/48 prefixes',
    'sum',
    'poisson',
    20,
    'drop',
  ),
  spec(
    'traffic.mobile_network_share',
    'share of requests from mobile-access networks',
    'share',
    'mean',
    'binomial',
    50,
    'none',
  ),
  spec(
    'traffic.mobile_ua_share',
    'share of requests with a mobile user agent',
    'share',
    'mean',
    'binomial',
    50,
    'none',
  ),
];

/** Per-address counters of the log tally: hits, then the mobile-user-agent flag. */
export const LOG_COUNTERS = 2;
/** traffic.requests' minVolume: an entity this busy in one bin gets zeros when it falls silent. */
const ACTIVE_REQUESTS = 50;
export const FLAG_MOBILE_UA = 1;

const [REQUESTS, IPS, S24, S48, MOBILE_NET, MOBILE_UA, LAST_PREFIX] = [0, 1, 2, 3, 4, 5, 6];

export function trafficPoints(
  closed: ClosedBin,
  options: {
    attributor: Attributor;
    source: string;
    known: Set<EntityId>;
    /** False when the format has no user agent: the share is then not emitted at all. */
    userAgents: boolean;
  },
): SignalPoint[] {
  const { attributor } = options;
  const sums = createEntitySums(7);
  const add = (
    entities: readonly EntityId[],
    prefix: number,
    v6: boolean,
    counts: Uint32Array,
    mobile: boolean,
  ) => {
    const hits = counts[0]!;
    for (const entity of entities) {
      const row = sums.row(entity);
      row[REQUESTS]! += hits;
      row[IPS]!++;
      // Addresses arrive sorted, so an entity's addresses in one prefix are consecutive.
      if (row[LAST_PREFIX] !== prefix + 1) {
        row[v6 ? S48 : S24]!++;
        row[LAST_PREFIX] = prefix + 1;
      }
      if (mobile) row[MOBILE_NET]! += hits;
      row[MOBILE_UA]! += counts[1]!;
    }
  };
  closed.tally.forEachIpv4((ip, counts) => {
    const a = attributor.lookupIpv4(ip);
    add(entitiesOf(a), ip >>> 8, false, counts, a.accessType === 'mobile');
  });
  closed.tally.forEachIpv6((w, counts) => {
    const a = attributor.lookupAddress({ family: 6, w0: w[0]!, w1: w[1]!, w2: w[2]!, w3: w[3]! });
    // Offset past every IPv4 /24 so that a /48 never equals a /24 in LAST_PREFIX.
    add(
      entitiesOf(a),
      2 ** 24 + w[0]! * 65536 + (w[1]! >>> 16),
      true,
      counts,
      a.accessType === 'mobile',
    );
  });
  return sums.points({
    bin: closed.bin,
    coverage: closed.coverage,
    source: options.source,
    known: options.known,
    active: (row) => row[REQUESTS]! >= ACTIVE_REQUESTS,
    valuesOf: (row) => {
      const requests = row[REQUESTS]!;
      const share = (part: number) => (requests === 0 ? null : part / requests);
      const values: [string, number | null][] = [
        ['traffic.requests', requests],
        ['traffic.ips', row[IPS]!],
        ['traffic.slash24s', row[S24]!],
        ['traffic.slash48s', row[S48]!],
        ['traffic.mobile_network_share', share(row[MOBILE_NET]!)],
      ];
      if (options.userAgents) values.push(['traffic.mobile_ua_share', share(row[MOBILE_UA]!)]);
      return values;
    },
  });
}
