/** The deterministic batches the crash test writes: 20,000 points each, one bin per point. */
import type { SignalPoint } from '../../src/model/signal.js';

export const CRASH_BATCH_POINTS = 20_000;

export function crashTestBatch(batch: number): SignalPoint[] {
  return Array.from({ length: CRASH_BATCH_POINTS }, (_, i) => ({
    entity: `asn/${64500 + (i % 100)}`,
    signal: 'traffic.requests',
    source: 'crash-test',
    bin: 1_640_995_200 + (batch * CRASH_BATCH_POINTS + i) * 300,
    value: batch,
    coverage: 1,
  }));
}
