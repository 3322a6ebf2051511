/**
 * The signals of web and CDN access logs, and how one closed bin of client addresses becomes
 * points per country, ASN and region. Counts are Poisson; shares are binomial and unknown
 * (null) in a bin without requests, never zero.
 */
import type { Attributes, Attributor } from '../../geo/attributor.js';
import type { EntityId } from '../../model/entity.js';
import type { PointColumns, SignalSpec } from '../../model/signal.js';
import type { ClosedBin } from './bin-window.js';
import { createEntitySums } from './entity-sums.js';

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
  // Counts are 'zero' where the log covered the bin (it reported other entities) but had no
  // request from this one; a bin with no point at all means the log did not cover it (server
  // down, rotation gap): unknown. Shares of no requests are unknown.
  return {
    name,
    description,
    unit,
    stepSeconds: STEP,
    combine,
    missing: noise === 'poisson' ? 'zero' : 'unknown',
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

/** Builds each closed bin's block of columns; one per run (entity rows persist across bins). */
export function createTrafficColumns(options: {
  attributor: Attributor;
  source: string;
  /** False when the format has no user agent: the share is then not emitted at all. */
  userAgents: boolean;
}): (closed: ClosedBin, known: Set<EntityId>) => PointColumns {
  const { attributor } = options;
  const sums = createEntitySums(7);
  const signals = TRAFFIC_SIGNALS.map((s) => s.name).filter(
    (name) => options.userAgents || name !== 'traffic.mobile_ua_share',
  );
  let lastAnswer: Attributes | null = null;
  let lastRows: Int32Array = new Int32Array(0);
  /** Answer numbers of a bin's addresses (attributeSortedIpv4), reused from bin to bin. */
  let ids = new Int32Array(0);
  /**
   * Per answer number, resolved once per run: [rows, row 0, row 1, row 2, mobile network], rows
   * being how many entity rows it counts towards (-1: not resolved yet).
   */
  let perAnswer = new Int32Array(0);

  function resolve(id: number): number {
    const base = id * 5;
    if (base >= perAnswer.length) {
      const grown = new Int32Array(Math.max(5 * 256, (base + 5) * 2)).fill(-1);
      grown.set(perAnswer);
      perAnswer = grown;
    }
    if (perAnswer[base] === -1) {
      const a = attributor.answer(id);
      const rows = sums.rowsOf(a);
      perAnswer[base] = rows.length;
      for (let k = 0; k < rows.length; k++) perAnswer[base + 1 + k] = rows[k]!;
      perAnswer[base + 4] = a.accessType === 'mobile' ? 1 : 0;
    }
    return base;
  }

  /** One address's counters into one entity row (`prefix` is its /24 or /48, plus one). */
  function addTo(
    s: Float64Array,
    row: number,
    hits: number,
    agents: number,
    mobile: number,
    prefix: number,
  ) {
    const base = sums.open(row);
    s[base + REQUESTS]! += hits;
    s[base + IPS]!++;
    // Addresses arrive sorted, so an entity's addresses in one prefix are consecutive.
    if (s[base + LAST_PREFIX] !== prefix) {
      s[base + S24]!++;
      s[base + LAST_PREFIX] = prefix;
    }
    s[base + MOBILE_NET]! += mobile * hits;
    s[base + MOBILE_UA]! += agents;
  }

  /**
   * A bin's IPv4 addresses: sorted, attributed in one walk over the range table, then summed
   * into entity rows through the per-answer table (typed arrays only, nothing per address).
   */
  function addIpv4(tally: ClosedBin['tally']) {
    const { count, ips, at, counts } = tally.sortedIpv4();
    if (ids.length < count) ids = new Int32Array(Math.ceil(count * 1.25));
    attributor.attributeSortedIpv4(ips, count, ids);
    let last = -1;
    let n = 0;
    let r0 = 0;
    let r1 = 0;
    let r2 = 0;
    let mobile = 0;
    let s = sums.sums;
    for (let k = 0; k < count; k++) {
      const id = ids[k]!;
      if (id !== last) {
        const base = resolve(id);
        n = perAnswer[base]!;
        r0 = perAnswer[base + 1]!;
        r1 = perAnswer[base + 2]!;
        r2 = perAnswer[base + 3]!;
        mobile = perAnswer[base + 4]!;
        // Resolving may add rows, and the sums grow with them.
        s = sums.sums;
        last = id;
      }
      if (n === 0) continue;
      const o = at[k]!;
      const hits = counts[o]!;
      const agents = counts[o + 1]!;
      const prefix = (ips[k]! >>> 8) + 1;
      addTo(s, r0, hits, agents, mobile, prefix);
      if (n > 1) addTo(s, r1, hits, agents, mobile, prefix);
      if (n > 2) addTo(s, r2, hits, agents, mobile, prefix);
    }
  }

  /** IPv6 (rare in practice): an answer per address. */
  function add(a: Attributes, prefix: number, counts: Uint32Array, at: number) {
    if (a !== lastAnswer) [lastAnswer, lastRows] = [a, sums.rowsOf(a)];
    const s = sums.sums;
    const mobile = a.accessType === 'mobile' ? 1 : 0;
    for (let k = 0; k < lastRows.length; k++) {
      const base = sums.open(lastRows[k]!);
      s[base + REQUESTS]! += counts[at]!;
      s[base + IPS]!++;
      // Sorted here too: an entity's addresses in one /48 are consecutive.
      if (s[base + LAST_PREFIX] !== prefix + 1) {
        s[base + S48]!++;
        s[base + LAST_PREFIX] = prefix + 1;
      }
      s[base + MOBILE_NET]! += mobile * counts[at]!;
      s[base + MOBILE_UA]! += counts[at + 1]!;
    }
  }

  return (closed, known) => {
    addIpv4(closed.tally);
    closed.tally.forEachIpv6((w, counts, at) => {
      const a = attributor.lookupAddress({ family: 6, w0: w[0]!, w1: w[1]!, w2: w[2]!, w3: w[3]! });
      // Offset past every IPv4 /24 so that a /48 never equals a /24 in LAST_PREFIX.
      add(a, 2 ** 24 + w[0]! * 65536 + (w[1]! >>> 16), counts, at);
    });
    return sums.columns({
      bin: closed.bin,
      coverage: closed.coverage,
      source: options.source,
      known,
      signals,
      active: (s, base) => s[base + REQUESTS]! >= ACTIVE_REQUESTS,
      write(s, base, out, i) {
        const requests = s[base + REQUESTS]!;
        out[0]![i] = requests;
        out[1]![i] = s[base + IPS]!;
        out[2]![i] = s[base + S24]!;
        out[3]![i] = s[base + S48]!;
        // Shares are unknown (NaN) in a bin without requests, never 0.
        out[4]![i] = requests === 0 ? NaN : s[base + MOBILE_NET]! / requests;
        if (out.length > 5) out[5]![i] = requests === 0 ? NaN : s[base + MOBILE_UA]! / requests;
      },
    });
  };
}
