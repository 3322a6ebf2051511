/**
 * Generates every raw input of a scenario into one directory — mrt/, logs/, pcap/, ooni/,
 * geo/ — plus case.json (the ground truth) and manifest.json (what was written, with sizes
 * and SHA-256). Each writer draws from its own stream forked from the seed, and streams to
 * disk one bin or one day at a time, so memory stays bounded and the same file and seed give
 * byte-identical output.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, stat, writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import type { LabelledCase } from '../model/ground-truth.js';
import { buildLabelledCase } from './ground-truth.js';
import { buildNetworkModel } from './network-model.js';
import { createRng } from './rng.js';
import type { Scenario } from './scenario-schema.js';
import { compileTimeline } from './timeline.js';
import { writeGeoTables, type GeoTables } from './write-geo.js';
import { writeLogs, type WriteResult } from './write-logs.js';
import { writeMrt } from './write-mrt.js';
import { writeOoni } from './write-ooni.js';
import { writePcap } from './write-pcap.js';
import { buildWorldTable } from './world-table.js';

export const RAW_INPUTS = ['mrt', 'logs', 'pcap', 'ooni'] as const;
export type RawInput = (typeof RAW_INPUTS)[number];

export interface GenerateOptions {
  readonly out: string;
  /** Overrides the scenario's own seed. */
  readonly seed?: number | undefined;
  /** Called as each part starts and as the log writer advances (fraction 0…1). */
  readonly onProgress?: ((part: string, fraction: number) => void) | undefined;
}

export interface ManifestFile {
  readonly path: string;
  readonly bytes: number;
  readonly sha256: string;
}

export interface Manifest {
  readonly scenario: string;
  readonly seed: number;
  readonly from: string;
  readonly to: string;
  readonly stepSeconds: number;
  readonly records: Readonly<Record<RawInput, number>>;
  readonly geo: GeoTables;
  readonly files: readonly ManifestFile[];
}

async function sha256(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

export async function generateScenario(
  scenario: Scenario,
  options: GenerateOptions,
): Promise<{ manifest: Manifest; groundTruth: LabelledCase }> {
  const seed = options.seed ?? scenario.seed;
  const rng = createRng(seed);
  const model = buildNetworkModel(scenario);
  const timeline = compileTimeline(scenario, model);
  const groundTruth = buildLabelledCase(scenario, model, timeline);
  const dirs = Object.fromEntries(
    [...RAW_INPUTS, 'geo'].map((name) => [name, join(options.out, name)]),
  ) as Record<RawInput | 'geo', string>;
  for (const dir of Object.values(dirs)) await mkdir(dir, { recursive: true });
  const progress = options.onProgress ?? (() => {});
  const span = scenario.time.to - scenario.time.from;

  progress('geo', 0);
  const world = buildWorldTable(scenario, model);
  const geo = await writeGeoTables(scenario, model, dirs.geo, world);
  progress('mrt', 0);
  const mrt = await writeMrt(scenario, model, timeline, rng.fork('mrt'), dirs.mrt, world);
  progress('logs', 0);
  const logs = await writeLogs(scenario, model, timeline, rng.fork('logs'), dirs.logs, (t) =>
    progress('logs', (t - scenario.time.from) / span),
  );
  progress('pcap', 0);
  const pcap = await writePcap(scenario, model, timeline, rng.fork('pcap'), dirs.pcap);
  progress('ooni', 0);
  const ooni = await writeOoni(scenario, model, timeline, rng.fork('ooni'), dirs.ooni);

  const casePath = join(options.out, 'case.json');
  await writeFile(casePath, `${JSON.stringify(groundTruth, null, 2)}\n`);
  const written: WriteResult[] = [mrt, logs, pcap, ooni];
  const paths = [
    ...written.flatMap((w) => w.files),
    ...geo.asnTables,
    ...geo.countryTables,
    geo.accessTypes,
    ...(geo.mmdb === null ? [] : [geo.mmdb]),
    casePath,
  ];
  const files: ManifestFile[] = [];
  for (const path of paths)
    files.push({
      path: relative(options.out, path),
      bytes: (await stat(path)).size,
      sha256: await sha256(path),
    });
  const manifest: Manifest = {
    scenario: scenario.name,
    seed,
    from: new Date(scenario.time.from * 1000).toISOString(),
    to: new Date(scenario.time.to * 1000).toISOString(),
    stepSeconds: scenario.time.stepSeconds,
    records: { mrt: mrt.records, logs: logs.records, pcap: pcap.records, ooni: ooni.records },
    geo: {
      asnTables: geo.asnTables.map((p) => relative(options.out, p)),
      countryTables: geo.countryTables.map((p) => relative(options.out, p)),
      accessTypes: relative(options.out, geo.accessTypes),
      mmdb: geo.mmdb === null ? null : relative(options.out, geo.mmdb),
    },
    files,
  };
  await writeFile(join(options.out, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  return { manifest, groundTruth };
}
