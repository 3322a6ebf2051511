/**
 * `nightlight cost`: a what-if estimate of what a shutdown costs (like NetBlocks' COST, but
 * with the formula, every input and a low–high range printed). Any input can be overridden,
 * as a value (`0.03`) or a range (`0.02:0.03:0.05`, or `0.02:0.05` for its midpoint).
 * `--event ID` costs a stored event instead: its networks weighted by their users, with the
 * geo tables' address space and access types, each network's own outage hours counted.
 */
import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import type { UserEstimates } from '../impact/affected-share.js';
import { parseUserEstimates } from '../impact/user-estimates.js';
import { NightlightError, messageOf } from '../model/failure.js';
import {
  COST_TYPES,
  estimateCost,
  type CostEstimate,
  type CostType,
} from '../impact/cost-model.js';
import type { CostOverrides } from '../impact/cost-model.js';
import type { InputOverride, RangedValue } from '../impact/ranged.js';
import { costOfEvent, type EventCost, type EventCostInputs } from '../impact/event-cost.js';
import { contextOf, type CommandContext } from './context.js';
import { loadGeo } from './load-geo.js';
import { formatTable } from './table.js';

interface CostOptions {
  readonly event?: string;
  readonly users?: string;
  readonly country?: string;
  readonly hours?: string;
  readonly type: string;
  readonly year?: string;
  readonly gdp?: string;
  readonly digitalShare?: string;
  readonly affectedShare?: string;
  readonly mobileShare?: string;
  readonly depth?: string;
  readonly throttleWeight?: string;
  readonly appShare?: string;
  readonly exchangeRate?: string;
  readonly currency?: string;
}

const RANGE_HELP = 'VALUE, LOW:VALUE:HIGH or LOW:HIGH';

export function registerCostCommand(program: Command): void {
  program
    .command('cost')
    .description('estimate the economic cost of a shutdown, with its formula, inputs and range')
    .option('--country <code>', 'ISO 3166-1 alpha-2 code, e.g. KZ (required without --event)')
    .option('--hours <n>', 'duration in hours, e.g. 144 (required without --event)')
    .option('--type <type>', COST_TYPES.join(', '), 'nationwide')
    .option('--event <id>', 'cost a stored event (its type, hours and affected share)')
    .option('--users <file>', 'with --event: users per network, CSV asn,users,source')
    .option('--year <year>', "the event's year (GDP of the year before is central)")
    .option('--gdp <usd>', `annual GDP in US$ (${RANGE_HELP})`)
    .option('--digital-share <share>', `share of GDP depending on the internet (${RANGE_HELP})`)
    .option('--affected-share <share>', `share of users cut off (${RANGE_HELP})`)
    .option('--mobile-share <share>', `share of internet activity on mobile (${RANGE_HELP})`)
    .option('--depth <share>', `level left during the event, share of normal (${RANGE_HELP})`)
    .option('--throttle-weight <w>', `economic loss per unit of traffic lost (${RANGE_HELP})`)
    .option('--app-share <share>', `the app's share of the digital economy (${RANGE_HELP})`)
    .option('--exchange-rate <rate>', 'local currency units per US$, to print the local cost too')
    .option('--currency <code>', 'name of the local currency, e.g. KZT', 'local')
    .action(async (options: CostOptions, command: Command) => {
      const context = contextOf(command);
      const overrides = overridesOf(options);
      const rate =
        options.exchangeRate === undefined
          ? undefined
          : number('--exchange-rate', options.exchangeRate);
      const exchangeRate =
        rate === undefined ? {} : { exchangeRate: { rate, currency: options.currency ?? 'local' } };
      if (options.event !== undefined) {
        const users = options.users === undefined ? undefined : await loadUsers(options.users);
        const cost = await costOfStoredEvent(context, options.event, overrides, {
          ...exchangeRate,
          ...(users === undefined ? {} : { users }),
        });
        if (context.json) return context.printJson(cost);
        return context.print(formatEventCost(cost));
      }
      if (options.country === undefined || options.hours === undefined)
        throw new NightlightError(
          'bad_input',
          'Cannot estimate cost: expected --country and --hours (or --event ID), found neither or one',
        );
      const type = options.type as CostType;
      if (!(COST_TYPES as readonly string[]).includes(type))
        throw new NightlightError(
          'bad_input',
          `Cannot use --type: expected ${COST_TYPES.join(', ')}, found ${JSON.stringify(options.type)}`,
        );
      const estimate = estimateCost({
        country: options.country.toUpperCase(),
        type,
        hours: number('--hours', options.hours),
        ...(options.year === undefined ? {} : { year: wholeYear(options.year) }),
        overrides,
        ...exchangeRate,
      });
      if (context.json) return context.printJson(estimate);
      context.print(formatEstimate(estimate));
    });
}

/** Configured user counts; bad lines are reported on stderr and skipped. */
async function loadUsers(path: string): Promise<UserEstimates> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new NightlightError(
      'not_found',
      `Cannot read user estimates ${path}: ${messageOf(error)}`,
    );
  }
  const { estimates, issues } = parseUserEstimates(text);
  for (const issue of issues)
    process.stderr.write(`nightlight: skipped ${path}:${issue.line}: ${issue.reason}\n`);
  return estimates;
}

function overridesOf(options: CostOptions): CostOverrides {
  const overrides: Record<string, InputOverride> = {};
  const flags: [keyof CostOverrides, string, string | undefined][] = [
    ['gdpUsd', '--gdp', options.gdp],
    ['digitalShare', '--digital-share', options.digitalShare],
    ['affectedShare', '--affected-share', options.affectedShare],
    ['mobileShare', '--mobile-share', options.mobileShare],
    ['depth', '--depth', options.depth],
    ['throttleWeight', '--throttle-weight', options.throttleWeight],
    ['appShare', '--app-share', options.appShare],
  ];
  for (const [key, flag, text] of flags)
    if (text !== undefined) overrides[key] = parseRangeOption(flag, text);
  return overrides;
}

async function costOfStoredEvent(
  context: CommandContext,
  id: string,
  overrides: CostOverrides,
  extra: Pick<EventCostInputs, 'exchangeRate'> & { users?: UserEstimates },
): Promise<EventCost> {
  const events = await context.withStore((store) => store.queryEvents());
  const event = events.find((e) => e.id === id);
  if (event === undefined)
    throw new NightlightError('not_found', `Cannot cost event ${id}: no such event in the store`);
  const namesNetworks = event.affected.some((a) => a.entity.startsWith('asn/'));
  const networks = namesNetworks ? await loadGeo(context.config, { quiet: context.json }) : null;
  const { users, ...exchangeRate } = extra;
  return costOfEvent(event, {
    overrides,
    ...exchangeRate,
    ...(networks === null
      ? {}
      : { share: { networks, ...(users === undefined ? {} : { users }) } }),
    // The CLI owns the clock: an ongoing event is costed up to now.
    now: Math.floor(Date.now() / 1000),
  });
}

function number(flag: string, text: string): number {
  const n = Number(text);
  if (text.trim() === '' || !Number.isFinite(n) || n < 0)
    throw new NightlightError(
      'bad_input',
      `Cannot use ${flag}: expected a number ≥ 0, found ${JSON.stringify(text)}`,
    );
  return n;
}

function wholeYear(text: string): number {
  const n = Number(text);
  if (!/^\d{4}$/.test(text))
    throw new NightlightError(
      'bad_input',
      `Cannot use --year: expected a year like 2022, found ${JSON.stringify(text)}`,
    );
  return n;
}

/** `0.03` (exact), `0.02:0.03:0.05` (low:value:high) or `0.02:0.05` (value at the midpoint). */
export function parseRangeOption(flag: string, text: string): InputOverride {
  const parts = text.split(':').map((part) => number(flag, part));
  const source = `user (${flag} ${text})`;
  if (parts.length === 1) return { value: parts[0]!, source };
  if (parts.length === 2)
    return { low: parts[0]!, value: (parts[0]! + parts[1]!) / 2, high: parts[1]!, source };
  if (parts.length === 3) return { low: parts[0]!, value: parts[1]!, high: parts[2]!, source };
  throw new NightlightError(
    'bad_input',
    `Cannot use ${flag}: expected ${RANGE_HELP}, found ${JSON.stringify(text)}`,
  );
}

function money(usd: number): string {
  const units: [number, string][] = [
    [1e12, 'T'],
    [1e9, 'B'],
    [1e6, 'M'],
    [1e3, 'k'],
  ];
  for (const [size, unit] of units) if (usd >= size) return `${(usd / size).toFixed(1)}${unit}`;
  return usd.toFixed(0);
}

function cell(name: string, v: number): string {
  if (name === 'gdpUsd' || name === 'dailyGdpUsd') return money(v);
  if (name === 'hours') return String(v);
  return v.toFixed(4).replace(/0+$/, '').replace(/\.$/, '');
}

export function formatEstimate(e: CostEstimate): string {
  const lines = [
    `${e.countryName} (${e.country}), ${e.type}, ${e.inputs.hours?.value ?? '?'} h`,
    `cost: US$ ${money(e.central)}  (low ${money(e.low)}, high ${money(e.high)})`,
  ];
  if (e.local !== null)
    lines.push(
      `cost: ${e.local.currency} ${money(e.local.central)}  (low ${money(e.local.low)}, high ${money(e.local.high)}) at ${e.local.rate} per US$`,
    );
  if (e.incomeGroup !== null && e.gdpPerCapitaUsd !== null)
    lines.push(
      `income group: ${e.incomeGroup} (GDP per capita US$ ${Math.round(e.gdpPerCapitaUsd).toLocaleString('en')})`,
    );
  lines.push(`formula: ${e.formula}`, '');
  const rows = Object.entries(e.inputs).map(([name, v]: [string, RangedValue]) => [
    v.year === undefined ? name : `${name} (${v.year})`,
    cell(name, v.value),
    cell(name, v.low),
    cell(name, v.high),
    v.assumption ? 'yes' : '',
    v.source,
  ]);
  lines.push(formatTable(['input', 'value', 'low', 'high', 'assumption', 'source'], rows));
  lines.push('', `range: ${e.range}`);
  for (const note of e.notes) lines.push(`note: ${note}`);
  return lines.join('\n');
}

function share(x: number): string {
  return `${(100 * x).toFixed(1)}%`;
}

export function formatEventCost(cost: EventCost): string {
  const lines = [`event ${cost.eventId}`];
  const a = cost.affected;
  if (a !== null) {
    lines.push(
      `affected (${a.basis}): users ${share(a.users.average)} on average (${share(a.users.low)}–${share(a.users.high)}), ${share(a.users.peak)} at peak; effective hours ${a.effectiveHours.value.toFixed(1)} of ${a.window.hours.toFixed(1)}`,
    );
    if (a.addressSpace !== null && a.networks !== null)
      lines.push(
        `address space ${share(a.addressSpace.average)} on average (${share(a.addressSpace.peak)} at peak), networks ${share(a.networks.average)} (${share(a.networks.peak)})`,
      );
    for (const note of a.notes) lines.push(`note: ${note}`);
  }
  return `${lines.join('\n')}\n${formatEstimate(cost)}`;
}
