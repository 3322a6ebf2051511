/**
 * CSV for the API's JSON answers, RFC 4180 quoting. Cells that a spreadsheet would run as a
 * formula (leading =, +, -, @) are prefixed with a quote, as OWASP advises for CSV export.
 */
import { formatTime } from '../../model/time.js';
import type { OutageEvent } from '../../model/event.js';
import type { SeriesBody } from './read-series.js';

export function csvCell(value: string | number | null): string {
  if (value === null) return '';
  if (typeof value === 'number') return String(value);
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\n\r]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

export function encodeSeriesCsv(series: readonly SeriesBody[]): string {
  const lines = ['time,entity,signal,value,coverage'];
  for (const s of series)
    s.values.forEach((value, i) => {
      const time = formatTime(s.from + i * s.step);
      lines.push([time, s.entity, s.signal, value, s.coverage[i] ?? 0].map(csvCell).join(','));
    });
  return `${lines.join('\n')}\n`;
}

export function encodeEventsCsv(events: readonly OutageEvent[]): string {
  const lines = [
    'id,start,end,location,scope,access,layers,mechanisms,depth,severity,confidence,affected,signals',
  ];
  for (const e of events)
    lines.push(
      [
        e.id,
        formatTime(e.start),
        e.end === null ? null : formatTime(e.end),
        e.location,
        e.scope,
        e.access,
        e.layers.join(' '),
        e.mechanisms.join(' '),
        e.depth,
        e.severity,
        e.confidence,
        e.affected.map((a) => a.entity).join(' '),
        e.signals.join(' '),
      ]
        .map(csvCell)
        .join(','),
    );
  return `${lines.join('\n')}\n`;
}
