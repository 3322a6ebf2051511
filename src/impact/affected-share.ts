/**
 * Who an event cut off: its affected share of the country's address space, of its networks
 * and of its users, both at the worst instant (peak) and averaged over the event (restorations
 * count: each entity weighs only for its own outage intervals). Users per network come from
 * configured estimates, else from its address space and access type (users-per-address.ts).
 * Basis, most specific first: affected ASNs; else affected regions (each with its share of
 * users, given); else the country itself. Pure: network sizes come in through an interface
 * (the geo layer's Attributor and AsDirectory satisfy it). Missing inputs throw.
 */
import type { AccessType } from '../model/access.js';
import { parseEntity, type EntityId } from '../model/entity.js';
import type { OutageEvent } from '../model/event.js';
import { NightlightError } from '../model/failure.js';
import type { EpochSeconds } from '../model/time.js';
import { clipAndMerge, peakWeight, totalSeconds, type Span } from './intervals.js';
import { USERS_PER_ADDRESS, usersPerAddress, type UsersPerAddress } from './users-per-address.js';

export interface NetworkSize {
  readonly asn: number;
  /** IPv4 addresses of the network located in the country. */
  readonly ipv4Addresses: number;
  readonly accessType: AccessType;
}

export interface NetworkSizes {
  /** Every network with address space in the country. */
  countryNetworks(country: string): readonly NetworkSize[];
}

export interface UserEstimate {
  readonly users: number;
  readonly source: string;
}

export interface UserEstimates {
  usersOf(asn: number): UserEstimate | undefined;
}

export interface AffectedShareOptions {
  readonly networks?: NetworkSizes;
  readonly users?: UserEstimates;
  /** Each region's share of the country's users (`KZ-75` → 0.12), for events known by region. */
  readonly regionShares?: Readonly<Record<string, number>>;
  readonly usersPerAddress?: UsersPerAddress;
  /** The time now, to close intervals still open (required for an ongoing event). */
  readonly now?: EpochSeconds;
}

export interface ShareOverTime {
  /** The largest share cut at one instant. */
  readonly peak: number;
  /** Share × time cut, divided by the event's duration. */
  readonly average: number;
}

export interface AffectedEntityShare {
  readonly entity: EntityId;
  readonly hours: number;
  readonly ipv4Addresses: number | null;
  readonly users: number | null;
  readonly usersSource: string;
}

export interface AffectedShare {
  readonly country: string;
  readonly basis: 'networks' | 'regions' | 'country';
  readonly window: {
    readonly start: EpochSeconds;
    readonly end: EpochSeconds;
    readonly hours: number;
  };
  /** Null when the basis is regions: address space per region is not known here. */
  readonly addressSpace: ShareOverTime | null;
  readonly networks: ShareOverTime | null;
  /** The average's low and high come from the users-per-address ranges. */
  readonly users: ShareOverTime & { readonly low: number; readonly high: number };
  /** Hours of a whole-country cut that weigh the same: users.average × window hours. */
  readonly effectiveHours: { readonly value: number; readonly low: number; readonly high: number };
  readonly entities: readonly AffectedEntityShare[];
  readonly notes: readonly string[];
}

export function countryOf(entity: EntityId): string {
  const parsed = parseEntity(entity);
  if (parsed.kind === 'asn')
    throw new NightlightError('bad_input', `Cannot find the country of ${entity}: it is a network`);
  return parsed.code.slice(0, 2);
}

export function eventWindow(event: OutageEvent, now: EpochSeconds | undefined) {
  const end = event.end ?? now;
  if (end === undefined)
    throw new NightlightError(
      'bad_input',
      `Cannot measure event ${event.id}: it is ongoing and no time now was given`,
    );
  if (end <= event.start)
    throw new NightlightError(
      'bad_input',
      `Cannot measure event ${event.id}: it ends (${end}) before it starts (${event.start})`,
    );
  return { start: event.start, end, hours: (end - event.start) / 3600 };
}

/** The spans of each entity of one kind, intervals of repeated entries merged. */
function spansByEntity(
  event: OutageEvent,
  kind: 'asn' | 'region' | 'country',
  window: { start: number; end: number },
) {
  const grouped = new Map<EntityId, OutageEvent['affected'][number]['intervals'][number][]>();
  for (const a of event.affected)
    if (parseEntity(a.entity).kind === kind)
      grouped.set(a.entity, [...(grouped.get(a.entity) ?? []), ...a.intervals]);
  return new Map(
    [...grouped].map(([entity, intervals]) => [
      entity,
      clipAndMerge(intervals, window.start, window.end),
    ]),
  );
}

export function computeAffectedShare(
  event: OutageEvent,
  options: AffectedShareOptions,
): AffectedShare {
  const country = countryOf(event.location);
  const window = eventWindow(event, options.now);
  const seconds = window.end - window.start;
  const asns = spansByEntity(event, 'asn', window);
  if (asns.size > 0) return byNetworks(event, country, window, asns, options);
  const regions = spansByEntity(event, 'region', window);
  const entities: AffectedEntityShare[] = [];
  const weighted: { spans: readonly Span[]; weight: number }[] = [];
  let basis: AffectedShare['basis'] = 'regions';
  if (regions.size > 0) {
    for (const [entity, spans] of regions) {
      const code = entity.slice('region/'.length);
      const share = options.regionShares?.[code];
      if (share === undefined || !(share >= 0 && share <= 1))
        throw new NightlightError(
          'bad_input',
          `Cannot measure the affected share of ${event.id}: no share of users for ${entity} (give regionShares.${code}, 0…1)`,
        );
      weighted.push({ spans, weight: share });
      entities.push({
        entity,
        hours: totalSeconds(spans) / 3600,
        ipv4Addresses: null,
        users: null,
        usersSource: `region share ${share}`,
      });
    }
  } else {
    basis = 'country';
    const spans = clipAndMerge(
      event.affected
        .filter((a) => parseEntity(a.entity).kind === 'country')
        .flatMap((a) => a.intervals),
      window.start,
      window.end,
    );
    weighted.push({ spans, weight: 1 });
    entities.push({
      entity: `country/${country}`,
      hours: totalSeconds(spans) / 3600,
      ipv4Addresses: null,
      users: null,
      usersSource: 'whole country',
    });
  }
  const average = weighted.reduce((sum, w) => sum + w.weight * totalSeconds(w.spans), 0) / seconds;
  const peak = Math.min(1, peakWeight(weighted));
  const whole = basis === 'country' ? { peak, average } : null;
  return {
    country,
    basis,
    window,
    addressSpace: whole,
    networks: whole,
    users: { peak, average, low: average, high: average },
    effectiveHours: {
      value: average * window.hours,
      low: average * window.hours,
      high: average * window.hours,
    },
    entities,
    notes: [],
  };
}

function byNetworks(
  event: OutageEvent,
  country: string,
  window: { start: number; end: number; hours: number },
  asns: ReadonlyMap<EntityId, Span[]>,
  options: AffectedShareOptions,
): AffectedShare {
  if (options.networks === undefined)
    throw new NightlightError(
      'bad_input',
      `Cannot measure the affected share of ${event.id}: it names networks but no network sizes were given`,
    );
  const all = options.networks.countryNetworks(country);
  if (all.length === 0)
    throw new NightlightError(
      'not_found',
      `Cannot measure the affected share of ${event.id}: no network has address space located in ${country}`,
    );
  const table = options.usersPerAddress ?? USERS_PER_ADDRESS;
  const byAsn = new Map(all.map((n) => [n.asn, n]));
  const notes: string[] = [];
  const seconds = window.end - window.start;
  const users = (n: NetworkSize, fixed: number, mobile: number) =>
    options.users?.usersOf(n.asn)?.users ??
    n.ipv4Addresses * usersPerAddress(n.accessType, table, fixed, mobile);
  const affected = [...asns].map(([entity, spans]) => {
    const asn = Number(entity.slice('asn/'.length));
    const size = byAsn.get(asn);
    if (size === undefined)
      notes.push(
        `${entity} has no address space located in ${country}: counted as no addresses and no users`,
      );
    return {
      entity,
      spans,
      size: size ?? { asn, ipv4Addresses: 0, accessType: 'unknown' as const },
    };
  });

  const measure = (weight: (n: NetworkSize) => number): ShareOverTime => {
    const total = all.reduce((sum, n) => sum + weight(n), 0);
    if (total === 0) return { peak: 0, average: 0 };
    const weighted = affected.map((a) => ({ spans: a.spans, weight: weight(a.size) / total }));
    return {
      peak: Math.min(1, peakWeight(weighted)),
      average: weighted.reduce((sum, w) => sum + w.weight * totalSeconds(w.spans), 0) / seconds,
    };
  };
  const { fixed, mobile } = table;
  const central = measure((n) => users(n, fixed.value, mobile.value));
  // The share is a ratio of expressions affine in each factor, so monotone in each: its
  // extremes over the ranges are at the corners.
  const corners = [fixed.low, fixed.high].flatMap((f) =>
    [mobile.low, mobile.high].map((m) => measure((n) => users(n, f, m)).average),
  );
  const low = Math.min(central.average, ...corners);
  const high = Math.max(central.average, ...corners);
  return {
    country,
    basis: 'networks',
    window,
    addressSpace: measure((n) => n.ipv4Addresses),
    networks: measure((n) => (byAsn.has(n.asn) ? 1 : 0)),
    users: { ...central, low, high },
    effectiveHours: {
      value: central.average * window.hours,
      low: low * window.hours,
      high: high * window.hours,
    },
    entities: affected.map(({ entity, spans, size }) => {
      const given = options.users?.usersOf(size.asn);
      return {
        entity,
        hours: totalSeconds(spans) / 3600,
        ipv4Addresses: size.ipv4Addresses,
        users: users(size, fixed.value, mobile.value),
        usersSource:
          given?.source ??
          `${size.ipv4Addresses} addresses × users per ${size.accessType} address (assumption)`,
      };
    }),
    notes,
  };
}
