/**
 * What the rest-of-world routing table (src/scenario/world-table.ts) costs: writes a shipped
 * scenario's geo tables and MRT files with the world table as configured and without it, then
 * ingests each MRT set into a memory store through `ingestMrt`, and prints MRT bytes and
 * records, CPU seconds to write and to ingest, and the points written. CPU seconds are the
 * figure to compare on a shared machine. Run:
 * `node --import tsx bench/scenario-world.ts [NAME=exam-cuts]`.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ingestMrt } from '../src/collectors/bgp/ingest-mrt.js';
import { loadDefaultAttributor } from '../src/geo/load-attributor.js';
import { loadScenario } from '../src/scenario/load-scenario.js';
import { buildNetworkModel } from '../src/scenario/network-model.js';
import { createRng } from '../src/scenario/rng.js';
import type { Scenario } from '../src/scenario/scenario-schema.js';
import { compileTimeline } from '../src/scenario/timeline.js';
import { writeGeoTables } from '../src/scenario/write-geo.js';
import { writeMrt } from '../src/scenario/write-mrt.js';
import { buildWorldTable } from '../src/scenario/world-table.js';
import { createMemoryStore } from '../src/store/memory.js';

const name = process.argv[2] ?? 'exam-cuts';
const base = await loadScenario(name);
const cpuSeconds = (since: NodeJS.CpuUsage) => {
  const d = process.cpuUsage(since);
  return (d.user + d.system) / 1e6;
};

async function measure(label: string, s: Scenario) {
  const out = mkdtempSync(join(tmpdir(), 'nightlight-bench-world-'));
  try {
    const model = buildNetworkModel(s);
    const timeline = compileTimeline(s, model);
    const world = buildWorldTable(s, model);
    await mkdir(join(out, 'mrt'));
    const geo = await writeGeoTables(s, model, out, world);
    let t = process.cpuUsage();
    const mrt = await writeMrt(
      s,
      model,
      timeline,
      createRng(s.seed).fork('mrt'),
      join(out, 'mrt'),
      world,
    );
    const write = cpuSeconds(t);
    const attributor = await loadDefaultAttributor({
      asnPaths: geo.asnTables,
      countryPaths: geo.countryTables,
    });
    t = process.cpuUsage();
    const result = await ingestMrt({
      inputs: mrt.files,
      source: 'mrt:bench',
      store: createMemoryStore(),
      attributor,
    });
    const ingest = cpuSeconds(t);
    console.log(
      `${label.padEnd(9)} routes ${String(world.length).padStart(5)}  MRT ${(mrt.bytes / 1e6).toFixed(2)} MB in ${mrt.records} records  write cpu ${write.toFixed(1)} s  ingest cpu ${ingest.toFixed(1)} s  points ${result.points}`,
    );
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

await measure('visitors', {
  ...base,
  bgp: { ...base.bgp, world: { ipv4Prefixes: 0, ipv6Prefixes: 0, churnPerHour: 0 } },
});
await measure('world', base);
