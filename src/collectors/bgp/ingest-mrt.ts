/**
 * `ingest mrt` and `ingest ris-live`: MRT files in time order (RIB dumps, then updates), or
 * RIS Live JSON → the routing state → one
 * set of visibility points per 5-minute bin. Bins close on record time. A bin without records
 * between two records keeps the state it had (a collector sees updates every few seconds, and
 * its archive records session changes), up to `maxSilenceSeconds`; a longer silence is a gap
 * in the archive, so its bins are unknown: no point. The RIB must be rebuilt from the first file
 * on every run, so a rerun reads everything again, but it writes only bins after the
 * checkpoint's last complete bin, and points replace by key anyway: nothing is counted twice.
 * A completed run over the same files is not repeated. Corrupt records are counted and
 * reported through `onIssue`, never fatal; store and file errors propagate.
 */
import { stat } from 'node:fs/promises';
import type { Attributor } from '../../geo/attributor.js';
import type { EntityId } from '../../model/entity.js';
import type { SignalPoint } from '../../model/signal.js';
import type { Store } from '../../store/store.js';
import { openInput } from '../input/open-input.js';
import type { MrtError, MrtResult } from './mrt/models.js';
import { readRisLive } from './ris-live/read-ris-live.js';
import { webSocketLines } from './ris-live/websocket-source.js';
import { readMrtBatches } from './mrt/read-mrt.js';
import type { FullFeedOptions } from './visibility/full-feed.js';
import { createMrtFeed } from './visibility/mrt-feed.js';
import { createRoutingState } from './visibility/routing-state.js';

export interface MrtCheckpoint {
  readonly version: 1;
  readonly kind: 'mrt';
  readonly files: readonly { readonly name: string; readonly size: number | null }[];
  /** The last bin written whole (the run's last bin may be partial and is rewritten later). */
  readonly lastBin: number | null;
  readonly known: readonly EntityId[];
  readonly complete: boolean;
}

/** `mrt`: MRT files; `ris-live`: RIS Live JSON files, stdin, or ws:// URLs. */
export type RoutingFormat = 'mrt' | 'ris-live';

export interface IngestMrtRequest {
  readonly inputs: readonly string[];
  readonly format?: RoutingFormat | undefined;
  /** The RIS Live subscription message sent to a ws:// URL. */
  readonly subscription?: string | undefined;
  readonly source: string;
  readonly store: Store;
  readonly attributor: Pick<Attributor, 'lookupIpv4' | 'lookupAddress'>;
  readonly fullFeed?: FullFeedOptions | undefined;
  readonly stepSeconds?: number | undefined;
  readonly batchBins?: number | undefined;
  /** Longest stretch without records still taken as "nothing changed" (default one hour). */
  readonly maxSilenceSeconds?: number | undefined;
  readonly restart?: boolean | undefined;
  readonly onProgress?: ((done: number, total: number | null) => void) | undefined;
  readonly onIssue?: ((input: string, error: MrtError) => void) | undefined;
}

export interface IngestMrtResult {
  readonly records: number;
  readonly routes: number;
  readonly corrupt: number;
  readonly bins: number;
  readonly points: number;
  readonly peers: number;
  /** Bins read again but not rewritten because the checkpoint had them. */
  readonly skippedBins: number;
  /** The same files were ingested completely before: nothing was read. */
  readonly alreadyIngested: boolean;
}

const isUrl = (name: string) => /^wss?:\/\//.test(name);

/** Per-record results of one input in the request's format. */
async function openRouting(
  name: string,
  request: IngestMrtRequest,
): Promise<{ batches: AsyncIterable<MrtResult[]>; bytesRead: () => number }> {
  if (isUrl(name)) {
    let read = 0;
    const lines = webSocketLines(name, request.subscription);
    async function* counted() {
      for await (const line of lines) {
        read += line.length;
        yield line;
      }
    }
    return { batches: readRisLive(counted()), bytesRead: () => read };
  }
  const input = await openInput(name);
  const batches =
    request.format === 'ris-live' ? readRisLive(input.stream) : readMrtBatches(input.stream);
  return { batches, bytesRead: () => input.bytesRead() };
}

const sameFile = (a: MrtCheckpoint['files'][number], b: MrtCheckpoint['files'][number]) =>
  a.name === b.name && a.size === b.size;

export async function ingestMrt(request: IngestMrtRequest): Promise<IngestMrtResult> {
  const { inputs, store, source } = request;
  const step = request.stepSeconds ?? 300;
  const batchBins = request.batchBins ?? 12;
  const maxSilence = request.maxSilenceSeconds ?? 3600;
  const streamed = (name: string) => name === '-' || isUrl(name);
  const stdin = inputs.some(streamed);
  const files = await Promise.all(
    inputs.map(async (name) => ({
      name,
      size: streamed(name) ? null : await stat(name).then((s) => s.size),
    })),
  );
  let from: MrtCheckpoint | null = null;
  if (!stdin && request.restart !== true) {
    const found = (await store.getCheckpoint(source))?.position as MrtCheckpoint | undefined;
    // Usable when its files are the first of ours, unchanged.
    if (
      found?.version === 1 &&
      found.kind === 'mrt' &&
      found.files.length <= files.length &&
      found.files.every((f, i) => sameFile(f, files[i]!))
    )
      from = found;
  }
  const empty = { records: 0, routes: 0, corrupt: 0, bins: 0, points: 0, peers: 0 };
  if (from?.complete === true && from.files.length === files.length)
    return { ...empty, skippedBins: 0, alreadyIngested: true };
  const writeAfter = from?.lastBin ?? -Infinity;
  const state = createRoutingState({
    source,
    attributor: request.attributor,
    fullFeed: request.fullFeed,
    known: from?.known,
  });
  const feed = createMrtFeed(state);
  const counts = { ...empty, skippedBins: 0 };
  let pending: SignalPoint[] = [];
  let pendingBins = 0;
  let open: number | null = null;
  let lastTime = 0;

  const checkpoint = (lastBin: number | null, complete: boolean) =>
    stdin
      ? undefined
      : {
          source,
          position: {
            version: 1,
            kind: 'mrt',
            files,
            lastBin,
            known: [...state.known],
            complete,
          } satisfies MrtCheckpoint,
          updatedAt: Math.floor(Date.now() / 1000),
        };

  async function close(bin: number, coverage: number, last: boolean): Promise<void> {
    const points = state.closeBin(bin, coverage);
    counts.bins++;
    if (bin <= writeAfter) counts.skippedBins++;
    else for (const p of points) pending.push(p);
    pendingBins++;
    if (!last && pendingBins < batchBins) return;
    counts.points += pending.length;
    // The last bin may be partial: the checkpoint stops before it, so a later run redoes it.
    const lastWhole = last ? (bin - step > writeAfter ? bin - step : (from?.lastBin ?? null)) : bin;
    await store.writePoints(pending, checkpoint(lastWhole, last));
    pending = [];
    pendingBins = 0;
  }

  const total = files.some((f) => f.size === null) ? null : files.reduce((s, f) => s + f.size!, 0);
  let doneBefore = 0;
  for (const file of files) {
    const { batches, bytesRead } = await openRouting(file.name, request);
    for await (const batch of batches) {
      request.onProgress?.(doneBefore + bytesRead(), total);
      for (const result of batch) {
        counts.records++;
        if (!result.ok) {
          counts.corrupt++;
          request.onIssue?.(file.name, result.error);
          continue;
        }
        const time = result.record.header.timestamp;
        const bin = Math.floor(time / step) * step;
        open ??= bin;
        // Late records (bin < open) count in the open bin: their state still applies.
        if (bin > open) {
          await close(open, 1, false);
          if (bin - open <= maxSilence)
            for (let quiet = open + step; quiet < bin; quiet += step) await close(quiet, 1, false);
          open = bin;
        }
        lastTime = Math.max(lastTime, time);
        counts.routes += feed.apply(result.record);
      }
    }
    doneBefore += file.size ?? 0;
  }
  if (open !== null) await close(open, Math.min(1, (lastTime - open + 1) / step), true);
  return { ...counts, peers: state.rib.peers().length, alreadyIngested: false };
}
