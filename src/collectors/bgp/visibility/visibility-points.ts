/**
 * One closed bin of routing data → SignalPoints per country and per origin AS. Visible
 * prefixes add their owned /24s or /48s and count as one prefix each; updates add to the
 * entity of their prefix. A family without full-feed peers gets no visibility points (its
 * state is unknown); entities seen before get explicit zeros (the table was read, and their
 * prefixes were not in it: that is a measurement).
 */
import type { EntityId } from '../../../model/entity.js';
import type { SignalPoint } from '../../../model/signal.js';
import type { PrefixTable } from '../rib/prefix-table.js';
import type { PrefixUpdates } from './update-tally.js';
import type { VisibilitySnapshot } from './visibility.js';

const [S24, S48, PREFIXES, UPDATES, WITHDRAWALS] = [0, 1, 2, 3, 4];

export interface BinRouting {
  readonly bin: number;
  readonly coverage: number;
  readonly source: string;
  readonly snapshot: VisibilitySnapshot;
  readonly updates: ReadonlyMap<number, PrefixUpdates>;
}

export interface PointContext {
  readonly prefixes: PrefixTable;
  /** ISO country of a prefix (from the geo tables), or null. */
  countryOf(prefixId: number): string | null;
  /** Entities that had points before: they get zeros when absent. Updated in place. */
  readonly known: Set<EntityId>;
}

export function visibilityPoints(routing: BinRouting, context: PointContext): SignalPoint[] {
  const { snapshot, updates } = routing;
  const rows = new Map<EntityId, Float64Array>();
  const add = (prefixId: number, originAs: number, slot: number, value: number) => {
    const country = context.countryOf(prefixId);
    if (country !== null) rowOf(rows, countryEntity(country))[slot]! += value;
    if (originAs !== 0) rowOf(rows, asnEntity(originAs))[slot]! += value;
  };
  for (let id = 0; id < snapshot.size; id++) {
    if (snapshot.visible[id] !== 1) continue;
    const origin = snapshot.origin[id]!;
    add(id, origin, PREFIXES, 1);
    const units = snapshot.units[id]!;
    if (units > 0) add(id, origin, context.prefixes.family(id) === 4 ? S24 : S48, units);
  }
  for (const [id, u] of updates) {
    if (u.announcements > 0) add(id, u.originAs, UPDATES, u.announcements);
    if (u.withdrawals > 0) add(id, u.originAs, WITHDRAWALS, u.withdrawals);
  }
  const { ipv4, ipv6 } = snapshot.fullFeed;
  const points: SignalPoint[] = [];
  const zeros = new Float64Array(5);
  const entities = [...new Set([...rows.keys(), ...context.known])].sort();
  for (const entity of entities) {
    const row = rows.get(entity) ?? zeros;
    const values: [string, number][] = [];
    if (ipv4 > 0) values.push(['bgp.slash24s', row[S24]!]);
    if (ipv6 > 0) values.push(['bgp.slash48s', row[S48]!]);
    if (ipv4 > 0 || ipv6 > 0) values.push(['bgp.prefixes', row[PREFIXES]!]);
    values.push(['bgp.updates', row[UPDATES]!], ['bgp.withdrawals', row[WITHDRAWALS]!]);
    for (const [signal, value] of values)
      points.push({
        entity,
        signal,
        source: routing.source,
        bin: routing.bin,
        value,
        coverage: routing.coverage,
      });
    if (row[PREFIXES]! > 0) context.known.add(entity);
  }
  return points;
}

// Entity ids built once per run, not once per visible prefix per bin: with a full table that
// was most of a bin's cost, and a string met again keeps its hash for the Map lookup.
const countryEntities = new Map<string, EntityId>();
const asnEntities = new Map<number, EntityId>();

function countryEntity(country: string): EntityId {
  let id = countryEntities.get(country);
  if (id === undefined) countryEntities.set(country, (id = `country/${country}`));
  return id;
}

function asnEntity(asn: number): EntityId {
  let id = asnEntities.get(asn);
  if (id === undefined) asnEntities.set(asn, (id = `asn/${asn}`));
  return id;
}

function rowOf(rows: Map<EntityId, Float64Array>, entity: EntityId): Float64Array {
  let row = rows.get(entity);
  if (row === undefined) rows.set(entity, (row = new Float64Array(5)));
  return row;
}
