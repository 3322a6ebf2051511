/**
 * Times each writer of `nightlight scenario generate` on a shipped scenario (default kz-2022)
 * and reports records, wall and CPU seconds per part and the peak RSS. CPU seconds are the
 * figure to compare across runs on a shared machine. Run:
 * `node --import tsx bench/scenario-generate.ts [NAME] [OUT]`.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateScenario } from '../src/scenario/generate-scenario.js';
import { loadScenario } from '../src/scenario/load-scenario.js';

const name = process.argv[2] ?? 'kz-2022';
const out = process.argv[3] ?? mkdtempSync(join(tmpdir(), 'nightlight-bench-'));
const scenario = await loadScenario(name);
const parts: { part: string; wall: number; cpu: number }[] = [];
let current = { part: 'setup', wall: performance.now(), cpu: process.cpuUsage() };
const close = () => {
  const cpu = process.cpuUsage(current.cpu);
  parts.push({
    part: current.part,
    wall: (performance.now() - current.wall) / 1000,
    cpu: (cpu.user + cpu.system) / 1e6,
  });
};
const { manifest } = await generateScenario(scenario, {
  out,
  onProgress: (part) => {
    if (part === current.part) return;
    close();
    current = { part, wall: performance.now(), cpu: process.cpuUsage() };
  },
});
close();
for (const p of parts)
  console.log(
    `${p.part.padEnd(6)} wall ${p.wall.toFixed(1).padStart(6)} s  cpu ${p.cpu.toFixed(1).padStart(6)} s`,
  );
console.log(
  `records ${JSON.stringify(manifest.records)}; peak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MiB; out ${out}`,
);
