/** `nightlight db init|info`: create the store's schema, and describe what it holds. */
import type { Command } from 'commander';
import { formatTime } from '../model/time.js';
import { contextOf } from './context.js';
import { formatTable } from './table.js';

export function registerDbCommand(program: Command): void {
  const db = program.command('db').description('create and inspect the store');

  db.command('init')
    .description('create the store (a DuckDB file by default) and its tables, if missing')
    .action(async (_options, command: Command) => {
      const context = contextOf(command);
      const info = await context.withStore((store) => store.info());
      if (context.json) context.printJson(info);
      else context.print(`Store ready: ${info.kind} ${info.location}`);
    });

  db.command('info')
    .description('show the store, its counts, and every series with its extent')
    .action(async (_options, command: Command) => {
      const context = contextOf(command);
      const { info, series } = await context.withStore(async (store) => ({
        info: await store.info(),
        series: await store.listSeries(),
      }));
      if (context.json) {
        context.printJson({ ...info, seriesList: series });
        return;
      }
      context.print(
        formatTable(
          ['store', 'location', 'series', 'points', 'events', 'checkpoints'],
          [[info.kind, info.location, info.series, info.points, info.events, info.checkpoints]],
        ),
      );
      if (series.length > 0) {
        context.print('');
        context.print(
          formatTable(
            ['entity', 'signal', 'source', 'first', 'last', 'points'],
            series.map((s) => [
              s.entity,
              s.signal,
              s.source,
              formatTime(s.first),
              formatTime(s.last),
              s.points,
            ]),
          ),
        );
      }
    });
}
