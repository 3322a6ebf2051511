/**
 * `nightlight mrt dump FILE…`: decode MRT files (plain, gzip or bzip2) and print them, as
 * `bgpdump -m` lines or as JSON Lines. A corrupt record goes to stderr with its offset and
 * reading goes on; the exit code is then bad_input (65), after all output is written.
 */
import type { Command } from 'commander';
import { Option } from 'commander';
import type { Writable } from 'node:stream';
import { createBgpdumpFormatter } from '../collectors/bgp/mrt/format-bgpdump.js';
import { formatResultJson, formatRouteJson } from '../collectors/bgp/mrt/format-jsonl.js';
import { readMrtBatches } from '../collectors/bgp/mrt/read-mrt.js';
import { createRouteView } from '../collectors/bgp/mrt/routes.js';
import { expandInputs } from '../collectors/input/expand-inputs.js';
import { openInput } from '../collectors/input/open-input.js';
import { NightlightError } from '../model/failure.js';
import { createProgress } from './progress.js';

type Format = 'bgpdump' | 'jsonl' | 'routes';

/**
 * Batches lines into large writes. `line` is synchronous on the hot path; it answers a promise
 * only when the reader of stdout has fallen behind, and the caller awaits it then.
 */
function createLineWriter(out: Writable) {
  let pending = '';
  const drained = () => new Promise<void>((resolve) => out.once('drain', resolve));
  return {
    line(text: string): Promise<void> | null {
      pending += text + '\n';
      if (pending.length < 1 << 16) return null;
      const chunk = pending;
      pending = '';
      return out.write(chunk) ? null : drained();
    },
    async flush() {
      if (pending !== '' && !out.write(pending)) await drained();
      pending = '';
    },
  };
}

export async function dumpMrt(
  files: readonly string[],
  format: Format,
  options: { strict?: boolean; out?: Writable } = {},
) {
  const writer = createLineWriter(options.out ?? process.stdout);
  let errors = 0;
  let firstError = '';
  for (const file of await expandInputs(files)) {
    const input = await openInput(file);
    const progress = createProgress(`mrt ${file}`);
    const bgpdump = createBgpdumpFormatter();
    const view = createRouteView();
    for await (const batch of readMrtBatches(input.stream, { strict: options.strict === true })) {
      if (input.size !== null) progress.update(input.bytesRead(), input.size);
      let wait: Promise<void> | null = null;
      for (const result of batch) {
        if (!result.ok) {
          errors++;
          firstError ||= result.error.message;
          process.stderr.write(`nightlight: ${file}: ${result.error.message}\n`);
          if (format === 'jsonl') wait = writer.line(formatResultJson(result)) ?? wait;
          continue;
        }
        if (format === 'jsonl') wait = writer.line(formatResultJson(result)) ?? wait;
        else if (format === 'routes')
          for (const route of view.routesOf(result.record))
            wait = writer.line(formatRouteJson(route)) ?? wait;
        else for (const line of bgpdump.linesOf(result.record)) wait = writer.line(line) ?? wait;
      }
      // Backpressure per batch: stdout's buffer holds at most one batch beyond its mark.
      if (wait !== null) await wait;
    }
    progress.stop();
  }
  await writer.flush();
  if (errors > 0)
    throw new NightlightError(
      'bad_input',
      `${errors} MRT record${errors === 1 ? '' : 's'} could not be parsed, the first: ${firstError}`,
    );
}

export function registerMrtCommand(program: Command): void {
  const mrt = program.command('mrt').description('read MRT routing archives (RFC 6396)');
  mrt
    .command('dump')
    .description(
      'print MRT records: as `bgpdump -m` lines, one JSON object per record, or one per route',
    )
    .argument('<file...>', 'MRT files, plain, gzip or bzip2; directories; "-" for stdin')
    .addOption(
      new Option('--format <format>', 'output format')
        .choices(['bgpdump', 'jsonl', 'routes'])
        .default('bgpdump'),
    )
    .option('--strict', 'stop at the first record that does not parse')
    .action(async (files: string[], options: { format: Format; strict?: boolean }) => {
      await dumpMrt(files, options.format, { strict: options.strict === true });
    });
}
