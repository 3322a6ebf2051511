/**
 * Options shared by `ingest mrt` and `collect bgp`: the full-feed peer threshold.
 */
import type { Command } from 'commander';
import type { FullFeedOptions } from '../collectors/bgp/visibility/full-feed.js';
import { NightlightError } from '../model/failure.js';
import { parseCount } from './ingest-logs-command.js';

export interface FullFeedFlags {
  readonly fullFeedShare: number;
  readonly fullFeedIpv4: number;
  readonly fullFeedIpv6: number;
}

export function parseShare(text: string): number {
  const n = Number(text);
  if (!(n > 0 && n <= 1))
    throw new NightlightError(
      'bad_input',
      `Cannot parse share: expected a number in (0, 1], found ${JSON.stringify(text)}`,
    );
  return n;
}

export function addFullFeedOptions(command: Command): Command {
  return command
    .option(
      '--full-feed-share <x>',
      "a peer is full-feed when it holds this share of the largest peer's table",
      parseShare,
      0.9,
    )
    .option(
      '--full-feed-ipv4 <n>',
      'and at least this many IPv4 prefixes (IODA: 400000)',
      parseCount,
      0,
    )
    .option(
      '--full-feed-ipv6 <n>',
      'and at least this many IPv6 prefixes (IODA: 10000)',
      parseCount,
      0,
    );
}

export function fullFeedOf(flags: FullFeedFlags): FullFeedOptions {
  return {
    minShare: flags.fullFeedShare,
    minIpv4Prefixes: flags.fullFeedIpv4,
    minIpv6Prefixes: flags.fullFeedIpv6,
  };
}
