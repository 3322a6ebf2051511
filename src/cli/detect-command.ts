/**
 * `nightlight detect [--from --to] [--entity …] [--since-last]`: reads the stored series of
 * every scored signal, runs the pure detection pipeline (detect/detect-events.ts) over them
 * with the geo layer as entity context, writes the events (ongoing ones keep their id) and
 * prints a summary with the health findings. `--since-last` resumes after the last run's
 * checkpoint and reports, for each event it opens, the latency from the close of the event's
 * first bin to the moment the event was written.
 */
import type { Command } from 'commander';
import { SIGNALS } from '../collectors/signal-catalogue.js';
import { detect } from '../detect/detect-events.js';
import { createEntityContext, type NetworkInfo } from '../detect/entity-context.js';
import type { Attributor } from '../geo/attributor.js';
import { normalizeEntityId, parseEntity, type EntityId } from '../model/entity.js';
import { isOngoing, type OutageEvent } from '../model/event.js';
import type { SignalSpec } from '../model/signal.js';
import { alignToBin, formatTime, parseTime } from '../model/time.js';
import type { SeriesInfo, Store } from '../store/store.js';
import { contextOf } from './context.js';
import { loadGeo } from './load-geo.js';
import { formatEventTable } from './events-command.js';
import { formatTable } from './table.js';
import type { DetectionSeries } from '../detect/detect-events.js';
import { fillSourceZeros } from '../detect/source-zeros.js';

const CHECKPOINT = 'detect';
const DAY = 86400;

export interface Options {
  readonly from?: string;
  readonly to?: string;
  readonly entity?: string[];
  readonly sinceLast?: boolean;
  readonly lookback: string;
  readonly watch?: string;
  readonly cycles?: string;
}

export function registerDetectCommand(program: Command): void {
  program
    .command('detect')
    .description('detect outages in the stored series and write typed events to the store')
    .option('--from <time>', 'start of the range to report (default: the earliest series)')
    .option('--to <time>', 'end of the range, exclusive (default: after the latest bin)')
    .option('--entity <id...>', 'only these entities (a country includes its regions and networks)')
    .option('--since-last', 'continue after the previous run (checkpoint "detect")')
    .option('--lookback <days>', 'history read before --from for the baselines', '28')
    .option('--watch <seconds>', 'keep running: every SECONDS, score the new bins incrementally')
    .option('--cycles <n>', 'with --watch: stop after N cycles (default: run until interrupted)')
    .action(async (options: Options, command: Command) => {
      const context = contextOf(command);
      const attributor = await loadGeo(context.config, { quiet: context.json });
      if (options.watch !== undefined) {
        const { watchDetection } = await import('./detect-command-watch.js');
        return watchDetection(context, attributor, options);
      }
      await context.withStore(async (store) => {
        const summary = await runDetection(store, attributor, options);
        if (context.json) return context.printJson(summary);
        context.print(describe(summary));
      });
    });
}

export interface DetectionSummary {
  readonly from: number;
  readonly to: number;
  readonly series: number;
  readonly anomalies: number;
  readonly events: OutageEvent[];
  readonly health: ReturnType<typeof detect>['health'];
  /** Wall-clock seconds spent reading and detecting. */
  readonly seconds: { readonly read: number; readonly detect: number };
  /** For events this run opened: seconds from the close of their first bin to being written. */
  readonly latency: { readonly id: string; readonly seconds: number }[];
  /** Ids of events stored by an earlier run that this run no longer finds, now withdrawn. */
  readonly retracted: string[];
}

export async function runDetection(
  store: Store,
  attributor: Attributor,
  options: Options,
): Promise<DetectionSummary> {
  const specs = new Map(SIGNALS.filter((s) => s.evidence !== 'none').map((s) => [s.name, s]));
  const countryOf = (entity: EntityId) => {
    const parsed = parseEntity(entity);
    return parsed.kind === 'asn'
      ? attributor.lookupAsn(parsed.asn).country
      : parsed.code.slice(0, 2);
  };
  const wanted = (options.entity ?? []).map(normalizeEntityId);
  const keep = (entity: EntityId) =>
    wanted.length === 0 ||
    wanted.includes(entity) ||
    wanted.some((w) => w.startsWith('country/') && countryOf(entity) === w.slice(8));
  const infos = (await store.listSeries()).filter((i) => specs.has(i.signal) && keep(i.entity));
  const checkpoint = options.sinceLast === true ? await store.getCheckpoint(CHECKPOINT) : undefined;
  const last = (checkpoint?.position as { to?: number } | undefined)?.to;
  const first = Math.min(...infos.map((i) => i.first));
  const to =
    options.to !== undefined
      ? parseTime(options.to)
      : Math.max(0, ...infos.map((i) => i.last + specs.get(i.signal)!.stepSeconds));
  const from = options.from !== undefined ? parseTime(options.from) : (last ?? first);
  const windowFrom = Math.max(first, from - Number(options.lookback) * DAY);
  const started = performance.now();
  const series = infos.length === 0 ? [] : await readRegular(store, infos, windowFrom, to, specs);
  const read = (performance.now() - started) / 1000;
  const previous = await store.queryEvents({ from: windowFrom, to });
  const detectStarted = performance.now();
  const networks = networksOf(
    attributor,
    new Set(infos.map((i) => countryOf(i.entity)).filter((c) => c !== null)),
  );
  const result = detect({
    series,
    specs: [...specs.values()],
    context: createEntityContext(networks),
    now: to,
    previous,
    from: windowFrom,
  });
  const seconds = { read, detect: (performance.now() - detectStarted) / 1000 };
  const changed = result.events.filter((e) => e.end === null || e.end > from);
  await store.writeEvents(changed);
  // Events an earlier run stored in the span (and among the entities) this run judged afresh,
  // which it no longer finds (the detector or the data changed), are withdrawn rather than
  // left to contradict it.
  const found = new Set(result.events.map((e) => e.id));
  const stale = previous
    .filter((e) => e.start >= from && keep(e.location) && !found.has(e.id))
    .map((e) => e.id);
  await store.retractEvents(stale);
  const written = Math.floor(Date.now() / 1000);
  const known = new Set(previous.map((p) => p.id));
  const latency = changed
    .filter((e) => !known.has(e.id) && options.sinceLast === true)
    .map((e) => ({ id: e.id, seconds: written - (e.start + stepOf(e, specs)) }));
  if (options.sinceLast === true)
    await store.putCheckpoint({ source: CHECKPOINT, position: { to }, updatedAt: written });
  return {
    from,
    to,
    series: series.length,
    anomalies: result.anomalies.length,
    events: changed,
    health: result.health,
    seconds,
    latency,
    retracted: stale,
  };
}

export function stepOf(event: OutageEvent, specs: ReadonlyMap<string, SignalSpec>): number {
  return Math.min(...event.signals.map((s) => specs.get(s)?.stepSeconds ?? 300));
}

/** The networks of every country seen, with their located IPv4 space as weight. */
export function networksOf(attributor: Attributor, countries: ReadonlySet<string>): NetworkInfo[] {
  return [...countries].flatMap((country) =>
    attributor.countryNetworks(country).map((n) => ({
      asn: n.asn,
      country,
      access: n.accessType,
      weight: n.ipv4Addresses,
    })),
  );
}

/**
 * Reads each entity's series once and lays each (signal, source) on its own regular grid;
 * counts declared `missing: 'zero'` get zeros where their source saw other entities.
 */
export async function readRegular(
  store: Store,
  infos: readonly SeriesInfo[],
  from: number,
  to: number,
  specs: ReadonlyMap<string, SignalSpec>,
): Promise<DetectionSeries[]> {
  const byEntity = new Map<EntityId, Set<string>>();
  for (const i of infos) {
    let signals = byEntity.get(i.entity);
    if (signals === undefined) byEntity.set(i.entity, (signals = new Set()));
    signals.add(i.signal);
  }
  const found: DetectionSeries[] = [];
  for (const [entity, signals] of [...byEntity].sort(([a], [b]) => a.localeCompare(b))) {
    for (const columns of await store.readSeries({ entity, from, to, signals: [...signals] })) {
      const step = specs.get(columns.signal)!.stepSeconds;
      const start = alignToBin(from, step);
      const length = Math.max(0, Math.ceil((to - start) / step));
      const values = new Float64Array(length).fill(NaN);
      const coverage = new Float32Array(length);
      for (let k = 0; k < columns.bins.length; k++) {
        const i = Math.floor((columns.bins[k]! - start) / step);
        if (i < 0 || i >= length) continue;
        values[i] = columns.values[k]!;
        coverage[i] = columns.coverage[k]!;
      }
      found.push({
        entity,
        signal: columns.signal,
        source: columns.source,
        series: { start, step, values, coverage },
      });
    }
  }
  fillSourceZeros(found, specs);
  return found;
}

function describe(summary: DetectionSummary): string {
  const lines = [
    `Detected over ${formatTime(summary.from)} – ${formatTime(summary.to)}: ${summary.series} series, ${summary.anomalies} anomalies, ${summary.events.length} events (${summary.events.filter(isOngoing).length} ongoing); read ${summary.seconds.read.toFixed(1)} s, detect ${summary.seconds.detect.toFixed(1)} s`,
  ];
  if (summary.events.length > 0) lines.push(formatEventTable(summary.events));
  if (summary.retracted.length > 0)
    lines.push(`Withdrawn (stored earlier, no longer detected): ${summary.retracted.join(', ')}`);
  for (const finding of summary.health)
    lines.push(
      `Health: ${finding.kind} ${finding.source} from ${formatTime(finding.start)}${finding.end === null ? ' (ongoing)' : ` to ${formatTime(finding.end)}`}: ${finding.message}`,
    );
  if (summary.latency.length > 0)
    lines.push(
      formatTable(
        ['event', 'latency from first bin close (s)'],
        summary.latency.map((l) => [l.id, l.seconds]),
      ),
    );
  return lines.join('\n');
}
