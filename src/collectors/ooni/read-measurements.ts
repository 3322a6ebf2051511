/**
 * Reads OONI measurement files as published in OONI's archives and test suites: JSON lines
 * (one measurement per line), one JSON document (possibly pretty-printed), or the 2012–2016
 * YAML reports (a header document, then one document per measurement); any of them gzip- or
 * bzip2-compressed (openInput tells by magic bytes). Error policy: one ParsedRecord per
 * record, good or not; a bad line never stops the file, and a file that is not measurements
 * at all (a JSON array, other JSON) yields a single issue saying so.
 */
import { createInterface } from 'node:readline';
import { parseAllDocuments } from 'yaml';
import { messageOf } from '../../model/failure.js';
import type { Input } from '../input/open-input.js';
import { isObject } from './json-fields.js';
import { parseMeasurement, type ParsedRecord, type RecordPlace } from './measurement.js';

export async function* readOoniRecords(input: Input): AsyncGenerator<ParsedRecord> {
  const lines = createInterface({ input: input.stream, crlfDelay: Infinity });
  let mode: 'undecided' | 'lines' | 'document' | 'yaml' = 'undecided';
  const buffered: string[] = [];
  let offset = 0;
  let lineNumber = 0;
  let firstOffset = 0;
  for await (const line of lines) {
    const at = offset;
    offset += Buffer.byteLength(line) + 1;
    lineNumber += 1;
    if (mode === 'undecided') {
      const trimmed = line.trim();
      if (trimmed === '') continue;
      firstOffset = at;
      if (trimmed === '---' || trimmed.startsWith('%YAML')) mode = 'yaml';
      else if (trimmed.startsWith('{') && parses(trimmed)) mode = 'lines';
      else mode = 'document';
    }
    if (mode === 'lines') {
      if (line.trim() === '') continue;
      yield parseLine(line, { file: input.name, record: lineNumber, offset: at });
    } else buffered.push(line);
  }
  if (mode === 'document') yield* parseDocument(buffered.join('\n'), input.name, firstOffset);
  if (mode === 'yaml') yield* parseYaml(buffered.join('\n'), input.name);
}

function parses(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

function parseLine(line: string, place: RecordPlace): ParsedRecord {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch (error) {
    return {
      ok: false,
      issue: { place, kind: 'unreadable', reason: `invalid JSON: ${messageOf(error)}` },
    };
  }
  return parseMeasurement(value, place);
}

function* parseDocument(text: string, file: string, offset: number): Generator<ParsedRecord> {
  const place = { file, record: 1, offset };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    yield {
      ok: false,
      issue: {
        place,
        kind: 'unreadable',
        reason: `neither JSON lines nor one JSON document: ${messageOf(error)}`,
      },
    };
    return;
  }
  if (Array.isArray(value)) {
    // OONI never publishes measurements as arrays; fastpath's query dumps and fingerprint
    // lists are arrays, and reading their elements as measurements would invent records.
    yield {
      ok: false,
      issue: {
        place,
        kind: 'not_measurement',
        reason: `a JSON array of ${value.length} values, not a measurement or JSON lines`,
      },
    };
    return;
  }
  yield parseMeasurement(value, place);
}

/** Fields of the old YAML header that every entry inherits. */
const HEADER_FIELDS = [
  'probe_asn',
  'probe_cc',
  'report_id',
  'test_name',
  'test_version',
  'start_time',
  'test_start_time',
  'data_format_version',
];
const ENTRY_ENVELOPE = new Set([
  'input',
  'measurement_start_time',
  'start_time',
  'annotations',
  'test_start_time',
]);

function* parseYaml(text: string, file: string): Generator<ParsedRecord> {
  let documents;
  try {
    documents = parseAllDocuments(text, { version: '1.1', prettyErrors: false });
  } catch (error) {
    yield {
      ok: false,
      issue: {
        place: { file, record: 1, offset: 0 },
        kind: 'unreadable',
        reason: `invalid YAML: ${messageOf(error)}`,
      },
    };
    return;
  }
  const list = Array.isArray(documents) ? documents : [documents];
  let header: Record<string, unknown> | null = null;
  for (const [index, document] of list.entries()) {
    const place = { file, record: index + 1, offset: document.range[0] };
    if (document.errors.length > 0) {
      yield {
        ok: false,
        issue: {
          place,
          kind: 'unreadable',
          reason: `invalid YAML: ${document.errors[0]?.message.split('\n')[0] ?? 'unknown error'}`,
        },
      };
      continue;
    }
    let value: unknown;
    try {
      value = document.toJS({ maxAliasCount: 100 });
    } catch (error) {
      yield {
        ok: false,
        issue: { place, kind: 'unreadable', reason: `invalid YAML: ${messageOf(error)}` },
      };
      continue;
    }
    if (value === null || value === undefined) continue;
    if (header === null) {
      if (!isObject(value) || typeof value.test_name !== 'string') {
        yield {
          ok: false,
          issue: {
            place,
            kind: 'not_measurement',
            reason: 'YAML report without a header document naming test_name',
          },
        };
        return;
      }
      header = value;
      continue;
    }
    yield parseMeasurement(yamlEntry(header, value), place);
  }
}

/** An old-generation entry as a modern measurement: header fields plus test keys. */
function yamlEntry(header: Record<string, unknown>, entry: unknown): unknown {
  if (!isObject(entry)) return entry;
  const measurement: Record<string, unknown> = {};
  for (const field of HEADER_FIELDS) if (field in header) measurement[field] = header[field];
  const testKeys: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(entry)) {
    if (ENTRY_ENVELOPE.has(key)) measurement[key] = value;
    else testKeys[key] = value;
  }
  measurement.test_keys = testKeys;
  return measurement;
}
