/**
 * Progress bars for long work, on stderr and only on a terminal: piped or --json output
 * stays clean, and CI logs get no control characters.
 */
import { SingleBar } from 'cli-progress';

export interface Progress {
  update(done: number, total?: number): void;
  stop(): void;
}

export interface ProgressOptions {
  /** False turns the bar off (e.g. under --json); it is off anyway when stderr is not a terminal. */
  readonly enabled?: boolean;
  /** 'bytes' shows MiB instead of raw counts. */
  readonly unit?: 'items' | 'bytes';
}

export function createProgress(label: string, options: ProgressOptions = {}): Progress {
  const enabled = (options.enabled ?? true) && process.stderr.isTTY === true;
  if (!enabled) return { update() {}, stop() {} };
  const bar = new SingleBar({
    format: `${label} [{bar}] {percentage}% {value}/{total} {eta_formatted}`,
    stream: process.stderr,
    hideCursor: true,
    etaBuffer: 50,
    formatValue: (value, _options, type) =>
      options.unit === 'bytes' && (type === 'value' || type === 'total')
        ? `${(value / 2 ** 20).toFixed(1)} MiB`
        : String(value),
  });
  let started = false;
  return {
    update(done, total) {
      if (!started) {
        bar.start(total ?? done, done);
        started = true;
      } else {
        if (total !== undefined) bar.setTotal(total);
        bar.update(done);
      }
    },
    stop() {
      if (started) bar.stop();
    },
  };
}
