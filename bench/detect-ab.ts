/**
 * Per-bin cost of the series detector against the implementation it replaced (the test oracle
 * in test/detect/oracle/), in one process and interleaved, so that both see the same load:
 * a year of one diurnal Poisson series of the given volume, 10 series per round, 6 rounds;
 * prints the median CPU nanoseconds per bin of old push, new push and new scoreColumn.
 *   node --import tsx bench/detect-ab.ts [volume per bin, default 1000]
 * Run it on its own: in one process that also runs scoreColumn, V8 20 was seen to leave the
 * new push unoptimised (docs/design/0007, "Scale").
 */
import { createSeriesDetector } from '../src/detect/series-detector.js';
import type { SignalSpec } from '../src/model/signal.js';
import { createSeriesDetector as createOld } from '../test/detect/oracle/series-detector-main.js';

const SPEC: SignalSpec = {
  name: 'bench.count',
  description: 'synthetic count',
  unit: 'count',
  stepSeconds: 300,
  combine: 'sum',
  missing: 'unknown',
  noise: 'poisson',
  minVolume: 20,
  layer: 'reachability',
  evidence: 'drop',
};
const START = 1735689600;
const WEEK = 2016;
const N = WEEK * 52;
const volume = Number(process.argv[2] ?? 1000);
const values = new Float64Array(N);
let seed = 1;
for (let i = 0; i < N; i++) {
  seed = (seed * 1103515245 + 12345) % 2 ** 31;
  const mean = volume * (1 + 0.5 * Math.cos((2 * Math.PI * (i % 288)) / 288));
  values[i] = Math.round(mean + Math.sqrt(mean) * (seed / 2 ** 31 - 0.5) * 3.4);
}
const state = new Uint8Array(N);
const cpuNsPerBin = (run: () => void) => {
  const c = process.cpuUsage();
  for (let s = 0; s < 10; s++) run();
  const d = process.cpuUsage(c);
  return ((d.user + d.system) * 1000) / (N * 10);
};
const variants: Record<string, () => void> = {
  'old push': () => {
    const d = createOld(SPEC);
    for (let i = 0; i < N; i++) state[i] = d.push(START + i * 300, values[i]!);
  },
  'new scoreColumn': () => {
    const d = createSeriesDetector(SPEC);
    for (let w = 0; w < N; w += WEEK)
      d.scoreColumn(START + w * 300, values.subarray(w, w + WEEK), { state, at: w });
  },
};
if (process.argv.includes('--push'))
  variants['new push'] = () => {
    const d = createSeriesDetector(SPEC);
    for (let i = 0; i < N; i++) state[i] = d.push(START + i * 300, values[i]!);
  };
const times = new Map<string, number[]>();
for (let round = 0; round < 6; round++)
  for (const [name, run] of Object.entries(variants))
    times.set(name, [...(times.get(name) ?? []), cpuNsPerBin(run)]);
const median = (list: number[]) => [...list].sort((a, b) => a - b)[list.length >> 1]!;
console.log(
  `volume ${volume}: median CPU ns per bin over 6 rounds: ${[...times]
    .map(([name, list]) => `${name} ${median(list).toFixed(1)}`)
    .join(', ')}`,
);
