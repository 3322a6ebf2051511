/**
 * Compiles the shutdown script into what the generators ask at each moment: per cell, the
 * effects in force (with their intervals after restorations and daily windows), per prefix
 * its withdrawn intervals, and the silences of raw inputs. Pure: the same script gives the
 * same timeline.
 */
import type { Cell, NetworkModel, NetworkPlan } from './network-model.js';
import type { ActionKind, Scenario, ScenarioAction, ScenarioTarget } from './scenario-schema.js';

export type EffectKind = Exclude<ActionKind, 'restore' | 'silence'>;

export interface Effect {
  readonly kind: EffectKind;
  readonly from: number;
  to: number;
  readonly level: number;
  readonly share: number;
  readonly apps: readonly string[];
  readonly method: 'dns' | 'tcp' | 'tls' | null;
  readonly event: string;
}

export interface Silence {
  readonly input: 'logs' | 'darknet' | 'ooni' | 'bgp-peer';
  readonly peer: string | null;
  readonly from: number;
  readonly to: number;
}

export interface Timeline {
  readonly effects: readonly (readonly Effect[])[];
  readonly silences: readonly Silence[];
  /** Traffic multiplier of a cell at time t from blackholes, throttles and outages (not withdrawals). */
  factor(cell: Cell, t: number): number;
  /** Apps blocked in a cell at time t, with the method. */
  blocked(cell: Cell, t: number): ReadonlyMap<string, 'dns' | 'tcp' | 'tls'>;
  /** Is prefix `index` of `plan` (family 4 or 6) withdrawn at time t? */
  withdrawn(plan: NetworkPlan, family: 4 | 6, index: number, t: number): boolean;
  /** Withdrawn intervals of every prefix, keyed `asn/family/index`. */
  readonly withdrawals: ReadonlyMap<string, readonly (readonly [number, number])[]>;
  isSilent(input: Silence['input'], t: number, peer?: string): boolean;
}

/** A stable unit value per prefix: the same prefixes go first whatever the share. */
export function prefixUnit(asn: number, family: number, index: number): number {
  let h = (0x9e3779b9 ^ asn) >>> 0;
  for (const v of [family, index, asn >>> 16]) {
    h = Math.imul(h ^ v, 0x85ebca6b) >>> 0;
    h ^= h >>> 13;
    h = Math.imul(h, 0xc2b2ae35) >>> 0;
    h ^= h >>> 16;
  }
  return h / 4294967296;
}

export function selectCells(model: NetworkModel, target: ScenarioTarget | undefined): Cell[] {
  return model.cells.filter(
    (c) =>
      (target?.asns === undefined || target.asns.includes(c.plan.asn.asn)) &&
      (target?.regions === undefined ||
        (c.region !== null && target.regions.includes(c.region.code))) &&
      (target?.access === undefined || target.access.includes(c.plan.asn.access)),
  );
}

/** The action's windows: one, or one per day for `daily`. */
function windows(action: ScenarioAction, end: number): [number, number][] {
  const until = action.until ?? end;
  if (action.daily === undefined) return [[action.at, until]];
  const minutes = (text: string) => Number(text.slice(0, 2)) * 60 + Number(text.slice(3));
  const [from, to] = [minutes(action.daily.from) * 60, minutes(action.daily.to) * 60];
  const span = to > from ? to - from : to + 86400 - from;
  const out: [number, number][] = [];
  for (let day = Math.floor(action.at / 86400) * 86400 - 86400; day < until; day += 86400) {
    const [a, b] = [Math.max(day + from, action.at), Math.min(day + from + span, until)];
    if (b > a) out.push([a, b]);
  }
  return out;
}

export function compileTimeline(s: Scenario, model: NetworkModel): Timeline {
  const end = s.time.to;
  const effects: Effect[][] = model.cells.map(() => []);
  const silences: Silence[] = [];
  const ordered = [...s.script].sort((a, b) => a.at - b.at);
  for (const action of ordered) {
    if (action.action === 'silence') {
      for (const [from, to] of windows(action, end))
        silences.push({ input: action.input!, peer: action.peer ?? null, from, to });
      continue;
    }
    const cells = selectCells(model, action.target);
    if (action.action === 'restore') {
      const ends = action.ends ?? ['withdraw', 'blackhole', 'throttle', 'block-apps', 'outage'];
      for (const cell of cells)
        for (const e of effects[cell.id]!)
          if (ends.includes(e.kind) && e.from <= action.at && e.to > action.at) e.to = action.at;
      continue;
    }
    for (const [from, to] of windows(action, end))
      for (const cell of cells)
        effects[cell.id]!.push({
          kind: action.action,
          from,
          to,
          level: action.action === 'throttle' ? action.level! : (action.level ?? 0),
          share: action.share ?? 1,
          apps: action.apps ?? [],
          method: action.method ?? null,
          event: action.event ?? 'main',
        });
  }
  for (const list of effects) list.sort((a, b) => a.from - b.from);
  const withdrawals = withdrawalsOf(model, effects);
  const active = (e: Effect, t: number) => e.from <= t && t < e.to;
  return {
    effects,
    silences,
    withdrawals,
    factor(cell, t) {
      let f = 1;
      for (const e of effects[cell.id]!)
        if (
          active(e, t) &&
          (e.kind === 'blackhole' || e.kind === 'throttle' || e.kind === 'outage')
        )
          f *= e.level;
      return f;
    },
    blocked(cell, t) {
      const out = new Map<string, 'dns' | 'tcp' | 'tls'>();
      for (const e of effects[cell.id]!)
        if (e.kind === 'block-apps' && active(e, t))
          for (const app of e.apps) out.set(app, e.method!);
      return out;
    },
    withdrawn(plan, family, index, t) {
      const list = withdrawals.get(`${plan.asn.asn}/${family}/${index}`);
      return list !== undefined && list.some(([a, b]) => a <= t && t < b);
    },
    isSilent(input, t, peer) {
      return silences.some(
        (x) =>
          x.input === input && (peer === undefined || x.peer === peer) && x.from <= t && t < x.to,
      );
    },
  };
}

/**
 * Each prefix belongs to the cell holding its first block. A withdraw action with share s
 * takes a network's prefixes (over all the cells it targets) in a stable pseudo-random order
 * (the same prefixes go first whatever the share) while the space taken stays within s of the
 * network's targeted space: the share is of address space, as the visibility signal counts
 * it, so "15% withdrawn" cannot become 80% of the space when a few large prefixes are drawn.
 */
function withdrawalsOf(
  model: NetworkModel,
  effects: readonly Effect[][],
): Map<string, [number, number][]> {
  interface Candidate {
    readonly key: string;
    readonly size: number;
    readonly unit: number;
    readonly effect: Effect;
  }
  // One group per network, family and action window (the same action reaches several cells).
  const groups = new Map<string, Candidate[]>();
  for (const cell of model.cells) {
    const { plan } = cell;
    for (const effect of effects[cell.id]!) {
      if (effect.kind !== 'withdraw') continue;
      for (const [family, prefixes, cum, range] of [
        [4, plan.v4, plan.cum4, cell.v4],
        [6, plan.v6, plan.cum6, cell.v6],
      ] as const)
        prefixes.forEach((p, i) => {
          const first = cum[i]!;
          if (first < range[0] || first >= range[1]) return;
          const group = `${plan.asn.asn}/${family}/${effect.from}/${effect.share}/${effect.event}`;
          const list = groups.get(group) ?? [];
          list.push({
            key: `${plan.asn.asn}/${family}/${i}`,
            size: cum[i + 1]! - first,
            unit: prefixUnit(plan.asn.asn, family, p.index),
            effect,
          });
          groups.set(group, list);
        });
    }
  }
  const out = new Map<string, [number, number][]>();
  for (const list of groups.values()) {
    list.sort((a, b) => a.unit - b.unit || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    const limit = list[0]!.effect.share * list.reduce((sum, c) => sum + c.size, 0) + 1e-9;
    let taken = 0;
    for (const c of list) {
      if (taken + c.size > limit) continue;
      taken += c.size;
      const intervals = out.get(c.key) ?? [];
      intervals.push([c.effect.from, c.effect.to]);
      out.set(c.key, intervals);
    }
  }
  return out;
}
