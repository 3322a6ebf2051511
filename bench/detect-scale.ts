/**
 * Scale of Nightlight's detector: a year of 5-minute bins for 300 countries, 5,000 regions and
 * 80,000 ASNs with 4 signals each (341,200 series × 105,120 bins), generated on the fly per
 * series (a weekly shape table × volume + Poisson-like noise from a table of normal deviates,
 * never all in memory) a week at a time and scored by the series detector's scoreColumn (the
 * same per-bin loop push runs), on worker threads. Generation is timed apart from detection.
 * Then the per-bin incremental update: one detector per series, warmed up, timed over one bin
 * for all of them.
 *
 *   node --import tsx bench/detect-scale.ts [--series N] [--days D] [--workers W]
 *        [--mode batch|incremental|both] [--warm-days D]
 *
 * With --series below the full count the batch figures are also extrapolated to the full
 * count (labelled as such).
 */
import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';
import type { SignalSpec } from '../src/model/signal.js';
import { createSeriesDetector, type SeriesDetector } from '../src/detect/series-detector.js';

const FULL_SERIES = (300 + 5000 + 80000) * 4;
const STEP = 300;
const WEEK_BINS = 2016;
const NOISE_BITS = 16;
const START = 1735689600; // 2025-01-01T00:00:00Z

const SPEC: SignalSpec = {
  name: 'bench.count',
  description: 'synthetic count',
  unit: 'count',
  stepSeconds: STEP,
  combine: 'sum',
  missing: 'unknown',
  noise: 'poisson',
  minVolume: 20,
  layer: 'reachability',
  evidence: 'drop',
};

/** Weekly shapes (4 diurnal amplitudes) and a table of standard normal deviates, seeded. */
function tables() {
  const shapes = Array.from({ length: 4 }, (_, k) => {
    const a = 0.2 + 0.2 * k;
    const shape = new Float64Array(WEEK_BINS);
    for (let b = 0; b < WEEK_BINS; b++) {
      const hour = ((b * STEP) % 86400) / 3600;
      const weekend = Math.floor(b / 288) >= 5 ? 0.9 : 1;
      shape[b] = (1 + a * Math.cos((2 * Math.PI * (hour - 15)) / 24)) * weekend;
    }
    return shape;
  });
  let state = 12345;
  const uniform = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const normals = new Float64Array(1 << NOISE_BITS);
  for (let i = 0; i < normals.length; i++)
    normals[i] = Math.sqrt(-2 * Math.log(uniform() || 1e-12)) * Math.cos(2 * Math.PI * uniform());
  return { shapes, normals };
}

/** Series i: volume log-uniform over 20…100,000 per bin, one of the shapes, its noise offset. */
function seriesParams(i: number) {
  const u = ((Math.imul(i + 1, 2654435761) >>> 0) % 100000) / 100000;
  return { volume: 20 * Math.pow(5000, u), shape: i % 4, offset: Math.imul(i, 40503) >>> 0 };
}

function runBatch(from: number, to: number, bins: number) {
  const { shapes, normals } = tables();
  const mask = normals.length - 1;
  let anomalous = 0;
  let generateNs = 0;
  const started = process.hrtime.bigint();
  const values = new Float64Array(WEEK_BINS);
  const state = new Uint8Array(WEEK_BINS);
  const spread = new Float64Array(WEEK_BINS);
  const means = new Float64Array(WEEK_BINS);
  for (let i = from; i < to; i++) {
    const g0 = process.hrtime.bigint();
    const { volume, shape, offset } = seriesParams(i);
    const table = shapes[shape]!;
    // Per series, the week's means and their square roots once: a bin is then a multiply-add.
    for (let b = 0; b < WEEK_BINS; b++) {
      means[b] = volume * table[b]!;
      spread[b] = Math.sqrt(means[b]!);
    }
    generateNs += Number(process.hrtime.bigint() - g0);
    const detector = createSeriesDetector(SPEC);
    // Generate a week at a time, timed apart, then score it in one scoreColumn call.
    for (let w = 0; w < bins; w += WEEK_BINS) {
      const n = Math.min(WEEK_BINS, bins - w);
      const g1 = process.hrtime.bigint();
      for (let b = 0; b < n; b++) {
        const v = means[b]! + spread[b]! * normals[(offset + w + b) & mask]!;
        values[b] = v > 0 ? Math.round(v) : 0;
      }
      generateNs += Number(process.hrtime.bigint() - g1);
      const column = n === WEEK_BINS ? values : values.subarray(0, n);
      detector.scoreColumn(START + w * STEP, column, { state });
      for (let b = 0; b < n; b++) if (state[b]! >= 2) anomalous++;
    }
  }
  const totalNs = Number(process.hrtime.bigint() - started);
  return { series: to - from, totalNs, generateNs, anomalous };
}

function peakRssMiB(): number {
  const status = readFileSync('/proc/self/status', 'utf8');
  const match = /VmHWM:\s+(\d+) kB/.exec(status);
  return match === null ? NaN : Number(match[1]) / 1024;
}

async function batch(series: number, days: number, workers: number) {
  const bins = days * 288;
  const per = Math.ceil(series / workers);
  const started = process.hrtime.bigint();
  const cpu0 = process.cpuUsage();
  const results = await Promise.all(
    Array.from(
      { length: workers },
      (_, w) =>
        new Promise<ReturnType<typeof runBatch> & { peakRss: number }>((resolve, reject) => {
          // Workers do not inherit `--import tsx`: register it in a small bootstrap.
          const bootstrap = `import('tsx/esm/api').then((tsx) => { tsx.register(); return import(${JSON.stringify(import.meta.url)}); })`;
          const worker = new Worker(bootstrap, {
            eval: true,
            workerData: { from: w * per, to: Math.min(series, (w + 1) * per), bins },
          });
          worker.once('message', resolve);
          worker.once('error', reject);
        }),
    ),
  );
  const wallS = Number(process.hrtime.bigint() - started) / 1e9;
  // Process CPU time covers every thread: unlike wall time it does not grow while other
  // programs hold the cores (it still grows with their cache and hyper-thread pressure).
  const cpu = process.cpuUsage(cpu0);
  const cpuNsPerBin = ((cpu.user + cpu.system) * 1000) / (series * bins);
  const pushes = series * bins;
  const cpuNs = results.reduce((s, r) => s + r.totalNs, 0);
  const genNs = results.reduce((s, r) => s + r.generateNs, 0);
  const detectNsPerBin = (cpuNs - genNs) / pushes;
  console.log(
    `batch: ${series.toLocaleString('en')} series × ${bins.toLocaleString('en')} bins (${days} days) on ${workers} workers`,
  );
  console.log(
    `  wall ${wallS.toFixed(1)} s; per bin per core: ${(cpuNs / pushes).toFixed(1)} ns total, ${detectNsPerBin.toFixed(1)} ns detection, ${(genNs / pushes).toFixed(1)} ns generation`,
  );
  console.log(
    `  anomalous bins ${results.reduce((s, r) => s + r.anomalous, 0).toLocaleString('en')}; peak RSS main ${peakRssMiB().toFixed(0)} MiB, workers ${results.map((r) => r.peakRss.toFixed(0)).join(' + ')} MiB (process-wide VmHWM)`,
  );
  console.log(
    `  process CPU time ${((cpu.user + cpu.system) / 1e6).toFixed(1)} s = ${cpuNsPerBin.toFixed(1)} ns per bin (generation, detection, worker start-up); calibration loop ${calibrate().toFixed(1)} ns per iteration (grows with the load of other programs)`,
  );
  console.log(
    `  EXTRAPOLATED from CPU time to ${FULL_SERIES.toLocaleString('en')} series × 365 days on 2 cores at this contention: ${((FULL_SERIES * 365 * 288 * cpuNsPerBin) / 2 / 1e9 / 60).toFixed(1)} min`,
  );
  if (series !== FULL_SERIES || days !== 365) {
    const fullPushes = FULL_SERIES * 365 * 288;
    const extrapolated = (fullPushes / pushes) * wallS;
    console.log(
      `  EXTRAPOLATED to ${FULL_SERIES.toLocaleString('en')} series × 365 days on ${workers} workers: ${(extrapolated / 60).toFixed(1)} min wall (detection + generation), ${((fullPushes * detectNsPerBin) / workers / 1e9 / 60).toFixed(1)} min of it detection`,
    );
  }
}

function incremental(series: number, warmDays: number) {
  const { shapes, normals } = tables();
  const mask = normals.length - 1;
  const detectors: SeriesDetector[] = [];
  const params = Array.from({ length: series }, (_, i) => seriesParams(i));
  const rss0 = process.memoryUsage().rss;
  const warmBins = warmDays * 288;
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < series; i++) {
    const { volume, shape, offset } = params[i]!;
    const table = shapes[shape]!;
    const d = createSeriesDetector(SPEC);
    for (let b = 0; b < warmBins; b++) {
      const mean = volume * table[b % WEEK_BINS]!;
      const v = mean + Math.sqrt(mean) * normals[(offset + b) & mask]!;
      d.push(START + b * STEP, v > 0 ? Math.round(v) : 0);
    }
    detectors[i] = d;
  }
  const warmS = Number(process.hrtime.bigint() - t0) / 1e9;
  const rss1 = process.memoryUsage().rss;
  const times: number[] = [];
  for (let round = 0; round < 5; round++) {
    const b = warmBins + round;
    const values = new Float64Array(series);
    for (let i = 0; i < series; i++) {
      const { volume, shape, offset } = params[i]!;
      const mean = volume * shapes[shape]![b % WEEK_BINS]!;
      const v = mean + Math.sqrt(mean) * normals[(offset + b) & mask]!;
      values[i] = v > 0 ? Math.round(v) : 0;
    }
    const s = process.hrtime.bigint();
    let alerts = 0;
    for (let i = 0; i < series; i++)
      if (detectors[i]!.push(START + b * STEP, values[i]!) >= 2) alerts++;
    times.push(Number(process.hrtime.bigint() - s) / 1e6);
    if (alerts < 0) console.log(alerts);
  }
  console.log(
    `incremental: ${series.toLocaleString('en')} detectors warmed with ${warmDays} days in ${warmS.toFixed(1)} s; state ≈ ${((rss1 - rss0) / series).toFixed(0)} bytes per series (RSS delta ${((rss1 - rss0) / 2 ** 20).toFixed(0)} MiB)`,
  );
  console.log(
    `  one bin for all of them, 5 rounds: ${times.map((t) => t.toFixed(0)).join(', ')} ms (one thread); peak RSS ${peakRssMiB().toFixed(0)} MiB`,
  );
  if (series !== FULL_SERIES)
    console.log(
      `  EXTRAPOLATED to ${FULL_SERIES.toLocaleString('en')} series: ${((Math.min(...times) * FULL_SERIES) / series / 1000).toFixed(2)} s per bin`,
    );
}

/** A fixed loop (a division, a floor, a square root): how much slower this machine is now. */
function calibrate(): number {
  const n = 20_000_000;
  const c0 = process.cpuUsage();
  let a = 0;
  for (let i = 0; i < n; i++)
    a += Math.sqrt(i + 1) * ((i * 300) / 1800 - Math.floor((i * 300) / 1800));
  const c = process.cpuUsage(c0);
  if (a < 0) console.log(a);
  return ((c.user + c.system) * 1000) / n;
}

function argument(name: string, fallback: string): string {
  const at = process.argv.indexOf(`--${name}`);
  return at > 0 ? (process.argv[at + 1] ?? fallback) : fallback;
}

if (!isMainThread) {
  const { from, to, bins } = workerData as { from: number; to: number; bins: number };
  const result = runBatch(from, to, bins);
  parentPort!.postMessage({ ...result, peakRss: peakRssMiB() });
} else {
  const series = Number(argument('series', String(FULL_SERIES)));
  const days = Number(argument('days', '365'));
  const workers = Number(argument('workers', String(Math.min(2, availableParallelism()))));
  const mode = argument('mode', 'both');
  console.log(
    `load average: ${readFileSync('/proc/loadavg', 'utf8').trim()}; node ${process.version}`,
  );
  if (mode !== 'incremental') await batch(series, days, workers);
  if (mode !== 'batch')
    incremental(
      Number(argument('incremental-series', String(series))),
      Number(argument('warm-days', '8')),
    );
  console.log(`load average after: ${readFileSync('/proc/loadavg', 'utf8').trim()}`);
}
