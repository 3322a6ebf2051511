/**
 * The scenario's national network as the generators need it: each AS's announced prefixes
 * (real ones from the file, or carved from the address pool), and cells — one AS in one
 * region — with their users, local time and slice of the AS's address space. A region gets a
 * contiguous run of each AS's /24s (and /48s) in proportion to its share. Pure.
 */
import { NightlightError } from '../model/failure.js';
import { parsePrefix, type Prefix } from '../geo/prefix.js';
import type { Scenario, ScenarioAsn, ScenarioRegion } from './scenario-schema.js';

export interface AnnouncedPrefix {
  readonly prefix: Prefix;
  readonly asn: number;
  /** Position in the AS's list of prefixes of this family. */
  readonly index: number;
  /** IPv4: first /24 number (address >>> 8) and /24 count; IPv6: first /48 number and count. */
  readonly first: number;
  readonly count: number;
}

export interface NetworkPlan {
  readonly asn: ScenarioAsn;
  readonly v4: readonly AnnouncedPrefix[];
  readonly v6: readonly AnnouncedPrefix[];
  /** Cumulative /24 (or /48) counts: prefix i holds blocks cum[i] … cum[i+1]-1. */
  readonly cum4: Float64Array;
  readonly cum6: Float64Array;
  /** Share of this network's users on mobile data: 1 mobile, 0 fixed, mobileShare mixed. */
  readonly mobileShare: number;
}

export interface Cell {
  readonly id: number;
  readonly plan: NetworkPlan;
  readonly region: ScenarioRegion | null;
  readonly users: number;
  readonly utcOffsetHours: number;
  /** The cell's run of the network's /24s and /48s, as [from, to) block numbers. */
  readonly v4: readonly [number, number];
  readonly v6: readonly [number, number];
}

export interface NetworkModel {
  readonly plans: readonly NetworkPlan[];
  readonly cells: readonly Cell[];
  readonly planOf: ReadonlyMap<number, NetworkPlan>;
}

/** Aligned power-of-two blocks covering `count` /24s (or /48s) from a cursor. */
function carve(cursor: number, count: number): { blocks: [number, number][]; next: number } {
  const blocks: [number, number][] = [];
  for (let bit = 16; bit >= 0; bit--) {
    const size = 2 ** bit;
    if ((count & size) === 0) continue;
    cursor = Math.ceil(cursor / size) * size;
    blocks.push([cursor, bit]);
    cursor += size;
  }
  return { blocks, next: cursor };
}

function describe(prefix: Prefix, asn: number, index: number): AnnouncedPrefix {
  if (prefix.address.family === 4) {
    if (prefix.length > 24)
      throw new NightlightError(
        'bad_input',
        `Cannot plan AS${asn}: ${prefix.length} is longer than /24`,
      );
    return {
      prefix,
      asn,
      index,
      first: prefix.address.value >>> 8,
      count: 2 ** (24 - prefix.length),
    };
  }
  if (prefix.length < 16 || prefix.length > 48)
    throw new NightlightError(
      'bad_input',
      `Cannot plan AS${asn}: IPv6 /${prefix.length} is outside /16…/48`,
    );
  const { w0, w1 } = prefix.address;
  return { prefix, asn, index, first: w0 * 65536 + (w1 >>> 16), count: 2 ** (48 - prefix.length) };
}

function cumulative(list: readonly AnnouncedPrefix[], cap = Infinity): Float64Array {
  const cum = new Float64Array(list.length + 1);
  list.forEach((p, i) => (cum[i + 1] = cum[i]! + Math.min(p.count, cap)));
  return cum;
}

export function buildNetworkModel(s: Scenario): NetworkModel {
  const pool4 = parsePrefix(s.addressPool.ipv4);
  const pool6 = parsePrefix(s.addressPool.ipv6);
  if (pool4.address.family !== 4 || pool6.address.family !== 6)
    throw new NightlightError(
      'bad_input',
      'Cannot plan addresses: addressPool needs ipv4 and ipv6 prefixes',
    );
  const pool4Start = pool4.address.value >>> 8;
  const pool4End = pool4Start + 2 ** (24 - pool4.length);
  let cursor4 = pool4Start;
  const pool6Start = pool6.address.w0 * 65536 + (pool6.address.w1 >>> 16);
  let cursor6 = pool6Start;
  const plans = s.asns.map((asn): NetworkPlan => {
    let v4: AnnouncedPrefix[];
    if (asn.prefixes !== undefined)
      v4 = asn.prefixes.map((t, i) => describe(parsePrefix(t), asn.asn, i));
    else {
      const { blocks, next } = carve(cursor4, asn.size24!);
      if (next > pool4End)
        throw new NightlightError(
          'bad_input',
          `Cannot plan AS${asn.asn}: addressPool.ipv4 is full`,
        );
      cursor4 = next;
      v4 = blocks.map(([first, bit], i) =>
        describe({ address: { family: 4, value: first * 256 }, length: 24 - bit }, asn.asn, i),
      );
    }
    let v6: AnnouncedPrefix[] = [];
    if (asn.ipv6 !== undefined) v6 = asn.ipv6.map((t, i) => describe(parsePrefix(t), asn.asn, i));
    else if ((asn.size48 ?? 0) > 0) {
      const { blocks, next } = carve(cursor6, asn.size48!);
      cursor6 = next;
      v6 = blocks.map(([first, bit], i) => {
        const w0 = Math.floor(first / 65536);
        const w1 = ((first % 65536) << 16) >>> 0;
        return describe(
          { address: { family: 6, w0, w1, w2: 0, w3: 0 }, length: 48 - bit },
          asn.asn,
          i,
        );
      });
    }
    const mobileShare =
      asn.access === 'mobile' ? 1 : asn.access === 'fixed' ? 0 : (asn.mobileShare ?? 0.5);
    // Users of a big IPv6 prefix sit in its first /48s: cap what clients draw from.
    return {
      asn,
      v4,
      v6,
      cum4: cumulative(v4),
      cum6: cumulative(v6, asn.size48 ?? 4096),
      mobileShare,
    };
  });
  return { plans, cells: cellsOf(s, plans), planOf: new Map(plans.map((p) => [p.asn.asn, p])) };
}

function cellsOf(s: Scenario, plans: readonly NetworkPlan[]): Cell[] {
  const cells: Cell[] = [];
  const population = s.regions.reduce((sum, r) => sum + r.population, 0);
  for (const plan of plans) {
    const total4 = plan.cum4[plan.cum4.length - 1]!;
    const total6 = plan.cum6[plan.cum6.length - 1]!;
    if (s.regions.length === 0) {
      cells.push({
        id: cells.length,
        plan,
        region: null,
        users: plan.asn.users,
        utcOffsetHours: 0,
        v4: [0, total4],
        v6: [0, total6],
      });
      continue;
    }
    const raw = s.regions.map(
      (r) =>
        r.asnShares?.[String(plan.asn.asn)] ??
        (r.asnShares === undefined || population === 0
          ? r.population / Math.max(population, 1)
          : 0),
    );
    const sum = raw.reduce((a, b) => a + b, 0);
    if (sum <= 0)
      throw new NightlightError(
        'bad_input',
        `Cannot place AS${plan.asn.asn}: no region has a share of it`,
      );
    let [at4, at6, acc] = [0, 0, 0];
    s.regions.forEach((region, i) => {
      const share = raw[i]! / sum;
      if (share <= 0) return;
      acc += share;
      const to4 = Math.max(at4 + 1, Math.min(total4, Math.round(acc * total4)));
      const to6 = Math.round(acc * total6);
      cells.push({
        id: cells.length,
        plan,
        region,
        users: plan.asn.users * share,
        utcOffsetHours: region.utcOffsetHours,
        v4: [Math.min(at4, total4 - 1), to4],
        v6: [at6, to6],
      });
      [at4, at6] = [to4, to6];
    });
  }
  return cells;
}

/** The index of the prefix holding block `k` of a cumulative table. */
export function prefixAt(cum: Float64Array, k: number): number {
  let [lo, hi] = [0, cum.length - 2];
  while (lo < hi) {
    const mid = (lo + hi + 1) >>> 1;
    if (cum[mid]! <= k) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}
