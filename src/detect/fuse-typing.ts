/**
 * Typing of the evidence active at one moment: scope (nationwide, regional, single network)
 * and access (mobile, fixed, both) from the affected networks' access types and weights in
 * the entity context, and whether service was only reduced. Pure.
 */
import type { EventAccess, EventScope } from '../model/event.js';
import type { EvidenceItem } from './classify.js';
import { asnOf, type EntityContext, type NetworkInfo } from './entity-context.js';

export interface Typing {
  readonly scope: EventScope;
  readonly access: EventAccess;
  /** Every active item leaves service above the down level (throttling, not a cut). */
  readonly reduced: boolean;
}

export interface TypingOptions {
  readonly nationwideShare: number;
  readonly downLevel: number;
}

export const SCOPE_RANK: Record<EventScope, number> = {
  'single-network': 0,
  regional: 1,
  nationwide: 2,
};

const isMobile = (n: NetworkInfo) => n.access === 'mobile' || n.access === 'mixed';
const isFixed = (n: NetworkInfo) => n.access === 'fixed' || n.access === 'mixed';

export function typeActive(
  active: readonly EvidenceItem[],
  context: EntityContext,
  options: TypingOptions,
): Typing {
  const country = active[0]?.country ?? null;
  const reduced = active.every((i) => i.level >= options.downLevel);
  const asns = new Set<number>();
  let countryLevel = Infinity;
  let region = false;
  let appWide = false;
  const slices = new Set<'mobile' | 'fixed'>();
  for (const item of active) {
    const asn = asnOf(item.entity);
    if (asn !== null) asns.add(asn);
    else if (item.entity.startsWith('region/')) region = true;
    else if (item.access !== null) slices.add(item.access);
    // A whole country's application signal says nothing about how its networks reach users.
    else if (item.class === 'connectivity') countryLevel = Math.min(countryLevel, item.level);
    else appWide = true;
  }
  const networks = country === null ? [] : context.networksOf(country);
  const affected = networks.filter((n) => asns.has(n.asn));
  const access = accessOf(affected, slices, countryLevel, options.downLevel);
  const share = (pick: (n: NetworkInfo) => boolean) => {
    const total = sum(networks.filter(pick));
    return total > 0 ? sum(affected.filter(pick)) / total : 0;
  };
  const classWide = (pick: (n: NetworkInfo) => boolean) =>
    affected.filter(pick).length >= 2 && share(pick) >= options.nationwideShare;
  const countryWide =
    asns.size === 0
      ? countryLevel < Infinity || slices.size > 0 || appWide
      : countryLevel <= 1 - options.nationwideShare;
  const nationwide =
    countryWide ||
    share(() => true) >= options.nationwideShare ||
    classWide((n) => n.access === 'mobile') ||
    classWide((n) => n.access === 'fixed');
  const scope: EventScope = nationwide ? 'nationwide' : region ? 'regional' : 'single-network';
  return { scope, access, reduced };
}

function sum(networks: readonly NetworkInfo[]): number {
  let total = 0;
  for (const n of networks) total += n.weight;
  return total;
}

/**
 * Mobile when only mobile networks (or mobile slices) are affected, fixed likewise, both when
 * both kinds are, or only mixed networks, or the whole country is cut below the down level.
 */
export function accessOf(
  affected: readonly NetworkInfo[],
  slices: ReadonlySet<'mobile' | 'fixed'>,
  countryLevel: number,
  downLevel: number,
): EventAccess {
  const mobile = slices.has('mobile') || affected.some((n) => n.access === 'mobile');
  const fixed = slices.has('fixed') || affected.some((n) => n.access === 'fixed');
  if (mobile && fixed) return 'both';
  if (mobile) return 'mobile';
  if (fixed) return 'fixed';
  if (affected.some((n) => isMobile(n) && isFixed(n))) return 'both';
  return countryLevel < downLevel ? 'both' : 'unknown';
}
