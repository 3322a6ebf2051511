/**
 * Streams one ip-location-db CSV table (optionally gzipped) into range rows. Malformed lines
 * are counted, passed to `onIssue` with file:line and reason, and skipped; nothing is dropped
 * silently. A file that cannot be read, or has no valid line at all, is one NightlightError
 * naming the path ('not_found' when it does not exist, 'bad_input' otherwise).
 */
import { open } from 'node:fs/promises';
import { basename } from 'node:path';
import { createInterface } from 'node:readline';
import { createGunzip } from 'node:zlib';
import { NightlightError } from '../model/failure.js';
import { emptyRows, type RangeRows } from './flatten-ranges.js';
import { describeFileError } from './file-error.js';
import {
  isRangeRecord,
  parseIpv4RangeLine,
  parseIpv6RangeLine,
  type RangeLine,
  type TableKind,
} from './range-csv.js';

export interface GeoIssue {
  readonly path: string;
  readonly line: number;
  readonly reason: string;
  /** The raw line, cut at 200 characters. */
  readonly text: string;
}

export function formatGeoIssue(issue: GeoIssue): string {
  return `${issue.path}:${issue.line}: ${issue.reason}`;
}

export interface RangeCsvOptions {
  readonly kind: TableKind;
  /** Inferred from `ipv4`/`ipv6` in the file name, else from the first line's text form. */
  readonly family?: 4 | 6 | undefined;
  readonly onIssue?: ((issue: GeoIssue) => void) | undefined;
  /** Called as the file is read, with the bytes read so far (compressed bytes for .gz). */
  readonly onBytes?: ((bytesRead: number) => void) | undefined;
}

interface RangeCsvCommon {
  readonly path: string;
  readonly kind: TableKind;
  /** Size of the file on disk, for progress totals. */
  readonly bytes: number;
  readonly lines: number;
  readonly records: number;
  readonly malformed: number;
  /** The first KEPT_ISSUES issues; all of them went to `onIssue`. */
  readonly issues: readonly GeoIssue[];
  /** AS organisation names from `asn` tables, first name seen per ASN. */
  readonly names: ReadonlyMap<number, string>;
}

export type RangeCsv = RangeCsvCommon &
  (
    | { readonly family: 4; readonly rows: RangeRows<number> }
    | { readonly family: 6; readonly rows: RangeRows<bigint> }
  );

export const KEPT_ISSUES = 100;

function familyFromName(path: string): 4 | 6 | undefined {
  const name = basename(path).toLowerCase();
  if (name.includes('ipv6')) return 6;
  if (name.includes('ipv4')) return 4;
  return undefined;
}

/**
 * The family of a data line: dotted or colon notation says it; in the numeric form an end
 * beyond 2^32 - 1 is IPv6 (an IPv6 row ending inside ::/96 would be misread, and no real
 * table has one).
 */
function familyFromLine(line: string): 4 | 6 | undefined {
  const [first = '', second = ''] = line.split(',', 2);
  if (first.includes(':')) return 6;
  if (first.includes('.')) return 4;
  if (/^\d+$/.test(first) && /^\d+$/.test(second)) return Number(second) > 0xffffffff ? 6 : 4;
  return undefined;
}

export async function loadRangeCsv(path: string, options: RangeCsvOptions): Promise<RangeCsv> {
  const { kind, onIssue, onBytes } = options;
  let handle;
  let bytes;
  try {
    handle = await open(path);
    bytes = (await handle.stat()).size;
  } catch (error) {
    await handle?.close();
    throw describeFileError('Cannot read geo table', path, error);
  }
  const file = handle.createReadStream();
  const gunzip = path.endsWith('.gz') ? createGunzip() : null;
  if (gunzip !== null) file.on('error', (error) => gunzip.destroy(error));
  const lines = createInterface({ input: gunzip ? file.pipe(gunzip) : file, crlfDelay: Infinity });

  let family = options.family ?? familyFromName(path);
  const v4 = emptyRows<number>();
  const v6 = emptyRows<bigint>();
  const names = new Map<number, string>();
  const issues: GeoIssue[] = [];
  let lineNumber = 0;
  let records = 0;
  let malformed = 0;
  const report = (reason: string, text: string) => {
    const issue = { path, line: lineNumber, reason, text: text.slice(0, 200) };
    malformed++;
    if (issues.length < KEPT_ISSUES) issues.push(issue);
    onIssue?.(issue);
  };
  const keep = <K>(rows: RangeRows<K>, parsed: RangeLine<K>, text: string) => {
    if (!isRangeRecord(parsed)) return report(parsed.reason, text);
    rows.starts.push(parsed.start);
    rows.ends.push(parsed.end);
    rows.values.push(parsed.value);
    if (parsed.name !== null && !names.has(parsed.value)) names.set(parsed.value, parsed.name);
    records++;
  };

  try {
    for await (const line of lines) {
      lineNumber++;
      if ((lineNumber & 0x3fff) === 0) onBytes?.(file.bytesRead);
      if (line.length === 0) continue;
      family ??= familyFromLine(line);
      if (family === 4) keep(v4, parseIpv4RangeLine(kind, line), line);
      else if (family === 6) keep(v6, parseIpv6RangeLine(kind, line), line);
      else {
        throw new NightlightError(
          'bad_input',
          `Cannot tell the address family of geo table ${path}: put ipv4 or ipv6 in its name or pass the family`,
        );
      }
    }
  } catch (error) {
    if (error instanceof NightlightError) throw error;
    throw describeFileError('Cannot read geo table', path, error);
  } finally {
    lines.close();
    await handle.close();
  }
  onBytes?.(bytes);
  if (records === 0) {
    const why = issues[0]
      ? `no valid line, the first problem is ${formatGeoIssue(issues[0])}`
      : 'no data lines';
    throw new NightlightError('bad_input', `Cannot load geo table ${path}: ${why}`);
  }
  const common = { path, kind, bytes, lines: lineNumber, records, malformed, issues, names };
  return family === 6 ? { ...common, family, rows: v6 } : { ...common, family: 4, rows: v4 };
}
