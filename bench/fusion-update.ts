/**
 * Incremental detection with fusion, per-bin update time: C countries, R regions and N networks
 * (ASNs), 4 scored signals each (traffic, telescope, probing, routing), fed WARM_DAYS of diurnal
 * 5-minute bins; then a blackout in a tenth of the countries (every entity in them, routes kept
 * up: a blackhole), and for each of the next BINS bins the time to push one bin of every series
 * and run fusion (createIncrementalDetection: push, then run). Prints the median and worst
 * update split into push and run, CPU seconds, heap, array-buffer and resident memory, and the
 * load average (other programs share the cores).
 *   node --import tsx bench/fusion-update.ts      (defaults: the full size,
 *     COUNTRIES=300 REGIONS=5000 NETWORKS=80000 → 341,200 series; WARM_DAYS=2 BINS=12)
 */
import { readFileSync } from 'node:fs';
import { createIncrementalDetection } from '../src/detect/detect-events-incremental.js';
import { createEntityContext, type NetworkInfo } from '../src/detect/entity-context.js';
import type { OutageEvent } from '../src/model/event.js';
import type { SignalSpec } from '../src/model/signal.js';

const COUNTRIES = Number(process.env.COUNTRIES ?? 300);
const REGIONS = Number(process.env.REGIONS ?? 5000);
const NETWORKS = Number(process.env.NETWORKS ?? 80000);
const WARM_DAYS = Number(process.env.WARM_DAYS ?? 2);
const BINS = Number(process.env.BINS ?? 12);
const STEP = 300;
const DAY = 86400;
const START = 1640995200;

const spec = (name: string, layer: SignalSpec['layer']): SignalSpec => ({
  name,
  description: name,
  unit: 'count',
  stepSeconds: STEP,
  combine: 'sum',
  missing: 'unknown',
  noise: 'poisson',
  minVolume: 20,
  layer,
  evidence: 'drop',
});
const specs = [
  spec('traffic.requests', 'reachability'),
  spec('darknet.sources', 'reachability'),
  spec('probe.up_slash24s', 'reachability'),
  spec('bgp.visible_slash24s', 'routing'),
];
const sources = ['logs:web-1', 'telescope', 'prober', 'ris'];
const code = (i: number) => String.fromCharCode(65 + Math.floor(i / 26), 65 + (i % 26));
const networks: NetworkInfo[] = Array.from({ length: NETWORKS }, (_, i) => ({
  asn: 64512 + i,
  country: code(i % COUNTRIES),
  access: i % 3 === 0 ? 'mobile' : 'fixed',
  weight: 1000 + (i % 7) * 500,
}));
const context = createEntityContext(networks);
const entities = [
  ...Array.from({ length: COUNTRIES }, (_, i) => ({ id: `country/${code(i)}`, country: code(i) })),
  ...Array.from({ length: REGIONS }, (_, i) => ({
    id: `region/${code(i % COUNTRIES)}-${1 + Math.floor(i / COUNTRIES)}`,
    country: code(i % COUNTRIES),
  })),
  ...networks.map((n) => ({ id: `asn/${n.asn}`, country: n.country })),
];
const detection = createIncrementalDetection({ specs, context, windowSeconds: 2 * DAY });
const keys = entities.flatMap((e, i) =>
  specs.map((s, k) => ({
    entity: e.id,
    signal: s.name,
    source: sources[k]!,
    country: e.country,
    // Countries carry the most traffic, networks the least; all above the minimum volume.
    scale: i < COUNTRIES ? 20000 : i < COUNTRIES + REGIONS ? 2000 : 400,
  })),
);
let seed = 1;
const noise = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31 - 0.5) * 0.1;
const cutCountries = new Set(Array.from({ length: Math.ceil(COUNTRIES / 10) }, (_, i) => code(i)));

let generateMs = 0;
const values = new Float64Array(keys.length);
function pushBin(t: number, cut: boolean): void {
  const g0 = performance.now();
  const diurnal = 1 + 0.5 * Math.sin((2 * Math.PI * (t % DAY)) / DAY);
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i]!;
    const down = cut && cutCountries.has(key.country) && key.signal !== 'bgp.visible_slash24s';
    values[i] = Math.round(key.scale * diurnal * (1 + noise()) * (down ? 0.02 : 1));
  }
  generateMs += performance.now() - g0;
  for (let i = 0; i < keys.length; i++) detection.push(keys[i]!, t, values[i]!);
}

const load = () => readFileSync('/proc/loadavg', 'utf8').trim();
const cpuSeconds = (since: NodeJS.CpuUsage) => {
  const c = process.cpuUsage(since);
  return (c.user + c.system) / 1e6;
};
console.log(`load average before: ${load()}; node ${process.version}`);
const warmStarted = performance.now();
const warmCpu = process.cpuUsage();
const warmBins = (WARM_DAYS * DAY) / STEP;
for (let i = 0; i < warmBins; i++) pushBin(START + i * STEP, false);
const warmSeconds = (performance.now() - warmStarted) / 1000;
const warmCpuSeconds = cpuSeconds(warmCpu);
const warmGenerateMs = generateMs;
let previous: OutageEvent[] = [];
const updates: { push: number; run: number; cpu: number }[] = [];
for (let i = 0; i < BINS; i++) {
  const t = START + (warmBins + i) * STEP;
  const cpu = process.cpuUsage();
  generateMs = 0;
  const started = performance.now();
  pushBin(t, true);
  const pushed = performance.now();
  const result = detection.run(t + STEP, previous);
  const ran = performance.now();
  updates.push({ push: pushed - started - generateMs, run: ran - pushed, cpu: cpuSeconds(cpu) });
  previous = result.events;
}
const total = (u: { push: number; run: number }) => u.push + u.run;
const sorted = [...updates].sort((a, b) => total(a) - total(b));
const median = sorted[sorted.length >> 1]!;
const worst = sorted[sorted.length - 1]!;
global.gc?.();
const memory = process.memoryUsage();
const round = (x: number) => Math.round(x * 10) / 10;
console.log(
  JSON.stringify(
    {
      countries: COUNTRIES,
      regions: REGIONS,
      networks: NETWORKS,
      series: detection.size,
      warmBins,
      warmSeconds: round(warmSeconds),
      warmCpuSeconds: round(warmCpuSeconds),
      warmGenerateSeconds: round(warmGenerateMs / 1000),
      pushesPerSecond: Math.round((keys.length * warmBins) / (warmSeconds - warmGenerateMs / 1000)),
      updateMsMedian: {
        push: round(median.push),
        run: round(median.run),
        total: round(total(median)),
        cpuS: round(median.cpu),
      },
      updateMsWorst: {
        push: round(worst.push),
        run: round(worst.run),
        total: round(total(worst)),
        cpuS: round(worst.cpu),
      },
      updateMsAll: updates.map((u) => round(total(u))),
      events: previous.length,
      openEvents: previous.filter((e) => e.end === null).length,
      heapMiB: Math.round(memory.heapUsed / 2 ** 20),
      arrayBuffersMiB: Math.round(memory.arrayBuffers / 2 ** 20),
      rssMiB: Math.round(memory.rss / 2 ** 20),
    },
    null,
    1,
  ),
);
console.log(`load average after: ${load()}`);
