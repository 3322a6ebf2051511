/**
 * `nightlight detect --watch SECONDS`: incremental detection. The first cycle reads the
 * lookback window and feeds every bin to the incremental detectors; each later cycle reads
 * only bins after the last one seen, pushes them (O(1) per series and bin), fuses, writes
 * the events that changed and prints, for each event it opens, the latency from the close of
 * the event's first bin to the event being written (wall clock), and the cycle's update time.
 * The store is opened per cycle, so ingests can write between cycles (DuckDB allows one
 * process at a time).
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { SIGNALS } from '../collectors/signal-catalogue.js';
import {
  createIncrementalDetection,
  type IncrementalDetection,
} from '../detect/detect-events-incremental.js';
import { createEntityContext } from '../detect/entity-context.js';
import type { Attributor } from '../geo/attributor.js';
import { NightlightError } from '../model/failure.js';
import { parseEntity, type EntityId } from '../model/entity.js';
import type { OutageEvent } from '../model/event.js';
import { formatTime } from '../model/time.js';
import type { CommandContext } from './context.js';
import { networksOf, readRegular, stepOf, type Options } from './detect-command.js';

const DAY = 86400;

interface CycleReport {
  readonly cycle: number;
  readonly to: number;
  readonly bins: number;
  readonly series: number;
  readonly updateMs: number;
  readonly opened: { id: string; latencySeconds: number }[];
  readonly closed: string[];
  readonly open: number;
}

export async function watchDetection(
  context: CommandContext,
  attributor: Attributor,
  options: Options,
): Promise<void> {
  const interval = Number(options.watch);
  const cycles = options.cycles === undefined ? Infinity : Number(options.cycles);
  if (!(interval > 0) || !(cycles > 0))
    throw new NightlightError(
      'bad_input',
      `Cannot watch: expected --watch SECONDS > 0 and --cycles N > 0, found ${options.watch} and ${options.cycles}`,
    );
  const specs = new Map(SIGNALS.map((s) => [s.name, s]));
  const scored = new Map(SIGNALS.filter((s) => s.evidence !== 'none').map((s) => [s.name, s]));
  const countries = new Set<string>();
  const countryOf = (entity: EntityId) => {
    const parsed = parseEntity(entity);
    return parsed.kind === 'asn'
      ? attributor.lookupAsn(parsed.asn).country
      : parsed.code.slice(0, 2);
  };
  let detection: IncrementalDetection | null = null;
  let seen = new Map<string, OutageEvent>();
  let to = 0;
  for (let cycle = 1; cycle <= cycles; cycle++) {
    if (cycle > 1) await sleep(interval * 1000);
    const report = await context.withStore(async (store) => {
      const infos = (await store.listSeries()).filter((i) => scored.has(i.signal));
      if (infos.length === 0) return null;
      for (const i of infos) {
        const c = countryOf(i.entity);
        if (c !== null) countries.add(c);
      }
      const latest = Math.max(...infos.map((i) => i.last + specs.get(i.signal)!.stepSeconds));
      const from =
        to === 0
          ? Math.max(
              Math.min(...infos.map((i) => i.first)),
              latest - Number(options.lookback) * DAY,
            )
          : to;
      if (latest <= from && detection !== null) return null;
      const started = performance.now();
      // The context is rebuilt each cycle: new series may bring new countries.
      const entityContext = createEntityContext(networksOf(attributor, countries));
      detection ??= createIncrementalDetection({
        specs: [...scored.values()],
        context: entityContext,
      });
      const fresh = await readRegular(store, infos, from, latest, scored);
      let bins = 0;
      for (const s of fresh)
        s.series.values.forEach((value, i) => {
          if (Number.isNaN(value) && s.series.coverage?.[i] === 0) return;
          const key = { entity: s.entity, signal: s.signal, source: s.source ?? 'unknown' };
          if (
            detection!.push(
              key,
              s.series.start + i * s.series.step,
              value,
              s.series.coverage?.[i] ?? 1,
            )
          )
            bins++;
        });
      const result = detection.run(latest, [...seen.values()]);
      const updateMs = performance.now() - started;
      const changed = result.events.filter(
        (e) => JSON.stringify(e) !== JSON.stringify(seen.get(e.id)),
      );
      await store.writeEvents(changed);
      const written = Math.floor(Date.now() / 1000);
      const opened = changed
        .filter((e) => !seen.has(e.id))
        .map((e) => ({ id: e.id, latencySeconds: written - (e.start + stepOf(e, specs)) }));
      const closed = changed
        .filter((e) => e.end !== null && seen.get(e.id)?.end === null)
        .map((e) => e.id);
      seen = new Map([...seen, ...result.events.map((e) => [e.id, e] as const)]);
      to = latest;
      return {
        cycle,
        to,
        bins,
        series: detection.size,
        updateMs: Math.round(updateMs * 10) / 10,
        opened,
        closed,
        open: [...seen.values()].filter((e) => e.end === null).length,
      } satisfies CycleReport;
    });
    if (report === null) continue;
    if (context.json) process.stdout.write(`${JSON.stringify(report)}\n`);
    else print(context, report);
  }
}

function print(context: CommandContext, r: CycleReport): void {
  context.print(
    `Cycle ${r.cycle} up to ${formatTime(r.to)}: ${r.bins} new bins in ${r.series} series, update ${r.updateMs} ms; ${r.open} events open`,
  );
  for (const o of r.opened)
    context.print(`  opened ${o.id}: ${o.latencySeconds} s after its first bin closed`);
  for (const id of r.closed) context.print(`  closed ${id}`);
}
