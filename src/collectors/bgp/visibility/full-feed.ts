/**
 * Full-feed peer detection. IODA counts a peer as full-feed when it holds more than 400k IPv4
 * or 10k IPv6 prefixes; fixed numbers break on small tables (tests, regional collectors) and
 * age as the Internet grows, so the threshold here is relative by default: a peer is
 * full-feed for a family when it holds at least `minShare` of the largest up peer's table of
 * that family, and at least the absolute minimum (0 by default; IODA's 400000 / 10000 can be
 * configured). Down peers are never full-feed: their share is unknown, not zero.
 */
import type { PeerInfo } from '../rib/rib.js';

export interface FullFeedOptions {
  /** Share of the largest peer's table (default 0.9). */
  readonly minShare?: number | undefined;
  readonly minIpv4Prefixes?: number | undefined;
  readonly minIpv6Prefixes?: number | undefined;
}

export const DEFAULT_FULL_FEED_SHARE = 0.9;

/** Indexes of the full-feed peers of `family`. */
export function fullFeedPeers(
  peers: readonly PeerInfo[],
  family: 4 | 6,
  options: FullFeedOptions = {},
): number[] {
  const count = (p: PeerInfo) => (family === 4 ? p.ipv4Prefixes : p.ipv6Prefixes);
  const up = peers.filter((p) => p.up && count(p) > 0);
  const largest = Math.max(0, ...up.map(count));
  const absolute = (family === 4 ? options.minIpv4Prefixes : options.minIpv6Prefixes) ?? 0;
  const threshold = Math.max(absolute, (options.minShare ?? DEFAULT_FULL_FEED_SHARE) * largest);
  return up.filter((p) => count(p) >= threshold).map((p) => p.index);
}
