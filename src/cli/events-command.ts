/**
 * `nightlight events [--entity --from --to --status] [--format table|json]`: the stored
 * outage events, newest first, as a table (one line per event) or as JSON matching
 * docs/events.schema.json.
 */
import type { Command } from 'commander';
import { normalizeEntityId } from '../model/entity.js';
import type { OutageEvent } from '../model/event.js';
import { NightlightError } from '../model/failure.js';
import { formatTime, parseTime } from '../model/time.js';
import type { EventQuery } from '../store/store.js';
import { contextOf } from './context.js';
import { formatTable } from './table.js';

interface Options {
  readonly entity?: string;
  readonly from?: string;
  readonly to?: string;
  readonly status?: string;
  readonly format: string;
}

export function registerEventsCommand(program: Command): void {
  program
    .command('events')
    .description('list stored outage events (typed, with every affected network and restoration)')
    .option('--entity <id>', 'events naming this entity: country/KZ, region/KZ-75 or asn/9198')
    .option('--from <time>', 'events overlapping this time or later')
    .option('--to <time>', 'events starting before this time')
    .option('--status <status>', 'open or closed')
    .option('--format <format>', 'table or json', 'table')
    .action(async (options: Options, command: Command) => {
      const context = contextOf(command);
      const format = context.json ? 'json' : options.format;
      if (format !== 'table' && format !== 'json')
        throw new NightlightError(
          'bad_input',
          `Cannot list events: expected --format table or json, found ${JSON.stringify(format)}`,
        );
      if (options.status !== undefined && options.status !== 'open' && options.status !== 'closed')
        throw new NightlightError(
          'bad_input',
          `Cannot list events: expected --status open or closed, found ${JSON.stringify(options.status)}`,
        );
      const query: EventQuery = {
        ...(options.entity === undefined ? {} : { entity: normalizeEntityId(options.entity) }),
        ...(options.from === undefined ? {} : { from: parseTime(options.from) }),
        ...(options.to === undefined ? {} : { to: parseTime(options.to) }),
        ...(options.status === undefined ? {} : { status: options.status }),
      };
      const events = (await context.withStore((store) => store.queryEvents(query))).sort(
        (a, b) => b.start - a.start || a.id.localeCompare(b.id),
      );
      if (format === 'json') return context.printJson(events);
      if (events.length === 0) return context.print('No events');
      context.print(formatEventTable(events));
    });
}

const percent = (share: number) => `${Math.round(share * 1000) / 10}%`;

/** One line per event: where, when, what kind, how deep, how sure. */
export function formatEventTable(events: readonly OutageEvent[]): string {
  return formatTable(
    [
      'id',
      'scope',
      'access',
      'mechanism',
      'start',
      'end',
      'hours',
      'depth',
      'conf',
      'networks',
      'apps',
    ],
    events.map((e) => [
      e.id,
      e.scope,
      e.access,
      e.mechanisms.join('+'),
      formatTime(e.start),
      e.end === null ? 'ongoing' : formatTime(e.end),
      Math.round((((e.end ?? e.updatedAt) - e.start) / 3600) * 10) / 10,
      percent(e.depth),
      e.confidence,
      e.affected.filter((a) => a.entity.startsWith('asn/')).length,
      e.apps.join(',') || null,
    ]),
  );
}
