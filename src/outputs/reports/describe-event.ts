/**
 * The facts of an event in words and rows, shared by the Markdown and HTML reports: the
 * summary sentence, entity labels, durations, and the timeline of every cut and restoration
 * of every affected entity. Pure: time comes in as the event's own fields.
 */
import { parseEntity, type EntityId } from '../../model/entity.js';
import type { OutageEvent } from '../../model/event.js';
import { formatTime, type EpochSeconds } from '../../model/time.js';
import { countryName } from '../web/country-codes.js';
import type { ReportInput, ReportNetwork } from './report-input.js';

/** `2022-01-05 10:35 UTC`: reports are read by people, seconds are noise at 5-min bins. */
export function formatUtc(time: EpochSeconds): string {
  return `${formatTime(time).slice(0, 16).replace('T', ' ')} UTC`;
}

/** `4 d 21 h`, `2 h 5 min`, `35 min`. */
export function formatDuration(seconds: number): string {
  const minutes = Math.round(seconds / 60);
  const days = Math.floor(minutes / 1440);
  const hours = Math.floor((minutes % 1440) / 60);
  const rest = minutes % 60;
  if (days > 0) return hours > 0 ? `${days} d ${hours} h` : `${days} d`;
  if (hours > 0) return rest > 0 ? `${hours} h ${rest} min` : `${hours} h`;
  return `${rest} min`;
}

export function formatPercent(share: number): string {
  const percent = share * 100;
  return `${percent < 10 ? percent.toFixed(1).replace(/\.0$/, '') : Math.round(percent)}%`;
}

/** `Kazakhstan`, `region KZ-75`, `AS9198 JSC Kazakhtelecom (fixed)`. */
export function entityLabel(
  id: EntityId,
  networks: ReadonlyMap<number, ReportNetwork> = new Map(),
): string {
  const entity = parseEntity(id);
  if (entity.kind === 'country') return countryName(entity.code);
  if (entity.kind === 'region') return `region ${entity.code}`;
  const network = networks.get(entity.asn);
  return network === undefined
    ? `AS${entity.asn}`
    : `AS${entity.asn} ${network.name} (${network.access})`;
}

const MECHANISMS: Record<OutageEvent['mechanisms'][number], string> = {
  'routes-withdrawn': 'routes withdrawn',
  'blackhole-routes-up': 'traffic blackholed while routes stay announced',
  'dns-tampering': 'DNS tampering',
  'tcp-blocking': 'TCP blocking',
  'tls-sni-blocking': 'TLS SNI blocking',
  'http-blocking': 'HTTP blocking',
  throttling: 'throttling',
  unknown: 'mechanism unknown',
};

const ACCESS: Record<OutageEvent['access'], string> = {
  mobile: 'mobile networks affected',
  fixed: 'fixed networks affected',
  both: 'mobile and fixed networks affected',
  unknown: 'access type unknown',
};

/** One row per cut: entity, start, end (null while open), duration to `end` or `updatedAt`. */
export interface TimelineRow {
  readonly entity: EntityId;
  readonly label: string;
  readonly cut: number;
  readonly start: EpochSeconds;
  readonly end: EpochSeconds | null;
  readonly duration: number;
  /** When connectivity came back before the next cut (the end of this cut), or null. */
  readonly restored: EpochSeconds | null;
}

export function timelineRows(input: ReportInput): TimelineRow[] {
  const { event } = input;
  return event.affected.flatMap((affected) =>
    affected.intervals.map((interval, i) => ({
      entity: affected.entity,
      label: entityLabel(affected.entity, input.networks),
      cut: i + 1,
      start: interval.start,
      end: interval.end,
      duration: (interval.end ?? event.updatedAt) - interval.start,
      restored: interval.end,
    })),
  );
}

/**
 * "Kazakhstan: nationwide internet shutdown from 2022-01-05 10:35 UTC to 2022-01-10 08:00 UTC
 * (4 d 21 h), 3 cuts with 2 partial restorations; connectivity at 4% of normal at its lowest;
 * routes withdrawn; mobile and fixed networks affected."
 */
export function summarySentence(input: ReportInput): string {
  const { event } = input;
  const place = entityLabel(event.location, input.networks);
  const kind =
    event.layers.length === 1 && event.layers[0] === 'application'
      ? `blocking of ${event.apps.length > 0 ? event.apps.join(', ') : 'applications'}`
      : 'internet shutdown';
  const scope = event.scope === 'single-network' ? 'single-network' : event.scope;
  const when =
    event.end === null
      ? `ongoing since ${formatUtc(event.start)} (${formatDuration(event.updatedAt - event.start)} so far)`
      : `from ${formatUtc(event.start)} to ${formatUtc(event.end)} (${formatDuration(event.end - event.start)})`;
  const cuts = locationCuts(event);
  const cycles =
    cuts > 1 ? `, ${cuts} cuts with ${cuts - 1} partial restoration${cuts > 2 ? 's' : ''}` : '';
  const mechanisms = event.mechanisms.map((m) => MECHANISMS[m]).join(', ');
  return (
    `${place}: ${scope} ${kind} ${when}${cycles}; ` +
    `connectivity at ${formatPercent(event.depth)} of normal at its lowest; ` +
    `${mechanisms.length > 0 ? `${mechanisms}; ` : ''}${ACCESS[event.access]}.`
  );
}

/** Cuts of the location itself, or of the most-cut affected entity when it is not listed. */
function locationCuts(event: OutageEvent): number {
  const own = event.affected.find((a) => a.entity === event.location);
  if (own !== undefined) return own.intervals.length;
  return Math.max(1, ...event.affected.map((a) => a.intervals.length));
}

/** The intervals shaded on charts: the location's own cuts, else the event as a whole. */
export function shadedIntervals(event: OutageEvent): { start: number; end: number }[] {
  const own = event.affected.find((a) => a.entity === event.location);
  const intervals = own?.intervals ?? [{ start: event.start, end: event.end }];
  return intervals.map((i) => ({ start: i.start, end: i.end ?? event.updatedAt }));
}

/** Affected entities split into networks and regions (the location itself left out). */
export function affectedByKind(event: OutageEvent) {
  const others = event.affected.filter((a) => a.entity !== event.location);
  return {
    networks: others.filter((a) => a.entity.startsWith('asn/')),
    regions: others.filter((a) => a.entity.startsWith('region/')),
  };
}

/** `1,234,000 – 5,600,000 USD` or "not available". */
export function formatCost(input: ReportInput): string {
  const cost = input.cost;
  if (cost === undefined || cost === null) return 'not available';
  const n = (v: number) => Math.round(v).toLocaleString('en-US');
  return `${n(cost.low)} – ${n(cost.high)} ${cost.currency}`;
}
