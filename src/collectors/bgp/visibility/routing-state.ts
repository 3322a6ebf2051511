/**
 * The state every routing input feeds (MRT files, live sessions, RIS Live): the per-peer
 * RIBs, the update tally of the open bin, and the entities seen so far. Inputs apply routes
 * and peer state changes; the owner closes bins on its own clock (record time for archives,
 * wall time for sessions) and gets that bin's points. No I/O here.
 */
import type { Attributor } from '../../../geo/attributor.js';
import type { Prefix } from '../../../geo/prefix.js';
import type { EntityId } from '../../../model/entity.js';
import type { SignalPoint } from '../../../model/signal.js';
import { originAsOf, type RouteFacts } from '../rib/attribute-table.js';
import { createRib, type Rib } from '../rib/rib.js';
import { createCoveredUnits } from './covered-units.js';
import type { FullFeedOptions } from './full-feed.js';
import { createUpdateTally } from './update-tally.js';
import { computeVisibility, type VisibilitySnapshot } from './visibility.js';
import { visibilityPoints } from './visibility-points.js';

export interface RoutingStateOptions {
  readonly source: string;
  /** Country of a prefix: the geo attribution of its first address. */
  readonly attributor: Pick<Attributor, 'lookupIpv4' | 'lookupAddress'>;
  readonly fullFeed?: FullFeedOptions | undefined;
  /** Entities of earlier runs (from a checkpoint): they get zeros when absent. */
  readonly known?: readonly EntityId[] | undefined;
}

export interface RoutingState {
  readonly rib: Rib;
  announce(peer: number, prefix: Prefix, pathId: number | null, facts: RouteFacts): void;
  /** A RIB dump entry: state, not an update, so it is not counted in bgp.updates. */
  load(peer: number, prefix: Prefix, pathId: number | null, facts: RouteFacts): void;
  withdraw(peer: number, prefix: Prefix, pathId: number | null): void;
  /** Session down: the peer's routes go and its share becomes unknown until it is back. */
  peerDown(peer: number): void;
  /** Session (re-)established: it starts from an empty table. */
  peerUp(peer: number): void;
  /** Points of the bin starting at `bin` from the state now, and a fresh update tally. */
  closeBin(bin: number, coverage: number): SignalPoint[];
  snapshot(): VisibilitySnapshot;
  readonly known: ReadonlySet<EntityId>;
}

export function createRoutingState(options: RoutingStateOptions): RoutingState {
  const rib = createRib();
  const coverage = createCoveredUnits(rib.prefixes);
  const tally = createUpdateTally();
  const known = new Set<EntityId>(options.known ?? []);
  const countries: (string | null | undefined)[] = [];
  const { attributor } = options;

  function countryOf(id: number): string | null {
    let country = countries[id];
    if (country === undefined) {
      const p = rib.prefixes.prefix(id);
      const a =
        p.address.family === 4
          ? attributor.lookupIpv4(p.address.value)
          : attributor.lookupAddress(p.address);
      countries[id] = country = a.country;
    }
    return country;
  }

  const snapshot = () => computeVisibility(rib, coverage, options.fullFeed);
  // Visibility is a pass over the whole table; a bin in which no route and no peer changed
  // (most bins, between bursts of churn) has the previous bin's, so it is reused.
  let last: VisibilitySnapshot | null = null;
  const changed = () => void (last = null);

  return {
    rib,
    announce(peer, prefix, pathId, facts) {
      const { prefixId } = rib.announce(peer, prefix, pathId, facts);
      changed();
      tally.announce(prefixId, originAsOf(facts.asPath));
    },
    load(peer, prefix, pathId, facts) {
      rib.announce(peer, prefix, pathId, facts);
      changed();
    },
    withdraw(peer, prefix, pathId) {
      const { prefixId, previous } = rib.withdraw(peer, prefix, pathId);
      changed();
      const id = prefixId >= 0 ? prefixId : rib.prefixes.intern(prefix);
      tally.withdraw(id, previous >= 0 ? rib.attributes.originAs(previous) : 0);
    },
    peerDown(peer) {
      rib.resetPeer(peer, false);
      changed();
    },
    peerUp(peer) {
      rib.resetPeer(peer, true);
      changed();
    },
    closeBin(bin, binCoverage) {
      const points = visibilityPoints(
        {
          bin,
          coverage: binCoverage,
          source: options.source,
          snapshot: (last ??= snapshot()),
          updates: tally.drain(),
        },
        { prefixes: rib.prefixes, countryOf, known },
      );
      return points;
    },
    snapshot,
    known,
  };
}
