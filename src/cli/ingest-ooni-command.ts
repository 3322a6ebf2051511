/**
 * `nightlight ingest ooni FILE|DIR…`: OONI raw measurements (JSON, JSON lines, old YAML;
 * plain, gzip or bzip2) re-scored into per-network blocking signals and change points.
 * Bad records are reported on stderr with file, record and reason (the first few; all are
 * counted) and never stop the run; only inputs that yield no measurement at all fail it.
 */
import { createWriteStream } from 'node:fs';
import { finished } from 'node:stream/promises';
import { type Command, InvalidArgumentError } from 'commander';
import { defaultFingerprints } from '../collectors/ooni/fingerprints.js';
import { ingestOoni } from '../collectors/ooni/ingest-ooni.js';
import type { OoniIssue } from '../collectors/ooni/measurement.js';
import { OONI_STEP_SECONDS } from '../collectors/ooni/ooni-signals.js';
import { expandInputs } from '../collectors/input/expand-inputs.js';
import { detectChangePoints } from '../detect/change-points.js';
import { loadAccessTypes } from '../geo/access-types.js';
import { NightlightError } from '../model/failure.js';
import { formatTime } from '../model/time.js';
import { contextOf } from './context.js';
import { createProgress } from './progress.js';
import { formatTable } from './table.js';

const REPORTED_ISSUES = 10;

function parseStep(text: string): number {
  const step = Number(text);
  if (!Number.isInteger(step) || step <= 0 || 86400 % step !== 0)
    throw new InvalidArgumentError('expected whole seconds dividing a day, e.g. 3600');
  return step;
}

export function formatIssue(issue: OoniIssue): string {
  return `${issue.place.file}:${issue.place.record}: ${issue.kind}: ${issue.reason}`;
}

interface Options {
  readonly source: string;
  readonly step: number;
  readonly verdicts?: string;
}

export function registerIngestOoniCommand(ingest: Command): void {
  ingest
    .command('ooni')
    .description('read OONI raw measurements and write per-country and per-ASN blocking signals')
    .argument('<inputs...>', 'measurement files or directories ("-" reads stdin)')
    .option(
      '--source <name>',
      'source name keying the points: re-ingesting under it replaces them',
      'ooni',
    )
    .option('--step <seconds>', 'bin width in seconds', parseStep, OONI_STEP_SECONDS)
    .option('--verdicts <path>', "also write every measurement's verdicts as JSON lines")
    .action(async (inputs: string[], options: Options, command: Command) => {
      const context = contextOf(command);
      const files = await expandInputs(inputs);
      const accessTypes = await loadAccessTypes(context.config.geo.accessTypes);
      const verdictsOut =
        options.verdicts === undefined ? null : createWriteStream(options.verdicts);
      const progress = createProgress('Ingesting OONI', { enabled: !context.json });
      let reported = 0;
      const report = await context
        .withStore((store) =>
          ingestOoni({
            files,
            store,
            source: options.source,
            stepSeconds: options.step,
            fingerprints: defaultFingerprints(),
            accessOf: (asn, name) => accessTypes.classify(asn, name).accessType,
            detect: (bins) => detectChangePoints(bins),
            now: () => Math.floor(Date.now() / 1000),
            onIssue: (issue) => {
              if (++reported <= REPORTED_ISSUES)
                process.stderr.write(`nightlight: skipped ${formatIssue(issue)}\n`);
            },
            onScored: (scored) => verdictsOut?.write(`${JSON.stringify(scored)}\n`),
            onFile: (done, total) => progress.update(done, total),
          }),
        )
        .finally(() => progress.stop());
      if (verdictsOut !== null) {
        verdictsOut.end();
        await finished(verdictsOut);
      }
      if (reported > REPORTED_ISSUES)
        process.stderr.write(`nightlight: skipped ${reported} records or files in all\n`);
      if (report.measurements === 0 && reported > 0)
        throw new NightlightError(
          'bad_input',
          `Cannot ingest OONI measurements: none found in ${files.length} inputs, ${reported} issues`,
        );
      if (context.json) return context.printJson(report);
      context.print(
        `Read ${report.measurements} measurements from ${report.files} files; wrote ${report.points} points under source ${options.source}`,
      );
      context.print(
        formatTable(
          ['target', 'ok', 'blocked', 'down', 'unknown'],
          Object.entries(report.verdicts).map(([target, v]) => [
            target,
            v.ok ?? 0,
            v.blocked ?? 0,
            v.down ?? 0,
            v.unknown ?? 0,
          ]),
        ),
      );
      const aside = Object.entries(report.keptAside);
      if (aside.length > 0)
        context.print(
          `Kept aside (no scorer): ${aside.map(([name, k]) => `${name} ${k.count}`).join(', ')}`,
        );
      for (const change of report.changes)
        context.print(
          `Change point: ${change.entity} ${change.signal} → ${change.to} from ${formatTime(change.bin)}`,
        );
    });
}
