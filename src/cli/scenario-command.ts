/**
 * `nightlight scenario list` and `nightlight scenario generate NAME|FILE --out DIR [--seed N]`:
 * the shipped scenarios, and the raw inputs of one written to a directory (mrt/, logs/, pcap/,
 * ooni/, geo/, case.json, manifest.json) with progress on a terminal. An invalid scenario file
 * fails with every problem and its path (exit 65).
 */
import type { Command } from 'commander';
import { InvalidArgumentError } from 'commander';
import { formatTime } from '../model/time.js';
import { generateScenario } from '../scenario/generate-scenario.js';
import { listScenarios, loadScenario } from '../scenario/load-scenario.js';
import { contextOf } from './context.js';
import { createProgress } from './progress.js';
import { formatTable } from './table.js';

interface GenerateFlags {
  readonly out: string;
  readonly seed?: number;
}

export function parseSeed(text: string): number {
  const n = Number(text);
  if (!Number.isSafeInteger(n) || n < 0 || n > 0xffffffff)
    throw new InvalidArgumentError('expected a whole number from 0 to 4294967295');
  return n;
}

export function registerScenarioCommand(program: Command): void {
  const scenario = program
    .command('scenario')
    .description('synthetic national networks and shutdown scenarios, written as real raw inputs');
  scenario
    .command('list')
    .description('the shipped scenarios with their time range and expected events')
    .action(async (_options: unknown, command: Command) => {
      const context = contextOf(command);
      const list = await listScenarios();
      if (context.json)
        return context.printJson(
          list.map((s) => ({
            name: s.name,
            description: s.description.trim(),
            from: s.time.from,
            to: s.time.to,
          })),
        );
      context.print(
        formatTable(
          ['name', 'from', 'to', 'networks', 'actions', 'description'],
          list.map((s) => [
            s.name,
            formatTime(s.time.from),
            formatTime(s.time.to),
            s.asns.length,
            s.script.length,
            s.description.trim().split('\n')[0]!.slice(0, 70),
          ]),
        ),
      );
    });
  scenario
    .command('generate')
    .description(
      "write a scenario's raw inputs (MRT, access logs, pcap, OONI, geo tables) and its ground truth",
    )
    .argument('<scenario>', 'a shipped scenario name (see scenario list) or a YAML/JSON file')
    .requiredOption('--out <dir>', 'output directory')
    .option('--seed <n>', "random seed (default: the scenario's own)", parseSeed)
    .action(async (name: string, flags: GenerateFlags, command: Command) => {
      const context = contextOf(command);
      const s = await loadScenario(name);
      const progress = createProgress(`Generating ${s.name}`, { enabled: !context.json });
      const started = performance.now();
      const { manifest, groundTruth } = await generateScenario(s, {
        out: flags.out,
        seed: flags.seed,
        onProgress: (part, fraction) =>
          part === 'logs' && progress.update(Math.round(fraction * 1000), 1000),
      }).finally(() => progress.stop());
      const seconds = (performance.now() - started) / 1000;
      if (context.json)
        return context.printJson({
          out: flags.out,
          seconds,
          manifest,
          expected: groundTruth.expected.length,
        });
      const bytes = manifest.files.reduce((sum, f) => sum + f.bytes, 0);
      context.print(
        formatTable(
          ['input', 'records', 'files'],
          (['mrt', 'logs', 'pcap', 'ooni'] as const).map((k) => [
            k,
            manifest.records[k],
            manifest.files.filter((f) => f.path.startsWith(`${k}/`)).length,
          ]),
        ),
      );
      context.print(
        `Wrote ${manifest.files.length} files (${(bytes / 2 ** 20).toFixed(1)} MiB) to ${flags.out} in ${seconds.toFixed(1)} s; ${groundTruth.expected.length} expected events in case.json`,
      );
    });
}
