/**
 * IODA API v2 `signals/raw` responses → signal points. The envelope's `data` is a list of
 * lists of series objects (entityType, entityCode, datasource, subtype, from, until, step,
 * values); value i is the bin `from + i·step`, and null is a bin IODA did not measure
 * (unknown, never zero). Countries and ASNs map to our entity ids; IODA's numeric region
 * codes have no ISO 3166-2 equivalent here and are reported, as are nested datasources
 * (loss, latency). Each series yields points or one issue. Pure.
 */
import { formatEntity, type EntityId } from '../../model/entity.js';
import { messageOf } from '../../model/failure.js';
import type { SignalPoint } from '../../model/signal.js';
import { iodaSignalName } from './ioda-signals.js';

export interface IodaResult {
  readonly points: SignalPoint[];
  /** Per series (numbered from 1 in document order) that could not be imported. */
  readonly issues: { series: number; reason: string }[];
  readonly series: number;
}

/** Whether a parsed JSON document looks like an IODA envelope (`data` a list of lists). */
export function isIodaDocument(document: unknown): boolean {
  if (typeof document !== 'object' || document === null) return false;
  const data = (document as { data?: unknown }).data;
  return Array.isArray(data) && data.every((d) => Array.isArray(d));
}

export function parseIodaDocument(document: unknown, sourceBase: string): IodaResult {
  const points: SignalPoint[] = [];
  const issues: { series: number; reason: string }[] = [];
  if (!isIodaDocument(document)) {
    issues.push({ series: 0, reason: 'expected an IODA envelope with data: [[series…]]' });
    return { points, issues, series: 0 };
  }
  const error = (document as { error?: unknown }).error;
  if (error !== undefined && error !== null && error !== '')
    issues.push({ series: 0, reason: `IODA reported an error: ${JSON.stringify(error)}` });
  let n = 0;
  for (const group of (document as { data: unknown[][] }).data) {
    for (const series of group) {
      n++;
      try {
        const reason = addSeries(series, sourceBase, points);
        if (reason !== null) issues.push({ series: n, reason });
      } catch (e) {
        issues.push({ series: n, reason: messageOf(e) });
      }
    }
  }
  return { points, issues, series: n };
}

function addSeries(raw: unknown, sourceBase: string, points: SignalPoint[]): string | null {
  if (typeof raw !== 'object' || raw === null) return 'expected a series object';
  const s = raw as Record<string, unknown>;
  const { entityType, entityCode, datasource, from, step, values } = s;
  if (typeof datasource !== 'string' || datasource === '') return 'missing datasource';
  if (typeof from !== 'number' || !Number.isInteger(from))
    return `${datasource}: from is not epoch seconds`;
  if (typeof step !== 'number' || !Number.isInteger(step) || step <= 0)
    return `${datasource}: step is not a positive whole number of seconds`;
  if (!Array.isArray(values)) return `${datasource}: values is not a list`;
  const found = entityOf(entityType, entityCode);
  if ('issue' in found) return `${datasource}: ${found.issue}`;
  const { entity } = found;
  const subtype = typeof s.subtype === 'string' && s.subtype !== '' ? `:${s.subtype}` : '';
  const source = `${sourceBase}:${datasource}${subtype}`;
  const signal = iodaSignalName(datasource);
  let nested = 0;
  const added: SignalPoint[] = [];
  values.forEach((v, i) => {
    const bin = from + i * step;
    if (v === null) added.push({ entity, signal, source, bin, value: null, coverage: 0 });
    else if (typeof v === 'number' && Number.isFinite(v))
      added.push({ entity, signal, source, bin, value: v, coverage: 1 });
    else nested++;
  });
  if (nested > 0)
    return `${datasource} ${entity}: ${nested} values are not numbers (nested datasources such as loss and latency are not imported)`;
  points.push(...added);
  return null;
}

function entityOf(type: unknown, code: unknown): { entity: EntityId } | { issue: string } {
  const text = typeof code === 'number' ? String(code) : typeof code === 'string' ? code : '';
  if (type === 'country' && /^[A-Za-z]{2}$/.test(text))
    return { entity: formatEntity({ kind: 'country', code: text.toUpperCase() }) };
  if (type === 'asn' && /^\d{1,10}$/.test(text))
    return { entity: formatEntity({ kind: 'asn', asn: Number(text) }) };
  if (type === 'region')
    return {
      issue: `IODA region ${JSON.stringify(text)} has no ISO 3166-2 code here; not imported`,
    };
  return { issue: `unsupported entity ${JSON.stringify(type)}/${JSON.stringify(code)}` };
}
