/**
 * Orders a log directory oldest first, the way logrotate names files: numbered rotations
 * (`access.log.3.gz`, `access.log.2.gz`, `access.log.1`), then dated ones
 * (`access.log-20240101.gz`, by date), then the live file (`access.log`). Unrelated names keep
 * their plain name order. Also derives the default source name of an input.
 */
import { basename } from 'node:path';

const COMPRESSED = /\.(?:gz|bz2)$/;
const NUMBERED = /^(.*)\.(\d+)$/;
const DATED = /^(.*)-(\d{8,10})$/;

interface Rank {
  readonly base: string;
  /** 0 numbered, 1 dated, 2 live. */
  readonly group: number;
  readonly key: number;
}

function rankOf(name: string): Rank {
  const bare = name.replace(COMPRESSED, '');
  const numbered = NUMBERED.exec(bare);
  if (numbered !== null) return { base: numbered[1]!, group: 0, key: -Number(numbered[2]) };
  const dated = DATED.exec(bare);
  if (dated !== null) return { base: dated[1]!, group: 1, key: Number(dated[2]) };
  return { base: bare, group: 2, key: 0 };
}

export function orderRotated(names: string[]): string[] {
  return names
    .map((name) => ({ name, rank: rankOf(name) }))
    .sort((a, b) =>
      a.rank.base !== b.rank.base
        ? a.rank.base < b.rank.base
          ? -1
          : 1
        : a.rank.group - b.rank.group || a.rank.key - b.rank.key || (a.name < b.name ? -1 : 1),
    )
    .map((entry) => entry.name);
}

/** `logs:access.log` for access.log.2.gz or a directory of access logs; `logs:stdin` for `-`. */
export function defaultSource(prefix: string, input: string | undefined): string {
  if (input === undefined || input === '-') return `${prefix}:stdin`;
  const name = basename(input.replace(/\/+$/, ''));
  return `${prefix}:${rankOf(name).base}`;
}
