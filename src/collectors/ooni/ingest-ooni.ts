/**
 * The OONI collector end to end: files → measurements → verdicts → signals → store. Every
 * record yields a measurement or an issue (file, record, reason), and a bad record or file
 * never stops the run; tests Nightlight does not score are counted by name and their places
 * kept. Points are keyed by (entity, signal, source, bin), so re-ingesting the same inputs
 * under the same source rewrites the same points.
 */
import type { AccessType } from '../../model/access.js';
import { messageOf } from '../../model/failure.js';
import type { EpochSeconds } from '../../model/time.js';
import type { Store } from '../../store/store.js';
import { openInput } from '../input/open-input.js';
import type { Fingerprints } from './fingerprints.js';
import type { IssueKind, OoniIssue, RecordPlace } from './measurement.js';
import { createOoniAggregator, type ChangeDetector, type OoniChange } from './ooni-signals.js';
import { readOoniRecords } from './read-measurements.js';
import { scoreMeasurement, type ScoredMeasurement } from './score-measurement.js';
import type { Verdict } from './verdict.js';

export interface IngestOoniOptions {
  readonly files: readonly string[];
  readonly store: Store;
  readonly source: string;
  readonly stepSeconds: number;
  readonly fingerprints: Fingerprints;
  readonly accessOf: (asn: number, name: string | null) => AccessType;
  readonly detect: ChangeDetector;
  readonly now: () => EpochSeconds;
  readonly onIssue?: (issue: OoniIssue) => void;
  readonly onScored?: (scored: ScoredMeasurement) => void;
  readonly onFile?: (done: number, total: number) => void;
}

/** Places kept per unscored test name: enough to find them again, bounded in memory. */
const KEPT_PLACES = 100;

export interface IngestOoniReport {
  readonly files: number;
  readonly measurements: number;
  readonly scored: Readonly<Record<string, number>>;
  /** Tests without a scorer: how many, and where the first ones are. */
  readonly keptAside: Readonly<Record<string, { count: number; places: RecordPlace[] }>>;
  readonly issues: Readonly<Partial<Record<IssueKind, number>>>;
  readonly verdicts: Readonly<Record<string, Partial<Record<Verdict, number>>>>;
  readonly points: number;
  readonly changes: readonly OoniChange[];
}

export async function ingestOoni(options: IngestOoniOptions): Promise<IngestOoniReport> {
  const aggregator = createOoniAggregator(options.stepSeconds);
  const scored: Record<string, number> = {};
  const keptAside: Record<string, { count: number; places: RecordPlace[] }> = {};
  const issues: Partial<Record<IssueKind, number>> = {};
  const verdicts: Record<string, Partial<Record<Verdict, number>>> = {};
  let measurements = 0;
  const issue = (found: OoniIssue) => {
    issues[found.kind] = (issues[found.kind] ?? 0) + 1;
    options.onIssue?.(found);
  };
  for (const [index, file] of options.files.entries()) {
    try {
      for await (const record of readOoniRecords(await openInput(file))) {
        if (!record.ok) {
          issue(record.issue);
          continue;
        }
        measurements += 1;
        const result = scoreMeasurement(record.measurement, options.fingerprints, options.accessOf);
        options.onScored?.(result);
        if (result.verdicts.length === 0) {
          const kept = (keptAside[result.testName] ??= { count: 0, places: [] });
          kept.count += 1;
          if (kept.places.length < KEPT_PLACES) kept.places.push(result.place);
          continue;
        }
        scored[result.testName] = (scored[result.testName] ?? 0) + 1;
        for (const v of result.verdicts) {
          const counts = (verdicts[v.target] ??= {});
          counts[v.verdict] = (counts[v.verdict] ?? 0) + 1;
        }
        aggregator.add(result);
      }
    } catch (error) {
      // A file that cannot be opened or decompressed is one issue; the other files go on.
      issue({
        place: { file, record: 0, offset: null },
        kind: 'unreadable',
        reason: messageOf(error),
      });
    }
    options.onFile?.(index + 1, options.files.length);
  }
  const { points, changes } = aggregator.finish(options.source, options.detect);
  await options.store.writePoints(points, {
    source: options.source,
    position: { files: options.files.length, measurements },
    updatedAt: options.now(),
  });
  return {
    files: options.files.length,
    measurements,
    scored,
    keptAside,
    issues,
    verdicts,
    points: points.length,
    changes,
  };
}
