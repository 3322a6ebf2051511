/**
 * MRT decode benchmark, side by side in one run on the same files: `gzip -dc` alone (the
 * floor), `bgpdump -m` (the reference), our decoder with the per-prefix route view, our
 * `bgpdump` formatter, and the `nightlight mrt dump` process. Best of ROUNDS wall times.
 * Run: `node --import tsx bench/mrt-decode.ts [files…]`; needs gzip and bgpdump on PATH and the
 * shared fixtures beside the clone. NIGHTLIGHT_COMPILED_ENTRY=DIR/cli/entry.js also times a
 * compiled CLI, which is what `npm install` gives users.
 */
import { spawnSync } from 'node:child_process';
import { loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { Writable } from 'node:stream';
import { dumpMrt } from '../src/cli/mrt-command.js';
import { readMrtBatches } from '../src/collectors/bgp/mrt/read-mrt.js';
import { createRouteView } from '../src/collectors/bgp/mrt/routes.js';
import { openInput } from '../src/collectors/input/open-input.js';

const ROUNDS = 3;
const root = resolve(import.meta.dirname, '..');
const shared = resolve(root, '../shared/fixtures/mrt/ripe-bgpdump');
const files =
  process.argv.length > 2
    ? process.argv.slice(2)
    : [join(shared, 'updates.20070211.0141.gz'), join(shared, 'bview.20020722.2337.gz')];

async function best(run: () => unknown): Promise<number> {
  let min = Infinity;
  for (let i = 0; i < ROUNDS; i++) {
    const start = process.hrtime.bigint();
    await run();
    min = Math.min(min, Number(process.hrtime.bigint() - start) / 1e9);
  }
  return min;
}

function shell(command: string): void {
  const result = spawnSync('sh', ['-c', command], { stdio: ['ignore', 'ignore', 'ignore'] });
  if (result.status !== 0)
    throw new Error(`Cannot run benchmark command: ${command} exited ${result.status}`);
}

async function decode(file: string): Promise<{ records: number; routes: number }> {
  const input = await openInput(file);
  const view = createRouteView();
  let records = 0;
  let routes = 0;
  for await (const batch of readMrtBatches(input.stream))
    for (const result of batch) {
      records++;
      if (result.ok) routes += view.routesOf(result.record).length;
    }
  return { records, routes };
}

/** A compiled CLI to time too (`tsc -p tsconfig.build.json --outDir DIR`), e.g. DIR/cli/entry.js. */
const compiledEntry = process.env.NIGHTLIGHT_COMPILED_ENTRY ?? null;
const nowhere = () => new Writable({ write: (_chunk, _encoding, done) => done() });
const load = () =>
  loadavg()
    .map((n) => n.toFixed(2))
    .join(' ');

console.log(`load average before: ${load()} (${ROUNDS} rounds, best wall time)`);
for (const file of files) {
  const { records, routes } = await decode(file);
  const quoted = JSON.stringify(file);
  const gzip = await best(() => shell(`gzip -dc ${quoted} > /dev/null`));
  const bgpdump = await best(() => shell(`bgpdump -m ${quoted} > /dev/null 2>&1`));
  const ours = await best(() => decode(file));
  const dump = await best(() => dumpMrt([file], 'bgpdump', { out: nowhere() }));
  const cli = await best(() =>
    shell(`node --import tsx ${join(root, 'src/cli/entry.ts')} mrt dump ${quoted} > /dev/null`),
  );
  // The installed command runs compiled JavaScript; tsx alone costs ~1 s of startup.
  const compiled =
    compiledEntry === null
      ? null
      : await best(() => shell(`node ${compiledEntry} mrt dump ${quoted} > /dev/null`));
  const rate = (s: number) =>
    `${Math.round(records / s).toLocaleString('en')} records/s, ${Math.round(routes / s).toLocaleString('en')} prefixes/s`;
  console.log(`\n${file}: ${records} records, ${routes} prefixes`);
  console.log(`  gzip -dc > /dev/null (floor)          ${gzip.toFixed(3)} s`);
  console.log(`  bgpdump -m > /dev/null                ${bgpdump.toFixed(3)} s  ${rate(bgpdump)}`);
  console.log(
    `  nightlight decode + route view        ${ours.toFixed(3)} s  ${rate(ours)}  ${(bgpdump / ours).toFixed(2)}x bgpdump, ${(ours / gzip).toFixed(2)}x gzip`,
  );
  console.log(
    `  nightlight bgpdump lines, in process  ${dump.toFixed(3)} s  ${rate(dump)}  ${(bgpdump / dump).toFixed(2)}x bgpdump, ${(dump / gzip).toFixed(2)}x gzip`,
  );
  console.log(
    `  nightlight mrt dump process (tsx)     ${cli.toFixed(3)} s  ${(bgpdump / cli).toFixed(2)}x bgpdump`,
  );
  if (compiled !== null)
    console.log(
      `  nightlight mrt dump process (tsc)     ${compiled.toFixed(3)} s  ${(bgpdump / compiled).toFixed(2)}x bgpdump`,
    );
}
console.log(`\nload average after: ${load()}`);
