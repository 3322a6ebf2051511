/**
 * The loop shared by the log and darknet collectors: inputs in order → records → the bin
 * window → closed bins → points, written in batches with a checkpoint that lets a killed run
 * resume and produce exactly the series an uninterrupted run would (design 0003). Collectors
 * supply how a file becomes records and how a closed bin becomes points.
 * Errors: store and input failures propagate; malformed records are the reader's to count.
 */
import { stat } from 'node:fs/promises';
import type { Attributor } from '../../geo/attributor.js';
import type { EntityId } from '../../model/entity.js';
import type { PointColumns } from '../../model/signal.js';
import type { Checkpoint as StoreCheckpoint, Store } from '../../store/store.js';
import { openInput, type Input } from '../input/open-input.js';
import { createBinWindow, type BinWindow, type ClosedBin, type ResumeState } from './bin-window.js';

/** A record's place: input index, 1-based record number in it, byte offset of its start. */
export interface Position {
  file: number;
  record: number;
  offset: number;
}

export interface PassiveCheckpoint {
  readonly version: 1;
  readonly files: readonly { readonly name: string; readonly size: number | null }[];
  readonly resume: ResumeState<Position>;
  /** Entities of bins already written: later bins get explicit zeros for them. */
  readonly known: readonly EntityId[];
  /** True once the whole input was read (the last bins are still re-read on a rerun). */
  readonly complete: boolean;
}

export interface ReadContext {
  readonly fileIndex: number;
  /** Records numbered below this were read by an earlier run: skip them unparsed. */
  readonly skipBefore: number;
  readonly window: BinWindow<Position>;
  /** The reader keeps this up to date before asking the window for a tally. */
  readonly position: Position;
  /** Closes ready bins and writes a batch when due; await it between chunks. */
  flush(): Promise<void>;
}

/** What a user asks of any passive ingest (logs, captures). */
export interface PassiveIngestRequest {
  readonly inputs: readonly string[];
  readonly source: string;
  readonly store: Store;
  readonly attributor: Attributor;
  readonly stepSeconds?: number | undefined;
  /** How far out of order a record may be and still count (default one bin). */
  readonly toleranceSeconds?: number | undefined;
  readonly batchBins?: number | undefined;
  readonly restart?: boolean | undefined;
  /** How many refused records to keep verbatim (default 10). */
  readonly reportIssues?: number | undefined;
  readonly onProgress?: ((done: number, total: number | null) => void) | undefined;
}

/** The request plus what each collector brings: its counters, its reader, its points. */
export interface PassiveIngestOptions extends Omit<
  PassiveIngestRequest,
  'attributor' | 'reportIssues'
> {
  readonly counters: number;
  /** A closed bin's points, as one block of columns. */
  toColumns(closed: ClosedBin, known: Set<EntityId>): PointColumns;
  read(input: Input, context: ReadContext): Promise<void>;
}

const DEFAULT_STEP_SECONDS = 300;
function countColumnPoints(blocks: readonly PointColumns[]): number {
  return blocks.reduce((sum, b) => sum + b.entities.length * b.signals.length, 0);
}

/** Closed bins per store write (and checkpoint). */
const DEFAULT_BATCH_BINS = 12;

export interface PassiveIngestResult {
  readonly bins: number;
  readonly points: number;
  /** Where this run started from a checkpoint, or null. */
  readonly resumedFrom: Position | null;
  /** Why a checkpoint was not used, or null. */
  readonly checkpointIgnored: string | null;
}

export async function runPassiveIngest(
  options: PassiveIngestOptions,
): Promise<PassiveIngestResult> {
  const { inputs, store, source } = options;
  const stepSeconds = options.stepSeconds ?? DEFAULT_STEP_SECONDS;
  const toleranceSeconds = options.toleranceSeconds ?? stepSeconds;
  const batchBins = options.batchBins ?? DEFAULT_BATCH_BINS;
  const stdin = inputs.includes('-');
  const files = await Promise.all(
    inputs.map(async (name) => ({
      name,
      size:
        name === '-'
          ? null
          : await stat(name).then(
              (s) => s.size,
              () => null,
            ),
    })),
  );
  let checkpointIgnored: string | null = null;
  let from: PassiveCheckpoint | null = null;
  if (!stdin && options.restart !== true) {
    const found = (await store.getCheckpoint(source))?.position as PassiveCheckpoint | undefined;
    if (found !== undefined) {
      checkpointIgnored = mismatch(found, files);
      if (checkpointIgnored === null) from = found;
    }
  }
  const known = new Set<EntityId>(from?.known ?? []);
  const position: Position = { file: 0, record: 0, offset: 0 };
  const window = createBinWindow<Position>({
    stepSeconds,
    toleranceSeconds,
    counters: options.counters,
    position: () => ({ ...position }),
    from: from?.resume,
  });
  let pending: PointColumns[] = [];
  let pendingBins = 0;
  /**
   * The last store write handed over (maybe settled). Reading goes on while a batch is
   * written (its commit runs off the main thread), but never more than one batch behind:
   * memory stays bounded, and a failed write stops the run at the next batch.
   */
  let inflight: Promise<void> = Promise.resolve();
  async function hand(blocks: PointColumns[], checkpoint: StoreCheckpoint | undefined) {
    const done = store.writeColumns(blocks, checkpoint);
    // Handled here, rethrown where awaited: no unhandled rejection while reading goes on.
    done.catch(() => undefined);
    const before = inflight;
    inflight = done;
    await before;
  }
  let bins = 0;
  let points = 0;

  async function write(
    closed: ClosedBin[],
    complete: boolean,
    state: ResumeState<Position> | null,
  ) {
    for (const bin of closed) {
      pending.push(options.toColumns(bin, known));
      window.release(bin);
    }
    pendingBins += closed.length;
    bins += closed.length;
    if (!complete && pendingBins < batchBins) return;
    const checkpoint: PassiveCheckpoint | null =
      stdin || state === null
        ? null
        : { version: 1, files, resume: state, known: [...known], complete };
    points += countColumnPoints(pending);
    await hand(
      pending,
      checkpoint === null
        ? undefined
        : { source, position: checkpoint, updatedAt: Math.floor(Date.now() / 1000) },
    );
    pending = [];
    pendingBins = 0;
  }

  const startFile = from?.resume.position.file ?? 0;
  const total = files.some((f) => f.size === null) ? null : files.reduce((s, f) => s + f.size!, 0);
  let doneBefore = files.slice(0, startFile).reduce((s, f) => s + (f.size ?? 0), 0);
  for (let i = startFile; i < inputs.length; i++) {
    const input = await openInput(inputs[i]!);
    Object.assign(position, { file: i, record: 0, offset: 0 });
    const skipBefore = i === startFile ? (from?.resume.position.record ?? 0) : 0;
    await options.read(input, {
      fileIndex: i,
      skipBefore,
      window,
      position,
      async flush() {
        options.onProgress?.(doneBefore + input.bytesRead(), total);
        const closed = window.closeReady();
        if (closed.length === 0) return;
        // Replay starts at the earliest open bin's first record, or at the next record.
        const next = { file: i, record: position.record + 1, offset: position.offset };
        await write(closed, false, window.resume(next));
      },
    });
    doneBefore += files[i]!.size ?? 0;
  }
  const end: Position = { file: inputs.length, record: 0, offset: 0 };
  const knownBefore = [...known];
  const state = window.resume(end);
  const closed = window.closeAll();
  for (const bin of closed) pending.push(options.toColumns(bin, known));
  bins += closed.length;
  points += countColumnPoints(pending);
  await inflight;
  await store.writeColumns(
    pending,
    stdin || state === null
      ? undefined
      : {
          source,
          position: {
            version: 1,
            files,
            resume: state,
            known: knownBefore,
            complete: true,
          } satisfies PassiveCheckpoint,
          updatedAt: Math.floor(Date.now() / 1000),
        },
  );
  return { bins, points, resumedFrom: from?.resume.position ?? null, checkpointIgnored };
}

/** Why a checkpoint does not describe these inputs, or null when it does. */
function mismatch(
  checkpoint: PassiveCheckpoint,
  files: readonly { name: string; size: number | null }[],
): string | null {
  if (checkpoint.version !== 1) return `unknown checkpoint version ${String(checkpoint.version)}`;
  const upTo = Math.min(checkpoint.resume.position.file, files.length - 1);
  for (let i = 0; i <= upTo && i < checkpoint.files.length; i++) {
    const [was, now] = [checkpoint.files[i]!, files[i]];
    if (now === undefined || was.name !== now.name)
      return `input ${i + 1} was ${was.name}, now ${now?.name ?? 'absent'}`;
    if (was.size !== null && now.size !== null && now.size < was.size)
      return `${now.name} shrank from ${was.size} to ${now.size} bytes`;
  }
  return null;
}
