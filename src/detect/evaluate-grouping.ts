/**
 * The harness's plain grouping of anomalies into events, used for the IODA-method baseline
 * (IODA merges overlapping alerts of different signals) and to show what the baseline alone
 * achieves before fusion: per country, anomalies overlapping in time (± joinSeconds) form one
 * event; each entity's intervals are the union of its anomalies'. Typing is minimal (layers
 * from the signals, routes withdrawn when a routing signal dropped): fusion does the real
 * typing. Pure.
 */
import type { Anomaly } from '../model/anomaly.js';
import type { EntityId } from '../model/entity.js';
import type {
  AffectedEntity,
  EventLayer,
  EventScope,
  Interval,
  OutageEvent,
} from '../model/event.js';
import type { EpochSeconds } from '../model/time.js';

export interface GroupingOptions {
  readonly countryOf: (entity: EntityId) => string | null;
  readonly layerOf: (signal: string) => EventLayer | undefined;
  readonly joinSeconds: number;
  readonly now: EpochSeconds;
  /** Prefix of event ids, e.g. `ioda`. */
  readonly method: string;
}

export function groupAnomalies(
  anomalies: readonly Anomaly[],
  options: GroupingOptions,
): OutageEvent[] {
  const byCountry = new Map<string, Anomaly[]>();
  for (const a of anomalies) {
    const country = options.countryOf(a.entity);
    const key = country === null ? a.entity : `country/${country}`;
    let list = byCountry.get(key);
    if (list === undefined) byCountry.set(key, (list = []));
    list.push(a);
  }
  const events: OutageEvent[] = [];
  for (const [location, list] of byCountry) {
    list.sort((a, b) => a.start - b.start);
    let cluster: Anomaly[] = [];
    let clusterEnd = -Infinity;
    for (const a of list) {
      if (cluster.length > 0 && a.start > clusterEnd + options.joinSeconds) {
        events.push(eventOf(location, cluster, options));
        cluster = [];
        clusterEnd = -Infinity;
      }
      cluster.push(a);
      clusterEnd = Math.max(clusterEnd, a.end ?? Infinity);
    }
    if (cluster.length > 0) events.push(eventOf(location, cluster, options));
  }
  return events.sort((a, b) => a.start - b.start);
}

function eventOf(
  location: EntityId,
  cluster: readonly Anomaly[],
  options: GroupingOptions,
): OutageEvent {
  const entities = new Map<EntityId, Anomaly[]>();
  for (const a of cluster) {
    let list = entities.get(a.entity);
    if (list === undefined) entities.set(a.entity, (list = []));
    list.push(a);
  }
  const affected: AffectedEntity[] = [...entities].map(([entity, list]) => ({
    entity,
    intervals: union(list),
    depth: Math.min(
      ...list.map((a) => (options.layerOf(a.signal) === 'application' ? 1 : a.ratio)),
    ),
  }));
  const layers = [
    ...new Set(cluster.map((a) => options.layerOf(a.signal)).filter((l) => l !== undefined)),
  ];
  const ids = [...entities.keys()];
  const regions = new Set(ids.filter((e) => e.startsWith('region/')));
  const asns = ids.filter((e) => e.startsWith('asn/'));
  const scope: EventScope = ids.some((e) => e.startsWith('country/'))
    ? 'nationwide'
    : regions.size > 0
      ? 'regional'
      : asns.length === 1
        ? 'single-network'
        : 'nationwide';
  const start = Math.min(...cluster.map((a) => a.start));
  const end = cluster.some((a) => a.end === null) ? null : Math.max(...cluster.map((a) => a.end!));
  const depth = Math.min(...affected.map((a) => a.depth));
  return {
    id: `${options.method}-${location}-${start}`,
    start,
    end,
    scope,
    access: 'unknown',
    layers,
    mechanisms: layers.includes('routing')
      ? ['routes-withdrawn']
      : layers.includes('reachability')
        ? ['blackhole-routes-up']
        : ['unknown'],
    location: regions.size === 1 && scope === 'regional' ? [...regions][0]! : location,
    affected,
    apps: [],
    depth,
    severity: depth < 0.1 ? 'critical' : depth < 0.5 ? 'major' : 'minor',
    confidence: Math.min(1, new Set(cluster.map((a) => a.signal)).size / 3),
    signals: [...new Set(cluster.map((a) => a.signal))],
    updatedAt: options.now,
  };
}

/** The union of anomalies' intervals, sorted; an open end absorbs everything after it. */
function union(list: readonly Anomaly[]): Interval[] {
  const sorted = [...list].sort((a, b) => a.start - b.start);
  const out: { start: number; end: number | null }[] = [];
  for (const a of sorted) {
    const last = out.at(-1);
    if (last !== undefined && (last.end === null || a.start <= last.end)) {
      if (last.end !== null) last.end = a.end === null ? null : Math.max(last.end, a.end);
    } else out.push({ start: a.start, end: a.end });
  }
  return out;
}
