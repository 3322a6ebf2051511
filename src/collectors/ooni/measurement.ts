/**
 * One OONI measurement reduced to the envelope every scorer needs, validated from an untrusted
 * JSON value. First step of the flow: raw record → OoniMeasurement → verdicts → signals.
 * Errors: a record that cannot be used becomes an OoniIssue naming file, record and reason;
 * nothing here throws.
 */
import type { EpochSeconds } from '../../model/time.js';
import { isObject, objectAt, stringAt, type JsonObject } from './json-fields.js';

export interface RecordPlace {
  readonly file: string;
  /** 1-based record number within the file: a line for JSON lines, a document for YAML. */
  readonly record: number;
  /** Byte offset of the record in the decompressed input, when known. */
  readonly offset: number | null;
}

export interface OoniMeasurement {
  readonly place: RecordPlace;
  readonly reportId: string | null;
  readonly testName: string;
  readonly testVersion: string | null;
  readonly startTime: EpochSeconds;
  readonly probeCc: string;
  readonly probeAsn: number;
  readonly networkName: string | null;
  /** `annotations.network_type`: `mobile`, `wifi`, … as the probe reported it. */
  readonly networkType: string | null;
  readonly input: string | null;
  readonly testKeys: JsonObject;
}

export type IssueKind = 'unreadable' | 'not_measurement' | 'malformed' | 'probe_asn_zero';

export interface OoniIssue {
  readonly place: RecordPlace;
  readonly kind: IssueKind;
  readonly reason: string;
}

export type ParsedRecord =
  | { readonly ok: true; readonly measurement: OoniMeasurement }
  | { readonly ok: false; readonly issue: OoniIssue };

const START_TIME = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2}):(\d{2})(?:\.\d+)?Z?$/;

/** `2022-01-04 14:30:00` (UTC, OONI's format) or epoch seconds from old YAML headers. */
export function parseStartTime(value: unknown): EpochSeconds | null {
  if (typeof value === 'number' && Number.isFinite(value) && value > 0) return Math.floor(value);
  if (typeof value !== 'string') return null;
  const match = START_TIME.exec(value);
  if (match === null) return null;
  const [y = 0, mo = 0, d = 0, h = 0, mi = 0, s = 0] = match.slice(1).map(Number);
  const millis = Date.UTC(y, mo - 1, d, h, mi, s);
  const back = new Date(millis);
  if (Number.isNaN(millis) || back.getUTCDate() !== d || back.getUTCHours() !== h) return null;
  return millis / 1000;
}

function fail(place: RecordPlace, kind: IssueKind, reason: string): ParsedRecord {
  return { ok: false, issue: { place, kind, reason } };
}

function describe(value: unknown): string {
  if (value === undefined) return 'missing';
  const text = JSON.stringify(value) ?? typeof value;
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

export function parseMeasurement(value: unknown, place: RecordPlace): ParsedRecord {
  if (!isObject(value))
    return fail(place, 'not_measurement', `expected an object, found ${describe(value)}`);
  const testName = stringAt(value, 'test_name');
  if (testName === null || !/^[a-z0-9_]{1,64}$/i.test(testName))
    return fail(
      place,
      'not_measurement',
      `test_name is not a test name: ${describe(value.test_name)}`,
    );
  const startRaw = value.measurement_start_time ?? value.start_time ?? value.test_start_time;
  const startTime = parseStartTime(startRaw);
  if (startTime === null)
    return fail(
      place,
      'malformed',
      `measurement_start_time is not a UTC time: ${describe(startRaw)}`,
    );
  const probeCc = stringAt(value, 'probe_cc');
  if (probeCc === null || !/^[A-Z]{2}$/.test(probeCc) || probeCc === 'ZZ')
    return fail(place, 'malformed', `probe_cc is not a country code: ${describe(value.probe_cc)}`);
  const asnText = stringAt(value, 'probe_asn');
  const asnMatch = asnText === null ? null : /^AS(\d{1,10})$/.exec(asnText);
  const probeAsn = asnMatch?.[1] === undefined ? NaN : Number(asnMatch[1]);
  if (!(probeAsn <= 0xffffffff))
    return fail(place, 'malformed', `probe_asn is not an AS number: ${describe(value.probe_asn)}`);
  if (probeAsn === 0)
    return fail(place, 'probe_asn_zero', 'probe_asn is AS0: the probe did not know its network');
  const testKeys = value.test_keys === null || value.test_keys === undefined ? {} : value.test_keys;
  if (!isObject(testKeys))
    return fail(place, 'malformed', `test_keys is not an object: ${describe(value.test_keys)}`);
  const input = value.input;
  return {
    ok: true,
    measurement: {
      place,
      reportId: stringAt(value, 'report_id'),
      testName,
      testVersion:
        stringAt(value, 'test_version') ??
        (typeof value.test_version === 'number' ? String(value.test_version) : null),
      startTime,
      probeCc,
      probeAsn,
      networkName: stringAt(value, 'probe_network_name'),
      networkType: stringAt(objectAt(value, 'annotations'), 'network_type'),
      input:
        typeof input === 'string' ? input : Array.isArray(input) ? JSON.stringify(input) : null,
      testKeys,
    },
  };
}
