/**
 * `collect bgp`: the passive speaker's sessions → MRT records (archived when asked) → the
 * routing state → at each closed 5-minute bin, visibility points written to the store. A bin
 * during which no session was up gets no point (unknown); the first bin's coverage is the
 * share of it the collector ran. The clock is a parameter so tests close bins themselves.
 * Store errors are reported through `onLog` and the bin is retried with the next one.
 */
import type { Attributor } from '../../geo/attributor.js';
import type { SignalPoint } from '../../model/signal.js';
import type { Store } from '../../store/store.js';
import type { FullFeedOptions } from './visibility/full-feed.js';
import { createMrtFeed } from './visibility/mrt-feed.js';
import { createRoutingState, type RoutingState } from './visibility/routing-state.js';
import { createMrtArchive, type MrtArchive } from './speaker/mrt-archive.js';
import { STATE, stateRecord, updateRecord } from './speaker/session-records.js';
import { createBgpSpeaker, type BgpSpeaker, type SpeakerOptions } from './speaker/speaker.js';
import type { MrtRecord } from './mrt/models.js';

export interface LiveCollectorOptions extends Omit<
  SpeakerOptions,
  'onEstablished' | 'onUpdate' | 'onDown'
> {
  readonly store: Store;
  readonly attributor: Pick<Attributor, 'lookupIpv4' | 'lookupAddress'>;
  readonly source: string;
  readonly fullFeed?: FullFeedOptions | undefined;
  readonly stepSeconds?: number | undefined;
  readonly mrtOut?: string | undefined;
  /** Milliseconds since the epoch (default Date.now). */
  readonly now?: (() => number) | undefined;
  /** Close bins on a timer at each boundary (default true; tests close them by hand). */
  readonly autoBins?: boolean | undefined;
  onBin?(bin: number, points: number): void;
}

export interface LiveCollector {
  readonly speaker: BgpSpeaker;
  readonly state: RoutingState;
  start(): Promise<{ host: string; port: number } | null>;
  /** Closes the bin starting at `bin` and writes its points; answers them. */
  closeBin(bin: number): Promise<SignalPoint[]>;
  stop(): Promise<void>;
  /** UPDATE messages applied so far. */
  readonly updates: number;
}

export function createLiveCollector(options: LiveCollectorOptions): LiveCollector {
  const now = options.now ?? Date.now;
  const step = options.stepSeconds ?? 300;
  const state = createRoutingState({
    source: options.source,
    attributor: options.attributor,
    fullFeed: options.fullFeed,
  });
  const feed = createMrtFeed(state);
  const log = (line: string) => options.onLog?.(line);
  let archive: MrtArchive | null = null;
  let up = 0;
  let sawSession = false;
  let startedAt = 0;
  let timer: NodeJS.Timeout | null = null;
  let updates = 0;
  let pending: SignalPoint[] = [];

  const apply = (record: MrtRecord) => {
    archive?.write(record);
    feed.apply(record);
  };

  const speaker = createBgpSpeaker({
    ...options,
    onEstablished(peer) {
      up++;
      sawSession = true;
      apply(stateRecord(now(), peer, options.localAs, STATE.IDLE, STATE.ESTABLISHED));
    },
    onUpdate(peer, update) {
      updates++;
      apply(updateRecord(now(), peer, options.localAs, update));
    },
    onDown(peer, reason) {
      up--;
      log(`${peer.address} AS${peer.asn} down: ${reason}`);
      apply(stateRecord(now(), peer, options.localAs, STATE.ESTABLISHED, STATE.IDLE));
    },
  });

  async function closeBin(bin: number): Promise<SignalPoint[]> {
    const covered = sawSession;
    sawSession = up > 0;
    const start = Math.max(bin, startedAt);
    const coverage = Math.max(0, Math.min(1, (bin + step - start) / step));
    const points = covered ? state.closeBin(bin, coverage) : [];
    if (!covered) state.closeBin(bin, 0); // drain the tally; nothing is known of this bin
    pending.push(...points);
    try {
      await options.store.writePoints(pending);
      pending = [];
    } catch (error) {
      log(`Cannot write bin ${bin}: ${(error as Error).message} (retried with the next bin)`);
    }
    options.onBin?.(bin, points.length);
    return points;
  }

  function schedule(): void {
    const t = now();
    const next = (Math.floor(t / 1000 / step) + 1) * step;
    timer = setTimeout(
      () => {
        void closeBin(next - step).finally(schedule);
      },
      next * 1000 - t,
    );
  }

  return {
    speaker,
    state,
    async start() {
      startedAt = now() / 1000;
      if (options.mrtOut !== undefined) archive = createMrtArchive(options.mrtOut, log);
      const bound = await speaker.start();
      if (options.autoBins !== false) schedule();
      return bound;
    },
    closeBin,
    async stop() {
      if (timer !== null) clearTimeout(timer);
      await speaker.stop();
      await archive?.close();
    },
    get updates() {
      return updates;
    },
  };
}
