/**
 * Log ingestion throughput, side by side on one generated file: `wc -l` (the floor: reading
 * the file), Nightlight's log collector (parse, bin, tally, attribute each distinct client
 * once per bin to country and ASN with the default ip-location-db tables, write the points)
 * into DuckDB (the default store, a file) and into the memory store, and goaccess (on the
 * first GOACCESS_LINES lines: it is slow). One core: the collector runs on the main thread.
 * Run: `node --import tsx bench/logs-throughput.ts [LINES] [DISTINCT] [GOACCESS_LINES]`;
 * generates /tmp/nightlight-bench-LINES.log once (seeded). Prints wall and CPU seconds and the
 * load average, since other work on the machine slows every figure.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { ingestLogs } from '../src/collectors/traffic/ingest-logs.js';
import { compileLogFormat } from '../src/collectors/traffic/log-format.js';
import { loadDefaultAttributor } from '../src/geo/load-attributor.js';
import { createDuckDBStore } from '../src/store/duckdb.js';
import { createMemoryStore } from '../src/store/memory.js';
import type { Store } from '../src/store/store.js';
import { writeCombinedLog } from './logs-generate.js';

const LINES = Number(process.argv[2] ?? 10_000_000);
const DISTINCT = Number(process.argv[3] ?? 2_000_000);
const GOACCESS_LINES = Number(process.argv[4] ?? LINES);
const path = `/tmp/nightlight-bench-${LINES}.log`;

function seconds(run: () => void): number {
  const start = process.hrtime.bigint();
  run();
  return Number(process.hrtime.bigint() - start) / 1e9;
}

if (!existsSync(path)) {
  const t = Date.now();
  await writeCombinedLog(path, {
    lines: LINES,
    distinct: DISTINCT,
    start: 1641340800,
    seconds: 86400,
  });
  console.log(
    `generated ${path}: ${LINES} lines, ${DISTINCT} client pool, in ${((Date.now() - t) / 1000).toFixed(1)} s`,
  );
}
execFileSync('cat', [path], { stdio: ['ignore', 'ignore', 'inherit'], maxBuffer: 1 }); // warm the page cache

const wc = seconds(() =>
  execFileSync('wc', ['-l', path], { stdio: ['ignore', 'ignore', 'inherit'] }),
);
console.log(`wc -l:       ${wc.toFixed(2)} s, ${(LINES / wc / 1e6).toFixed(2)} M lines/s`);

const load = () => readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
const attributor = await loadDefaultAttributor({ ipv6: false });
let best = Infinity;
for (const kind of ['duckdb', 'memory'] as const) {
  const file = `/tmp/nightlight-bench-${process.pid}.duckdb`;
  const store: Store =
    kind === 'duckdb' ? await createDuckDBStore({ path: file }) : createMemoryStore();
  const [start, cpu] = [process.hrtime.bigint(), process.cpuUsage()];
  const result = await ingestLogs({
    inputs: [path],
    source: 'logs:bench',
    store,
    attributor,
    format: compileLogFormat('combined'),
  });
  await store.close();
  const ours = Number(process.hrtime.bigint() - start) / 1e9;
  const used = process.cpuUsage(cpu);
  best = Math.min(best, ours);
  console.log(
    `nightlight → ${kind.padEnd(6)} ${ours.toFixed(2)} s wall, ${((used.user + used.system) / 1e6).toFixed(2)} s CPU, ${(result.accepted / ours / 1e6).toFixed(2)} M lines/s (${result.accepted} accepted, ${result.bins} bins, ${result.points} points; load ${load()})`,
  );
  rmSync(file, { force: true });
  rmSync(`${file}.wal`, { force: true });
}
console.log(`peak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`);
const ours = best;

const goaccessInput = GOACCESS_LINES === LINES ? path : `${path}.head-${GOACCESS_LINES}`;
if (goaccessInput !== path && !existsSync(goaccessInput))
  execFileSync('sh', ['-c', `head -n ${GOACCESS_LINES} ${path} > ${goaccessInput}`]);
const goaccess = seconds(() =>
  execFileSync('goaccess', ['--log-format=COMBINED', '-o', '/dev/null', goaccessInput], {
    stdio: ['ignore', 'ignore', 'ignore'],
  }),
);
const goRate = GOACCESS_LINES / goaccess;
console.log(
  `goaccess:    ${goaccess.toFixed(2)} s on ${GOACCESS_LINES} lines, ${(goRate / 1e6).toFixed(3)} M lines/s`,
);
console.log(
  `ratios (faster store): nightlight / wc -l = ${(wc / ours).toFixed(3)} of the floor's speed; nightlight / goaccess = ${(LINES / ours / goRate).toFixed(1)}× (load ${load()})`,
);
