/**
 * The labelled case a scenario implies, computed from its compiled script: one expected event
 * per `event` name, typed by scope, access, layers and mechanisms, with the intervals during
 * which each network, region and the country had more than half of its users affected. Negative
 * scenarios (silences only) expect nothing. Pure.
 */
import type {
  EventAccess,
  EventLayer,
  EventMechanism,
  EventScope,
  Interval,
} from '../model/event.js';
import type { ExpectedEntity, ExpectedEvent, LabelledCase } from '../model/ground-truth.js';
import type { Cell, NetworkModel } from './network-model.js';
import type { Scenario } from './scenario-schema.js';
import type { Effect, EffectKind, Timeline } from './timeline.js';

/** An entity counts as cut while the share of its users an event reaches is above this. */
const AFFECTED = 0.5;

const LAYERS: Record<EffectKind, EventLayer[]> = {
  withdraw: ['routing', 'reachability'],
  blackhole: ['reachability'],
  throttle: ['reachability'],
  outage: ['reachability'],
  'block-apps': ['application'],
};

function mechanismOf(e: Effect): EventMechanism {
  switch (e.kind) {
    case 'withdraw':
      return 'routes-withdrawn';
    case 'blackhole':
      return 'blackhole-routes-up';
    case 'throttle':
      return 'throttling';
    case 'outage':
      return 'unknown';
    case 'block-apps':
      return e.method === 'dns'
        ? 'dns-tampering'
        : e.method === 'tcp'
          ? 'tcp-blocking'
          : 'tls-sni-blocking';
  }
}

/** Intervals during which the users reached in `cells` are more than AFFECTED of their total. */
function intervalsOf(
  cells: readonly Cell[],
  reach: (cell: Cell) => readonly Effect[],
  end: number,
): Interval[] {
  const total = cells.reduce((s, c) => s + c.users, 0);
  if (total <= 0) return [];
  const times = new Set<number>();
  for (const c of cells) for (const e of reach(c)) times.add(e.from).add(e.to);
  const sorted = [...times].sort((a, b) => a - b);
  const out: Interval[] = [];
  let open: number | null = null;
  for (const t of sorted) {
    const reached = cells.reduce((sum, c) => {
      const active = reach(c).filter((e) => e.from <= t && t < e.to);
      const weight = active.reduce((w, e) => Math.max(w, e.kind === 'withdraw' ? e.share : 1), 0);
      return sum + c.users * weight;
    }, 0);
    const cut = reached / total > AFFECTED + 1e-9;
    if (cut && open === null) open = t;
    if (!cut && open !== null) {
      out.push({ start: open, end: t });
      open = null;
    }
  }
  if (open !== null) out.push({ start: open, end: null });
  return out.map((i) => (i.end !== null && i.end >= end ? { start: i.start, end: null } : i));
}

export function buildLabelledCase(
  s: Scenario,
  model: NetworkModel,
  timeline: Timeline,
): LabelledCase {
  const names = new Set<string>();
  for (const list of timeline.effects) for (const e of list) names.add(e.event);
  const expected = [...names].flatMap((name) => eventOf(s, model, timeline, name));
  expected.sort((a, b) => a.start - b.start);
  return {
    name: s.name,
    description: s.description.trim(),
    from: s.evaluate?.from ?? s.time.from,
    to: s.evaluate?.to ?? s.time.to,
    expected,
  };
}

function eventOf(
  s: Scenario,
  model: NetworkModel,
  timeline: Timeline,
  name: string,
): ExpectedEvent[] {
  const end = s.time.to;
  const reach = (c: Cell) =>
    timeline.effects[c.id]!.filter((e) => e.event === name && e.to > e.from);
  const touched = model.cells.filter((c) => reach(c).length > 0);
  if (touched.length === 0) return [];
  const affected: ExpectedEntity[] = [];
  const asns = [...new Set(touched.map((c) => c.plan.asn.asn))].sort((a, b) => a - b);
  for (const asn of asns) {
    const intervals = intervalsOf(
      model.cells.filter((c) => c.plan.asn.asn === asn),
      reach,
      end,
    );
    if (intervals.length > 0) affected.push({ entity: `asn/${asn}`, intervals });
  }
  const regionCodes = [
    ...new Set(touched.flatMap((c) => (c.region === null ? [] : [c.region.code]))),
  ];
  const regionTargeted = s.script.some(
    (a) => (a.event ?? 'main') === name && a.target?.regions !== undefined,
  );
  const allRegions = s.regions.length > 0 && regionCodes.length === s.regions.length;
  const scope: EventScope =
    asns.length === 1 && model.plans.length > 1
      ? 'single-network'
      : regionTargeted && !allRegions
        ? 'regional'
        : 'nationwide';
  if (scope === 'regional')
    for (const code of regionCodes.sort()) {
      const intervals = intervalsOf(
        model.cells.filter((c) => c.region?.code === code),
        reach,
        end,
      );
      if (intervals.length > 0) affected.push({ entity: `region/${code}`, intervals });
    }
  const country = intervalsOf(model.cells, reach, end);
  if (scope === 'nationwide' && country.length > 0)
    affected.push({ entity: `country/${s.country}`, intervals: country });
  const effects = touched.flatMap((c) => reach(c).map((e) => ({ e, users: c.users })));
  const weight = new Map<EventMechanism, number>();
  for (const { e, users } of effects) {
    const m = mechanismOf(e);
    weight.set(
      m,
      (weight.get(m) ?? 0) + users * (e.kind === 'withdraw' ? e.share : 1) * (e.to - e.from),
    );
  }
  const mechanisms = [...weight]
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .map(([m]) => m);
  const layerSet = new Set(effects.flatMap(({ e }) => LAYERS[e.kind]));
  const layers = (['routing', 'reachability', 'application'] as const).filter((l) =>
    layerSet.has(l),
  );
  const kinds = new Set(touched.map((c) => c.plan.asn.access));
  const access: EventAccess =
    kinds.size === 1 && kinds.has('mobile')
      ? 'mobile'
      : kinds.size === 1 && kinds.has('fixed')
        ? 'fixed'
        : 'both';
  const start = Math.min(...effects.map(({ e }) => e.from));
  const last = Math.max(...effects.map(({ e }) => e.to));
  return [
    {
      location:
        scope === 'regional' && regionCodes.length === 1
          ? `region/${regionCodes[0]!}`
          : `country/${s.country}`,
      start,
      end: last >= end ? null : last,
      scope,
      access,
      layers,
      mechanisms,
      apps: [...new Set(effects.flatMap(({ e }) => e.apps))].sort(),
      affected,
    },
  ];
}
