/**
 * Log ingestion throughput, side by side on one generated file, each with wall and CPU
 * seconds: `wc -l` (the floor: reading the file); Nightlight's log collector (parse, bin,
 * tally, attribute each distinct client once per bin to country and ASN with the default
 * ip-location-db tables, build the points) into the memory store and into DuckDB (the
 * default store, a file), in this process; the user's command `nightlight --db FILE ingest
 * logs LOG` as a child process (geo tables loaded, progress off, everything included); and
 * goaccess (on the first GOACCESS_LINES lines: it is slow). The collector runs on the main
 * thread: its CPU seconds are one core's; DuckDB may add threads of its own, counted in CPU.
 * Run: `node --import tsx bench/logs-throughput.ts [LINES] [DISTINCT] [GOACCESS_LINES]`;
 * generates /tmp/nightlight-bench-LINES.log once (seeded). Rates are lines per second of
 * wall time and of CPU time; under load from other work the wall rates fall, the CPU ones
 * much less, so both are printed with the load average.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { ingestLogs } from '../src/collectors/traffic/ingest-logs.js';
import { compileLogFormat } from '../src/collectors/traffic/log-format.js';
import { loadDefaultAttributor } from '../src/geo/load-attributor.js';
import { createDuckDBStore } from '../src/store/duckdb.js';
import { createMemoryStore } from '../src/store/memory.js';
import type { Store } from '../src/store/store.js';
import { writeCombinedLog } from './logs-generate.js';

const LINES = Number(process.argv[2] ?? 10_000_000);
const DISTINCT = Number(process.argv[3] ?? 2_000_000);
const GOACCESS_LINES = Number(process.argv[4] ?? 1_000_000);
const path = `/tmp/nightlight-bench-${LINES}.log`;

interface Run {
  readonly name: string;
  readonly lines: number;
  readonly wall: number;
  readonly cpu: number;
  readonly note: string;
}

const load = () => readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');

/** A command's wall and CPU (user + system) seconds, from bash's `time`. */
function timeCommand(command: string): { wall: number; cpu: number } {
  const out = execFileSync(
    'bash',
    ['-c', `TIMEFORMAT='%R %U %S'; { time ${command} >/dev/null 2>&1 ; } 2>&1`],
    { encoding: 'utf8' },
  );
  const [wall, user, system] = out.trim().split('\n').pop()!.split(' ').map(Number);
  return { wall: wall!, cpu: user! + system! };
}

async function inProcess(name: string, store: Store, after: () => void): Promise<Run> {
  const [start, cpu] = [process.hrtime.bigint(), process.cpuUsage()];
  const result = await ingestLogs({
    inputs: [path],
    source: 'logs:bench',
    store,
    attributor,
    format: compileLogFormat('combined'),
  });
  await store.close();
  const wall = Number(process.hrtime.bigint() - start) / 1e9;
  const used = process.cpuUsage(cpu);
  after();
  return {
    name,
    lines: result.accepted,
    wall,
    cpu: (used.user + used.system) / 1e6,
    note: `${result.bins} bins, ${result.points} points; load ${load()}`,
  };
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
    `generated ${path} (${DISTINCT} client pool) in ${((Date.now() - t) / 1000).toFixed(1)} s`,
  );
}
execFileSync('cat', [path], { stdio: ['ignore', 'ignore', 'inherit'] }); // warm the page cache
console.log(`${path}: ${LINES} lines; load at start ${load()}`);

const runs: Run[] = [];
runs.push({ name: 'wc -l', lines: LINES, ...timeCommand(`wc -l ${path}`), note: `load ${load()}` });

const attributor = await loadDefaultAttributor({ ipv6: false });
const db = `/tmp/nightlight-bench-${process.pid}.duckdb`;
const removeDb = () => {
  rmSync(db, { force: true });
  rmSync(`${db}.wal`, { force: true });
};
runs.push(await inProcess('collector → memory store', createMemoryStore(), () => undefined));
runs.push(
  await inProcess('collector → DuckDB file', await createDuckDBStore({ path: db }), removeDb),
);

// The user's command, as a child process: startup and geo loading included.
const entry = fileURLToPath(new URL('../src/cli/entry.ts', import.meta.url));
const tsx = import.meta.resolve('tsx');
runs.push({
  name: 'nightlight ingest logs (DuckDB)',
  lines: LINES,
  ...timeCommand(
    `${process.execPath} --import ${tsx} ${entry} --db ${db} --json ingest logs ${path}`,
  ),
  note: `whole command: startup, geo tables, ingest; load ${load()}`,
});
removeDb();
// The same command on an empty log: its fixed cost (startup, geo tables), to tell apart.
const empty = `${path}.empty`;
execFileSync('sh', ['-c', `: > ${empty}`]);
const fixed = timeCommand(
  `${process.execPath} --import ${tsx} ${entry} --db ${db} --json ingest logs ${empty}`,
);
removeDb();
runs[runs.length - 1] = {
  ...runs[runs.length - 1]!,
  note: `${runs[runs.length - 1]!.note}; on an empty log ${fixed.wall.toFixed(2)} s wall ${fixed.cpu.toFixed(2)} s CPU`,
};

const goaccessInput = GOACCESS_LINES >= LINES ? path : `${path}.head-${GOACCESS_LINES}`;
if (goaccessInput !== path && !existsSync(goaccessInput))
  execFileSync('sh', ['-c', `head -n ${GOACCESS_LINES} ${path} > ${goaccessInput}`]);
runs.push({
  name: 'goaccess --log-format=COMBINED',
  lines: Math.min(GOACCESS_LINES, LINES),
  ...timeCommand(`goaccess --log-format=COMBINED -o /dev/null ${goaccessInput}`),
  note: `on the first ${Math.min(GOACCESS_LINES, LINES)} lines; load ${load()}`,
});

const rate = (r: Run, seconds: number) => r.lines / seconds / 1e6;
const [wc, goaccess] = [runs[0]!, runs[runs.length - 1]!];
console.log(
  `${'run'.padEnd(32)} ${'wall s'.padStart(7)} ${'CPU s'.padStart(7)} ${'M/s wall'.padStart(9)} ${'M/s CPU'.padStart(8)} ${'÷ wc -l'.padStart(8)} ${'× goaccess'.padStart(11)}`,
);
for (const r of runs) {
  // Ratios on wall rates (as the user waits) and, in brackets, on CPU rates.
  const vsWc = `${(rate(r, r.wall) / rate(wc, wc.wall)).toFixed(3)}`;
  const vsGo = `${(rate(r, r.wall) / rate(goaccess, goaccess.wall)).toFixed(1)} (${(rate(r, r.cpu) / rate(goaccess, goaccess.cpu)).toFixed(1)})`;
  console.log(
    `${r.name.padEnd(32)} ${r.wall.toFixed(2).padStart(7)} ${r.cpu.toFixed(2).padStart(7)} ${rate(r, r.wall).toFixed(2).padStart(9)} ${rate(r, r.cpu).toFixed(2).padStart(8)} ${vsWc.padStart(8)} ${vsGo.padStart(11)}  ${r.note}`,
  );
}
console.log(
  `peak RSS of this process ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB; load at end ${load()}`,
);
