/**
 * Log ingestion throughput, side by side on one generated file: `wc -l` (the floor: reading
 * the file), Nightlight's log collector (parse, bin, tally, attribute each distinct client
 * once per bin to country and ASN with the default ip-location-db tables, emit points to a
 * memory store), and goaccess. Run: `node --import tsx bench/logs-throughput.ts [LINES]
 * [DISTINCT] [GOACCESS_LINES]`; generates /tmp/nightlight-bench-LINES.log once (seeded).
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { ingestLogs } from '../src/collectors/traffic/ingest-logs.js';
import { compileLogFormat } from '../src/collectors/traffic/log-format.js';
import { loadDefaultAttributor } from '../src/geo/load-attributor.js';
import { createMemoryStore } from '../src/store/memory.js';
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

const attributor = await loadDefaultAttributor({ ipv6: false });
const store = createMemoryStore();
const start = process.hrtime.bigint();
const result = await ingestLogs({
  inputs: [path],
  source: 'logs:bench',
  store,
  attributor,
  format: compileLogFormat('combined'),
  batchBins: 1000,
});
const ours = Number(process.hrtime.bigint() - start) / 1e9;
console.log(
  `nightlight:  ${ours.toFixed(2)} s, ${(result.accepted / ours / 1e6).toFixed(2)} M lines/s (${result.accepted} accepted, ${result.bins} bins, ${result.points} points; peak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB)`,
);

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
  `ratios: nightlight / wc -l = ${(wc / ours).toFixed(3)} of the floor's speed; nightlight / goaccess = ${(result.accepted / ours / goRate).toFixed(1)}×`,
);
