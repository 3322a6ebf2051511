/**
 * Incremental detection, per-bin update time: N networks in C countries, 4 scored signals
 * each, fed 8 days of diurnal 5-minute bins; then a blackout in a tenth of the countries, and
 * for each of the next 24 bins the time to push one bin of every series and run fusion.
 * Prints the median and worst update, heap and array-buffer memory.
 *   node --import tsx bench/fusion-update.ts            (NETWORKS=2000 COUNTRIES=50)
 */
import { createIncrementalDetection } from '../src/detect/detect-events-incremental.js';
import { createEntityContext, type NetworkInfo } from '../src/detect/entity-context.js';
import type { OutageEvent } from '../src/model/event.js';
import type { SignalSpec } from '../src/model/signal.js';

const NETWORKS = Number(process.env.NETWORKS ?? 2000);
const COUNTRIES = Number(process.env.COUNTRIES ?? 50);
const STEP = 300;
const DAY = 86400;
const START = 1640995200;
const WARM_DAYS = 8;

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
const code = (i: number) => String.fromCharCode(65 + Math.floor(i / 26), 65 + (i % 26));
const networks: NetworkInfo[] = Array.from({ length: NETWORKS }, (_, i) => ({
  asn: 64512 + i,
  country: code(i % COUNTRIES),
  access: i % 3 === 0 ? 'mobile' : 'fixed',
  weight: 1000 + (i % 7) * 500,
}));
const context = createEntityContext(networks);
const detection = createIncrementalDetection({ specs, context, windowSeconds: 2 * DAY });
const sources = ['logs:web-1', 'telescope', 'prober', 'ris'];
const keys = networks.flatMap((n) =>
  specs.map((s, k) => ({
    entity: `asn/${n.asn}`,
    signal: s.name,
    source: sources[k]!,
    country: n.country,
  })),
);
let seed = 1;
const noise = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31 - 0.5) * 0.1;
const cutCountries = new Set(Array.from({ length: Math.ceil(COUNTRIES / 10) }, (_, i) => code(i)));

function pushBin(t: number, cut: boolean): void {
  const diurnal = 1 + 0.5 * Math.sin((2 * Math.PI * (t % DAY)) / DAY);
  for (const key of keys) {
    const down = cut && cutCountries.has(key.country) && key.signal !== 'bgp.visible_slash24s';
    detection.push(key, t, Math.round(400 * diurnal * (1 + noise()) * (down ? 0.02 : 1)));
  }
}

const warmStarted = performance.now();
const warmBins = (WARM_DAYS * DAY) / STEP;
for (let i = 0; i < warmBins; i++) pushBin(START + i * STEP, false);
const warmSeconds = (performance.now() - warmStarted) / 1000;
let previous: OutageEvent[] = [];
const times: number[] = [];
for (let i = 0; i < 24; i++) {
  const t = START + (warmBins + i) * STEP;
  const started = performance.now();
  pushBin(t, true);
  const result = detection.run(t + STEP, previous);
  times.push(performance.now() - started);
  previous = result.events;
}
times.sort((a, b) => a - b);
const memory = process.memoryUsage();
console.log(
  JSON.stringify({
    networks: NETWORKS,
    countries: COUNTRIES,
    series: detection.size,
    warmBins,
    warmSeconds: Math.round(warmSeconds * 10) / 10,
    pushesPerSecond: Math.round((keys.length * warmBins) / warmSeconds),
    updateMsMedian: Math.round(times[times.length >> 1]! * 10) / 10,
    updateMsMax: Math.round(times[times.length - 1]! * 10) / 10,
    events: previous.length,
    openEvents: previous.filter((e) => e.end === null).length,
    heapMiB: Math.round(memory.heapUsed / 2 ** 20),
    arrayBuffersMiB: Math.round(memory.arrayBuffers / 2 ** 20),
  }),
);
