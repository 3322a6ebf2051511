/**
 * The routing visibility of every prefix at one instant (IODA's BGP signal): a prefix is
 * visible when more than half of the full-feed peers of its family carry it. Pure: reads the
 * RIB, allocates per-prefix typed arrays, no I/O. Each visible prefix gets an origin AS, the
 * majority origin among the peers carrying it (Boyer–Moore vote, so MOAS prefixes resolve
 * to one AS deterministically by peer order).
 */
import type { Rib } from '../rib/rib.js';
import type { CoveredUnits } from './covered-units.js';
import { fullFeedPeers, type FullFeedOptions } from './full-feed.js';

export interface VisibilitySnapshot {
  /** How many full-feed peers each family had (0: that family's visibility is unknown). */
  readonly fullFeed: { readonly ipv4: number; readonly ipv6: number };
  /** Prefix ids `0 … size-1` of the RIB's prefix table. */
  readonly size: number;
  /** 1 where the prefix is visible. */
  readonly visible: Uint8Array;
  /** Origin AS of each visible prefix (0: none, e.g. an AS_SET origin). */
  readonly origin: Uint32Array;
  /** /24s (IPv4) or /48s (IPv6) each visible prefix owns, overlaps counted once. */
  readonly units: Float64Array;
  readonly totals: { readonly ipv4: number; readonly ipv6: number };
}

export function computeVisibility(
  rib: Rib,
  coverage: CoveredUnits,
  options: FullFeedOptions = {},
): VisibilitySnapshot {
  const peers = rib.peers();
  const v4 = new Set(fullFeedPeers(peers, 4, options));
  const v6 = new Set(fullFeedPeers(peers, 6, options));
  const size = rib.prefixes.size;
  const holders = new Uint16Array(size);
  const candidate = new Uint32Array(size);
  const votes = new Int32Array(size);
  for (const peer of new Set([...v4, ...v6])) {
    const [useV4, useV6] = [v4.has(peer), v6.has(peer)];
    rib.forEachPrefix(peer, (id, attr) => {
      if (!(rib.prefixes.family(id) === 4 ? useV4 : useV6)) return;
      holders[id]!++;
      const origin = rib.attributes.originAs(attr);
      if (votes[id] === 0) {
        candidate[id] = origin;
        votes[id] = 1;
      } else votes[id]! += candidate[id] === origin ? 1 : -1;
    });
  }
  const visible = new Uint8Array(size);
  for (let id = 0; id < size; id++) {
    const peersOfFamily = rib.prefixes.family(id) === 4 ? v4.size : v6.size;
    if (holders[id]! * 2 > peersOfFamily) visible[id] = 1;
  }
  const units = new Float64Array(size);
  const totals = coverage.measure(visible, units);
  return {
    fullFeed: { ipv4: v4.size, ipv6: v6.size },
    size,
    visible,
    origin: candidate,
    units,
    totals,
  };
}
