/**
 * Where the time of a log ingest goes: the same file read stage by stage, each stage adding
 * one step to the previous one, so the differences are the cost of each step. (1) read the
 * file in 1 MiB chunks and find the newlines; (2) + scan each line (clf-scanner); (3) + find
 * its bin and count it in the bin's tally; (4) the whole collector (attribution per distinct
 * address per bin, per-entity sums, columns) with a store that discards what it is given;
 * (5) the same into the memory store; (6) into DuckDB. Run: `node --import tsx
 * bench/logs-stages.ts FILE`; prints wall and CPU seconds per stage.
 */
import { createReadStream, rmSync } from 'node:fs';
import { createBinWindow } from '../src/collectors/traffic/bin-window.js';
import { createClfScanner } from '../src/collectors/traffic/clf-scanner.js';
import { ingestLogs } from '../src/collectors/traffic/ingest-logs.js';
import { compileLogFormat } from '../src/collectors/traffic/log-format.js';
import { loadDefaultAttributor } from '../src/geo/load-attributor.js';
import { createDuckDBStore } from '../src/store/duckdb.js';
import { createMemoryStore } from '../src/store/memory.js';
import type { Store } from '../src/store/store.js';

const path = process.argv[2];
if (path === undefined) throw new Error('usage: logs-stages.ts FILE');

async function timed(name: string, run: () => Promise<number>) {
  const [wall, cpu] = [process.hrtime.bigint(), process.cpuUsage()];
  const lines = await run();
  const seconds = Number(process.hrtime.bigint() - wall) / 1e9;
  const used = process.cpuUsage(cpu);
  const cpuSeconds = (used.user + used.system) / 1e6;
  console.log(
    `${name.padEnd(34)} ${seconds.toFixed(2).padStart(6)} s wall ${cpuSeconds.toFixed(2).padStart(6)} s cpu  ${(lines / seconds / 1e6).toFixed(2)} M lines/s  (load ${(await loadAverage()).trim()})`,
  );
}

async function loadAverage(): Promise<string> {
  const { readFile } = await import('node:fs/promises');
  return (await readFile('/proc/loadavg', 'utf8')).split(' ').slice(0, 3).join(' ');
}

/** Stages 1–3 on their own: `step` sees every line's bytes. */
async function lines(step: (b: Buffer, start: number, end: number) => void): Promise<number> {
  let count = 0;
  let carry: Buffer | null = null;
  const each = (b: Buffer, from: number) => {
    let start = from;
    for (let nl = b.indexOf(10, start); nl >= 0; nl = b.indexOf(10, start)) {
      step(b, start, nl);
      count++;
      start = nl + 1;
    }
    return start;
  };
  for await (const chunk of createReadStream(path!, {
    highWaterMark: 1 << 20,
  }) as AsyncIterable<Buffer>) {
    let from = 0;
    if (carry !== null) {
      const nl = chunk.indexOf(10);
      each(Buffer.concat([carry, chunk.subarray(0, nl + 1)]), 0);
      from = nl + 1;
    }
    const rest = each(chunk, from);
    carry = rest < chunk.length ? Buffer.from(chunk.subarray(rest)) : null;
  }
  return count;
}

const scanner = createClfScanner('combined');
const line = { ipv4: 0, time: 0, mobileAgent: false };
await timed('1 read + split lines', () => lines(() => undefined));
await timed('2 + scan (address, time, UA)', () =>
  lines((b, s, e) => void scanner.scan(b, s, e, line)),
);
await timed('3 + bin window + tally', () => {
  const window = createBinWindow({
    stepSeconds: 300,
    toleranceSeconds: 300,
    counters: 2,
    position: () => null,
  });
  let n = 0;
  return lines((b, s, e) => {
    // Bins close every 1024 lines, as in the collector.
    if ((++n & 1023) === 0) for (const closed of window.closeReady()) window.release(closed);
    if (!scanner.scan(b, s, e, line)) return;
    window.tallyFor(line.time)?.addIpv4(line.ipv4, line.mobileAgent ? 1 : 0);
  });
});

const attributor = await loadDefaultAttributor({ ipv6: false });
const ingest = async (store: Store) => {
  const result = await ingestLogs({
    inputs: [path],
    source: 'logs:bench',
    store,
    attributor,
    format: compileLogFormat('combined'),
  });
  await store.close();
  return result.accepted;
};
const discard: Store = { ...createMemoryStore(), writeColumns: () => Promise.resolve() };
await timed('4 + attribute, sum, columns', () => ingest(discard));
await timed('5 … into the memory store', () => ingest(createMemoryStore()));
const file = `/tmp/nightlight-bench-stages-${process.pid}.duckdb`;
await timed('6 … into DuckDB (file)', async () => ingest(await createDuckDBStore({ path: file })));
rmSync(file, { force: true });
rmSync(`${file}.wal`, { force: true });
