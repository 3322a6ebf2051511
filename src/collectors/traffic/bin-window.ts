/**
 * The open bins of a passive input stream, shared by the log and darknet collectors. A record
 * joins its bin's tally while that bin is open; a bin closes once the newest time seen (the
 * watermark) is `toleranceSeconds` past its end, so lines up to that far out of order still
 * count. Older records are refused ("too late") and reported by the caller, never dropped
 * silently. The window also knows the resume state a checkpoint must hold (see
 * docs/design/0003-traffic-signals.md): replaying from `resume()` rebuilds every open bin
 * exactly, because the watermark and the floor are restored with it.
 */
import { createIpTally, type IpTally } from './ip-tally.js';

export interface ClosedBin {
  readonly bin: number;
  readonly tally: IpTally;
  /** Share of the bin inside the input's time span (first and last bins may be partial). */
  readonly coverage: number;
}

/** Where a replay must start so that every open bin is rebuilt from its first record. */
export interface ResumeState<P> {
  readonly position: P;
  /** The watermark just before the record at `position`. */
  readonly watermark: number;
  /** Records of bins before this one are too late: those bins are already written. */
  readonly floorBin: number;
  /** Earliest accepted time, for the first bin's coverage. */
  readonly spanStart: number;
}

export interface BinWindow<P> {
  /** The tally for a record at `time` (seconds), or null when its bin is already closed. */
  tallyFor(time: number): IpTally | null;
  /** Bins that may close now, oldest first, removed from the window. */
  closeReady(): ClosedBin[];
  /** Every open bin, oldest first, at the end of the input. */
  closeAll(): ClosedBin[];
  /** Hands back a closed bin's tally once its points are built, to serve a later bin. */
  release(closed: ClosedBin): void;
  /** Resume state at this moment; with no open bin, `next` is the position to go on from. */
  resume(next: P): ResumeState<P> | null;
  readonly openBins: number;
}

interface OpenBin<P> {
  readonly bin: number;
  readonly tally: IpTally;
  readonly position: P;
  readonly watermark: number;
  /** Creation order: the earliest-created open bin holds the earliest replay position. */
  readonly seq: number;
}

export function createBinWindow<P>(options: {
  stepSeconds: number;
  toleranceSeconds: number;
  counters: number;
  /** The current record's position, asked only when it opens a bin (no allocation per record). */
  position: () => P;
  from?: ResumeState<P> | undefined;
}): BinWindow<P> {
  const { stepSeconds: step, toleranceSeconds: tolerance, counters } = options;
  const open = new Map<number, OpenBin<P>>();
  let watermark = options.from?.watermark ?? -Infinity;
  let floorBin = options.from?.floorBin ?? -Infinity;
  let spanStart = options.from?.spanStart ?? Infinity;
  let lastBin = NaN;
  let lastTally: IpTally | null = null;
  let seq = 0;
  /** Emptied tallies of written bins: reusing them skips growing a new one bin after bin. */
  const spare: IpTally[] = [];

  function coverage(bin: number, spanEnd: number): number {
    const from = Math.max(bin, spanStart);
    const to = Math.min(bin + step, spanEnd);
    return Math.min(1, Math.max(0, to - from) / step);
  }

  function close(bins: OpenBin<P>[], spanEnd: number): ClosedBin[] {
    bins.sort((a, b) => a.bin - b.bin);
    for (const b of bins) {
      open.delete(b.bin);
      floorBin = Math.max(floorBin, b.bin + step);
    }
    lastBin = NaN;
    lastTally = null;
    return bins.map((b) => ({ bin: b.bin, tally: b.tally, coverage: coverage(b.bin, spanEnd) }));
  }

  return {
    tallyFor(time) {
      const bin = Math.floor(time / step) * step;
      const before = watermark;
      if (bin + step + tolerance <= watermark || bin < floorBin) return null;
      if (time > watermark) watermark = time;
      if (time < spanStart) spanStart = time;
      if (bin === lastBin) return lastTally;
      let entry = open.get(bin);
      if (entry === undefined) {
        const position = options.position();
        const tally = spare.pop() ?? createIpTally(counters);
        entry = { bin, tally, position, watermark: before, seq: seq++ };
        open.set(bin, entry);
      }
      lastBin = bin;
      lastTally = entry.tally;
      return entry.tally;
    },
    closeReady() {
      const ready = [...open.values()].filter((b) => b.bin + step + tolerance <= watermark);
      // Closed bins end before the watermark, so only the span's start can cut them short.
      return ready.length === 0 ? [] : close(ready, Infinity);
    },
    closeAll() {
      return close([...open.values()], Math.floor(watermark) + 1);
    },
    release(closed) {
      closed.tally.reset();
      if (spare.length < 2) spare.push(closed.tally);
    },
    resume(next) {
      let earliest: OpenBin<P> | null = null;
      for (const b of open.values()) if (earliest === null || b.seq < earliest.seq) earliest = b;
      if (!Number.isFinite(spanStart)) return null;
      if (earliest === null) return { position: next, watermark, floorBin, spanStart };
      return { position: earliest.position, watermark: earliest.watermark, floorBin, spanStart };
    },
    get openBins() {
      return open.size;
    },
  };
}
