/** `nightlight geo lookup|asn|networks`: attribution of addresses and networks. */
import { createInterface } from 'node:readline';
import type { Command } from 'commander';
import type { Attribution } from '../geo/attributor.js';
import { country, parseEntity } from '../model/entity.js';
import { NightlightError } from '../model/failure.js';
import { contextOf } from './context.js';
import { loadGeo } from './load-geo.js';
import { formatTable } from './table.js';

export function registerGeoCommand(program: Command): void {
  const geo = program
    .command('geo')
    .description('attribute addresses and networks to ASNs, countries and regions');

  geo
    .command('lookup')
    .description(
      'print the ASN, country, region and access type of each address ("-" reads addresses from stdin)',
    )
    .argument('<ip...>', 'IPv4 or IPv6 addresses')
    .action(async (ips: string[], _options, command: Command) => {
      const context = contextOf(command);
      const attributor = await loadGeo(context.config, { quiet: context.json });
      const answers: Attribution[] = [];
      for await (const ip of expandStdin(ips)) answers.push(attributor.lookup(ip));
      if (context.json) return context.printJson(answers);
      context.print(
        formatTable(
          ['ip', 'asn', 'as name', 'country', 'region', 'access', 'asn from'],
          answers.map((a) => [
            a.ip,
            a.asn,
            a.asName,
            a.country,
            a.region,
            a.accessType,
            a.sources.asn,
          ]),
        ),
      );
    });

  geo
    .command('asn')
    .description('print the name, country, IPv4 space and access type of autonomous systems')
    .argument('<asn...>', 'AS numbers (9198 or AS9198)')
    .action(async (asns: string[], _options, command: Command) => {
      const context = contextOf(command);
      const numbers = asns.map((text) => {
        const entity = parseEntity(`asn/${text}`);
        return entity.kind === 'asn' ? entity.asn : NaN;
      });
      const attributor = await loadGeo(context.config, { quiet: context.json });
      const answers = numbers.map((asn) => attributor.lookupAsn(asn));
      if (context.json) return context.printJson(answers);
      context.print(
        formatTable(
          ['asn', 'name', 'country', 'ipv4 addresses', 'access', 'access from'],
          answers.map((a) => [
            a.asn,
            a.name,
            a.country,
            a.ipv4Addresses,
            a.accessType,
            a.accessTypeSource,
          ]),
        ),
      );
    });

  geo
    .command('networks')
    .description("list a country's networks by the IPv4 address space located there")
    .argument('<country>', 'ISO 3166-1 alpha-2 code, e.g. KZ')
    .option('--limit <n>', 'show at most this many networks', parseCount, 20)
    .action(async (code: string, options: { limit: number }, command: Command) => {
      const context = contextOf(command);
      const cc = country(code);
      const attributor = await loadGeo(context.config, { quiet: context.json });
      const networks = attributor.countryNetworks(cc.kind === 'country' ? cc.code : code);
      if (networks.length === 0) {
        throw new NightlightError(
          'not_found',
          `Cannot list networks of ${code.toUpperCase()}: no address space located there`,
        );
      }
      const total = networks.reduce((sum, n) => sum + n.ipv4Addresses, 0);
      const shown = networks.slice(0, options.limit);
      if (context.json)
        return context.printJson({
          country: code.toUpperCase(),
          networks: shown.length,
          ipv4Addresses: total,
          shown,
        });
      context.print(
        formatTable(
          ['asn', 'name', 'ipv4 addresses', 'share', 'access'],
          shown.map((n) => [
            n.asn,
            n.name,
            n.ipv4Addresses,
            `${((100 * n.ipv4Addresses) / total).toFixed(1)}%`,
            n.accessType,
          ]),
        ),
      );
      context.print(
        `${networks.length} networks, ${total.toLocaleString('en')} IPv4 addresses in all`,
      );
    });
}

function parseCount(text: string): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n <= 0)
    throw new NightlightError(
      'bad_input',
      `Cannot use --limit: expected a positive whole number, found ${JSON.stringify(text)}`,
    );
  return n;
}

/** The arguments, with "-" replaced by the non-empty lines of stdin. */
async function* expandStdin(args: readonly string[]): AsyncGenerator<string> {
  for (const arg of args) {
    if (arg !== '-') {
      yield arg;
      continue;
    }
    for await (const line of createInterface({ input: process.stdin, crlfDelay: Infinity })) {
      const trimmed = line.trim();
      if (trimmed !== '') yield trimmed;
    }
  }
}
